"""What each session holds: minutes, a one-line prescription and, for strength, the exercises.

Everything here is data drawn from the sources' own templates (docs/rules.md,
"Session content"); the functions only look things up. A run's minutes are the
model's decision (`solver.volume`); its description is keyed by kind and phase
(the race by distance), strength by phase, kind and equipment.

Combinations the rules forbid (a `heavy_lower` in taper, a `long` run in race
week) still get content: the session keeps its kind and borrows the template of
the nearest phase that has one (ties go to the earlier phase). The independent
checker's tests build deliberately bad plans, and rendering them must not fail;
saying the plan is wrong is the checker's job, not this module's.
"""

from collections.abc import Iterable
from typing import NamedTuple

from models.kinds import LEG_LOADING, Equipment, Level, Phase, RaceDistance, RunKind, StrengthKind
from models.plan import Exercise, RunSession, StrengthSession
from models.request import PlanRequest
from solver.paces import paces_for, predicted_race_minutes
from solver.progression import Prescription, prescribe
from solver.workouts import paced_run

BASE, BUILD, TAPER, RACE_WEEK = Phase.BASE, Phase.BUILD, Phase.TAPER, Phase.RACE_WEEK
GYM, HOME = Equipment.GYM, Equipment.HOME
PHASES: tuple[Phase, ...] = tuple(Phase)

# docs/rules.md, "Session content": durations by strength kind.
STRENGTH_MINUTES: dict[StrengthKind, int] = {
    StrengthKind.HEAVY_LOWER: 45,
    StrengthKind.UPPER_CORE: 40,
    StrengthKind.POWER: 30,
    StrengthKind.FULL_BODY: 30,
    StrengthKind.ISOMETRIC: 30,
    StrengthKind.MOBILITY: 15,
}

# ---------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------

# A rough finishing time with warm-up. Race day is exempt from minute budgets
# (R-AVAIL), so this only informs the athlete.
RACE_MINUTES: dict[RaceDistance, int] = {
    RaceDistance.FIVE_K: 30,
    RaceDistance.TEN_K: 60,
    RaceDistance.HALF: 120,
    RaceDistance.MARATHON: 240,
    RaceDistance.ULTRA: 360,
}

# Base quality is hills (the No-BS Guide: hill sprints are "sneaky strength training"),
# build is intervals, taper a shorter tempo; strides only in race week (the No-BS
# Guide's race week: "rest, mobility, maybe some strides").
RUN_DESCRIPTIONS: dict[tuple[RunKind, Phase], str] = {
    (RunKind.EASY, BASE): "Easy run at conversational pace",
    (RunKind.EASY, BUILD): "Easy run at conversational pace: keep easy days truly easy",
    (RunKind.EASY, TAPER): "Easy run, relaxed and short",
    (RunKind.EASY, RACE_WEEK): "Easy run, relaxed, with 4 x 20 s strides to stay sharp",
    # After the race: "back to easy movement ... resetting, not rebuilding".
    (RunKind.EASY, Phase.RECOVERY): "Recovery run: truly easy, no strides or hills; walk breaks are fine",
    (RunKind.QUALITY, BASE): "Hill repeats: 8 x 60 s uphill at strong effort, jog down; 10 min easy before and after",
    (RunKind.QUALITY, BUILD): "Intervals: 6 x 800 m at 5K effort, 2 min jog; 10 min easy before and after",
    (RunKind.QUALITY, TAPER): "Tempo: 2 x 10 min at threshold effort, 3 min jog; 10 min easy before and after",
    (RunKind.LONG, BASE): "Long run at easy, conversational pace",
    (RunKind.LONG, BUILD): "Long run at easy pace, the last 15 min at steady effort",
    (RunKind.LONG, TAPER): "Long run, shorter than in build and all easy: arrive fresh",
}

RACE_DESCRIPTIONS: dict[RaceDistance, str] = {
    RaceDistance.FIVE_K: "Race day: 5K. 15 min easy warm-up with 4 strides, then race",
    RaceDistance.TEN_K: "Race day: 10K. 15 min easy warm-up with 4 strides, then race",
    RaceDistance.HALF: "Race day: half marathon. 10 min easy warm-up; start at goal pace, not faster",
    RaceDistance.MARATHON: "Race day: marathon. Start controlled, fuel early and often",
    RaceDistance.ULTRA: "Race day: ultra. Walk the steep climbs, eat and drink on a schedule",
}

