"""Re-planning scenarios: what an athlete reports, and what the next version must look like.

Every scenario starts from the plan of a default request (16 weeks from a
Monday, race on a Sunday) and finds its dates in that plan ("the long run of
week 5"), so the tests follow the solver when its choices shift. Every new
version passes the independent checker, keeps the past as it happened, and
carries its version fields; each scenario then asserts its diff.
"""

import json
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise

import pytest

from models.calendar import Week
from models.events import Event, ReplanRequest
from models.kinds import HARD_LIFTS, HARD_RUNS, LEG_LOADING, Phase, RunKind, StrengthKind
from models.plan import Day, DiffEntry, Plan
from models.request import FixedSession, PlanRequest
from models.validation import actual_history, check_replan
from solver.errors import InfeasibleError
from solver.replan import replan
from solver.solve import plan

START = date(2027, 1, 4)  # a Monday: 16 weeks end on Sunday 2027-04-25
TIMING_FIELDS = ("wall_time_ms", "build_time_ms", "explain_time_ms")
LIGHT_LIFTS = (StrengthKind.MOBILITY, StrengthKind.UPPER_CORE, StrengthKind.ISOMETRIC)

Kinds = tuple[RunKind | None, StrengthKind | None]


@pytest.fixture(scope="module")
def previous() -> Plan:
    # An id as the service would give it, so the tests can see it carried over.
    return plan(PlanRequest(start_date=START)).model_copy(update={"id": "plan-replan-scenarios"})


# -- finding dates in a plan ----------------------------------------------------------


def kinds(day: Day) -> Kinds:
    return day.kinds


def week(p: Plan, number: int) -> Week:
    return p.request.cycle.weeks[number - 1]


def days_of(p: Plan, w: Week) -> list[Day]:
    return [p.days[d] for d in w.days]


def first_day(p: Plan, w: Week, wanted: Callable[[Day], bool]) -> Day:
    found = [day for day in days_of(p, w) if wanted(day)]
    assert found, f"week {w.number} of the plan has no such day: {[kinds(d) for d in days_of(p, w)]}"
    return found[0]


def runs(kind: RunKind) -> Callable[[Day], bool]:
    return lambda day: day.run is not None and day.run.kind == kind


def phase_weeks(p: Plan, phase: Phase) -> list[Week]:
    return [w for w in p.request.cycle.weeks if w.phase == phase]


def next_day(day: Day) -> date:
    return day.date + timedelta(days=1)


def is_hard(k: Kinds) -> bool:
    return k[0] in HARD_RUNS or k[1] in HARD_LIFTS


# -- the checks every re-plan gets ------------------------------------------------------


def run_minutes(day: Day) -> int | None:
    return day.run.minutes if day.run and day.run.kind != "race" else None


def session_changes(new: Plan) -> list[DiffEntry]:
    """The diff's days whose sessions changed (the rest changed only their run's minutes)."""
    return [e for e in new.diff if (e.before.run, e.before.strength) != (e.after.run, e.after.strength)]


def week_minutes(plan: Plan, number: int) -> int:
    return sum(run_minutes(day) or 0 for day in plan.days if day.week == number)


def checked_replan(previous: Plan, request: ReplanRequest) -> Plan:
    """The next version, after the checks that hold for every re-plan."""
    new = replan(previous, request)
    assert check_replan(previous, request, new.days) == []
    history = actual_history(previous.days, request)
    assert {day.date: kinds(day) for day in new.days if day.date < request.as_of} == history
    assert (new.id, new.version, new.as_of, new.replanned_from_version) == (
        previous.id,
        previous.version + 1,
        request.as_of,
        previous.version,
    )
    # The diff is exactly the future days whose kinds or run minutes changed, each with a reason.
    changed = [
        n.date
        for o, n in zip(previous.days, new.days, strict=True)
        if n.date >= request.as_of and (kinds(o) != kinds(n) or run_minutes(o) != run_minutes(n))
    ]
    assert [entry.date for entry in new.diff] == changed
    assert all(entry.reasons for entry in new.diff)
    return new


