"""Re-planning after missed sessions: frozen history, minimal change, warm start, diff.

The past is fixed to what happened (R-HISTORY); the rest of the cycle is solved
again under every hard rule with P-STABLE (change little, the next 48 hours
least) and P-RECOVER-KEY (make up a missed key session later the same week when
the rules allow) in the objective. The previous version is the solver's hint.
"""

import time
from dataclasses import replace
from datetime import date

from ortools.sat.python import cp_model
from pydantic import ValidationError

from models.calendar import Cycle
from models.errors import InputError
from models.events import ReplanRequest
from models.kinds import HARD_RULE_TEXT, KEY_SESSIONS, RunKind
from models.plan import DiffEntry, Plan, Slots
from models.request import PlanRequest
from solver.explain import explain
from solver.load import RUN_LIMITS
from solver.model import ReplanHistory, build, hint, solve_assuming
from solver.solve import solve
from solver.variables import Assumption, DayKinds, PlanModel

# Each changed day is explained by one small infeasibility proof, bounded in
# deterministic time (reasons are part of the plan, so they must not depend on
# machine load); past this many changed days the rest get the summary reason only.
EXPLAINED_DAYS = 14
REASON_CHECK_DETERMINISTIC_SECONDS = 0.1


def replan(previous: Plan, replan_request: ReplanRequest) -> Plan:
    """The next version of a plan, given what happened before `as_of`."""
    request, history, planned = replan_inputs(previous, replan_request)
    as_of = history.as_of
    started = time.perf_counter()
    pm = build(request, history=history)
    hint(pm, {**history.previous, **history.done})
    build_ms = (time.perf_counter() - started) * 1000
    new = solve(pm, build_ms, lambda: explain(request, history))
    explain_started = time.perf_counter()
    planned_minutes = [run_minutes_of(previous, d) for d in range(len(planned))]
    diff = diff_days(planned, planned_minutes, new, as_of)
    add_reasons(request, history, planned, diff, replan_request)
    new.solver["explain_time_ms"] = round((time.perf_counter() - explain_started) * 1000, 3)
    return new.model_copy(
        update={
            "id": previous.id,
            "version": previous.version + 1,
            "as_of": replan_request.as_of,
            "replanned_from_version": previous.version,
            "diff": diff,
        }
    )


def replan_inputs(previous: Plan, replan_request: ReplanRequest) -> tuple[PlanRequest, ReplanHistory, list[DayKinds]]:
    """What a re-plan solves: the request with the new unavailable dates, the fixed past and the
    previous version by day, and what the previous version planned on every day."""
    request = with_new_unavailable_dates(previous.request, replan_request)
    cycle = request.cycle
    if not cycle.contains(replan_request.as_of):
        raise InputError(("as_of",), f"as_of must lie within the cycle, {cycle.start} to {cycle.end}")
    as_of = cycle.index_of(replan_request.as_of)
    planned = [slots_of(previous, d) for d in range(cycle.n_days)]
    done = kinds_done(request, planned, replan_request)
    planned_minutes = [run_minutes_of(previous, d) for d in range(cycle.n_days)]
    history = ReplanHistory(
        as_of=as_of,
        done=done,
        previous={d: planned[d] for d in range(as_of, cycle.n_days)},
        minutes=minutes_done(done, planned, planned_minutes, replan_request, cycle),
        previous_minutes={d: m for d in range(as_of, cycle.n_days) if (m := planned_minutes[d]) is not None},
    )
    history = replace(history, previous_volume=no_make_up(history, planned_minutes, cycle))
    return request, history, planned


def with_new_unavailable_dates(request: PlanRequest, replan_request: ReplanRequest) -> PlanRequest:
    """The plan's request with the newly unavailable dates added (and checked like any request)."""
    data = request.model_dump()
    data["unavailable_dates"] = sorted({*request.unavailable_dates, *replan_request.unavailable_dates})
    try:
        return PlanRequest.model_validate(data)
    except ValidationError as error:
        raise InputError(("unavailable_dates",), error.errors()[0]["msg"]) from error


