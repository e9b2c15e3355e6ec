"""Each hard rule bites: a request that sets a trap for the rule, and a plan that does not fall in.

One table, one row per hard rule id (R-HISTORY is the re-plan tests' business).
A plan-level row solves a request whose fixed sessions or availability invite a
break of the rule, then shows three things: the independent checker finds no
violation at all in the plan; the plan has the concrete shape the rule forces;
and the plan a naive planner would make there (the solver's plan with the one
tempting edit) is flagged by the checker under that very rule, so the trap was real.

Two rules cannot be trapped in a plan, because other rules already forbid
everything they forbid in any plan the rest allows. For those, the row works on
the model: every other rule's guard is assumed except the overlapping rule's, a
pinned session breaks the rule under test, and the model is infeasible with the
rule in the minimal core, and feasible once its own guard is dropped too.

All requests are 8-week cycles from Monday 2027-03-01 (see `plan_reading`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from plan_reading import (
    KEEP,
    broken_rules,
    count,
    dates_of,
    edited,
    kinds,
    on,
    request,
    satisfiable,
    swapped_runs,
    week_days,
)

from models.kinds import COUNTED_STRENGTH, HARD_LIFTS, LEG_LOADING, RunKind, StrengthKind
from models.plan import Day, Plan
from models.validation import check_plan
from solver.explain import is_infeasible, minimal_core
from solver.model import build
from solver.rules import HARD_RULES
from solver.solve import plan

EASY, QUALITY, LONG, RACE = RunKind.EASY, RunKind.QUALITY, RunKind.LONG, RunKind.RACE
HEAVY, POWER, FULL_BODY = StrengthKind.HEAVY_LOWER, StrengthKind.POWER, StrengthKind.FULL_BODY
UPPER, ISOMETRIC, MOBILITY = StrengthKind.UPPER_CORE, StrengthKind.ISOMETRIC, StrengthKind.MOBILITY
NO_STRENGTH = {"strength": False}
NORMAL_WEEKS = range(1, 8)  # every week before race week


@dataclass(frozen=True)
class PlanTrap:
    """A request that tempts a plan to break the rule; `shaped` asserts what the rule made the plan do;
    `naive` gives the days a planner ignoring the rule would choose."""

    fields: dict[str, Any]
    shaped: Callable[[Plan], None]
    naive: Callable[[Plan], list[Day]]

    def prove(self, rule: str) -> None:
        plan_request = request(**self.fields)
        result = plan(plan_request)
        assert check_plan(plan_request, result.days) == []
        self.shaped(result)
        assert rule in broken_rules(plan_request, self.naive(result))


@dataclass(frozen=True)
class ModelTrap:
    """A pinned session that only the rule under test and `overlapping` forbid.

    `allowed` changes the request so that the rule under test no longer objects
    to the pin: the same assumptions then admit a model.
    """

    fields: dict[str, Any]
    overlapping: str
    allowed: dict[str, Any] = field(default_factory=dict)

    def prove(self, rule: str) -> None:
        pm = build(request(**self.fields), explain=True)
        assumed = [g for g in pm.guards if g.rule != self.overlapping]
        infeasible, _ = is_infeasible(pm, assumed)
        assert infeasible, f"the pin should break {rule}"
        assert rule in {g.rule for g in minimal_core(pm, assumed)}
        assert satisfiable(pm, [g for g in assumed if g.rule != rule]), f"only {rule} should object"
        # In a plan the overlapping rule alone already forbids the pin: no plan-level trap exists.
        assert is_infeasible(pm, [g for g in pm.guards if g.rule != rule])[0]
        relaxed = build(request(**{**self.fields, **self.allowed}), explain=True)
        assert satisfiable(relaxed, [g for g in relaxed.guards if g.rule != self.overlapping])


def long_day(days: list[Day]) -> str:
    (day,) = dates_of(days, LONG)
    return day


def quality_day(days: list[Day]) -> str:
    (day,) = dates_of(days, QUALITY)
    return day


# -- R-ONE-PER-DAY ------------------------------------------------------------------


def lifts_follow_runs(result: Plan) -> None:
    """Seven runs a week leave no day without a run, so every lift (a counted one and the weekly mobility at
    least) shares its day with a run and says it comes after it ("Run hard first. Lift after.")."""
    for number in NORMAL_WEEKS:
        days = week_days(result, number)
        assert all(day.run is not None for day in days)
        lifts = [day for day in days if day.strength is not None]
        assert len(lifts) >= 2
        assert all(day.strength.after_run for day in lifts)


def lifts_before_runs(result: Plan) -> list[Day]:
    shared = [day for day in result.days if day.run and day.strength]
    return [
        day.model_copy(update={"strength": day.strength.model_copy(update={"after_run": False})})
        if day in shared
        else day
        for day in result.days
    ]


# -- R-AVAIL -----------------------------------------------------------------------------

AVAIL_FIELDS: dict[str, Any] = {
    "availability": {"sunday": {"run": False}, "saturday": NO_STRENGTH, "tuesday": {"max_minutes": 45}},
    "unavailable_dates": ["2027-03-17"],
}


def calendar_kept(result: Plan) -> None:
    """Sunday is the preferred long-run day but has no running: no Sunday run except the race."""
    for day in result.days:
        weekday = day.date.strftime("%A")
        if weekday == "Sunday" and day.date.isoformat() != "2027-04-25":
            assert day.run is None
        if weekday == "Saturday":
            assert day.strength is None
        if weekday == "Tuesday":
            assert (day.run.minutes if day.run else 0) + (day.strength.minutes if day.strength else 0) <= 45
    assert on(result, "2027-03-17") == (None, None)
    assert on(result, "2027-04-25")[0] == RACE


def long_runs_on_sundays(result: Plan) -> list[Day]:
    days = result.days
    for number in NORMAL_WEEKS:
        week = week_days(result, number)
        days = swapped_runs(days, long_day(week), week[-1].date.isoformat())
    return days


# -- R-RACE --------------------------------------------------------------------------------

WEDNESDAY_RACE = {"start_date": "2027-03-04"}  # 8 weeks from a Thursday: race day Wednesday 2027-04-28


def race_on_wednesday(result: Plan) -> None:
    assert dates_of(result.days, RACE) == ["2027-04-28"]
    assert on(result, "2027-04-28")[1] in (None, MOBILITY)
    assert on(result, "2027-04-25")[0] not in (LONG, RACE)  # the long-run Sunday of race week


def race_on_sunday(result: Plan) -> list[Day]:
    return swapped_runs(result.days, "2027-04-28", "2027-04-25")


# -- R-LONG-WEEKLY ----------------------------------------------------------------------------


def one_long_run_a_week(result: Plan) -> None:
    """A fixed Saturday long run in week 2 is that week's only one: Sunday stays short."""
    for number in NORMAL_WEEKS:
        assert count(week_days(result, number), LONG) == 1
    assert count(week_days(result, 8), LONG) == 0
    assert on(result, "2027-03-13")[0] == LONG
    assert on(result, "2027-03-14")[0] != LONG