# ---------------------------------------------------------------------------
# Strength
# ---------------------------------------------------------------------------

Move = tuple[str, int, str]  # exercise name, sets, reps (a string: "5-8", "10/leg", "30 s")


class Template(NamedTuple):
    summary: str
    moves: tuple[Move, ...]


# The No-BS Guide's gym plan, "Lower Body Session (~45 min)".
LOWER_BODY_GYM = Template(
    "Lower body strength: heavy compound lifts, last reps hard but clean, 2-4 min rest",
    (
        ("Back squat", 3, "5-8"),
        ("Romanian deadlift", 3, "8"),
        ("Walking lunge", 2, "10/leg"),
        ("Calf raise", 2, "12-15"),
        ("Hanging knee raise", 2, "30 s"),
    ),
)
# The No-BS Guide's home setup: goblet squats, single-leg RDLs, banded glute bridges with a
# dumbbell or kettlebell instead of a barbell.
LOWER_BODY_HOME = Template(
    "Lower body strength at home: heaviest dumbbell or kettlebell you own, last reps hard but clean",
    (
        ("Goblet squat", 3, "8-10"),
        ("Single-leg Romanian deadlift (dumbbell)", 3, "8/leg"),
        ("Reverse lunge", 2, "10/leg"),
        ("Calf raise off a step", 2, "12-15"),
        ("Banded glute bridge", 2, "15"),
    ),
)
# The No-BS Guide's build: "heavier deadlifts ... reps drop to 5-8", "2x6 with some jumps",
# "shift to more single-leg"; the tibialis raise from StrengthLog's program, Workout 1.
BUILD_LOWER_GYM = Template(
    "Lower body strength, build: fewer, heavier reps plus jumps; leave gas for the hard runs",
    (
        ("Deadlift", 3, "5-6"),
        ("Step-up (dumbbells)", 2, "6/leg"),
        ("Squat jump", 2, "6"),
        ("Standing calf raise", 3, "10"),
        ("Tibialis raise", 2, "15"),
    ),
)
BUILD_LOWER_HOME = Template(
    "Lower body strength at home, build: single-leg work plus jumps; leave gas for the hard runs",
    (
        ("Single-leg Romanian deadlift (dumbbell)", 3, "6/leg"),
        ("Bulgarian split squat (dumbbells)", 2, "6/leg"),
        ("Squat jump", 2, "6"),
        ("Single-leg calf raise off a step", 3, "10/leg"),
        ("Banded glute bridge", 2, "15"),
    ),
)
# The No-BS Guide's gym plan, "Optional Full-Body or 'Reset' Day (~30 min)": light power in base.
BASE_POWER_GYM = Template(
    "Power, base: light jumps and carries, every rep fast and crisp, easy does it",
    (
        ("Box jump", 2, "5"),
        ("Medicine ball slam", 2, "5"),
        ("Single-leg deadlift", 2, "8/leg"),
        ("Farmer's carry", 2, "40 m"),
        ("Pallof press", 2, "10/side"),
    ),
)
# The No-BS Guide's base: "light plyos - jump squats, bounds"; home kit: kettlebell swings, bands.
BASE_POWER_HOME = Template(
    "Power at home, base: light jumps and swings, every rep fast and crisp, easy does it",
    (
        ("Squat jump", 2, "5"),
        ("Bounds", 2, "6"),
        ("Kettlebell swing", 2, "12"),
        ("Single-leg Romanian deadlift (dumbbell)", 2, "8/leg"),
        ("Band Pallof press", 2, "10/side"),
    ),
)
# StrengthLog's intermediate program, "Workout 3: Unilateral, Plyometric & Posterior Chain".
BUILD_POWER_GYM = Template(
    "Power, build: jumps, throws and single-leg strength; move the weight fast, full rest",
    (
        ("Box jump", 4, "3"),
        ("Medicine ball rotational throw", 3, "5/side"),
        ("Bulgarian split squat", 3, "8/leg"),
        ("Hip thrust", 4, "5"),
        ("Single-leg Romanian deadlift", 3, "8/leg"),
        ("Seated calf raise", 4, "10"),
    ),
)
# The No-BS Guide's build: "jump squats, single-leg hops, kettlebell swings" with home kit.
BUILD_POWER_HOME = Template(
    "Power at home, build: jumps, hops and swings plus single-leg strength; fast reps, full rest",
    (
        ("Squat jump", 4, "5"),
        ("Single-leg hop", 3, "6/leg"),
        ("Kettlebell swing", 3, "12"),
        ("Bulgarian split squat (dumbbells)", 3, "8/leg"),
        ("Single-leg Romanian deadlift (dumbbell)", 3, "8/leg"),
        ("Single-leg calf raise off a step", 3, "12/leg"),
    ),
)
# The No-BS Guide, "Weeks 1-4: full-body lifts ... 3 sets of 8-12 reps"; the lifts of
# StrengthLog's basic program, Workout 1.
FULL_BODY_GYM = Template(
    "Full-body strength: moderate loads, 8-12 reps, heavy but controlled",
    (
        ("Squat", 3, "8-12"),
        ("Romanian deadlift", 3, "8-12"),
        ("Bench press", 3, "8-12"),
        ("Barbell row", 3, "8-12"),
        ("Calf raise", 3, "12"),
        ("Plank", 2, "30-60 s"),
    ),
)
# The No-BS Guide's home plan: 5 min warm-up, 3-round circuit, calf and hip finisher.
FULL_BODY_HOME = Template(
    "Home circuit: 5 min warm-up, 3 rounds with a minute's rest, then the calf and hip finisher",
    (
        ("Squat (bodyweight or goblet)", 3, "12"),
        ("Push-up (regular or incline)", 3, "12"),
        ("Reverse lunge", 3, "10/leg"),
        ("Band pull-apart", 3, "15"),
        ("Side plank", 3, "30 s/side"),
        ("Calf raise off a step", 1, "15"),
        ("Clamshell", 1, "15/side"),
    ),
)
# The No-BS Guide's build: "circuits - lunges, step-ups, push-ups, planks - to build power-endurance".
BUILD_FULL_BODY_GYM = Template(
    "Power-endurance circuit: 3 rounds, little rest, hold form under fatigue",
    (
        ("Walking lunge (dumbbells)", 3, "10/leg"),
        ("Step-up (dumbbells)", 3, "8/leg"),
        ("Push-up", 3, "12"),
        ("Dumbbell row", 3, "10/arm"),
        ("Plank", 3, "45 s"),
    ),
)
BUILD_FULL_BODY_HOME = Template(
    "Power-endurance circuit at home: 3 rounds, little rest, hold form under fatigue",
    (
        ("Reverse lunge", 3, "10/leg"),
        ("Step-up onto a chair or step", 3, "10/leg"),
        ("Push-up", 3, "12"),
        ("Band row", 3, "15"),
        ("Plank", 3, "45 s"),
    ),
)
# The No-BS Guide, "Weeks 13-14: 20-minute circuit, mostly bodyweight or explosive like
# squat jumps"; race phase "band work for glutes, core stability"; "Peak: 2x4 bodyweight".
# Bodyweight needs no gym, so gym and home share it.
TAPER_CIRCUIT = Template(
    "20-minute bodyweight circuit, 2 rounds: short and sharp, stop well before fatigue",
    (
        ("Squat jump", 2, "4"),
        ("Reverse lunge", 2, "8/leg"),
        ("Push-up", 2, "10"),
        ("Banded lateral walk", 2, "10 steps/side"),
        ("Side plank", 2, "30 s/side"),
        ("Calf raise", 2, "15"),
    ),
)
# The No-BS Guide's gym plan, "Upper Body Session (~40 min)".
UPPER_CORE_GYM = Template(
    "Upper body and core: presses, pulls and rows for posture and arm drive",
    (
        ("Bench or dumbbell press", 3, "8"),
        ("Pull-up or lat pulldown", 3, "8-10"),
        ("Overhead press", 2, "8"),
        ("Seated row", 2, "10"),
        ("Face pull", 2, "12"),
        ("Side plank with top leg raise", 2, "30 s/side"),
    ),
)
# The No-BS Guide's home kit: doorway pull-up bar, band rows, push-ups; core from "Core Compound Moves".
UPPER_CORE_HOME = Template(
    "Upper body and core at home: push, pull and row with a doorway bar, bands and dumbbells",
    (
        ("Push-up (regular or incline)", 3, "10-15"),
        ("Pull-up on a doorway bar (band-assisted if needed)", 3, "max"),
        ("Dumbbell overhead press", 2, "8"),
        ("Band row", 2, "15"),
        ("Band pull-apart", 2, "15"),
        ("Dead bug", 2, "10/side"),
    ),
)
# The No-BS Guide, "Recovery Plan: 1x Week - Isometric Strength + Mobility" (bodyweight:
# one template for gym and home).
ISOMETRIC = Template(
    "Isometric holds, 2 rounds with short rests; then hip flexor, figure-4 and calf stretches, "
    "T-spine rotations and ankle drills",
    (
        ("Wall sit", 2, "30-45 s"),
        ("Glute bridge hold", 2, "30 s"),
        ("Side plank with leg raise", 2, "20 s/side"),
        ("Calf raise hold", 2, "30 s/side"),
        ("Mid-push-up hold", 2, "20 s"),
    ),
)
# The No-BS Guide, "Mobility & Activation": joints first, then the muscles that go missing,
# then a light roll. No load, so one template for gym and home.
MOBILITY = Template(
    "Mobility and activation, no load: loosen hips, ankles and upper back, wake up glutes",
    (
        ("Leg swings", 1, "10/direction/leg"),
        ("World's greatest stretch", 1, "5/side"),
        ("Knee-to-wall ankle drill", 1, "10/side"),
        ("Cat-cow and open books", 1, "8 each"),
        ("Mini-band lateral walk", 1, "10 steps/side"),
        ("Foam roll glutes, calves and quads", 1, "60 s/area"),
    ),
)


