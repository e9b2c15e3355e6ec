"""Strength that progresses: this week's sets, reps and effort for a session template.

One table, week by week inside each phase, from the published progressions of
two guides, "Strength Training for Runners: The No-BS Guide" (NB below) and
StrengthLog's "Strength Training for Runners" (SL):

- Base, NB's eight-week plan: "Weeks 1-4: get familiar with the moves. Start
  light. Bump up from 2 sets to 3", then "Weeks 5-8: add weight ... or sneak in
  a fourth set"; its 16-week flow has reps "drop to 5-8" once the weights go up.
  So rep ranges are read at their top (lighter) first and their bottom (heavier)
  later.
- Build, SL's six-week route: "heavier loads", then "power & peak strength
  (lower reps, move the weight fast)", with NB's "2x6 with some jumps": volume
  comes down as the running gets harder.
- Taper, NB's cheat sheet: "2x4 bodyweight or light weights".
- Effort is reps in reserve (SL: "choose a weight you could lift 7 or 8 times,
  but stop" at 6) and SL's "increase the weight 2-5% weekly when you complete
  all sets" is each session's "next week" line.
- A cut-back week (R-CUTBACK) is a deload: the same exercises, about half the
  sets (never fewer than 1), at last week's weights or lighter (NB: "pull back
  on the strength for a week").

Holds (isometric) progress by time (NB: "hold your iso positions a little
longer"), mobility not at all: it carries no load.

The last stage of a phase repeats when the phase is longer than the table.
"""

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

from models.kinds import Equipment, Level, Phase, StrengthKind

Reading = Literal["low", "high", "as written"]
Group = Literal["lift", "hold", "mobility"]


class Stage(NamedTuple):
    name: str  # what the week is for, in the runner's words
    sets: int  # the most sets of any exercise; a template's smaller counts stay
    reps: Reading  # how a rep range ("5-8") is read: low = heavier, high = lighter
    holds: Reading  # how a hold range ("30-45 s") is read: high = longer, harder
    rir: int | None  # reps in reserve on every set; None where reps are not counted


LEARN = Stage("learn the moves, start light", 2, "high", "low", 3)
ACCUMULATE = Stage("accumulation, a third set", 3, "high", "high", 2)
HEAVIER = Stage("heavier, fewer reps", 3, "low", "high", 2)
BUILD_HEAVIER = Stage("heavier loads", 4, "low", "as written", 2)
POWER = Stage("power, lower reps, move the weight fast", 3, "low", "as written", 3)
LIGHT = Stage("light, just enough to stay sharp", 2, "low", "low", 4)
EASY_MOVEMENT = Stage("easy movement", 1, "as written", "low", 5)
SHORT_HOLDS = Stage("holds, shorter end of the range", 2, "as written", "low", None)
LONG_HOLDS = Stage("holds, longer end of the range", 2, "as written", "high", None)
NO_LOAD = Stage("no load", 1, "as written", "as written", None)
DELOAD_RIR = 4  # a deload week's reps in reserve: every rep easy

# Week by week inside each phase (index 0 is the phase's week 1).
PROGRESSION: dict[tuple[Phase, Group], tuple[Stage, ...]] = {
    (Phase.BASE, "lift"): (LEARN, LEARN, ACCUMULATE, ACCUMULATE, HEAVIER),
    (Phase.BUILD, "lift"): (BUILD_HEAVIER, BUILD_HEAVIER, POWER),
    (Phase.TAPER, "lift"): (LIGHT,),
    (Phase.RACE_WEEK, "lift"): (EASY_MOVEMENT,),
    (Phase.BASE, "hold"): (SHORT_HOLDS, SHORT_HOLDS, LONG_HOLDS),
    (Phase.BUILD, "hold"): (LONG_HOLDS,),
    (Phase.TAPER, "hold"): (SHORT_HOLDS,),
    (Phase.RACE_WEEK, "hold"): (SHORT_HOLDS,),
    **{(phase, "mobility"): (NO_LOAD,) for phase in Phase},
}

GROUPS: dict[StrengthKind, Group] = {
    StrengthKind.HEAVY_LOWER: "lift",
    StrengthKind.POWER: "lift",
    StrengthKind.FULL_BODY: "lift",
    StrengthKind.UPPER_CORE: "lift",
    StrengthKind.ISOMETRIC: "hold",
    StrengthKind.MOBILITY: "mobility",
}


class LevelRule(NamedTuple):
    first_week_sets: int | None  # sets in the first week of base
    extra_rir: int  # more reps in reserve than the table
    extra_set_in: frozenset[Stage]  # stages where 3-set exercises get a fourth


