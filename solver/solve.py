"""plan(request) -> Plan and replan(plan, events) -> Plan: build, solve, decode.

Solves are deterministic: one worker and a fixed seed on a pinned OR-tools
version, so the same request always gives the same plan.
"""

import time
from collections.abc import Callable, Sequence
from importlib.metadata import version

from ortools.sat.python import cp_model

from models.kinds import Phase, RunKind, StrengthKind
from models.plan import Day, Objective, PhaseSpan, Plan, RunSession, StrengthSession
from models.request import PlanRequest
from solver import content
from solver.errors import InfeasibleError, SolverTimeout
from solver.explain import explain
from solver.model import RANDOM_SEED, build, search, settle
from solver.objective import DEFAULT_WEIGHTS
from solver.variables import LIFT_KINDS, RUN_KINDS, PlanModel, Slots

ORTOOLS_VERSION = version("ortools")


def decode(pm: PlanModel, value: Callable[[cp_model.IntVar], int]) -> list[Slots]:
    """The kinds chosen on each day under an assignment."""
    slots: list[Slots] = []
    for d in range(pm.n_days):
        run = next((k for k in RUN_KINDS if value(pm.run[d, k])), None)
        lift = next((k for k in LIFT_KINDS if value(pm.lift[d, k])), None)
        slots.append((run, lift))
    return slots


def render_days(request: PlanRequest, slots: Sequence[Slots]) -> list[Day]:
    """Days with their sessions' content (minutes, descriptions, exercises).

    Content depends only on kind and phase (and the request), so each distinct
    session is rendered once and shared by the days that hold it.
    """
    cycle, days = request.cycle, []
    runs: dict[tuple[RunKind, Phase], RunSession] = {}
    lifts: dict[tuple[StrengthKind, Phase, bool], StrengthSession] = {}
    for d, (run, lift) in enumerate(slots):
        week = cycle.week_of(d)
        if run and (run, week.phase) not in runs:
            runs[run, week.phase] = content.run_session(run, week.phase, request)
        after_run = run is not None
        if lift and (lift, week.phase, after_run) not in lifts:
            lifts[lift, week.phase, after_run] = content.strength_session(lift, week.phase, request, after_run)
        days.append(
            Day(
                date=cycle.date_of(d),
                week=week.number,
                phase=week.phase,
                run=runs[run, week.phase] if run else None,
                strength=lifts[lift, week.phase, after_run] if lift else None,
            )
        )
    return days


def objective_terms(pm: PlanModel, value: Callable[[cp_model.IntVar], int]) -> Objective:
    terms = {rule: sum(weight * value(var) for var, weight in pm.penalties.get(rule, [])) for rule in DEFAULT_WEIGHTS}
    return Objective(value=sum(terms.values()), terms=terms)


def assemble(
    pm: PlanModel, value: Callable[[cp_model.IntVar], int], status: str, solver_info: dict[str, object]
) -> Plan:
    request = pm.request
    return Plan(
        status="optimal" if status == "OPTIMAL" else "feasible",
        request=request,
        phases=[PhaseSpan(name=p, start_date=s, end_date=e) for p, s, e in request.cycle.phase_spans()],
        days=render_days(request, decode(pm, value)),
        objective=objective_terms(pm, value),
        solver=solver_info,
    )


def solve(pm: PlanModel, build_ms: float, explain_on_failure: Callable[[], InfeasibleError]) -> Plan:
    """Solve a built model; refuse with the conflicting rules, or time out."""
    limit = pm.request.time_limit_seconds
    started = time.perf_counter()
    solver, status = search(pm, limit)
    wall_ms = (time.perf_counter() - started) * 1000
    name = solver.status_name(status)
    if status == cp_model.INFEASIBLE:
        raise explain_on_failure()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"invalid CP-SAT model: {pm.model.validate()}")
        raise SolverTimeout(limit)
    info: dict[str, object] = {
        "status": name,
        "engine": "cp-sat",
        "wall_time_ms": round(wall_ms, 3),
        "build_time_ms": round(build_ms, 3),
        "objective_bound": int(solver.best_objective_bound) // pm.objective_scale,
        "branches": solver.num_branches,
        "conflicts": solver.num_conflicts,
        "num_workers": 1,
        "random_seed": RANDOM_SEED,
        "ortools": ORTOOLS_VERSION,
    }
    value = solver.value if status == cp_model.OPTIMAL else settle(pm, solver)
    return assemble(pm, value, name, info)


def plan(request: PlanRequest) -> Plan:
    """The best plan for a request, or InfeasibleError naming the rules in conflict."""
    started = time.perf_counter()
    pm = build(request)
    build_ms = (time.perf_counter() - started) * 1000
    return solve(pm, build_ms, lambda: explain(request))