def reasons(entries: list[DiffEntry]) -> str:
    return " | ".join(reason for entry in entries for reason in entry.reasons)


def kinds_from(p: Plan, first: date) -> list[Kinds]:
    return [kinds(day) for day in p.days if day.date >= first]


# -- scenarios ----------------------------------------------------------------------------


def test_a_missed_easy_run_changes_the_sessions_of_at_most_one_day(previous: Plan) -> None:
    easy = first_day(previous, week(previous, 3), runs(RunKind.EASY))
    request = ReplanRequest(as_of=next_day(easy), events=[Event(date=easy.date, session="run", status="missed")])
    new = checked_replan(previous, request)
    assert len(session_changes(new)) <= 1
    # An easy run is no key session: nothing claims to make it up as one.
    assert "P-RECOVER-KEY: makes up" not in reasons(new.diff)
    # Its minutes are gone: the rest of its week holds no more than it had, and the weeks after
    # build from the week as it was done (the cut-back steps back from it, R-RAMP climbs from there).
    missed = easy.run.minutes if easy.run else 0
    assert week_minutes(new, 3) == week_minutes(previous, 3) - missed
    assert all(week_minutes(new, n) <= week_minutes(previous, n) for n in range(4, previous.request.weeks + 1))


def test_a_missed_sunday_long_run_is_not_crammed_into_the_next_week(previous: Plan) -> None:
    long_run = first_day(previous, week(previous, 5), runs(RunKind.LONG))
    assert long_run.date.weekday() == 6  # the default long-run day is Sunday
    request = ReplanRequest(
        as_of=next_day(long_run), events=[Event(date=long_run.date, session="run", status="missed")]
    )
    new = checked_replan(previous, request)
    week_6 = week(previous, 6)
    # Week 5 is over: its long run is gone, not carried into week 6 as a second one.
    assert sum(1 for day in days_of(new, week_6) if runs(RunKind.LONG)(day)) == 1
    assert all(entry.date <= request.as_of + timedelta(days=6) for entry in session_changes(new))
    # Missed minutes are never made up: later weeks hold no more than they did (R-RAMP may hold them lower).
    assert all(week_minutes(new, n) <= week_minutes(previous, n) for n in range(6, previous.request.weeks + 1))
    assert kinds_from(new, previous.request.cycle.date_of(week_6.last + 1)) == kinds_from(
        previous, previous.request.cycle.date_of(week_6.last + 1)
    )


def test_a_sick_week_in_build_leaves_the_rest_of_the_plan_as_it_was(previous: Plan) -> None:
    sick = phase_weeks(previous, Phase.BUILD)[1]
    events = [
        Event(date=day.date, session=session, status="missed")
        for day in days_of(previous, sick)
        for session, kind in zip(("run", "strength"), kinds(day), strict=True)
        if kind is not None
    ]
    assert len(events) >= 7
    as_of = previous.request.cycle.date_of(sick.last + 1)
    new = checked_replan(previous, ReplanRequest(as_of=as_of, events=events))
    # Missed sessions bind nothing across the boundary, and the week they belong to is over:
    # keeping every later day's sessions costs nothing, changing any costs P-STABLE. Later weeks
    # keep every rule (the checker above holds them to the full weekly counts).
    assert session_changes(new) == []
    assert all(kinds(day) == (None, None) for day in days_of(new, sick))
    # The week is a break, and the volume comes back on R-RETURN's schedule: 75%, then 100% of B.
    summary = {w.week: w for w in new.weeks}
    assert summary[sick.number].break_ and summary[sick.number + 1].return_
    b = max(summary[n].run_minutes for n in range(sick.number - 4, sick.number))
    assert 4 * summary[sick.number + 1].run_minutes <= 3 * b
    assert "R-RETURN: " in reasons(new.diff)


