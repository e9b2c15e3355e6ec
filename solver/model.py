"""Building the CP-SAT model of a request, and the solver settings every solve uses."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.request import PlanRequest
from solver.domain import Domain
from solver.objective import DEFAULT_WEIGHTS, SOFT_RULES, set_objective
from solver.rules import HARD_RULES
from solver.variables import PlanModel, Slots, new_plan_model

# One worker and a fixed seed: the same request gives the same plan on one OR-tools version.
RANDOM_SEED = 20261121


@dataclass(frozen=True)
class History:
    """A re-plan's fixed past and the plan it replaces, by day index."""

    as_of: int
    done: dict[int, Slots] = field(default_factory=dict)
    previous: dict[int, Slots] = field(default_factory=dict)


def build(request: PlanRequest, *, explain: bool = False, history: History | None = None) -> PlanModel:
    """The CP-SAT model of a request: every hard rule, and (unless explaining) the soft ones."""
    as_of_date = None if history is None else request.cycle.date_of(history.as_of)
    history = history or History(as_of=0)
    domain = Domain(request, request.cycle, history.as_of, history.done)
    for rule in HARD_RULES.values():
        if rule.bans is not None:
            rule.bans(domain)
    pm = new_plan_model(request, domain, explain=explain)
    pm.weights = {**DEFAULT_WEIGHTS, **request.weights}
    pm.as_of, pm.history, pm.previous = history.as_of, history.done, history.previous
    pm.disrupted = frozenset(request.cycle.disrupted_weeks(request.unavailable_dates, as_of_date))
    for rule in HARD_RULES.values():
        if rule.add is not None:
            rule.add(pm)
    if not explain:
        for add_preference in SOFT_RULES.values():
            add_preference(pm)
        set_objective(pm)
    return pm


# The quick pass's budget in CP-SAT's deterministic time units (about 0.1-0.2 s
# here): machine-independent, so whether it finishes never depends on load.
QUICK_DETERMINISTIC_SECONDS = 0.1
# The whole search is budgeted in deterministic time too, this much per second
# of the request's time limit (CP-SAT does 0.25-0.6 units a wall second here,
# half that on a loaded machine), so
# a plan cut short is the same plan on a busy machine as on an idle one; the wall
# clock, time_limit_seconds, stays as the backstop.
DETERMINISTIC_PER_SECOND = 0.1


def new_solver(time_limit_seconds: float, linearization_level: int = 0) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = RANDOM_SEED
    solver.parameters.max_time_in_seconds = max(time_limit_seconds, 0.001)
    # Measured on the benchmark scenarios (72 requests): one presolve round
    # without probing proves 69 of them optimal by propagation alone, most in
    # 50-200 ms; the full presolve and the LP relaxation cost more than they save.
    solver.parameters.linearization_level = linearization_level
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.cp_model_probing_level = 0
    return solver


def search(pm: PlanModel, time_limit_seconds: float) -> tuple[cp_model.CpSolver, int]:
    """Solve in two passes: a quick one by propagation alone, then, if that has
    not proven optimality, one with the full LP relaxation from the best plan found.

    Most requests are proven optimal in the quick pass (median 50-150 ms). The
    rest, typically with unavoidable costs spread over many weeks (a preferred
    long-run day that the calendar rules out), need the LP bound to prove them.
    """
    started = time.perf_counter()
    budget = time_limit_seconds * DETERMINISTIC_PER_SECOND
    quick = new_solver(time_limit_seconds)
    quick.parameters.max_deterministic_time = min(QUICK_DETERMINISTIC_SECONDS, budget)
    status = quick.solve(pm.model)
    left = time_limit_seconds - (time.perf_counter() - started)
    budget -= quick.deterministic_time
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID) or left <= 0 or budget <= 0:
        return quick, status
    if status == cp_model.FEASIBLE:
        pm.model.clear_hints()
        for index in range(len(pm.model.proto.variables)):
            var = pm.model.get_int_var_from_proto_index(index)
            pm.model.add_hint(var, quick.value(var))
    deep = new_solver(left, linearization_level=2)
    deep.parameters.max_deterministic_time = budget
    return deep, deep.solve(pm.model)


def settle(pm: PlanModel, solver: cp_model.CpSolver) -> Callable[[cp_model.IntVar], int]:
    """Values of a plan the time limit cut short, with every penalty at its least.

    A penalty literal is only forced up by a miss; in a solution that is not
    optimal one may still be up without a miss. Fixing the chosen sessions and
    solving again (pure propagation) books exactly the misses the plan has.
    """
    decisions = [*pm.run.values(), *pm.lift.values(), *pm.no_run, *pm.no_lift]
    for var in (literal for literal in decisions if pm.constant(literal) is None):
        pm.model.add(var == solver.value(var))
    pm.model.clear_hints()
    exact = new_solver(10)
    exact.parameters.max_deterministic_time = 1.0
    if exact.solve(pm.model) == cp_model.OPTIMAL:
        return exact.value
    return solver.value


def hint(pm: PlanModel, slots: dict[int, Slots]) -> None:
    """Warm start: suggest a known assignment (the previous version) to the search."""
    for d, (run, lift) in slots.items():
        for slot, chosen in (("run", run), ("lift", lift)):
            for option, literal in pm.options(d, slot):
                if pm.constant(literal) is None:
                    pm.model.add_hint(literal, option == chosen)