# SL: new lifters "start with only one set per exercise", "keep 1-2 reps in
# reserve". NB, weeks 5-8: "sneak in a fourth set", for those who can.
LEVELS: dict[Level, LevelRule] = {
    Level.BEGINNER: LevelRule(1, 1, frozenset()),
    Level.INTERMEDIATE: LevelRule(None, 0, frozenset()),
    Level.ADVANCED: LevelRule(None, 0, frozenset({HEAVIER})),
}

# What to change next week, by kind of work and equipment ({rir}: this week's reps in reserve).
NEXT_WEEK: dict[tuple[Group, Equipment], str] = {
    ("lift", Equipment.GYM): "add 2.5-5 kg to a lift when every set of it left {rir} reps in reserve",
    ("lift", Equipment.HOME): (
        "when every set of a move left {rir} reps in reserve, take a heavier dumbbell "
        "or a harder version (slower lowering, a pause, single-leg)"
    ),
    ("hold", Equipment.GYM): "add 5 s to each hold when every hold stayed steady to the end",
    ("hold", Equipment.HOME): "add 5 s to each hold when every hold stayed steady to the end",
    ("mobility", Equipment.GYM): "",
    ("mobility", Equipment.HOME): "",
}
# Jumps are trained for speed: load that slows them defeats the point (SL: "move the weight fast").
POWER_NEXT_WEEK = "add height or load only while every rep stays fast; a slow rep ends the set"
STAGE_NEXT_WEEK: dict[Stage, str] = {
    LIGHT: "keep these light loads until the race",
    EASY_MOVEMENT: "",
}
DELOAD_NEXT_WEEK = "back to last week's loads"

Move = tuple[str, int, str]  # exercise name, sets, reps
_RANGE = re.compile(r"^(\d+)-(\d+)( s)?(.*)$")  # "5-8", "12-15", "30-45 s", "20-30 s/side"


class Prescription(NamedTuple):
    moves: list[Move]
    stage: Stage
    rir: int | None
    next_week: str


def read_range(reps: str, stage: Stage) -> str:
    """One end of a range, per the stage: "5-8" -> "5" in a heavier week; holds by their own reading."""
    match = _RANGE.match(reps)
    if match is None:
        return reps
    low, high, seconds, rest = match.groups()
    reading = stage.holds if seconds else stage.reps
    if reading == "as written":
        return reps
    return f"{low if reading == 'low' else high}{seconds or ''}{rest}"


def stage_of(phase: Phase, kind: StrengthKind, week_in_phase: int) -> Stage:
    # A phase outside the table (recovery weeks after the race) is "resetting, not rebuilding": race week's stage.
    stages = PROGRESSION.get((phase, GROUPS[kind])) or PROGRESSION[Phase.RACE_WEEK, GROUPS[kind]]
    return stages[min(max(week_in_phase, 1), len(stages)) - 1]


def deload_sets(sets: int) -> int:
    """Half, rounded down, never fewer than one: a deload must be clearly lighter than any week
    around it, even when a phase's first week brings a template with more exercises."""
    return max(1, sets // 2)


def prescribe(
    moves: Sequence[Move],
    kind: StrengthKind,
    phase: Phase,
    level: Level,
    equipment: Equipment,
    week_in_phase: int,
    *,
    cutback: bool = False,
    max_sets: int | None = None,
) -> Prescription:
    """This week's sets and reps for a template's moves, the reps in reserve, and next week's change.

    `max_sets` is any outside cap (level, phase); it applies before a deload halves the sets,
    so a deload is always lighter than the week it replaces.
    """
    stage = stage_of(phase, kind, week_in_phase)
    rule = LEVELS[level]
    most = stage.sets
    if rule.first_week_sets is not None and phase is Phase.BASE and week_in_phase <= 1 and GROUPS[kind] == "lift":
        most = min(most, rule.first_week_sets)
    prescribed: list[Move] = []
    for name, template_sets, reps in moves:
        extra = int(stage in rule.extra_set_in and template_sets >= 3)
        caps = [cap for cap in (most + extra, max_sets) if cap is not None]
        sets = min([template_sets + extra, *caps])
        prescribed.append((name, deload_sets(sets) if cutback else sets, read_range(reps, stage)))
    rir = None if stage.rir is None else (DELOAD_RIR if cutback else stage.rir + rule.extra_rir)
    if cutback:
        next_week = DELOAD_NEXT_WEEK
    elif stage in STAGE_NEXT_WEEK:
        next_week = STAGE_NEXT_WEEK[stage]
    elif kind is StrengthKind.POWER:
        next_week = POWER_NEXT_WEEK
    else:
        next_week = NEXT_WEEK[GROUPS[kind], equipment].format(rir=rir)
    return Prescription(prescribed, stage, rir, next_week)
