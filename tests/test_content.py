"""Session content (docs/rules.md, "Session content"): every session the rules allow has real content.

The expectations here are written from the rule catalogue, not read from
`solver.content`'s tables: a test that compared a table with itself could never fail.
"""

from datetime import date
from itertools import pairwise, product

import pytest

from models.kinds import Equipment, Level, Phase, RaceDistance, RunKind, StrengthKind
from models.request import PlanRequest
from solver import content
from solver.content import race_minutes, run_session, strength_session

BASE, BUILD, TAPER, RACE_WEEK = Phase.BASE, Phase.BUILD, Phase.TAPER, Phase.RACE_WEEK
HEAVY, POWER, FULL, UPPER, ISO, MOB = (
    StrengthKind.HEAVY_LOWER,
    StrengthKind.POWER,
    StrengthKind.FULL_BODY,
    StrengthKind.UPPER_CORE,
    StrengthKind.ISOMETRIC,
    StrengthKind.MOBILITY,
)

# R-STRENGTH-KIND-BY-PHASE: the strength kinds each phase allows.
ALLOWED_STRENGTH: dict[Phase, frozenset[StrengthKind]] = {
    BASE: frozenset(StrengthKind),
    BUILD: frozenset(StrengthKind),
    TAPER: frozenset({FULL, ISO, UPPER, MOB}),
    RACE_WEEK: frozenset({MOB}),
    Phase.RECOVERY: frozenset({ISO, UPPER, MOB}),  # R-RECOVERY
}
# R-LONG-WEEKLY, R-QUALITY-FREQ, R-RACE: the run kinds each phase allows.
ALLOWED_RUNS: dict[Phase, frozenset[RunKind]] = {
    BASE: frozenset({RunKind.EASY, RunKind.QUALITY, RunKind.LONG}),
    BUILD: frozenset({RunKind.EASY, RunKind.QUALITY, RunKind.LONG}),
    TAPER: frozenset({RunKind.EASY, RunKind.QUALITY, RunKind.LONG}),
    RACE_WEEK: frozenset({RunKind.EASY, RunKind.RACE}),
    Phase.RECOVERY: frozenset({RunKind.EASY}),  # R-RECOVERY
}
ALLOWED_LIFTS = [(p, k) for p, kinds in ALLOWED_STRENGTH.items() for k in sorted(kinds)]
FORBIDDEN_LIFTS = [(p, k) for p, k in product(Phase, StrengthKind) if k not in ALLOWED_STRENGTH[p]]
ALLOWED_RUN_KINDS = [(p, k) for p, kinds in ALLOWED_RUNS.items() for k in sorted(kinds)]
# Where the sources give separate gym and home plans (the No-BS guide's "Home Plan" and "Gym Plan").
EQUIPMENT_VARIANTS = [(p, k) for p, k in product((BASE, BUILD), (HEAVY, POWER, FULL, UPPER))]


def request(**fields: object) -> PlanRequest:
    return PlanRequest(start_date=date(2025, 1, 6), **fields)


def names(phase: Phase, kind: StrengthKind, equipment: Equipment) -> list[str]:
    session = strength_session(kind, phase, request(equipment=equipment), after_run=False)
    return [exercise.name for exercise in session.exercises]


# "Session content": heavy_lower about 45 min, upper_core 40, power 30, full_body 30, isometric 30, mobility 15.
RULE_STRENGTH_MINUTES: dict[StrengthKind, int] = {HEAVY: 45, UPPER: 40, POWER: 30, FULL: 30, ISO: 30, MOB: 15}
# R-RUN-MINUTES: easy runs 20-90 minutes, quality runs 30-90, long runs at least 30 and never over the long-run
# cap of the distance, all in steps of 5. These template minutes do not depend on the level, so they are held to
# the largest cap, an advanced athlete's: 5K 90, 10K 105, half 135, marathon 180, ultra 300.
RUN_BOUNDS: dict[RunKind, tuple[int, int]] = {RunKind.EASY: (20, 90), RunKind.QUALITY: (30, 90)}
LONG_RUN_CAP: dict[RaceDistance, int] = {
    RaceDistance.FIVE_K: 90,
    RaceDistance.TEN_K: 105,
    RaceDistance.HALF: 135,
    RaceDistance.MARATHON: 180,
    RaceDistance.ULTRA: 300,
}


