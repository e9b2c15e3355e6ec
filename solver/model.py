"""Building the CP-SAT model of a request, and the solver settings every solve uses."""

import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import SatParameters

from models.kinds import RunKind
from models.request import PlanRequest
from solver.domain import Domain
from solver.errors import SolverTimeout
from solver.load import LoadFrame, load_frame
from solver.objective import DEFAULT_WEIGHTS, SOFT_RULES, set_objective
from solver.rules import HARD_RULES
from solver.variables import DayKinds, Lit, PlanModel, new_plan_model
from solver.volume import new_load_model

# One worker and a fixed seed: the same request gives the same plan on one OR-tools version.
RANDOM_SEED = 20261121


@dataclass(frozen=True)
class ReplanHistory:
    """A re-plan's fixed past and the plan it replaces, by day index.

    `minutes` holds the run minutes done on each past day with a run (the race
    aside); `previous_minutes` the run minutes the replaced plan had from as_of on.
    """

    as_of: int
    done: dict[int, DayKinds] = field(default_factory=dict)
    previous: dict[int, DayKinds] = field(default_factory=dict)
    minutes: dict[int, int] = field(default_factory=dict)
    previous_minutes: dict[int, int] = field(default_factory=dict)
    # The most run minutes each week may hold in a re-plan: missed minutes are never made up (R-RETURN).
    previous_volume: dict[int, int] = field(default_factory=dict)


def load_frame_of(request: PlanRequest, history: ReplanHistory) -> LoadFrame:
    """What is known of a request's minutes before the solve, with the past as it was done."""
    long_days = {d: m for d, m in history.minutes.items() if history.done.get(d, (None, None))[0] == RunKind.LONG}
    return load_frame(request, history.as_of, history.minutes, long_days, history.previous_volume)


def build(request: PlanRequest, *, explain: bool = False, history: ReplanHistory | None = None) -> PlanModel:
    """The CP-SAT model of a request: every hard rule, and (unless explaining) the soft ones."""
    as_of_date = None if history is None else request.cycle.date_of(history.as_of)
    history = history or ReplanHistory(as_of=0)
    domain = Domain(request, request.cycle, history.as_of, history.done)
    for rule in HARD_RULES.values():
        if rule.bans is not None:
            rule.bans(domain)
    pm = new_plan_model(request, domain, explain=explain)
    pm.weights = {**DEFAULT_WEIGHTS, **request.weights}
    pm.as_of, pm.history, pm.previous = history.as_of, history.done, history.previous
    pm.previous_minutes = history.previous_minutes
    pm.disrupted = frozenset(request.cycle.disrupted_weeks(request.unavailable_dates, as_of_date))
    pm.load = new_load_model(pm, load_frame_of(request, history))
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
# Training load made the hardest requests (tight day budgets) need about 0.5-0.8
# units: 0.25 proves 53 of the 54 solve-speed requests optimal, 0.2 and 0.15 only 52.
# It asks 0.25 units a wall second of CP-SAT, which an idle machine here gives
# twice over; a machine loaded beyond that hits the wall-clock ceiling first.
DETERMINISTIC_PER_SECOND = 0.25
# When the core passes end without a plan, this share of what is left goes to finding any plan.
ANY_PLAN_SHARE = 0.5
# The share of the budget the two core-based passes may use; the rest is kept
# for branch and bound in case they end without any plan.
CORE_SHARE = 0.8
# For tuning: CP-SAT parameters that override the settings below, as
# `key:value,key:value` (SatParameters field names, e.g.
# `use_sat_inprocessing:true,linearization_level:1`). Unset in production.
PARAMS_VARIABLE = "RUNLIFT_CPSAT_PARAMS"


@cache
def parameter_overrides(text: str) -> SatParameters:
    """The SatParameters a `key:value,key:value` text sets; ValueError naming the item it cannot set."""
    overrides = SatParameters()
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, colon, value = item.partition(":")
        if not colon or not overrides.merge_text_format(f"{key.strip()}: {value.strip()}"):
            raise ValueError(f"{PARAMS_VARIABLE}: cannot set {item!r} (key:value, key a CP-SAT SatParameters field)")
    return overrides