def _same(template: Template) -> dict[Equipment, Template]:
    """One template for both kinds of equipment (bodyweight, holds, mobility)."""
    return {GYM: template, HOME: template}


# Exactly the combinations R-STRENGTH-KIND-BY-PHASE allows; others borrow (see the docstring).
STRENGTH_TEMPLATES: dict[tuple[Phase, StrengthKind], dict[Equipment, Template]] = {
    (BASE, StrengthKind.HEAVY_LOWER): {GYM: LOWER_BODY_GYM, HOME: LOWER_BODY_HOME},
    (BASE, StrengthKind.POWER): {GYM: BASE_POWER_GYM, HOME: BASE_POWER_HOME},
    (BASE, StrengthKind.FULL_BODY): {GYM: FULL_BODY_GYM, HOME: FULL_BODY_HOME},
    (BASE, StrengthKind.UPPER_CORE): {GYM: UPPER_CORE_GYM, HOME: UPPER_CORE_HOME},
    (BASE, StrengthKind.ISOMETRIC): _same(ISOMETRIC),
    (BASE, StrengthKind.MOBILITY): _same(MOBILITY),
    (BUILD, StrengthKind.HEAVY_LOWER): {GYM: BUILD_LOWER_GYM, HOME: BUILD_LOWER_HOME},
    (BUILD, StrengthKind.POWER): {GYM: BUILD_POWER_GYM, HOME: BUILD_POWER_HOME},
    (BUILD, StrengthKind.FULL_BODY): {GYM: BUILD_FULL_BODY_GYM, HOME: BUILD_FULL_BODY_HOME},
    (BUILD, StrengthKind.UPPER_CORE): {GYM: UPPER_CORE_GYM, HOME: UPPER_CORE_HOME},
    (BUILD, StrengthKind.ISOMETRIC): _same(ISOMETRIC),
    (BUILD, StrengthKind.MOBILITY): _same(MOBILITY),
    (TAPER, StrengthKind.FULL_BODY): _same(TAPER_CIRCUIT),
    (TAPER, StrengthKind.ISOMETRIC): _same(ISOMETRIC),
    (TAPER, StrengthKind.UPPER_CORE): {GYM: UPPER_CORE_GYM, HOME: UPPER_CORE_HOME},
    (TAPER, StrengthKind.MOBILITY): _same(MOBILITY),
    (RACE_WEEK, StrengthKind.MOBILITY): _same(MOBILITY),
    # The No-BS Guide after the race: "yoga, band work, and low-load strength like wall sits or core holds".
    (Phase.RECOVERY, StrengthKind.ISOMETRIC): _same(ISOMETRIC),
    (Phase.RECOVERY, StrengthKind.UPPER_CORE): {GYM: UPPER_CORE_GYM, HOME: UPPER_CORE_HOME},
    (Phase.RECOVERY, StrengthKind.MOBILITY): _same(MOBILITY),
}