def second_long_on_sunday(result: Plan) -> list[Day]:
    return edited(result.days, {"2027-03-14": (LONG, KEEP)})


# -- R-RUNS-PER-WEEK -----------------------------------------------------------------------------


def four_running_days(result: Plan) -> None:
    """Two fixed easy runs in week 2 leave room for only its long and quality runs."""
    for number in NORMAL_WEEKS:
        assert sum(day.run is not None for day in week_days(result, number)) == 4
    assert sum(day.run is not None for day in week_days(result, 8)) <= 4
    week = week_days(result, 2)
    runs = {day.date.isoformat() for day in week if day.run}
    assert runs == {"2027-03-09", "2027-03-10", long_day(week), quality_day(week)}


def fifth_run(result: Plan) -> list[Day]:
    rest = next(day for day in week_days(result, 2) if day.run is None)
    return edited(result.days, {rest.date.isoformat(): (EASY, KEEP)})


# -- R-QUALITY-FREQ ---------------------------------------------------------------------------------


def quality_by_phase(result: Plan) -> None:
    """Base 1, build 2, taper 1, race week 0; the fixed Tuesday is week 2's only quality run."""
    assert [count(week_days(result, n), QUALITY) for n in range(1, 9)] == [1, 1, 1, 2, 2, 1, 1, 0]
    assert dates_of(week_days(result, 2), QUALITY) == ["2027-03-09"]


def thursday_quality_too(result: Plan) -> list[Day]:
    return edited(result.days, {"2027-03-11": (QUALITY, KEEP)})


# -- R-HARD-EASY ------------------------------------------------------------------------------------

SATURDAY_QUALITY = ["2027-03-06", "2027-03-13", "2027-03-20"]


