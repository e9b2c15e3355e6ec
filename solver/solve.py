"""plan(request) -> Plan and replan(plan, events) -> Plan: build, solve, decode.

Solves are deterministic: one worker and a fixed seed on a pinned OR-tools
version, so the same request always gives the same plan.
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version

from ortools.sat.python import cp_model

from models.kinds import Phase, RunKind, StrengthKind
from models.plan import Day, Objective, PhaseSpan, Plan, StrengthSession, WeekSummary
from models.request import PlanRequest
from solver import content
from solver.balance import Run, balance_week, most_minutes
from solver.errors import InfeasibleError
from solver.explain import explain
from solver.load import RUN_LIMITS, UNIT, L, V, load_frame, long_floor
from solver.model import RANDOM_SEED, build, exact_penalties, search
from solver.objective import DEFAULT_WEIGHTS
from solver.paces import plan_paces
from solver.variables import LIFT_KINDS, RUN_KINDS, DayKinds, PlanModel

ORTOOLS_VERSION = version("ortools")


@dataclass(frozen=True)
class Decoded:
    """A solution read back: the kinds on each day and each run's minutes (None for a run without minutes)."""

    slots: list[DayKinds]
    minutes: list[int | None]


def decode(pm: PlanModel, value: Callable[[cp_model.IntVar], int]) -> Decoded:
    """The kinds chosen on each day under an assignment, and the run minutes: chosen, or done before as_of."""
    slots: list[DayKinds] = []
    minutes: list[int | None] = []
    for d in range(pm.n_days):
        run = next((k for k in RUN_KINDS if value(pm.run[d, k])), None)
        lift = next((k for k in LIFT_KINDS if value(pm.lift[d, k])), None)
        slots.append((run, lift))
        if run is None or run is RunKind.RACE:
            minutes.append(None)
        elif d < pm.as_of:
            minutes.append(pm.load.frame.done.get(d))
        else:
            units = pm.load.units.get((d, run))
            minutes.append(None if units is None else UNIT * value(units))
    return Decoded(slots, balanced(pm, slots, minutes))


def balanced(pm: PlanModel, slots: list[DayKinds], minutes: list[int | None]) -> list[int | None]:
    """The run minutes with each open week's quality/easy split settled (`solver.balance`)."""
    minutes = list(minutes)
    for week in pm.cycle.weeks:
        days = [d for d in week.days if d >= pm.as_of and slots[d][0] in (RunKind.EASY, RunKind.QUALITY)]
        longs = [minutes[d] for d in week.days if d >= pm.as_of and slots[d][0] is RunKind.LONG]
        runs = []
        for d in days:
            run, lift = slots[d]
            budget = pm.request.availability[pm.cycle.weekday_of(d)].max_minutes
            lift_minutes = content.strength_minutes(lift) if lift else 0
            most = most_minutes(budget, lift_minutes, longs[0] if longs else None)
            runs.append(Run(run, minutes[d] or 0, most))  # type: ignore[arg-type]
        for d, value in zip(days, balance_week(runs, week.phase), strict=True):
            minutes[d] = value
    return minutes


def render_days(request: PlanRequest, decoded: Decoded) -> list[Day]:
    """Days with their sessions' content: minutes, paces, reps, and exercises that progress through the phase.

    A lift's content depends only on its kind, phase, week of the phase and
    whether the week steps back (a deload), so each distinct lift is rendered
    once and shared by the days that hold it.
    """
    cycle, days = request.cycle, []
    cutbacks = load_frame(request).cutbacks
    lifts: dict[tuple[StrengthKind, Phase, int, bool, bool], StrengthSession] = {}
    for d, (run, lift) in enumerate(decoded.slots):
        week = cycle.week_of(d)
        after_run = run is not None
        key = (lift, week.phase, week.phase_week, week.number in cutbacks, after_run)
        if lift and key not in lifts:
            lifts[key] = content.strength_session(  # type: ignore[index]
                lift, week.phase, request, after_run, week_in_phase=week.phase_week, cutback=week.number in cutbacks
            )
        days.append(
            Day(
                date=cycle.date_of(d),
                week=week.number,
                phase=week.phase,
                run=content.paced_run_session(run, week.phase, request, decoded.minutes[d]) if run else None,
                strength=lifts[key] if lift else None,  # type: ignore[index]
            )
        )
    return days