# Volume caps. The No-BS Guide: taper and peak work is "2x4 bodyweight or light weights",
# and race week is mobility only, so anything borrowed into it shrinks to a single set.
# StrengthLog's guide: new lifters "start with low volume (1-2 sets per lift at first)".
MAX_SETS_BY_PHASE: dict[Phase, int] = {TAPER: 2, RACE_WEEK: 1, Phase.RECOVERY: 2}
MAX_SETS_BY_LEVEL: dict[Level, int] = {Level.BEGINNER: 2}

PHASE_NOTES: dict[Phase, str] = {
    TAPER: "Taper: keep it light, nothing that leaves you sore.",
    RACE_WEEK: "Race week: gentle, just keep moving.",
    Phase.RECOVERY: "Recovery: you are resetting, not rebuilding; light, and stop fresh.",
}

# R-ONE-PER-DAY and the No-BS Guide's golden rule: "Run hard first. Lift after."
AFTER_RUN_NOTE = "After today's run: run first, lift after."


def max_sets(phase: Phase, level: Level) -> int | None:
    """The most sets of any exercise the phase and level allow, None for no cap."""
    caps = [cap for cap in (MAX_SETS_BY_PHASE.get(phase), MAX_SETS_BY_LEVEL.get(level)) if cap is not None]
    return min(caps, default=None)