@pytest.mark.parametrize("phase", [BASE, BUILD, TAPER])
@pytest.mark.parametrize(("kind", "minutes"), sorted(RULE_STRENGTH_MINUTES.items()))
def test_strength_minutes_match_rules(kind: StrengthKind, minutes: int, phase: Phase) -> None:
    for after_run in (True, False):
        assert strength_session(kind, phase, request(), after_run=after_run).minutes == minutes


@pytest.mark.parametrize("equipment", list(Equipment))
@pytest.mark.parametrize(("phase", "kind"), ALLOWED_LIFTS)
def test_allowed_strength_session_is_complete(phase: Phase, kind: StrengthKind, equipment: Equipment) -> None:
    session = strength_session(kind, phase, request(equipment=equipment), after_run=False)
    assert session.kind is kind
    assert session.minutes == RULE_STRENGTH_MINUTES[kind]
    assert session.description.strip()
    assert "\n" not in session.description
    assert session.exercises
    for exercise in session.exercises:
        assert exercise.name.strip()
        assert exercise.sets >= 1
        assert isinstance(exercise.reps, str) and exercise.reps.strip()


@pytest.mark.parametrize(("phase", "kind"), ALLOWED_LIFTS)
def test_allowed_combination_has_its_own_template(phase: Phase, kind: StrengthKind) -> None:
    assert set(content.STRENGTH_TEMPLATES[phase, kind]) == set(Equipment)


@pytest.mark.parametrize(
    ("phase", "kind", "borrowed_from"),
    [
        (TAPER, HEAVY, BUILD),
        (TAPER, POWER, BUILD),
        (RACE_WEEK, HEAVY, BUILD),
        (RACE_WEEK, POWER, BUILD),
        (RACE_WEEK, FULL, TAPER),
        (RACE_WEEK, UPPER, TAPER),
        (RACE_WEEK, ISO, TAPER),
    ],
)
def test_forbidden_lift_borrows_nearest_template(phase: Phase, kind: StrengthKind, borrowed_from: Phase) -> None:
    """Hand-made bad plans still render: the kind stays, the content comes from the nearest phase."""
    assert (phase, kind) in FORBIDDEN_LIFTS
    session = strength_session(kind, phase, request(), after_run=True)
    assert session.kind is kind and session.minutes == RULE_STRENGTH_MINUTES[kind]
    assert [e.name for e in session.exercises] == names(borrowed_from, kind, Equipment.GYM)
    assert all(e.sets >= 1 for e in session.exercises)


@pytest.mark.parametrize("equipment", list(Equipment))
@pytest.mark.parametrize(("phase", "kind"), FORBIDDEN_LIFTS)
def test_every_forbidden_lift_still_renders(phase: Phase, kind: StrengthKind, equipment: Equipment) -> None:
    session = strength_session(kind, phase, request(equipment=equipment), after_run=False)
    assert session.kind is kind and session.description.strip() and session.exercises
    assert all(e.sets >= 1 and e.reps.strip() for e in session.exercises)


@pytest.mark.parametrize(("phase", "kind"), EQUIPMENT_VARIANTS)
def test_gym_and_home_variants_differ(phase: Phase, kind: StrengthKind) -> None:
    assert names(phase, kind, Equipment.GYM) != names(phase, kind, Equipment.HOME)


def test_base_lower_body_is_back_squat_at_the_gym_and_goblet_squat_at_home() -> None:
    assert "Back squat" in names(BASE, HEAVY, Equipment.GYM)
    home = names(BASE, HEAVY, Equipment.HOME)
    assert "Goblet squat" in home and "Back squat" not in home


def prescription(phase: Phase, kind: StrengthKind) -> dict[str, tuple[int, str]]:
    session = strength_session(kind, phase, request(equipment=Equipment.GYM), after_run=False)
    return {e.name: (e.sets, e.reps) for e in session.exercises}


def test_base_heavy_lower_is_the_lower_body_session() -> None:
    """The No-BS guide's "Lower Body Session": back squat 3x5-8, Romanian deadlift 3x8, walking lunge 2x10/leg,
    calf raise 2x12-15."""
    sets = prescription(BASE, HEAVY)
    assert sets["Back squat"] == (3, "5-8")
    assert sets["Romanian deadlift"] == (3, "8")
    assert sets["Walking lunge"] == (2, "10/leg")
    assert sets["Calf raise"] == (2, "12-15")