def long_runs_leave_sundays(result: Plan) -> None:
    """A fixed Saturday quality run pushes the long run off the Sunday after it."""
    for saturday, sunday in zip(SATURDAY_QUALITY, ["2027-03-07", "2027-03-14", "2027-03-21"], strict=True):
        assert on(result, saturday)[0] == QUALITY
        run, lift = on(result, sunday)
        assert run not in (QUALITY, LONG) and lift not in HARD_LIFTS
    for number in (1, 2, 3):
        assert count(week_days(result, number), LONG) == 1


def long_runs_after_saturday_quality(result: Plan) -> list[Day]:
    days = result.days
    for number in (1, 2, 3):
        week = week_days(result, number)
        days = swapped_runs(days, long_day(week), week[-1].date.isoformat())
    return days


# -- R-48H-LONG ---------------------------------------------------------------------------------------

FRIDAY_HEAVY = {"fixed": [{"date": "2027-03-12", "run": "easy", "strength": "heavy_lower"}]}


def long_run_waits_48_hours(result: Plan) -> None:
    """A fixed Friday heavy_lower keeps week 2's long run off Saturday and Sunday; with a 24 h buffer
    the same long run stays on its Sunday."""
    assert on(result, "2027-03-13")[0] != LONG
    assert on(result, "2027-03-14")[0] != LONG
    lenient_request = request(**FRIDAY_HEAVY, long_run_buffer_hours=24)
    lenient = plan(lenient_request)
    assert check_plan(lenient_request, lenient.days) == []
    assert on(lenient, "2027-03-14")[0] == LONG


def long_run_back_on_sunday(result: Plan) -> list[Day]:
    return swapped_runs(result.days, long_day(week_days(result, 2)), "2027-03-14")


# -- R-DAY-BEFORE-QUALITY -------------------------------------------------------------------------------

WEDNESDAY_FULL_BODY = ["2027-03-03", "2027-03-10", "2027-03-17"]
THURSDAYS = ["2027-03-04", "2027-03-11", "2027-03-18"]


def no_quality_after_leg_day(result: Plan) -> None:
    """A fixed Wednesday full_body keeps the base weeks' quality run off Thursday."""
    for wednesday, thursday in zip(WEDNESDAY_FULL_BODY, THURSDAYS, strict=True):
        assert on(result, wednesday)[1] == FULL_BODY
        assert on(result, thursday)[0] != QUALITY
    for number in (1, 2, 3):
        assert count(week_days(result, number), QUALITY) == 1


def quality_on_thursdays(result: Plan) -> list[Day]:
    days = result.days
    for number, thursday in zip((1, 2, 3), THURSDAYS, strict=True):
        days = swapped_runs(days, quality_day(week_days(result, number)), thursday)
    return days


# -- R-LEGS-NOT-CONSECUTIVE ----------------------------------------------------------------------------

LEGS_FIELDS: dict[str, Any] = {
    "level": "beginner",
    "availability": {"friday": NO_STRENGTH, "saturday": NO_STRENGTH, "sunday": NO_STRENGTH},
    "fixed": [{"date": "2027-03-03", "strength": "full_body"}],
}


def heavy_lift_skips_neighbours(result: Plan) -> None:
    """Strength only Monday to Thursday and a fixed Wednesday full_body: week 1's heavy_lower cannot go on
    Tuesday or Thursday, so it takes Monday, the preferred rest day."""
    assert dates_of(week_days(result, 1), HEAVY) == ["2027-03-01"]
    assert on(result, "2027-03-02")[1] not in LEG_LOADING
    assert on(result, "2027-03-04")[1] not in LEG_LOADING


def heavy_lift_on_tuesday(result: Plan) -> list[Day]:
    monday, tuesday = on(result, "2027-03-01"), on(result, "2027-03-02")
    return edited(result.days, {"2027-03-01": tuesday, "2027-03-02": monday})


# -- R-STRENGTH-FREQ -------------------------------------------------------------------------------------


def counted_lifts_by_phase(result: Plan) -> None:
    """Base 3 then 2, build 2, taper 1, race week 0; the two fixed lifts leave week 1 room for one more."""
    counted = [count(week_days(result, n), *COUNTED_STRENGTH) for n in range(1, 9)]
    assert counted == [3, 3, 2, 2, 2, 1, 1, 0]
    week = week_days(result, 1)
    assert {day.date.isoformat() for day in week if kinds(day)[1] in COUNTED_STRENGTH} == {
        "2027-03-02",
        "2027-03-06",
        *dates_of(week, HEAVY),
    }