def _nearest_phase(phase: Phase, available: Iterable[Phase]) -> Phase:
    """The phase closest to `phase` that has a template, the earlier one on a tie."""
    return min(available, key=lambda p: (abs(PHASES.index(p) - PHASES.index(phase)), PHASES.index(p)))


def race_minutes(request: PlanRequest) -> int:
    """The race's rough duration; it counts in no weekly volume and is exempt from day budgets (R-AVAIL)."""
    return RACE_MINUTES[request.race_distance]


def strength_minutes(kind: StrengthKind) -> int:
    return STRENGTH_MINUTES[kind]


def run_description(kind: RunKind, phase: Phase, request: PlanRequest) -> str:
    """The run's one-line cue without paces or rep counts."""
    if kind is RunKind.RACE:
        return RACE_DESCRIPTIONS[request.race_distance]
    phases = [p for k, p in RUN_DESCRIPTIONS if k is kind]
    return RUN_DESCRIPTIONS[kind, _nearest_phase(phase, phases)]


def run_session(kind: RunKind, phase: Phase, request: PlanRequest, minutes: int | None) -> RunSession:
    """A run of the minutes the model chose (the race: its own duration)."""
    if kind is RunKind.RACE:
        minutes = race_minutes(request)
    return RunSession(kind=kind, minutes=minutes, description=run_description(kind, phase, request))


def paced_run_session(kind: RunKind, phase: Phase, request: PlanRequest, minutes: int | None) -> RunSession:
    """`run_session` with the content that moves: reps laid out in the run's `minutes` and, with
    `recent_race`, target paces, an estimated distance and (the race) the predicted finish and
    duration. Without `recent_race`, the same layout in effort cues and no pace.
    """
    paces = paces_for(request)
    if kind is RunKind.RACE:
        minutes = predicted_race_minutes(request) or race_minutes(request)
    if minutes is None:  # a hand-made day without minutes: nothing to lay out
        return run_session(kind, phase, request, minutes)
    run = paced_run(kind, phase, minutes, paces, request.race_distance, run_description(kind, phase, request))
    return RunSession(
        kind=kind,
        minutes=minutes,
        description=run.description,
        pace=None if run.pace is None else run.pace.model(),
        distance_km=run.distance_km,
        predicted_time=run.predicted_time,
    )


