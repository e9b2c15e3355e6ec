"""Building the CP-SAT model of a request, and the solver settings every solve uses."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import SatParameters

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


# The first pass's budget in CP-SAT's deterministic time units (about 0.1-0.3 s
# here): machine-independent, so whether it finishes never depends on load.
FIRST_PASS_DETERMINISTIC_SECONDS = 0.12
# The whole search is budgeted in deterministic time too, this much per second
# of the request's time limit (CP-SAT does 0.25-0.6 units a wall second here,
# half that on a loaded machine), so a plan cut short is the same plan on a busy
# machine as on an idle one; the wall clock, time_limit_seconds, stays as the backstop.
DETERMINISTIC_PER_SECOND = 0.1


def new_solver(time_limit_seconds: float, presolve: bool = True) -> cp_model.CpSolver:
    """A deterministic single-worker CP-SAT solver with the settings measured best here.

    The objective is a weighted sum of penalty literals, a weighted MaxSAT
    problem, so the search is core-based: CP-SAT assumes every penalty away,
    and each conflict it proves (a core) raises the lower bound. On the 54
    solve-speed requests that proves all 54 optimal within the default limit,
    where branch-and-bound with the LP relaxation left one open after 5 s; no
    stratification by weight and no cover optimisation were a further 10-20%.
    One presolve round without probing: the full presolve and the LP relaxation
    cost more than they save on models this small.
    """
    solver = cp_model.CpSolver()
    parameters = solver.parameters
    parameters.num_workers = 1
    parameters.random_seed = RANDOM_SEED
    parameters.max_time_in_seconds = max(time_limit_seconds, 0.001)
    parameters.optimize_with_core = True
    parameters.max_sat_stratification = SatParameters.MaxSatStratificationAlgorithm.STRATIFICATION_NONE
    parameters.cover_optimization = False
    # Inprocessing (clause vivification and the like, at restarts) pays off on
    # long searches; these take a few thousand conflicts, and without it the
    # median search was 30 ms against 52 ms (54 requests, interleaved, all optimal).
    parameters.use_sat_inprocessing = False
    parameters.linearization_level = 0
    parameters.cp_model_presolve = presolve
    parameters.max_presolve_iterations = 1
    parameters.cp_model_probing_level = 0
    return solver


def search(pm: PlanModel, time_limit_seconds: float) -> tuple[cp_model.CpSolver, int]:
    """Solve in two passes: a first one without presolve, then, if that has not
    proven optimality, one with presolve from the best plan found.

    Presolve costs 20-40 ms here whatever the request, about as much as the
    search itself: skipping it proves most requests optimal sooner (median
    search 47-67 ms against 68-85 ms with presolve, measured interleaved). The
    few it does not prove within the first budget get presolve's stronger model.
    """
    started = time.perf_counter()
    budget = time_limit_seconds * DETERMINISTIC_PER_SECOND
    first = new_solver(time_limit_seconds, presolve=False)
    first.parameters.max_deterministic_time = min(FIRST_PASS_DETERMINISTIC_SECONDS, budget)
    status = first.solve(pm.model)
    left = time_limit_seconds - (time.perf_counter() - started)
    budget -= first.deterministic_time
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID) or left <= 0 or budget <= 0:
        return first, status
    if status == cp_model.FEASIBLE:
        pm.model.clear_hints()
        for index in range(len(pm.model.proto.variables)):
            var = pm.model.get_int_var_from_proto_index(index)
            pm.model.add_hint(var, first.value(var))
    second = new_solver(left)
    second.parameters.max_deterministic_time = budget
    return second, second.solve(pm.model)


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
        # The chosen options alone: each slot's exactly-one constraint implies the
        # rest, and hinting every option cost as much as the search saved.
        chosen = [pm.no_run[d] if run is None else pm.run[d, run]]
        chosen.append(pm.no_lift[d] if lift is None else pm.lift[d, lift])
        for literal in chosen:
            if pm.constant(literal) is None:
                pm.model.add_hint(literal, True)