def slots_of(plan: Plan, d: int) -> DayKinds:
    day = plan.days[d]
    return day.kinds


def no_make_up(history: ReplanHistory, planned_minutes: list[int | None], cycle: Cycle) -> dict[int, int]:
    """The most run minutes each week may hold in the re-plan (R-RETURN, missed minutes are never made up):
    what was done before as_of, and no more than the replaced plan had from as_of on."""
    ceilings = {}
    for week in cycle.weeks:
        done = sum(history.minutes.get(d, 0) for d in week.days if d < history.as_of)
        ahead = sum(planned_minutes[d] or 0 for d in week.days if d >= history.as_of)
        ceilings[week.number] = done + ahead
    return ceilings


def run_minutes_of(plan: Plan, d: int) -> int | None:
    run = plan.days[d].run
    return None if run is None or run.kind == RunKind.RACE else run.minutes


def minutes_done(
    done: dict[int, DayKinds],
    planned: list[DayKinds],
    planned_minutes: list[int | None],
    replan_request: ReplanRequest,
    cycle: Cycle,
) -> dict[int, int]:
    """The run minutes done on each past day: as reported, else as planned; a missed run is 0 and absent.

    A run done instead of another (or on a rest day) with no minutes reported
    counts the planned run's minutes, or the shortest run of its kind.
    """
    reported = {
        cycle.index_of(e.date): e.minutes for e in replan_request.events if e.session == "run" and e.minutes is not None
    }
    minutes = {}
    for d, (run, _) in done.items():
        if run is None or run == RunKind.RACE:
            continue
        if d in reported:
            minutes[d] = reported[d]
        elif planned[d][0] is not None and planned_minutes[d] is not None:
            minutes[d] = planned_minutes[d]
        else:
            minutes[d] = RUN_LIMITS[run][0]
    return minutes  # type: ignore[return-value]


def kinds_done(request: PlanRequest, planned: list[DayKinds], replan_request: ReplanRequest) -> dict[int, DayKinds]:
    """What was really done before as_of: planned unless reported missed or changed."""
    cycle = request.cycle
    done = {d: planned[d] for d in range(cycle.index_of(replan_request.as_of))}
    for event in replan_request.events:
        if not cycle.contains(event.date):
            raise InputError(("events",), f"event on {event.date} is outside the cycle")
        d = cycle.index_of(event.date)
        run, lift = done[d]
        if event.status != "changed" and (run if event.session == "run" else lift) is None:
            raise InputError(("events",), f"no {event.session} was planned on {event.date} to be {event.status}")
        kind = None if event.status == "missed" else event.actual_kind
        if event.status == "done":
            continue
        if event.session == "run":
            done[d] = (kind, lift)  # type: ignore[assignment]
        else:
            done[d] = (run, kind)  # type: ignore[assignment]
    return done


def diff_days(planned: list[DayKinds], planned_minutes: list[int | None], new: Plan, as_of: int) -> list[DiffEntry]:
    """Every day from as_of on whose sessions, or whose run's minutes, changed."""
    entries = []
    for d in range(as_of, len(planned)):
        after = slots_of(new, d)
        if after != planned[d] or run_minutes_of(new, d) != planned_minutes[d]:
            before = planned[d]
            entries.append(
                DiffEntry(
                    date=new.days[d].date,
                    before=Slots(run=before[0], strength=before[1]),
                    after=Slots(run=after[0], strength=after[1]),
                    run_minutes_before=planned_minutes[d],
                    run_minutes_after=run_minutes_of(new, d),
                )
            )
    return entries


