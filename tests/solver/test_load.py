"""Training load: the weeks build from the starting point, step back, peak, taper and return after a break.

These tests read the plans as a coach would, from the weekly minutes in the
plan's `weeks` summary and from the days themselves, and hold them to the
numbers of the load rules (docs/rules.md, "Training load").
"""

import itertools
from datetime import date, timedelta
from fractions import Fraction
from functools import cache

import pytest

from models.events import Event, ReplanRequest
from models.kinds import Phase, RunKind
from models.plan import Plan, WeekSummary
from models.request import PlanRequest
from models.validation import check_plan, check_replan
from solver.errors import InfeasibleError
from solver.replan import replan
from solver.solve import plan

START = date(2027, 3, 1)  # a Monday: weeks are Monday to Sunday, race on the last Sunday


def marathon(**fields: object) -> PlanRequest:
    """The default request: a 16-week marathon, intermediate, 5 runs a week."""
    return PlanRequest.model_validate({"start_date": START.isoformat(), **fields})


@cache
def default_plan() -> Plan:
    return plan(marathon())


def volumes(result: Plan) -> dict[int, int]:
    return {w.week: w.run_minutes for w in result.weeks}


def longs(result: Plan) -> dict[int, int]:
    return {w.week: w.long_run_minutes for w in result.weeks}


def weeks_of(result: Plan, phase: Phase) -> list[WeekSummary]:
    return [w for w in result.weeks if w.phase == phase]


def test_the_summary_adds_up_the_days() -> None:
    result = default_plan()
    for summary in result.weeks:
        runs = [d.run for d in result.days if d.week == summary.week and d.run and d.run.kind != RunKind.RACE]
        assert summary.run_minutes == sum(r.minutes or 0 for r in runs)
        assert summary.long_run_minutes == max((r.minutes or 0 for r in runs if r.kind == RunKind.LONG), default=0)
        lifts = [d.strength for d in result.days if d.week == summary.week and d.strength]
        assert summary.strength_minutes == sum(s.minutes or 0 for s in lifts)


def test_default_marathon_has_the_shape_a_coach_expects() -> None:
    result = default_plan()
    assert check_plan(result.request, result.days) == []
    weeks = {w.week: w for w in result.weeks}
    building = [w for w in result.weeks if w.phase in (Phase.BASE, Phase.BUILD)]
    cap = result.load.long_run_cap_minutes if result.load else 0
    # Long runs rise week to week outside the cut-backs, until the long-run cap.
    steady = [w for w in building if not w.cutback]
    for before, after in itertools.pairwise(steady):
        assert after.long_run_minutes > before.long_run_minutes or before.long_run_minutes == cap, (before, after)
    # Every cut-back week holds less than the weeks on either side of it.
    cutbacks = [w for w in building if w.cutback]
    assert cutbacks, "a 16-week intermediate plan steps back every 4th week"
    for w in cutbacks:
        assert weeks[w.week - 1].run_minutes > w.run_minutes < weeks[w.week + 1].run_minutes
    # The longest long run comes in the last three build weeks.
    build = weeks_of(result, Phase.BUILD)
    longest = max(w.long_run_minutes for w in result.weeks)
    assert longest in [w.long_run_minutes for w in build[-3:]]
    # The taper comes down week by week, and race week holds under 40% of the peak.
    taper = weeks_of(result, Phase.TAPER)
    assert all(a.run_minutes > b.run_minutes for a, b in itertools.pairwise(taper))
    peak = max(w.run_minutes for w in building)
    race_week = weeks_of(result, Phase.RACE_WEEK)[0]
    assert race_week.run_minutes < Fraction(40, 100) * peak
    # The build starts where the athlete is (210 minutes, a 75-minute long run for an intermediate).
    assert weeks[1].run_minutes <= 231 and weeks[1].long_run_minutes <= 90


def test_every_run_is_within_its_lengths_and_the_long_run_leads_its_week() -> None:
    result = default_plan()
    for number in range(1, 16):
        runs = [d.run for d in result.days if d.week == number and d.run]
        long = [r.minutes for r in runs if r.kind == RunKind.LONG]
        others = [r.minutes for r in runs if r.kind in (RunKind.EASY, RunKind.QUALITY)]
        assert all(m is not None and m % 5 == 0 for m in long + others)
        if long:
            assert long[0] >= max(others) + 10
            assert 2 * long[0] <= sum(long + others)


def sick_week_replan(base: Plan, week: int) -> tuple[ReplanRequest, Plan]:
    """Every run of the week missed, re-planned from the next Monday."""
    first = START + timedelta(weeks=week - 1)
    days = {first + timedelta(days=i) for i in range(7)}
    events = [Event(date=d.date, session="run", status="missed") for d in base.days if d.date in days and d.run]
    request = ReplanRequest(as_of=first + timedelta(days=7), events=events)
    return request, replan(base, request)