def strength_session(
    kind: StrengthKind,
    phase: Phase,
    request: PlanRequest,
    after_run: bool,
    *,
    week_in_phase: int | None = None,
    cutback: bool = False,
) -> StrengthSession:
    """The session's content. With `week_in_phase` (1 = the phase's first week) the sets, reps and
    effort follow the progression table, and a `cutback` week is a deload; without, the template as written.
    """
    phases = [p for p, k in STRENGTH_TEMPLATES if k is kind]
    template = STRENGTH_TEMPLATES[_nearest_phase(phase, phases), kind][request.equipment]
    cap = max_sets(phase, request.level)
    progress = ""
    if week_in_phase is None and not cutback:
        moves = [(name, sets if cap is None else min(sets, cap), reps) for name, sets, reps in template.moves]
    else:
        week = week_in_phase or 1
        prescribed = prescribe(
            template.moves,
            kind,
            phase,
            request.level,
            request.equipment,
            week,
            cutback=cutback,
            max_sets=cap,
        )
        variant = isometric_variant(phase, request, week) if cutback and kind in LEG_LOADING else ""
        moves, progress = prescribed.moves, progress_note(phase, week, cutback, prescribed, variant)
    exercises = [Exercise(name=name, sets=sets, reps=reps) for name, sets, reps in moves]
    notes = [template.summary + ".", PHASE_NOTES.get(phase, ""), progress, AFTER_RUN_NOTE if after_run else ""]
    return StrengthSession(
        kind=kind,
        minutes=strength_minutes(kind),
        after_run=after_run,
        description=" ".join(note for note in notes if note),
        exercises=exercises,
    )


# A cut-back week's lift, in the runner's words (R-CUTBACK: same kinds, a deload).
DELOAD_NOTE = "Cut-back week: a deload, about half the sets at last week's weights or lighter"
# The No-BS Guide's recovery plan is for "runners in a down week" ("I've used this format during
# cutback weeks"): its leg holds are the isometric variant of a leg session's deload. Holds "don't
# create the eccentric damage that leaves you sore", so the legs absorb the weeks before.
LEG_HOLDS: tuple[str, ...] = ("Wall sit", "Glute bridge hold", "Calf raise hold")


def isometric_variant(phase: Phase, request: PlanRequest, week_in_phase: int) -> str:
    """The leg holds a leg session's deload may be swapped for, at this week's hold times."""
    moves = [move for move in ISOMETRIC.moves if move[0] in LEG_HOLDS]
    holds = prescribe(
        moves,
        StrengthKind.ISOMETRIC,
        phase,
        request.level,
        request.equipment,
        week_in_phase,
        max_sets=max_sets(phase, request.level),
    )
    listed = ", ".join(f"{name.lower()} {sets}x{reps}" for name, sets, reps in holds.moves)
    return f"Or, if your legs are tired, do these holds instead: {listed}"


def progress_note(phase: Phase, week_in_phase: int, cutback: bool, prescribed: Prescription, variant: str = "") -> str:
    """What the week is for, its effort, the deload's isometric variant if any, and next week's change,
    e.g. "Base week 3: accumulation, ...".

    Empty for work without load (mobility): there is nothing to progress.
    """
    if not cutback and prescribed.rir is None and not prescribed.next_week:
        return ""
    what = (
        DELOAD_NOTE
        if cutback
        else f"{phase.replace('_', ' ').capitalize()} week {week_in_phase}: {prescribed.stage.name}"
    )
    parts = [what]
    if prescribed.rir is not None:
        parts.append(f"stop every set with {prescribed.rir} reps in reserve")
    text = "; ".join(parts) + "."
    if variant:
        text += f" {variant}."
    if prescribed.next_week:
        text += f" Next week: {prescribed.next_week}."
    return text