def new_solver(time_limit_seconds: float, presolve: bool = True, cores: bool = True) -> cp_model.CpSolver:
    """A deterministic single-worker CP-SAT solver with the settings measured best here.

    The objective is a weighted sum of penalty literals, a weighted MaxSAT
    problem, so the search is core-based: CP-SAT assumes every penalty away,
    and each conflict it proves (a core) raises the lower bound. On the 54
    solve-speed requests that proves all 54 optimal within the default limit,
    where branch-and-bound with the LP relaxation left one open after 5 s; no
    stratification by weight and no cover optimisation were a further 10-20%.
    One presolve round without probing: the full presolve and the LP relaxation
    cost more than they save on models this small. `python -m benchmarks.tune`
    measures these choices again.

    `time_limit_seconds` is the wall-clock ceiling of this one solve. The
    environment variable RUNLIFT_CPSAT_PARAMS, when set, overrides any of the
    settings here but that ceiling (and the search sets each pass's
    deterministic budget on top).
    """
    solver = cp_model.CpSolver()
    parameters = solver.parameters
    parameters.num_workers = 1
    parameters.random_seed = RANDOM_SEED
    parameters.optimize_with_core = cores
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
    if overrides := os.environ.get(PARAMS_VARIABLE, "").strip():
        parameters.merge_from(parameter_overrides(overrides))
    # Set last: the wall-clock ceiling is the caller's promise, not a tuning knob.
    parameters.max_time_in_seconds = max(time_limit_seconds, 0.001)
    return solver


def search(pm: PlanModel, time_limit_seconds: float) -> tuple[cp_model.CpSolver, int]:
    """Solve in up to three passes: core-based without presolve, then core-based
    with presolve from the best plan found, then, only if neither has found any
    plan, branch and bound for a plan within what is left of the budget.

    `time_limit_seconds` is a wall-clock ceiling: no pass runs past it. Inside
    it the search is budgeted in CP-SAT's deterministic time,
    DETERMINISTIC_PER_SECOND units for each second of the limit, so a search cut
    short stops at the same point, with the same plan, on a busy machine as on
    an idle one. Here the budget runs out after a quarter to two thirds of the
    limit; only on a machine loaded far beyond that does the ceiling cut first.
    SolverTimeout, when no plan is found, says which of the two stopped it.

    Presolve costs 20-40 ms here whatever the request, about as much as the
    search itself: skipping it proves most requests optimal sooner (median
    search 47-67 ms against 68-85 ms with presolve, measured interleaved). The
    few it does not prove within the first budget get presolve's stronger model.
    A core-based search usually finds its first plan only when it proves it
    optimal, so a budget that runs out can leave it with none; branch and bound
    finds a plan quickly, which is what a short `time_limit_seconds` asks for.
    """
    started = time.perf_counter()
    total = budget = time_limit_seconds * DETERMINISTIC_PER_SECOND
    # A budget too small for the first pass is too small to prove much: it all
    # goes to branch and bound, which at least finds a plan.
    reserve = budget if budget < FIRST_PASS_DETERMINISTIC_SECONDS else budget * (1 - CORE_SHARE)
    solver: cp_model.CpSolver | None = None
    status = cp_model.UNKNOWN
    for presolve, cap in ((False, FIRST_PASS_DETERMINISTIC_SECONDS), (True, math.inf)):
        if budget <= reserve:
            break
        solver = new_solver(time_limit_seconds - (time.perf_counter() - started), presolve=presolve)
        solver.parameters.max_deterministic_time = min(cap, budget - reserve)
        status = solver.solve(pm.model)
        budget -= solver.deterministic_time
        if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            return solver, status
        if status == cp_model.FEASIBLE:
            hint_assignment(pm, solver)
    left = time_limit_seconds - (time.perf_counter() - started)
    if solver is None or (status != cp_model.FEASIBLE and left > 0 and budget > 0):
        solver, status, used = any_plan_then_better(pm, left, budget)
        budget -= used
    if status == cp_model.UNKNOWN:
        raise SolverTimeout(time_limit_seconds, total, total - budget, time.perf_counter() - started)
    return solver, status