def fourth_lift(result: Plan) -> list[Day]:
    free = next(day for day in week_days(result, 1) if kinds(day)[1] not in COUNTED_STRENGTH)
    return edited(result.days, {free.date.isoformat(): (KEEP, UPPER)})


# -- R-STRENGTH-KIND-BY-PHASE -------------------------------------------------------------------------------


def power_beside_fixed_heavy(result: Plan) -> None:
    """A fixed heavy_lower in build week 4 is its one heavy lift; its other lift must be power."""
    week = week_days(result, 4)
    assert dates_of(week, HEAVY) == ["2027-03-23"]
    assert count(week, POWER) == 1
    for number in (6, 7):
        assert count(week_days(result, number), HEAVY, POWER) == 0
    assert all(day.strength is None or day.strength.kind == MOBILITY for day in week_days(result, 8))


def second_heavy_instead_of_power(result: Plan) -> list[Day]:
    (power_day,) = dates_of(week_days(result, 4), POWER)
    return edited(result.days, {power_day: (KEEP, HEAVY)})


# -- R-MOBILITY-WEEKLY ----------------------------------------------------------------------------------------


def mobility_takes_a_strength_day(result: Plan) -> None:
    """Strength only Thursday to Sunday and three counted lifts in weeks 1-2: the fourth day is mobility."""
    for number in range(1, 9):
        assert count(week_days(result, number), MOBILITY) >= 1
    for number in (1, 2):
        lifts = [kinds(day)[1] for day in week_days(result, number)[3:]]
        assert sorted(lift in COUNTED_STRENGTH for lift in lifts) == [False, True, True, True]
        assert MOBILITY in lifts


def mobility_left_out(result: Plan) -> list[Day]:
    (mobility_day, *_) = dates_of(week_days(result, 1), MOBILITY)
    return edited(result.days, {mobility_day: (KEEP, None)})


TAPER_TRAP = ModelTrap(
    # 8 days before a marathon, inside its 10-day heavy cutoff, in taper week 7; a half's cutoff is 7 days.
    fields={"fixed": [{"date": "2027-04-17", "run": "easy", "strength": "heavy_lower"}]},
    overlapping="R-STRENGTH-KIND-BY-PHASE",
    allowed={"race_distance": "half"},
)
CHILL_TRAP = ModelTrap(
    # Taper week 6: a light lift every weekday and the long run on Sunday leave no chill day.
    fields={
        "fixed": [{"date": f"2027-04-{day:02d}", "strength": "upper_core"} for day in range(5, 11)]
        + [{"date": "2027-04-11", "run": "long"}]
    },
    overlapping="R-STRENGTH-FREQ",
    allowed={"fixed": [{"date": f"2027-04-{day:02d}", "strength": "upper_core"} for day in range(5, 11)]},
)

# -- training load --------------------------------------------------------------------------------


def run_minutes_by_week(result: Plan | list[Day]) -> dict[int, int]:
    days = result.days if isinstance(result, Plan) else result
    weeks: dict[int, int] = {}
    for day in days:
        if day.run and day.run.kind != RACE and day.week is not None:
            weeks[day.week] = weeks.get(day.week, 0) + (day.run.minutes or 0)
    return weeks


def long_minutes_by_week(result: Plan) -> dict[int, int]:
    return {day.week: day.run.minutes or 0 for day in result.days if day.run and day.run.kind == LONG and day.week}


def lengthened(days: list[Day], week: int, extra: int, kind: RunKind = EASY) -> list[Day]:
    """The days with the week's first run of this kind `extra` minutes longer: more volume, as a naive
    planner adds it."""
    target = next(day for day in days if day.week == week and day.run and day.run.kind == kind)
    return [
        day.model_copy(update={"run": day.run.model_copy(update={"minutes": (day.run.minutes or 0) + extra})})
        if day is target and day.run
        else day
        for day in days
    ]


# Three runs a week from a 400-minute starting point: the week's minutes would need runs beyond 90 minutes.
BIG_WEEKS: dict[str, Any] = {"runs_per_week": 3, "current": {"weekly_run_minutes": 400, "long_run_minutes": 150}}


def runs_within_their_lengths(result: Plan) -> None:
    """No easy or quality run passes 90 minutes, and some reach it: the cap, not the curve, holds them."""
    others = [day.run.minutes or 0 for day in result.days if day.run and day.run.kind in (EASY, QUALITY)]
    assert max(others) == 90
    for number, long in long_minutes_by_week(result).items():
        week = [
            day.run.minutes or 0 for day in week_days(result, number) if day.run and day.run.kind in (EASY, QUALITY)
        ]
        assert all(long >= other + 10 for other in week)