def test_an_unplanned_heavy_lift_two_days_before_a_long_run_moves_the_long_run(previous: Plan) -> None:
    cycle = previous.request.cycle
    base_and_build = [w for w in cycle.weeks if w.phase in (Phase.BASE, Phase.BUILD) and w.full]
    long_runs = [first_day(previous, w, runs(RunKind.LONG)) for w in base_and_build]
    # Unplanned: that day's strength slot held nothing, or nothing for the legs.
    long_run = next(
        day for day in long_runs if kinds(previous.days[cycle.index_of(day.date) - 2])[1] in (None, *LIGHT_LIFTS)
    )
    lift_day = long_run.date - timedelta(days=2)
    request = ReplanRequest(
        as_of=lift_day + timedelta(days=1),
        events=[Event(date=lift_day, session="strength", status="changed", actual_kind=StrengthKind.HEAVY_LOWER)],
    )
    new = checked_replan(previous, request)
    # R-48H-LONG across the boundary: no long run on the two days after the lift.
    for d in (1, 2):
        assert kinds(new.days[cycle.index_of(lift_day) + d])[0] != RunKind.LONG
    moved = [entry for entry in new.diff if entry.date == long_run.date]
    assert moved and moved[0].before.run == RunKind.LONG
    assert "R-48H-LONG" in reasons(moved)


def test_new_unavailable_dates_in_the_taper_clear_those_days(previous: Plan) -> None:
    taper = phase_weeks(previous, Phase.TAPER)[1]
    quality = first_day(previous, taper, runs(RunKind.QUALITY))
    # The quality day and the next day after it that holds a session: two planned days the athlete now misses.
    busy_after = first_day(previous, taper, lambda day: day.date > quality.date and kinds(day) != (None, None))
    away = [quality.date, busy_after.date]
    as_of = previous.request.cycle.date_of(taper.first)
    new = checked_replan(previous, ReplanRequest(as_of=as_of, unavailable_dates=away))
    by_date = {entry.date: entry for entry in new.diff}
    for when in away:
        assert kinds(previous.days[previous.request.cycle.index_of(when)]) != (None, None)
        assert (by_date[when].after.run, by_date[when].after.strength) == (None, None)
        assert any(reason.startswith("R-AVAIL") for reason in by_date[when].reasons)
    assert set(new.request.unavailable_dates) >= set(away)


def test_a_missed_session_in_race_week_keeps_the_race(previous: Plan) -> None:
    race_week = phase_weeks(previous, Phase.RACE_WEEK)[0]
    # The first session of race week before the race: a run if that day holds one, else its lift.
    race_day = previous.request.race_date
    day = first_day(previous, race_week, lambda d: d.date != race_day and kinds(d) != (None, None))
    session = "run" if day.run is not None else "strength"
    request = ReplanRequest(as_of=next_day(day), events=[Event(date=day.date, session=session, status="missed")])
    new = checked_replan(previous, request)
    assert len(session_changes(new)) <= 1
    assert kinds(new.days[-1])[0] == RunKind.RACE
    assert all(kinds(day)[1] in (None, StrengthKind.MOBILITY) for day in days_of(new, race_week))


def test_a_replan_of_a_replan_is_version_3_from_version_2(previous: Plan) -> None:
    first_miss = first_day(previous, week(previous, 2), runs(RunKind.EASY))
    v2 = checked_replan(
        previous,
        ReplanRequest(as_of=next_day(first_miss), events=[Event(date=first_miss.date, session="run", status="missed")]),
    )
    second_miss = first_day(v2, week(v2, 4), runs(RunKind.QUALITY))
    v3 = checked_replan(
        v2,
        ReplanRequest(
            as_of=next_day(second_miss), events=[Event(date=second_miss.date, session="run", status="missed")]
        ),
    )
    assert (v3.version, v3.replanned_from_version, v3.id) == (3, 2, previous.id)
    # The first re-plan's history is still the past of the third version.
    assert kinds(v3.days[previous.request.cycle.index_of(first_miss.date)])[0] is None


def hard_after(p: Plan, request: ReplanRequest, d: int) -> bool:
    """Whether day d is hard once the reported events are history (outside the cycle: not hard)."""
    if not 0 <= d < len(p.days):
        return False
    day = p.days[d]
    if day.date < request.as_of:
        return is_hard(actual_history(p.days, request)[day.date])
    return is_hard(kinds(day))


