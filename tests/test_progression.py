"""Strength that progresses (docs/rules.md, "Session content"): the week-by-week
table walked whole, a few known rows, and cut-back weeks as deloads."""

import re
from datetime import date
from itertools import pairwise, product

import pytest

from models.kinds import LEG_LOADING, Equipment, Level, Phase, StrengthKind
from models.plan import StrengthSession
from models.request import PlanRequest
from solver.content import strength_session
from solver.progression import GROUPS, PROGRESSION, deload_sets

BASE, BUILD, TAPER, RACE_WEEK = Phase.BASE, Phase.BUILD, Phase.TAPER, Phase.RACE_WEEK
HEAVY, POWER, FULL, UPPER, ISO = (
    StrengthKind.HEAVY_LOWER,
    StrengthKind.POWER,
    StrengthKind.FULL_BODY,
    StrengthKind.UPPER_CORE,
    StrengthKind.ISOMETRIC,
)
LOADED = [kind for kind in StrengthKind if kind is not StrengthKind.MOBILITY]  # mobility carries no load
# The longest phases a cycle has (24 weeks: base 10, build 10), so every stage and its repeats are walked.
CYCLE = [(BASE, week) for week in range(1, 11)] + [(BUILD, week) for week in range(1, 11)]
EVERY = list(product(LOADED, Equipment, Level))


def session(
    kind: StrengthKind,
    phase: Phase,
    week: int,
    *,
    cutback: bool = False,
    equipment: Equipment = Equipment.GYM,
    level: Level = Level.INTERMEDIATE,
) -> StrengthSession:
    request = PlanRequest(start_date=date(2027, 3, 1), equipment=equipment, level=level)
    return strength_session(kind, phase, request, after_run=False, week_in_phase=week, cutback=cutback)


def total_sets(lift: StrengthSession) -> int:
    return sum(exercise.sets for exercise in lift.exercises)


# A leg session's deload offers its isometric variant: "... do these holds instead: wall sit 2x45 s, ...".
HOLDS = re.compile(r"do these holds instead: ([^.]*)\.")


def rows(lift: StrengthSession) -> dict[str, tuple[int, str]]:
    return {exercise.name: (exercise.sets, exercise.reps) for exercise in lift.exercises}


@pytest.mark.parametrize(("kind", "equipment", "level"), EVERY)
def test_every_cutback_week_is_a_deload(kind: StrengthKind, equipment: Equipment, level: Level) -> None:
    """Across base and build: same exercises, fewer sets than the week before and than a normal week,
    never fewer than one set. Cut-backs start at the third week (cutback_every is 3 or 4)."""
    normal = [session(kind, phase, week, equipment=equipment, level=level) for phase, week in CYCLE]
    for index in range(2, len(CYCLE)):
        phase, week = CYCLE[index]
        deload = session(kind, phase, week, cutback=True, equipment=equipment, level=level)
        assert [e.name for e in deload.exercises] == [e.name for e in normal[index].exercises]
        assert total_sets(deload) < total_sets(normal[index - 1]), (phase, week)
        assert total_sets(deload) < total_sets(normal[index])
        assert all(e.sets >= 1 for e in deload.exercises)
        assert "deload" in deload.description
        holds = HOLDS.search(deload.description)
        assert (holds is not None) == (kind in LEG_LOADING)
        if holds is not None:  # the isometric variant is lighter than the week before too
            assert sum(map(int, re.findall(r"(\d+)x", holds.group(1)))) < total_sets(normal[index - 1])


@pytest.mark.parametrize(("kind", "equipment", "level"), EVERY)
def test_base_builds_volume_then_load(kind: StrengthKind, equipment: Equipment, level: Level) -> None:
    """The No-BS Guide: "from 2 sets to 3" over weeks 1-4, then heavier (not more reps) from week 5."""
    weeks = [session(kind, BASE, week, equipment=equipment, level=level) for week in range(1, 11)]
    sets = [total_sets(lift) for lift in weeks]
    assert sets == sorted(sets)
    if GROUPS[kind] == "lift":
        assert sets[0] < sets[3] or max(e.sets for e in weeks[3].exercises) <= 2  # light power starts at 2 sets
        for early, late in zip(weeks[0].exercises, weeks[4].exercises, strict=True):
            assert leading_number(late.reps) <= leading_number(early.reps) or "s" in early.reps


@pytest.mark.parametrize(("kind", "equipment", "level"), EVERY)
def test_build_comes_down_in_volume(kind: StrengthKind, equipment: Equipment, level: Level) -> None:
    """StrengthLog's heavier loads, then power; the No-BS Guide's "2x6 with some jumps": volume never rises."""
    sets = [total_sets(session(kind, BUILD, week, equipment=equipment, level=level)) for week in range(1, 11)]
    assert sets == sorted(sets, reverse=True)


@pytest.mark.parametrize(("kind", "equipment"), list(product(LOADED, Equipment)))
def test_taper_is_light(kind: StrengthKind, equipment: Equipment) -> None:
    for week in (1, 2, 3):
        lift = session(kind, TAPER, week, equipment=equipment, level=Level.ADVANCED)
        assert max(e.sets for e in lift.exercises) <= 2