def test_a_sick_week_is_followed_by_return_weeks() -> None:
    """R-RETURN after one week: 75% of B, then B, where B is the largest of the 4 weeks before the break."""
    base = default_plan()
    request, new = sick_week_replan(base, 9)
    assert check_replan(base, request, new.days) == []
    v = volumes(new)
    b = max(v[n] for n in range(5, 9))
    assert v[9] == 0
    assert 4 * v[10] <= 3 * b
    assert v[11] <= b
    flags = {w.week: (w.break_, w.return_) for w in new.weeks}
    assert flags[9] == (True, False) and flags[10] == (False, True) and flags[11] == (False, True)
    # The long run comes back the same way, against the longest of those weeks.
    long_b = max(longs(new)[n] for n in range(5, 9))
    assert 4 * longs(new)[10] <= 3 * long_b
    # Missed minutes are never made up: no week after the break holds more than the plan had there.
    assert all(v[n] <= volumes(base)[n] for n in range(10, 17))


def trip(first: date, days: int) -> list[str]:
    return [(first + timedelta(days=i)).isoformat() for i in range(days)]


def test_a_two_week_trip_is_followed_by_three_return_weeks() -> None:
    """R-RETURN after two weeks away (4 or more unavailable days in each): 50%, 75%, then 100% of B."""
    away = trip(START + timedelta(weeks=6, days=1), 5) + trip(START + timedelta(weeks=7, days=1), 5)
    request = marathon(unavailable_dates=away)
    result = plan(request)
    assert check_plan(request, result.days) == []
    v = volumes(result)
    b = max(v[n] for n in range(3, 7))
    assert 2 * v[9] <= b and 4 * v[10] <= 3 * b and v[11] <= b
    assert [w.week for w in result.weeks if w.break_] == [7, 8]
    assert [w.week for w in result.weeks if w.return_] == [9, 10, 11]


def test_a_low_starting_point_sits_at_the_floor_and_still_gets_a_plan() -> None:
    """Floors: a runner starting from nothing gets the smallest weeks the runs allow, not a refusal."""
    request = marathon(level="beginner", runs_per_week=4, current={"weekly_run_minutes": 0, "long_run_minutes": 0})
    result = plan(request)
    assert check_plan(request, result.days) == []
    first = result.weeks[0]
    assert first.at_floor
    # Four runs at their shortest: two easy (20), a quality run (30), and a long run 10 longer (40).
    assert first.run_minutes == 110 and first.long_run_minutes == 40


def test_the_goal_sets_the_peak() -> None:
    low, high = plan(marathon(goal_weekly_run_minutes=250)), plan(marathon(goal_weekly_run_minutes=450))
    assert max(volumes(low).values()) <= 250 < max(volumes(high).values())


@pytest.mark.parametrize(("every", "expected"), [(0, []), (3, [3, 6, 9]), (4, [4, 8])])
def test_cutback_every_picks_the_step_back_weeks(every: int, expected: list[int]) -> None:
    """Every n-th week of base and build steps back, except the last build week (week 12)."""
    result = plan(marathon(cutback_every=every))
    assert [w.week for w in result.weeks if w.cutback] == expected


def test_a_long_run_goes_only_where_the_day_has_room() -> None:
    """R-AVAIL on minutes: with 50 minutes on Sundays, the long runs move to another day that has room."""
    request = marathon(availability={"sunday": {"max_minutes": 50}, "saturday": {"max_minutes": 90}})
    result = plan(request)
    assert check_plan(request, result.days) == []
    for day in result.days:
        if day.run and day.run.kind != RunKind.RACE and day.date.strftime("%A") in ("Sunday", "Saturday"):
            budget = 50 if day.date.strftime("%A") == "Sunday" else 90
            assert (day.run.minutes or 0) + (day.strength.minutes if day.strength else 0) <= budget
    longs = [d for d in result.days if d.run and d.run.kind == RunKind.LONG]
    assert any(d.run.minutes > 90 for d in longs if d.run)  # the build still goes past every budget
    assert all(d.date.strftime("%A") not in ("Sunday", "Saturday") for d in longs if d.run and d.run.minutes > 90)


def test_a_day_budget_no_required_session_fits_is_refused() -> None:
    """25 minutes a day holds an easy run, never a quality or long run: refused, naming the budgets."""
    request = marathon(
        availability={
            day: {"max_minutes": 25}
            for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        }
    )
    with pytest.raises(InfeasibleError) as refusal:
        plan(request)
    assert any(c.rule == "R-AVAIL" and (c.input or "").startswith("availability.") for c in refusal.value.conflicts)


def test_the_plan_says_which_defaults_it_used() -> None:
    load = default_plan().load
    assert load is not None
    assert (load.weekly_run_minutes, load.long_run_minutes) == (210, 75)
    assert (load.goal_weekly_run_minutes, load.long_run_cap_minutes, load.cutback_every) == (420, 180, 4)