def free_for_quality(p: Plan, request: ReplanRequest, d: int) -> bool:
    """Whether day d could take a quality run by changing that day alone: it holds an easy run or no run,
    no hard session stands next to it, and no leg lift the day before (R-DAY-BEFORE-QUALITY)."""
    run, _ = kinds(p.days[d])
    legs_before = kinds(p.days[d - 1])[1] in LEG_LOADING
    neighbours_hard = hard_after(p, request, d - 1) or hard_after(p, request, d + 1)
    return run in (None, RunKind.EASY) and not hard_after(p, request, d) and not neighbours_hard and not legs_before


@lru_cache(maxsize=4)
def plan_with(runs_per_week: int) -> Plan:
    return plan(PlanRequest(start_date=START, runs_per_week=runs_per_week))


def recoverable_quality() -> tuple[Plan, Week, Day, ReplanRequest]:
    """A missed quality run that one changed day beyond the next 48 hours could make up that week.

    The default request's weeks may be too full for one (five runs, two hard runs and the long
    run leave few free days), so fewer runs a week are tried next.
    """
    for runs_per_week in (5, 4, 3):
        p = plan_with(runs_per_week)
        for w in p.request.cycle.weeks:
            quality = [day for day in days_of(p, w) if runs(RunKind.QUALITY)(day)]
            if not w.full or not quality:
                continue
            missed = quality[0]
            request = ReplanRequest(
                as_of=next_day(missed), events=[Event(date=missed.date, session="run", status="missed")]
            )
            as_of = p.request.cycle.index_of(request.as_of)
            if any(free_for_quality(p, request, d) for d in range(as_of + 2, w.last + 1)):
                return p, w, missed, request
    pytest.fail("no plan leaves room to make up a missed quality run")


def test_a_missed_quality_run_is_made_up_later_that_week_when_the_rules_allow() -> None:
    """A day beyond the next 48 hours of that week could take the missed quality run without two
    hard days in a row: P-RECOVER-KEY (a missed key session) outweighs P-STABLE (one changed day),
    so the run comes back that week, and no other key session makes way for it."""
    previous, w, missed, request = recoverable_quality()
    new = checked_replan(previous, request)
    made_up = [entry for entry in session_changes(new) if entry.after.run == RunKind.QUALITY]
    assert len(made_up) == 1
    assert made_up[0].date <= previous.request.cycle.date_of(w.last)
    assert f"P-RECOVER-KEY: makes up the quality missed on {missed.date}" in made_up[0].reasons
    assert [kinds(day)[0] for day in days_of(new, w)].count(RunKind.LONG) == 1


def cramped_quality_week(p: Plan) -> tuple[Week, Day, int] | None:
    """A week whose last quality run has its hard lift stacked and only the long run's day and the day
    before it left after the day that follows it: where making the quality run up would mean cramming."""
    for w in p.request.cycle.weeks:
        quality = [day for day in days_of(p, w) if runs(RunKind.QUALITY)(day)]
        if not quality or kinds(quality[-1])[1] not in HARD_LIFTS:
            continue
        q = p.request.cycle.index_of(quality[-1].date)
        rest = [kinds(p.days[d]) for d in range(q + 1, w.last + 1)]
        if len(rest) == 3 and rest[-1][0] == RunKind.LONG and not any(is_hard(k) for k in rest[:-1]):
            return w, quality[-1], len(quality)
    return None