def add_reasons(
    request: PlanRequest,
    history: ReplanHistory,
    planned: list[DayKinds],
    diff: list[DiffEntry],
    replan_request: ReplanRequest,
) -> None:
    """Say why each day changed: the rules that forbid keeping it, or the missed session it makes up."""
    cycle = request.cycle
    new_unavailable = set(replan_request.unavailable_dates)
    missed = missed_key_sessions(replan_request, planned, cycle)
    pm = build(request, explain=True, history=history) if diff else None
    for n, entry in enumerate(diff):
        reasons: list[str] = []
        if entry.date in new_unavailable:
            reasons.append(f"R-AVAIL: {entry.date} is newly unavailable")
        week = cycle.week_of(cycle.index_of(entry.date))
        for kind, when in missed:
            if cycle.week_of(cycle.index_of(when)) == week and kind in (entry.after.run, entry.after.strength):
                reasons.append(f"P-RECOVER-KEY: makes up the {kind} missed on {when}")
        same_kinds = (entry.before.run, entry.before.strength) == (entry.after.run, entry.after.strength)
        if same_kinds and pm is not None:
            reasons.append(minutes_reason(pm, week.number, entry))
        elif not reasons and pm is not None and n < EXPLAINED_DAYS:
            reasons += forcing_rules(pm, cycle.index_of(entry.date), entry)
        reasons += moves(entry, [e for e in diff if cycle.week_of(cycle.index_of(e.date)) == week and e is not entry])
        if not reasons:
            reasons.append("P-STABLE: the smallest change that keeps every rule after the events reported")
        entry.reasons = reasons


def minutes_reason(pm: PlanModel, week: int, entry: DiffEntry) -> str:
    """Why a run kept its kind but not its length: its week's load moved."""
    change = f"the {entry.after.run} run is {entry.run_minutes_after} min instead of {entry.run_minutes_before}"
    frame = pm.load.frame
    if week in frame.returns:
        run, _ = frame.returns[week]
        return f"R-RETURN: {change}, back from the break of weeks {run.first}-{run.last}"
    return f"P-VOLUME: {change}, so the week's minutes follow the plan's load after the events reported"


def moves(entry: DiffEntry, others: list[DiffEntry]) -> list[str]:
    """Sessions that left this day for another changed day of the week, or came here from one."""
    found = []
    for slot in ("run", "strength"):
        before, after = getattr(entry.before, slot), getattr(entry.after, slot)
        if before is not None and before != after:
            to = [e.date for e in others if getattr(e.after, slot) == before and getattr(e.before, slot) != before]
            if to:
                found.append(f"the {before} moved to {to[0]}")
        if after is not None and before != after:
            came = [e.date for e in others if getattr(e.before, slot) == after and getattr(e.after, slot) != after]
            if came:
                found.append(f"the {after} moved here from {came[0]}")
    return found


def missed_key_sessions(replan_request: ReplanRequest, planned: list[DayKinds], cycle: Cycle) -> list[tuple[str, date]]:
    """Key sessions (long, quality, heavy_lower) that were planned but not done as planned."""
    missed = []
    for event in replan_request.events:
        if event.status == "done":
            continue
        run, lift = planned[cycle.index_of(event.date)]
        kind = run if event.session == "run" else lift
        if kind in KEY_SESSIONS and kind != event.actual_kind:
            missed.append((str(kind), event.date))
    return missed


def forcing_rules(pm: PlanModel, d: int, entry: DiffEntry) -> list[str]:
    """The hard rules that make keeping day d as it was impossible, if any do."""
    keep = pm.model.new_bool_var(f"keep {d}")
    before = entry.before
    kept = [pm.option(d, "run", before.run), pm.option(d, "lift", before.strength)]
    pm.model.add_bool_and(kept).only_enforce_if(keep)
    status, found = solve_assuming(pm, [*pm.guards.values(), keep], REASON_CHECK_DETERMINISTIC_SECONDS)
    if status != cp_model.INFEASIBLE:
        return []
    core: list[Assumption] = [g for g, literal in pm.guards.items() if literal.index in found]
    return [f"{g.rule}: {HARD_RULE_TEXT[g.rule]}" + (f" ({g.input})" if g.input else "") for g in core]
