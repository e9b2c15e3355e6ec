"""What the weekly rules ask of a week, by phase and level: the quality runs and the lifts it holds."""

from models.calendar import Week
from models.kinds import Level, Phase

# Recovery weeks ask for neither: R-RECOVERY sets their own bounds.
QUALITY_PER_WEEK = {Phase.BASE: 1, Phase.BUILD: 2, Phase.TAPER: 1, Phase.RACE_WEEK: 0, Phase.RECOVERY: 0}
STRENGTH_PER_WEEK = {Phase.BUILD: 2, Phase.TAPER: 1, Phase.RACE_WEEK: 0, Phase.RECOVERY: 0}


def quality_target(phase: Phase, level: Level) -> int:
    """R-QUALITY-FREQ: quality runs a week by phase; a beginner at most one."""
    cap = 1 if level == Level.BEGINNER else 2
    return min(QUALITY_PER_WEEK[phase], cap)


def strength_target(week: Week, n_base_weeks: int, level: Level) -> int:
    """Counted strength sessions a week: base 3 in its first half (beginners 2), then 2; build 2; taper 1."""
    if week.phase != Phase.BASE:
        return STRENGTH_PER_WEEK[week.phase]
    if level == Level.BEGINNER:
        return 2
    return 3 if week.phase_week <= -(-n_base_weeks // 2) else 2