@pytest.mark.parametrize(("phase", "kind"), [(p, k) for p in (BASE, BUILD, TAPER) for k in LOADED])
@pytest.mark.parametrize("equipment", list(Equipment))
def test_every_session_says_what_to_change_next_week(phase: Phase, kind: StrengthKind, equipment: Equipment) -> None:
    for week in range(1, 7):
        assert "Next week: " in session(kind, phase, week, equipment=equipment).description


def test_effort_is_reps_in_reserve() -> None:
    assert "3 reps in reserve" in session(HEAVY, BASE, 1).description
    assert "2 reps in reserve" in session(HEAVY, BASE, 3).description
    assert "4 reps in reserve" in session(HEAVY, BASE, 3, cutback=True).description
    assert "4 reps in reserve" in session(HEAVY, BASE, 1, level=Level.BEGINNER).description  # a rep more in hand


def test_known_rows_base_heavy_lower_gym() -> None:
    assert rows(session(HEAVY, BASE, 1))["Back squat"] == (2, "8")  # learn the moves, top of 5-8
    assert rows(session(HEAVY, BASE, 3))["Back squat"] == (3, "8")  # a third set
    assert rows(session(HEAVY, BASE, 5))["Back squat"] == (3, "5")  # heavier, fewer reps
    assert rows(session(HEAVY, BASE, 5, level=Level.ADVANCED))["Back squat"] == (4, "5")  # "a fourth set"
    assert rows(session(HEAVY, BASE, 4, cutback=True))["Back squat"] == (1, "8")
    assert rows(session(HEAVY, BASE, 4, cutback=True))["Walking lunge"] == (1, "10/leg")


def test_known_rows_a_leg_deload_offers_its_holds() -> None:
    """The No-BS Guide's recovery plan, used in cut-back weeks: the leg holds at this week's hold times."""
    holds = HOLDS.search(session(HEAVY, BASE, 4, cutback=True).description)
    assert holds is not None
    assert holds.group(1) == "wall sit 2x45 s, glute bridge hold 2x30 s, calf raise hold 2x30 s/side"
    assert HOLDS.search(session(UPPER, BASE, 4, cutback=True).description) is None  # no leg work to swap


def test_known_rows_beginner_starts_with_one_set() -> None:
    """StrengthLog: new lifters "start with only one set per exercise"."""
    assert {sets for sets, _ in rows(session(HEAVY, BASE, 1, level=Level.BEGINNER)).values()} == {1}
    assert max(sets for sets, _ in rows(session(HEAVY, BASE, 9, level=Level.BEGINNER)).values()) == 2


def test_known_rows_build_power_gym() -> None:
    assert rows(session(POWER, BUILD, 1))["Box jump"] == (4, "3")  # StrengthLog's Workout 3
    power = session(POWER, BUILD, 3)
    assert rows(power)["Box jump"] == (3, "3")
    assert "move the weight fast" in power.description and "a slow rep ends the set" in power.description


def test_known_rows_holds_grow_longer() -> None:
    assert rows(session(ISO, BASE, 1))["Wall sit"] == (2, "30 s")
    assert rows(session(ISO, BASE, 3))["Wall sit"] == (2, "45 s")
    assert "add 5 s to each hold" in session(ISO, BASE, 1).description


def test_the_next_step_depends_on_equipment() -> None:
    assert "add 2.5-5 kg" in session(HEAVY, BASE, 3).description
    home = session(HEAVY, BASE, 3, equipment=Equipment.HOME).description
    assert "heavier dumbbell or a harder version" in home


def test_the_last_stage_repeats_in_a_long_phase() -> None:
    for (phase, group), stages in PROGRESSION.items():
        kind = next(k for k, g in GROUPS.items() if g == group)
        last = session(kind, phase, len(stages))
        assert rows(session(kind, phase, len(stages) + 5)) == rows(last)


def test_without_a_week_the_template_is_as_written() -> None:
    """Callers that do not pass the week keep the template (docs/rules.md's examples)."""
    plain = rows(strength_session(HEAVY, BASE, PlanRequest(start_date=date(2027, 3, 1)), after_run=False))
    assert plain["Back squat"] == (3, "5-8")


@pytest.mark.parametrize(("sets", "half"), [(1, 1), (2, 1), (3, 1), (4, 2), (5, 2)])
def test_deload_halves_the_sets_never_below_one(sets: int, half: int) -> None:
    assert deload_sets(sets) == half


def test_race_week_is_easy_movement() -> None:
    assert all(e.sets == 1 for e in session(StrengthKind.MOBILITY, RACE_WEEK, 1).exercises)
    assert "Next week" not in session(StrengthKind.MOBILITY, RACE_WEEK, 1).description


def test_stage_sets_never_rise_after_base() -> None:
    """Base is the strength phase; build converts to power; taper backs off (the No-BS Guide's cheat sheet)."""
    lift_sets = [stage.sets for phase in (BASE, BUILD, TAPER, RACE_WEEK) for stage in PROGRESSION[phase, "lift"]]
    peak = lift_sets.index(max(lift_sets))
    assert all(a >= b for a, b in pairwise(lift_sets[peak:]))


def leading_number(reps: str) -> int:
    digits = ""
    for char in reps:
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else 0
