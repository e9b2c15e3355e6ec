"""R-RECOVERY in the solver: the weeks after race day are easy running and low-load strength.

These read the solver's plans against the rule's own words, week by week; the
independent checker's tests break the rule by hand. Requests are 8-week cycles
from Monday 2027-03-01 with race day Sunday 2027-04-25 (`plan_reading`).
"""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from plan_reading import request

from models.events import Event, ReplanRequest
from models.kinds import COUNTED_STRENGTH, Phase, RunKind, StrengthKind
from models.plan import Day, Plan
from solver.errors import InfeasibleError
from solver.replan import replan
from solver.solve import plan

RACE_DAY = date(2027, 4, 25)
# R-RECOVERY's caps on run minutes in recovery weeks 1-4, as shares of the peak.
SHARES = (Fraction(30, 100), Fraction(50, 100), Fraction(65, 100), Fraction(80, 100))
LOW_LOAD = {StrengthKind.ISOMETRIC, StrengthKind.UPPER_CORE, StrengthKind.MOBILITY}


def run_minutes(days: list[Day]) -> int:
    return sum(day.run.minutes or 0 for day in days if day.run and day.run.kind != RunKind.RACE)


def peak(result: Plan) -> int:
    """P: the largest week of base and build."""
    weeks: dict[int, list[Day]] = {}
    for day in result.days:
        if day.phase in (Phase.BASE, Phase.BUILD):
            weeks.setdefault(day.week, []).append(day)
    return max(run_minutes(days) for days in weeks.values())


def recovery_weeks(result: Plan) -> list[list[Day]]:
    weeks: dict[int, list[Day]] = {}
    for day in result.days:
        if day.phase == Phase.RECOVERY:
            weeks.setdefault(day.week, []).append(day)
    return [weeks[n] for n in sorted(weeks)]


@pytest.mark.parametrize("weeks", [1, 2, 3, 4])
@pytest.mark.parametrize("runs_per_week", [3, 5])
def test_the_plan_runs_on_through_recovery_weeks_that_keep_the_rule(weeks: int, runs_per_week: int) -> None:
    result = plan(request(recovery_weeks=weeks, runs_per_week=runs_per_week))
    assert result.days[-1].date == RACE_DAY + timedelta(weeks=weeks)
    assert [p.name for p in result.phases][-1] == Phase.RECOVERY
    assert result.phases[-1].start_date == RACE_DAY + timedelta(days=1)
    summaries = [w for w in result.weeks if w.phase == Phase.RECOVERY]
    assert [w.week for w in summaries] == list(range(9, 9 + weeks))
    top = peak(result)
    for k, days in enumerate(recovery_weeks(result)):
        runs = [day.run for day in days if day.run]
        assert len(days) == 7
        assert all(run.kind == RunKind.EASY and (run.minutes or 0) <= 45 for run in runs)
        assert len(runs) <= max(1, runs_per_week - 1)
        assert run_minutes(days) <= SHARES[k] * top
        assert summaries[k].run_minutes == run_minutes(days)
        lifts = [day.strength.kind for day in days if day.strength]
        assert set(lifts) <= LOW_LOAD
        assert StrengthKind.MOBILITY in lifts  # R-MOBILITY-WEEKLY holds after the race too
        # The soft rules ask for easy running back near the cap and one low-load lift a week.
        assert run_minutes(days) > 0
        assert any(kind in COUNTED_STRENGTH for kind in lifts)
        assert StrengthKind.UPPER_CORE not in lifts  # among equal plans, holds win (the recovery block asks for them)
    for day in result.days[-7 * weeks :][:2]:  # the two days after the race
        assert day.run is None
        assert day.strength is None or day.strength.kind == StrengthKind.MOBILITY
    assert result.objective.terms["P-RECOVERY-LIFT"] == 0


def test_without_recovery_weeks_the_plan_ends_on_race_day() -> None:
    result = plan(request())
    assert result.days[-1].date == RACE_DAY
    assert result.days[-1].run is not None and result.days[-1].run.kind == RunKind.RACE
    assert all(day.phase != Phase.RECOVERY for day in result.days)


def test_the_recovery_caps_follow_the_peak() -> None:
    """A bigger peak lets the recovery weeks hold more, week by week, up to what their runs can carry."""
    small = plan(request(recovery_weeks=4, goal_weekly_run_minutes=200))
    big = plan(
        request(
            recovery_weeks=4, goal_weekly_run_minutes=400, current={"weekly_run_minutes": 330, "long_run_minutes": 90}
        )
    )
    assert peak(small) < peak(big)
    small_weeks = [run_minutes(days) for days in recovery_weeks(small)]
    big_weeks = [run_minutes(days) for days in recovery_weeks(big)]
    assert small_weeks == sorted(small_weeks) and big_weeks == sorted(big_weeks)
    assert small_weeks[0] < big_weeks[0]


def test_a_long_run_pinned_after_the_race_is_refused_naming_the_rule_and_the_pin() -> None:
    pinned = (RACE_DAY + timedelta(days=6)).isoformat()
    with pytest.raises(InfeasibleError) as refusal:
        plan(request(recovery_weeks=1, fixed=[{"date": pinned, "run": "long"}]))
    named = {(c.rule, c.input) for c in refusal.value.conflicts}
    assert any(rule == "R-RECOVERY" for rule, _ in named)
    assert any(input == "fixed[0]" for _, input in named)


def test_a_fixed_run_the_day_after_the_race_is_refused() -> None:
    pinned = (RACE_DAY + timedelta(days=1)).isoformat()
    with pytest.raises(InfeasibleError) as refusal:
        plan(request(recovery_weeks=1, fixed=[{"date": pinned, "run": "easy"}]))
    assert {c.rule for c in refusal.value.conflicts} >= {"R-RECOVERY"}


def test_a_replan_inside_the_recovery_weeks_keeps_the_race_and_the_rule() -> None:
    previous = plan(request(recovery_weeks=3))
    as_of = RACE_DAY + timedelta(days=10)
    missed = [
        Event(date=day.date, session="run", status="missed")
        for day in previous.days
        if RACE_DAY < day.date < as_of and day.run is not None
    ]
    assert missed, "the first recovery week holds runs to miss"
    new = replan(previous, ReplanRequest(as_of=as_of, events=missed))
    race = next(day for day in new.days if day.date == RACE_DAY)
    assert race.run is not None and race.run.kind == RunKind.RACE
    assert all(day.run is None for day in new.days if RACE_DAY < day.date < as_of)
    for days in recovery_weeks(new):
        runs = [day.run for day in days if day.run and day.date >= as_of]
        assert all(run.kind == RunKind.EASY and (run.minutes or 0) <= 45 for run in runs)


def test_as_of_past_the_last_recovery_day_is_refused() -> None:
    previous = plan(request(recovery_weeks=1))
    with pytest.raises(Exception, match="as_of must lie within the cycle"):
        replan(previous, ReplanRequest(as_of=RACE_DAY + timedelta(days=8), events=[]))
