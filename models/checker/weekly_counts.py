"""How many sessions of a kind a week holds, by phase (R-QUALITY-FREQ, R-STRENGTH-FREQ), as RULES.md states them."""

from models.checker.calendar import PlanWeek
from models.kinds import Level, Phase

# R-QUALITY-FREQ: quality runs a week by phase (a beginner gets at most 1).
QUALITY_PER_WEEK: dict[Phase, int] = {Phase.BASE: 1, Phase.BUILD: 2, Phase.TAPER: 1, Phase.RACE_WEEK: 0}
BEGINNER_MOST_QUALITY = 1

# R-STRENGTH-FREQ: counted sessions a week by phase; the first half of base lifts more (see `strength_target`).
STRENGTH_PER_WEEK: dict[Phase, int] = {Phase.BASE: 2, Phase.BUILD: 2, Phase.TAPER: 1, Phase.RACE_WEEK: 0}
EARLY_BASE_STRENGTH = 3

# R-RUNS-PER-WEEK: race week keeps min(3, runs_per_week) running days, race included.
RACE_WEEK_LEAST_RUNS = 3


def quality_target(phase: Phase, level: Level) -> int:
    target = QUALITY_PER_WEEK[phase]
    return min(target, BEGINNER_MOST_QUALITY) if level == Level.BEGINNER else target


def strength_target(week: PlanWeek, level: Level) -> int:
    """Start with 3 strength sessions, then taper to 2 as the mileage creeps up (beginners 2 throughout)."""
    early_base = week.phase == Phase.BASE and week.phase_week <= -(-week.phase_length // 2)
    if early_base and level != Level.BEGINNER:
        return EARLY_BASE_STRENGTH
    return STRENGTH_PER_WEEK[week.phase]