def test_build_power_is_workout_3() -> None:
    """The complete guide's "Workout 3: Unilateral, Plyometric & Posterior Chain": box jump 4x3, Bulgarian split
    squat 3x8, single-leg RDL 3x8."""
    sets = prescription(BUILD, POWER)
    assert sets["Box jump"] == (4, "3")
    assert sets["Bulgarian split squat"] == (3, "8/leg")
    assert sets["Single-leg Romanian deadlift"] == (3, "8/leg")


@pytest.mark.parametrize("equipment", list(Equipment))
def test_taper_full_body_is_a_20_minute_bodyweight_circuit(equipment: Equipment) -> None:
    session = strength_session(FULL, TAPER, request(equipment=equipment), after_run=False)
    assert "20-minute bodyweight circuit" in session.description


@pytest.mark.parametrize("phase", [BASE, BUILD, TAPER])
def test_isometric_is_the_recovery_plan_holds(phase: Phase) -> None:
    held = names(phase, ISO, Equipment.HOME)
    for hold in ("Wall sit", "Glute bridge hold", "Calf raise hold"):
        assert hold in held
    assert any(name.startswith("Side plank") for name in held)


@pytest.mark.parametrize("after_run", [True, False])
@pytest.mark.parametrize("kind", list(StrengthKind))
def test_after_run_is_copied_and_said(kind: StrengthKind, after_run: bool) -> None:
    """R-ONE-PER-DAY: when both fall on one day the run comes first, and the plan says so."""
    session = strength_session(kind, BASE, request(), after_run=after_run)
    assert session.after_run is after_run
    assert ("run first, lift after" in session.description) is after_run


@pytest.mark.parametrize(("phase", "kind"), ALLOWED_LIFTS)
def test_beginners_do_fewer_sets(phase: Phase, kind: StrengthKind) -> None:
    beginner = strength_session(kind, phase, request(level=Level.BEGINNER), after_run=False)
    usual = strength_session(kind, phase, request(level=Level.INTERMEDIATE), after_run=False)
    assert [e.name for e in beginner.exercises] == [e.name for e in usual.exercises]
    assert all(1 <= b.sets <= min(u.sets, 2) for b, u in zip(beginner.exercises, usual.exercises, strict=True))


@pytest.mark.parametrize("equipment", list(Equipment))
@pytest.mark.parametrize("kind", sorted(ALLOWED_STRENGTH[TAPER]))
def test_taper_volume_is_low(kind: StrengthKind, equipment: Equipment) -> None:
    session = strength_session(kind, TAPER, request(equipment=equipment, level=Level.ADVANCED), after_run=False)
    assert max(e.sets for e in session.exercises) <= 2


# --- runs -------------------------------------------------------------------


@pytest.mark.parametrize("distance", list(RaceDistance))
@pytest.mark.parametrize(("phase", "kind"), list(product(Phase, RunKind)))
def test_a_run_keeps_the_minutes_the_model_chose(phase: Phase, kind: RunKind, distance: RaceDistance) -> None:
    """A run's minutes are the model's decision; content only describes the run (even where it is forbidden)."""
    session = run_session(kind, phase, request(race_distance=distance), 45)
    assert session.kind is kind
    assert session.description.strip()
    assert session.minutes == (race_minutes(request(race_distance=distance)) if kind is RunKind.RACE else 45)


def test_race_length_grows_with_distance() -> None:
    minutes = [race_minutes(request(race_distance=d)) for d in RaceDistance]
    assert all(shorter < longer for shorter, longer in pairwise(minutes))


def test_build_quality_is_intervals() -> None:
    assert run_session(RunKind.QUALITY, BUILD, request(), 55).description.startswith("Intervals")


def test_base_quality_is_hills_or_tempo() -> None:
    description = run_session(RunKind.QUALITY, BASE, request(), 45).description.lower()
    assert "hill" in description or "tempo" in description


def test_race_week_easy_run_has_strides() -> None:
    assert "strides" in run_session(RunKind.EASY, RACE_WEEK, request(), 30).description


@pytest.mark.parametrize(
    ("distance", "named"),
    [
        (RaceDistance.FIVE_K, "5K"),
        (RaceDistance.TEN_K, "10K"),
        (RaceDistance.HALF, "half marathon"),
        (RaceDistance.MARATHON, "marathon"),
        (RaceDistance.ULTRA, "ultra"),
    ],
)
def test_race_description_names_the_distance(distance: RaceDistance, named: str) -> None:
    assert named in run_session(RunKind.RACE, RACE_WEEK, request(race_distance=distance), None).description