def test_a_missed_quality_run_is_dropped_when_making_it_up_would_cram() -> None:
    """The week's last quality run is missed but its hard lift was done, and only the long run's
    day and the day before it are left: the day after the lift cannot be hard, the other two are
    next to each other, so the quality run could come back only in place of the long run.
    A fixed quality run and power lift on a build week's Thursday give the plan that shape
    (the long run on its preferred Sunday), whatever the solver's other choices."""
    cycle = PlanRequest(start_date=START).cycle
    build_week = next(w for w in cycle.weeks if w.phase == Phase.BUILD)
    thursday = FixedSession(date=cycle.date_of(build_week.first + 3), run=RunKind.QUALITY, strength=StrengthKind.POWER)
    chosen = plan(PlanRequest(start_date=START, fixed=[thursday]))
    found = cramped_quality_week(chosen)
    assert found is not None, "the pinned Thursday should leave only the long run's day and the day before it"
    w, missed, n_quality = found
    request = ReplanRequest(as_of=next_day(missed), events=[Event(date=missed.date, session="run", status="missed")])
    new = checked_replan(chosen, request)
    assert not [entry for entry in session_changes(new) if entry.after.run == RunKind.QUALITY]
    assert "P-RECOVER-KEY: makes up the quality" not in reasons(new.diff)
    week_kinds = [kinds(day) for day in days_of(new, w)]
    assert sum(k[0] == RunKind.QUALITY for k in week_kinds) == n_quality - 1
    assert sum(k[0] == RunKind.LONG for k in week_kinds) == 1
    assert not any(is_hard(a) and is_hard(b) for a, b in pairwise(week_kinds))


def test_the_same_replan_twice_gives_the_same_plan(previous: Plan) -> None:
    w = week(previous, 7)
    missed, done = [day for day in days_of(previous, w) if day.run is not None][1:3]
    request = ReplanRequest(
        as_of=next_day(done),
        events=[
            Event(date=missed.date, session="run", status="missed"),
            Event(date=done.date, session="run", status="done"),
        ],
        unavailable_dates=[done.date + timedelta(days=3)],
    )

    def without_timing(p: Plan) -> str:
        data = p.model_dump(mode="json")
        for name in TIMING_FIELDS:
            data["solver"].pop(name, None)
        return json.dumps(data, sort_keys=True)

    assert without_timing(replan(previous, request)) == without_timing(replan(previous, request))


# -- what the history makes impossible ------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_before_race", "session", "actual_kind", "rules"),
    [
        # A heavy lift the day before is both a hard day and a leg day: either rule proves it.
        (1, "strength", StrengthKind.HEAVY_LOWER, {"R-HARD-EASY", "R-48H-LONG"}),
        (2, "strength", StrengthKind.FULL_BODY, {"R-48H-LONG"}),
        (1, "run", RunKind.QUALITY, {"R-HARD-EASY"}),
    ],
)
def test_history_that_leaves_no_room_for_the_race_is_refused_by_name(
    previous: Plan, days_before_race: int, session: str, actual_kind: RunKind | StrengthKind, rules: set[str]
) -> None:
    """A hard or leg day right before race day: the race cannot move, so no plan exists.

    The property test's generator leaves these out for that reason.
    """
    race_day = previous.request.race_date
    assert race_day is not None
    when = race_day - timedelta(days=days_before_race)
    request = ReplanRequest(
        as_of=when + timedelta(days=1),
        events=[Event(date=when, session=session, status="changed", actual_kind=actual_kind)],
    )
    with pytest.raises(InfeasibleError) as refusal:
        replan(previous, request)
    named = {c.rule for c in refusal.value.conflicts}
    assert "R-HISTORY" in named and named & rules


def test_an_extra_easy_run_early_in_race_week_still_leaves_the_race(previous: Plan) -> None:
    race_week = phase_weeks(previous, Phase.RACE_WEEK)[0]
    rest = first_day(previous, race_week, lambda day: day.run is None)
    race_day = previous.request.race_date
    assert race_day is not None
    request = ReplanRequest(
        as_of=race_day, events=[Event(date=rest.date, session="run", status="changed", actual_kind=RunKind.EASY)]
    )
    checked_replan(previous, request)


def test_making_up_a_missed_quality_day_never_costs_the_week_its_long_run(previous: Plan) -> None:
    build = phase_weeks(previous, Phase.BUILD)[0]
    quality = [day for day in days_of(previous, build) if runs(RunKind.QUALITY)(day)]
    missed = quality[-1]
    events = [
        Event(date=missed.date, session=s, status="missed")
        for s, k in zip(("run", "strength"), kinds(missed), strict=True)
        if k
    ]
    new = checked_replan(previous, ReplanRequest(as_of=next_day(missed), events=events))
    assert [kinds(day)[0] for day in days_of(new, build)].count(RunKind.LONG) == 1
