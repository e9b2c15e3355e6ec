"""Hypothesis strategies: valid plan requests that vary every field, and re-plan events.

The requests are realistic rather than adversarial: availability leaves room
for the weekly pattern, fixed sessions are easy runs, quality runs or light
lifts in distinct base/build weeks. Within that, every field of PlanRequest
varies, so the solver and the checker meet many shapes of calendar.
"""

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from models.kinds import WEEKDAYS, Equipment, Level, Phase, RaceDistance
from models.request import PlanRequest

weekdays = st.sampled_from(WEEKDAYS)


@st.composite
def plan_requests(draw: st.DrawFn, tight: bool = False) -> PlanRequest:
    """Valid requests; `tight` ones may leave no room for a plan (60-minute days, several limits at once)."""
    start = draw(st.dates(date(2026, 1, 1), date(2030, 12, 31)))
    data: dict[str, Any] = {"start_date": start.isoformat()}
    if draw(st.booleans()):
        weeks = draw(st.integers(8, 24))
        data["weeks"] = weeks
        n_days = 7 * weeks
    else:
        n_days = draw(st.integers(56, 168))
        data["race_date"] = (start + timedelta(days=n_days - 1)).isoformat()
    runs_per_week = draw(st.integers(3, 7))
    data |= {
        "runs_per_week": runs_per_week,
        "level": draw(st.sampled_from(Level)).value,
        "equipment": draw(st.sampled_from(Equipment)).value,
        "race_distance": draw(st.sampled_from(RaceDistance)).value,
        "long_run_day": draw(weekdays).value,
        "rest_days": [d.value for d in draw(st.lists(weekdays, max_size=3, unique=True))],
        "long_run_buffer_hours": draw(st.sampled_from([24, 48])),
        "time_limit_seconds": 10,
    }
    data["availability"] = draw(availability(runs_per_week, tight))
    race = start + timedelta(days=n_days - 1)
    recovery = draw(st.integers(0, 4))
    data["recovery_weeks"] = recovery
    unavailable = set(draw(st.lists(st.integers(0, n_days - 2), max_size=8, unique=True)))
    if recovery:  # days away after the race, too
        after = st.integers(n_days, n_days - 1 + 7 * recovery)
        unavailable |= set(draw(st.lists(after, max_size=3, unique=True)))
    if draw(st.booleans()):
        # A trip: 4 to 14 days in a row away, a break of one or two weeks (R-RETURN).
        length = draw(st.integers(4, 14))
        first = draw(st.integers(0, n_days - 2 - length))
        unavailable |= set(range(first, first + length))
    data["unavailable_dates"] = [(start + timedelta(days=i)).isoformat() for i in sorted(unavailable)]
    data |= draw(load_fields())
    if draw(st.booleans()):
        data["recent_race"] = draw(recent_races())
    request = PlanRequest.model_validate(data)
    # Commitments go with a free week, or with anything when the request may be tight:
    # a club night on top of blocked weekdays is a real way to leave no room at all.
    if tight or not data["availability"]:
        data["fixed"] = draw(fixed_sessions(request, race))
    if draw(st.booleans()):
        data["weights"] = draw(
            st.dictionaries(st.sampled_from(["P-LONG-DAY", "P-SPREAD", "P-ROUTINE"]), st.integers(0, 20))
        )
    return PlanRequest.model_validate(data)


@st.composite
def load_fields(draw: st.DrawFn) -> dict[str, Any]:
    """The training-load fields, each given or left to its default: a starting point from
    none at all to a high-mileage runner, a goal, and the cut-back setting."""
    fields: dict[str, Any] = {}
    if draw(st.booleans()):
        fields["current"] = {
            "weekly_run_minutes": draw(st.integers(0, 600)),
            "long_run_minutes": draw(st.integers(0, 180)),
        }
    if draw(st.booleans()):
        fields["goal_weekly_run_minutes"] = draw(st.integers(60, 700))
    if draw(st.booleans()):
        fields["cutback_every"] = draw(st.sampled_from([0, 3, 4]))
    return fields


# Finishing times from about VDOT 22 to 70, the range of runners who plan with paces.
RACE_SECONDS = {
    "5k": (15 * 60, 40 * 60),
    "10k": (32 * 60, 80 * 60),
    "half": (70 * 60, 180 * 60),
    "marathon": (150 * 60, 360 * 60),
}


@st.composite
def recent_races(draw: st.DrawFn) -> dict[str, str]:
    """A recent race result the paces come from."""
    distance = draw(st.sampled_from(sorted(RACE_SECONDS)))
    seconds = draw(st.integers(*RACE_SECONDS[distance]))
    hours, rest = divmod(seconds, 3600)
    return {"distance": distance, "time": f"{hours}:{rest // 60:02d}:{rest % 60:02d}"}


# Weekdays without running, at most, by runs_per_week: a build week needs three
# hard runs on days that are not next to each other, so three runs on four
# consecutive days cannot work (the solver rightly refuses such requests).
MAX_NO_RUN_DAYS = {3: 2, 4: 2, 5: 1, 6: 1, 7: 0}


@st.composite
def availability(draw: st.DrawFn, runs_per_week: int, tight: bool = False) -> dict[str, Any]:
    """Weekday access that leaves room for the weekly pattern (unless `tight`)."""
    days = list(WEEKDAYS)
    no_run = draw(
        st.lists(weekdays, max_size=7 - runs_per_week if tight else MAX_NO_RUN_DAYS[runs_per_week], unique=True)
    )
    no_lift = draw(st.lists(weekdays, max_size=3 if tight else 1, unique=True))
    # A 90-minute day still holds an easy run and a heavy lift; a 60-minute day only an easy run and mobility.
    minutes = [45, 60, 90, 120] if tight else [90, 120, 200]
    budgets = draw(st.dictionaries(weekdays, st.sampled_from(minutes), max_size=4 if tight else 2))
    access: dict[str, Any] = {}
    for day in days:
        entry: dict[str, Any] = {}
        if day in no_run:
            entry["run"] = False
        if day in no_lift:
            entry["strength"] = False
        if day in budgets:
            entry["max_minutes"] = budgets[day]
        if entry:
            access[day.value] = entry
    return access


@st.composite
def fixed_sessions(draw: st.DrawFn, request: PlanRequest, race: date) -> list[dict[str, Any]]:
    """Commitments in distinct base or build weeks, on days the athlete can use."""
    cycle = request.cycle
    weeks = [w for w in cycle.weeks if w.phase in (Phase.BASE, Phase.BUILD)]
    chosen = draw(st.lists(st.sampled_from(weeks), max_size=3, unique_by=lambda w: w.number))
    fixed = []
    for week in chosen:
        d = draw(st.sampled_from(list(week.days)))
        day = cycle.date_of(d)
        access = request.availability[cycle.weekday_of(d)]
        if access.max_minutes is not None or day in request.unavailable_dates:
            continue
        # One slot pinned a day, as clubs and gyms do: a track night, or a class.
        # A build week of three runs is two quality runs and the long run: no easy run to pin.
        easy_room = request.runs_per_week > 3 or week.phase == Phase.BASE or request.level == Level.BEGINNER
        runs = ["easy", "quality"] if easy_room else ["quality"]
        if draw(st.booleans()) and access.run:
            fixed.append({"date": day.isoformat(), "run": draw(st.sampled_from(runs))})
        elif access.strength:
            fixed.append({"date": day.isoformat(), "strength": draw(st.sampled_from(["mobility", "upper_core"]))})
    return fixed