def easy_run_past_90(result: Plan) -> list[Day]:
    return lengthened(result.days, 1, 40)


# A low starting point and a high goal: the curve would climb faster than 10% a week.
STEEP_GOAL: dict[str, Any] = {
    "current": {"weekly_run_minutes": 150, "long_run_minutes": 60},
    "goal_weekly_run_minutes": 600,
}


def volume_climbs_ten_percent(result: Plan) -> None:
    weeks = {0: 150, -1: 150, **run_minutes_by_week(result)}
    for number in (1, 2, 3, 5):  # base and build; week 4 steps back
        assert 10 * weeks[number] <= 11 * max(weeks[number - 1], weeks[number - 2])
    assert weeks[2] > 150  # and it does climb


def jump_in_week_2(result: Plan) -> list[Day]:
    return lengthened(result.days, 2, 30)


def week_4_steps_back(result: Plan) -> None:
    weeks = run_minutes_by_week(result)
    assert 5 * weeks[4] <= 4 * weeks[3]
    assert weeks[4] < min(weeks[1], weeks[2], weeks[3])


def no_step_back(result: Plan) -> list[Day]:
    weeks = run_minutes_by_week(result)
    return lengthened(result.days, 4, weeks[3] - weeks[4])


def taper_comes_down(result: Plan) -> None:
    """An 8-week cycle tapers over two weeks: at most 75%, then 60% of the peak; race week 40%."""
    weeks = run_minutes_by_week(result)
    peak = max(weeks[n] for n in range(1, 6))
    assert 100 * weeks[6] <= 75 * peak and 100 * weeks[7] <= 60 * peak and 100 * weeks[8] <= 40 * peak


def taper_at_the_peak(result: Plan) -> list[Day]:
    weeks = run_minutes_by_week(result)
    return lengthened(result.days, 6, max(weeks.values()) - weeks[6])


# The starting long run is long for the week: it must stay at most half of the week's minutes.
LONG_HEAVY: dict[str, Any] = {"current": {"weekly_run_minutes": 150, "long_run_minutes": 120}}


def long_run_at_most_half(result: Plan) -> None:
    weeks, longs = run_minutes_by_week(result), long_minutes_by_week(result)
    assert all(2 * longs[n] <= weeks[n] for n in longs)
    assert any(2 * longs[n] >= weeks[n] - 10 for n in longs)  # and the long run does press against it


def long_run_over_half(result: Plan) -> list[Day]:
    weeks, longs = run_minutes_by_week(result), long_minutes_by_week(result)
    return lengthened(result.days, 1, weeks[1] - 2 * longs[1] + 10, LONG)


# Away Tuesday to Saturday of week 2: a break, and week 3 returns to at most 75% of the weeks before.
TRIP: dict[str, Any] = {"unavailable_dates": [f"2027-03-{day:02d}" for day in range(9, 14)]}


def back_at_three_quarters(result: Plan) -> None:
    weeks = run_minutes_by_week(result)
    start = 210  # an intermediate's default starting point, before the cycle
    b = max(start, weeks[1])
    assert 4 * weeks[3] <= 3 * b
    assert weeks[4] <= b


def back_at_full_volume(result: Plan) -> list[Day]:
    weeks = run_minutes_by_week(result)
    return lengthened(result.days, 3, max(weeks[1], 210) - weeks[3])


# Two recovery weeks after the race (weeks 9 and 10, from Monday 2027-04-26): a planner that simply
# carries on running adds minutes where the body should be resetting.
RECOVERY_AFTER: dict[str, Any] = {"recovery_weeks": 2}


def recovery_stays_easy(result: Plan) -> None:
    """Only short easy runs, fewer than a training week, none on the two days after the race, and the first
    recovery week at most 30% of the peak; yet the runner does run again."""
    weeks = run_minutes_by_week(result)
    peak = max(weeks[n] for n in range(1, 6))
    for number in (9, 10):
        runs = [day.run for day in week_days(result, number) if day.run]
        assert runs and all(run.kind == EASY and (run.minutes or 0) <= 45 for run in runs)
        assert len(runs) <= 4
    assert [day.run for day in week_days(result, 9)[:2]] == [None, None]
    assert 100 * weeks[9] <= 30 * peak


def recovery_run_as_in_training(result: Plan) -> list[Day]:
    return lengthened(result.days, 9, 30)