def any_plan_then_better(pm: PlanModel, seconds: float, budget: float) -> tuple[cp_model.CpSolver, int, float]:
    """A plan first, by a search for any plan at all (no objective: the load's
    minutes make the weighted one far harder to satisfy), then branch and bound
    from it for what is left. The answer is FEASIBLE, never proven optimal.
    """
    started = time.perf_counter()
    pm.model.clear_objective()
    first = new_solver(seconds, cores=False)
    first.parameters.max_deterministic_time = max(budget * ANY_PLAN_SHARE, 0.001)
    status = first.solve(pm.model)
    pm.model.minimize(pm.objective)
    used = first.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return first, status, used
    hint_assignment(pm, first)
    better = new_solver(seconds - (time.perf_counter() - started), cores=False)
    better.parameters.max_deterministic_time = max(budget - used, 0.001)
    improved = better.solve(pm.model)
    used += better.deterministic_time
    if improved in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return better, improved, used
    return first, cp_model.FEASIBLE, used


# A proof under assumptions is bounded by its deterministic budget; this wall-clock ceiling is only a backstop.
ASSUMPTION_WALL_SECONDS = 30.0


def solve_assuming(pm: PlanModel, literals: Sequence[Lit], deterministic_seconds: float) -> tuple[int, set[int]]:
    """Solve with these literals assumed true: the status and, when that is INFEASIBLE, the indices
    of a subset of the literals that is infeasible on its own (CP-SAT's sufficient assumptions).

    Explanations, diff reasons and the tests all ask "is this possible under these rules?"
    this way; the assumptions are cleared again afterwards.
    """
    pm.model.clear_assumptions()
    pm.model.add_assumptions(literals)
    solver = new_solver(ASSUMPTION_WALL_SECONDS)
    solver.parameters.max_deterministic_time = deterministic_seconds
    status = solver.solve(pm.model)
    core = set(solver.sufficient_assumptions_for_infeasibility()) if status == cp_model.INFEASIBLE else set()
    pm.model.clear_assumptions()
    return status, core


def hint_assignment(pm: PlanModel, solver: cp_model.CpSolver) -> None:
    """Hint every variable with its value in the solver's best solution."""
    pm.model.clear_hints()
    for index in range(len(pm.model.proto.variables)):
        var = pm.model.get_int_var_from_proto_index(index)
        pm.model.add_hint(var, solver.value(var))


def exact_penalties(pm: PlanModel, solver: cp_model.CpSolver) -> Callable[[cp_model.IntVar], int]:
    """Values of a plan the time limit cut short, with every penalty at its least.

    A penalty literal is only forced up by a miss; in a solution that is not
    optimal one may still be up without a miss. Fixing the chosen sessions and
    their minutes and solving again (pure propagation) books exactly the misses
    the plan has.
    """
    decisions = [*pm.run.values(), *pm.lift.values(), *pm.no_run, *pm.no_lift]
    for var in (literal for literal in decisions if pm.constant(literal) is None):
        pm.model.add(var == solver.value(var))
    for units in pm.load.units.values():
        pm.model.add(units == solver.value(units))
    pm.model.clear_hints()
    exact = new_solver(10)
    exact.parameters.max_deterministic_time = 1.0
    if exact.solve(pm.model) == cp_model.OPTIMAL:
        return exact.value
    return solver.value


def hint(pm: PlanModel, slots: dict[int, DayKinds]) -> None:
    """Warm start: suggest a known assignment (the previous version) to the search."""
    for d, (run, lift) in slots.items():
        # The chosen options alone: each slot's exactly-one constraint implies the
        # rest, and hinting every option cost as much as the search saved.
        for literal in (pm.option(d, "run", run), pm.option(d, "lift", lift)):
            if pm.constant(literal) is None:
                pm.model.add_hint(literal, True)