def summarize_weeks(pm: PlanModel, decoded: Decoded, days: Sequence[Day]) -> list[WeekSummary]:
    """Each week's planned load beside its target, and whether a floor rather than the target decided it."""
    frame = pm.load.frame
    volumes = {n: frame.known(n, V) for n in range(-3, 1)}
    longs = {n: frame.known(n, L) for n in range(-3, 1)}
    for week in pm.cycle.weeks:
        runs = [(decoded.slots[d][0], decoded.minutes[d] or 0) for d in week.days]
        volumes[week.number] = sum(m for kind, m in runs if kind is not RunKind.RACE)
        longs[week.number] = max((m for kind, m in runs if kind is RunKind.LONG), default=0)
    summaries = []
    for week in pm.cycle.weeks:
        n = week.number
        target, target_long = frame.targets[n]
        floor = week_floor_of(pm, decoded, week.days)
        caps = [cap.limit(volumes.__getitem__) for cap in frame.caps if cap.week == n and cap.measure == V]
        at_floor = volumes[n] == floor and (floor > target or any(cap < floor for cap in caps))
        strength = sum(day.strength.minutes or 0 for day in days[week.first : week.last + 1] if day.strength)
        summaries.append(
            WeekSummary(
                week=n,
                phase=week.phase,
                cutback=n in frame.cutbacks,
                break_=n in frame.break_weeks,
                return_=n in frame.returns,
                at_floor=at_floor,
                run_minutes=volumes[n],
                long_run_minutes=longs[n],
                target_run_minutes=target,
                target_long_run_minutes=target_long,
                strength_minutes=strength,
            )
        )
    return summaries


def week_floor_of(pm: PlanModel, decoded: Decoded, days: range) -> int:
    """The fewest minutes this week's runs could add up to (as `solver.volume` floors it), for the summary."""
    week = pm.cycle.week_of(days[0])
    required = min(3, pm.request.runs_per_week) - 1 if week.phase == Phase.RACE_WEEK else pm.request.runs_per_week
    open_quality = any(decoded.slots[d][0] is RunKind.QUALITY for d in days if d >= pm.as_of)
    done, planned = [], []
    for d in days:
        run = decoded.slots[d][0]
        if run is None or run is RunKind.RACE:
            continue
        if d < pm.as_of:
            done.append(decoded.minutes[d] or 0)
        else:
            planned.append(long_floor(open_quality) if run is RunKind.LONG else RUN_LIMITS[run][0])
    return sum(done) + sum(sorted(planned)[: max(0, required - len(done))])


def objective_terms(pm: PlanModel, value: Callable[[cp_model.IntVar], int]) -> Objective:
    terms = {rule: sum(weight * value(var) for var, weight in pm.penalties.get(rule, [])) for rule in DEFAULT_WEIGHTS}
    return Objective(value=sum(terms.values()), terms=terms)


def assemble(
    pm: PlanModel, value: Callable[[cp_model.IntVar], int], status: str, solver_info: dict[str, object]
) -> Plan:
    request = pm.request
    decoded = decode(pm, value)
    days = render_days(request, decoded)
    return Plan(
        status="optimal" if status == "OPTIMAL" else "feasible",
        request=request,
        phases=[PhaseSpan(name=p, start_date=s, end_date=e) for p, s, e in request.cycle.phase_spans()],
        days=days,
        weeks=summarize_weeks(pm, decoded, days),
        load=pm.load.frame.basis,
        paces=plan_paces(request),
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
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"invalid CP-SAT model: {pm.model.validate()}")
    # Any other status without a plan: `search` has raised SolverTimeout already.
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
    value = solver.value if status == cp_model.OPTIMAL else exact_penalties(pm, solver)
    return assemble(pm, value, name, info)


def plan(request: PlanRequest) -> Plan:
    """The best plan for a request, or InfeasibleError naming the rules in conflict."""
    started = time.perf_counter()
    pm = build(request)
    build_ms = (time.perf_counter() - started) * 1000
    return solve(pm, build_ms, lambda: explain(request))
