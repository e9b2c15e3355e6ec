"""Building the CP-SAT model of a request, and the solver settings every solve uses."""

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.request import PlanRequest
from solver.objective import DEFAULT_WEIGHTS, SOFT_RULES, set_objective
from solver.rules import HARD_RULES
from solver.variables import LIFT_KINDS, RUN_KINDS, PlanModel, Slots, new_plan_model

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
    pm = new_plan_model(request, explain=explain)
    pm.weights = {**DEFAULT_WEIGHTS, **request.weights}
    as_of_date = None
    if history is not None:
        pm.as_of, pm.history, pm.previous = history.as_of, history.done, history.previous
        as_of_date = request.cycle.date_of(history.as_of)
    pm.disrupted = frozenset(request.cycle.disrupted_weeks(request.unavailable_dates, as_of_date))
    for add_rule in HARD_RULES.values():
        add_rule(pm)
    if not explain:
        for add_preference in SOFT_RULES.values():
            add_preference(pm)
        set_objective(pm)
    return pm


def new_solver(time_limit_seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = RANDOM_SEED
    solver.parameters.max_time_in_seconds = time_limit_seconds
    # Measured on these models (benchmarks/): without the LP relaxation and the
    # presolve rounds, single-worker solves are 2-4x faster. The constraints are
    # small cardinality rules that propagation alone handles well.
    solver.parameters.linearization_level = 0
    solver.parameters.cp_model_presolve = False
    return solver


def hint(pm: PlanModel, slots: dict[int, Slots]) -> None:
    """Warm start: suggest a known assignment (the previous version) to the search."""
    for d, (run, lift) in slots.items():
        for k in RUN_KINDS:
            pm.model.add_hint(pm.run[d, k], k == run)
        for k in LIFT_KINDS:
            pm.model.add_hint(pm.lift[d, k], k == lift)
        pm.model.add_hint(pm.no_run[d], run is None)
        pm.model.add_hint(pm.no_lift[d], lift is None)
