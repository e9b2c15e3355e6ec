"""Hand-made plans for testing the views and the CLI without the solver.

The weekly pattern is plausible to read but is not checked against the rules:
these plans exercise rendering and plumbing, not coaching.
"""

from datetime import date, timedelta
from typing import Any

from models.kinds import RunKind, StrengthKind, Weekday
from models.plan import Day, DiffEntry, Objective, PhaseSpan, Plan, RunSession, Slots, StrengthSession
from models.request import PlanRequest

# weekday -> (run, strength) of the sample pattern
PATTERN: dict[Weekday, tuple[RunKind | None, StrengthKind | None]] = {
    Weekday.TUESDAY: (RunKind.QUALITY, StrengthKind.HEAVY_LOWER),
    Weekday.WEDNESDAY: (RunKind.EASY, StrengthKind.MOBILITY),
    Weekday.THURSDAY: (RunKind.EASY, StrengthKind.UPPER_CORE),
    Weekday.SATURDAY: (RunKind.EASY, None),
    Weekday.SUNDAY: (RunKind.LONG, None),
}
# The weeks after race day (R-RECOVERY): easy runs and light lifts, the 2 days after the race free.
RECOVERY_PATTERN: dict[Weekday, tuple[RunKind | None, StrengthKind | None]] = {
    Weekday.WEDNESDAY: (RunKind.EASY, StrengthKind.ISOMETRIC),
    Weekday.FRIDAY: (RunKind.EASY, StrengthKind.MOBILITY),
    Weekday.SATURDAY: (None, StrengthKind.UPPER_CORE),
    Weekday.SUNDAY: (RunKind.EASY, None),
}
DAYS_OFF_AFTER_RACE = 2


def pattern_kinds(request: PlanRequest, index: int) -> tuple[RunKind | None, StrengthKind | None]:
    """The sample pattern's kinds on a day: the race on race day, nothing on an unavailable date."""
    cycle = request.cycle
    day = cycle.date_of(index)
    if day == cycle.race:
        return RunKind.RACE, StrengthKind.MOBILITY
    if day in request.unavailable_dates:
        return None, None
    if day > cycle.race:
        if (day - cycle.race).days <= DAYS_OFF_AFTER_RACE:
            return None, None
        return RECOVERY_PATTERN.get(cycle.weekday_of(index), (None, None))
    return PATTERN.get(cycle.weekday_of(index), (None, None))


def sample_day(request: PlanRequest, index: int) -> Day:
    cycle = request.cycle
    day = cycle.date_of(index)
    week = cycle.week_of(index)
    run, strength = pattern_kinds(request, index)
    return Day(
        date=day,
        week=week.number,
        phase=week.phase,
        run=RunSession(kind=run, minutes=40) if run else None,
        strength=StrengthSession(kind=strength, minutes=30, after_run=run is not None) if strength else None,
    )


def sample_plan(**request_fields: Any) -> Plan:
    request = PlanRequest.model_validate({"start_date": "2027-03-01", **request_fields})
    cycle = request.cycle
    return Plan(
        status="optimal",
        request=request,
        phases=[PhaseSpan(name=phase, start_date=start, end_date=end) for phase, start, end in cycle.phase_spans()],
        days=[sample_day(request, index) for index in range(cycle.n_days)],
        objective=Objective(value=7, terms={"P-LONG-DAY": 0, "P-STACK-HARD": 7}),
        solver={"status": "OPTIMAL", "wall_time_ms": 12.5},
    )


def sample_replan(previous: Plan, as_of: date) -> Plan:
    """The next version of `previous`, with the Sunday long run after `as_of` moved to Saturday."""
    sunday = next(d.date for d in previous.days if d.date >= as_of and d.run and d.run.kind == RunKind.LONG)
    saturday = sunday - timedelta(days=1)
    diff = [
        DiffEntry(
            date=saturday,
            before=Slots(run=RunKind.EASY),
            after=Slots(run=RunKind.LONG),
            reasons=["the long run missed on the previous Sunday is placed again this week (P-RECOVER-KEY)"],
        ),
        DiffEntry(date=sunday, before=Slots(run=RunKind.LONG), after=Slots(), reasons=["rest after the long run"]),
    ]
    days = []
    for day in previous.days:
        if day.date == saturday:
            day = day.model_copy(update={"run": RunSession(kind=RunKind.LONG, minutes=90)})
        elif day.date == sunday:
            day = day.model_copy(update={"run": None})
        days.append(day)
    return previous.model_copy(
        update={"version": previous.version + 1, "replanned_from_version": previous.version, "days": days, "diff": diff}
    )