BITES: list[Any] = [
    pytest.param("R-ONE-PER-DAY", PlanTrap({"runs_per_week": 7}, lifts_follow_runs, lifts_before_runs)),
    pytest.param("R-AVAIL", PlanTrap(AVAIL_FIELDS, calendar_kept, long_runs_on_sundays)),
    pytest.param("R-RACE", PlanTrap(WEDNESDAY_RACE, race_on_wednesday, race_on_sunday)),
    pytest.param(
        "R-LONG-WEEKLY",
        PlanTrap({"fixed": [{"date": "2027-03-13", "run": "long"}]}, one_long_run_a_week, second_long_on_sunday),
    ),
    pytest.param(
        "R-RUNS-PER-WEEK",
        PlanTrap(
            {
                "runs_per_week": 4,
                "fixed": [{"date": "2027-03-09", "run": "easy"}, {"date": "2027-03-10", "run": "easy"}],
            },
            four_running_days,
            fifth_run,
        ),
    ),
    pytest.param(
        "R-QUALITY-FREQ",
        PlanTrap({"fixed": [{"date": "2027-03-09", "run": "quality"}]}, quality_by_phase, thursday_quality_too),
    ),
    pytest.param(
        "R-HARD-EASY",
        PlanTrap(
            {"fixed": [{"date": day, "run": "quality"} for day in SATURDAY_QUALITY]},
            long_runs_leave_sundays,
            long_runs_after_saturday_quality,
        ),
    ),
    pytest.param("R-48H-LONG", PlanTrap(FRIDAY_HEAVY, long_run_waits_48_hours, long_run_back_on_sunday)),
    pytest.param(
        "R-DAY-BEFORE-QUALITY",
        PlanTrap(
            {"fixed": [{"date": day, "strength": "full_body"} for day in WEDNESDAY_FULL_BODY]},
            no_quality_after_leg_day,
            quality_on_thursdays,
        ),
    ),
    pytest.param("R-LEGS-NOT-CONSECUTIVE", PlanTrap(LEGS_FIELDS, heavy_lift_skips_neighbours, heavy_lift_on_tuesday)),
    pytest.param(
        "R-STRENGTH-FREQ",
        PlanTrap(
            {
                "fixed": [
                    {"date": "2027-03-02", "strength": "upper_core"},
                    {"date": "2027-03-06", "strength": "isometric"},
                ]
            },
            counted_lifts_by_phase,
            fourth_lift,
        ),
    ),
    pytest.param(
        "R-STRENGTH-KIND-BY-PHASE",
        PlanTrap(
            {"fixed": [{"date": "2027-03-23", "run": "quality", "strength": "heavy_lower"}]},
            power_beside_fixed_heavy,
            second_heavy_instead_of_power,
        ),
    ),
    pytest.param("R-TAPER-CUTOFF", TAPER_TRAP),
    pytest.param("R-CHILL-DAY", CHILL_TRAP),
    pytest.param(
        "R-MOBILITY-WEEKLY",
        PlanTrap(
            {"availability": {day: NO_STRENGTH for day in ("monday", "tuesday", "wednesday")}},
            mobility_takes_a_strength_day,
            mobility_left_out,
        ),
    ),
    pytest.param("R-RUN-MINUTES", PlanTrap(BIG_WEEKS, runs_within_their_lengths, easy_run_past_90)),
    pytest.param("R-RAMP", PlanTrap(STEEP_GOAL, volume_climbs_ten_percent, jump_in_week_2)),
    pytest.param("R-CUTBACK", PlanTrap({}, week_4_steps_back, no_step_back)),
    pytest.param("R-TAPER-VOLUME", PlanTrap({}, taper_comes_down, taper_at_the_peak)),
    pytest.param("R-LONG-SHARE", PlanTrap(LONG_HEAVY, long_run_at_most_half, long_run_over_half)),
    pytest.param("R-RETURN", PlanTrap(TRIP, back_at_three_quarters, back_at_full_volume)),
    pytest.param("R-RECOVERY", PlanTrap(RECOVERY_AFTER, recovery_stays_easy, recovery_run_as_in_training)),
]


def test_the_table_names_every_hard_rule_once() -> None:
    named = [case.values[0] for case in BITES]
    assert sorted(named) == sorted(set(HARD_RULES) - {"R-HISTORY"})


@pytest.mark.parametrize(("rule", "trap"), BITES, ids=[case.values[0] for case in BITES])
def test_hard_rule_bites(rule: str, trap: PlanTrap | ModelTrap) -> None:
    trap.prove(rule)
