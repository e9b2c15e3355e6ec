"""The checker's own reading of a cycle: phases, the race's cut-off days and disrupted weeks.

Plain calendar arithmetic (day index, weekday, where race day and the plan's
last day fall) comes from `models.calendar.Cycle`: it is bookkeeping, not
coaching. Which block is base, taper or recovery, how many days before the race
heavy work stops, and which weeks are disrupted are rules, so the checker reads
them from RULES.md itself here instead of asking the model the solver builds from.

Training weeks are 7-day blocks counted back from race day; the `recovery_weeks`
the request asks for follow it as whole 7-day blocks, their numbers going on
after race week ("After the race").
"""

from dataclasses import dataclass
from datetime import date

from models.calendar import Cycle
from models.kinds import Phase, RaceDistance

# RULES.md, "Vocabulary": the taper is 3 weeks, or 2 when the cycle is under 12 weeks.
SHORT_CYCLE_WEEKS = 12
TAPER_WEEKS = 3
SHORT_TAPER_WEEKS = 2

# R-TAPER-CUTOFF: "No heavy lifting within 10 days of a marathon or 5-7 days for shorter races".
HEAVY_LOWER_CUTOFF_DAYS: dict[RaceDistance, int] = {
    RaceDistance.MARATHON: 10,
    RaceDistance.ULTRA: 10,
    RaceDistance.HALF: 7,
    RaceDistance.TEN_K: 5,
    RaceDistance.FIVE_K: 5,
}
# R-TAPER-CUTOFF: "no heavy work within five days of race day": no leg-loading strength in the last 5 days.
LEG_FREE_LAST_DAYS = 5


@dataclass(frozen=True)
class PlanWeek:
    """One 7-day block of the cycle (week 1 may be partial) and the phase the rules give it."""

    number: int  # 1-based
    first: int  # cycle index of its first day
    last: int  # cycle index of its last day, inclusive
    phase: Phase
    phase_week: int  # 1-based position inside its phase
    phase_length: int  # weeks in its phase

    @property
    def days(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def full(self) -> bool:
        return self.last - self.first == 6


def training_week_count(cycle: Cycle) -> int:
    """Weeks up to and including race week: the blocks of 7 that race day ends (week 1 may be partial)."""
    return -(-(cycle.race_index + 1) // 7)


def phase_sequence(n_weeks: int) -> list[Phase]:
    """Each week's phase: race week last, the taper before it, base and build halve the rest (base gets the odd one)."""
    taper = SHORT_TAPER_WEEKS if n_weeks < SHORT_CYCLE_WEEKS else TAPER_WEEKS
    rest = n_weeks - 1 - taper
    build = rest // 2
    base = rest - build
    return [Phase.BASE] * base + [Phase.BUILD] * build + [Phase.TAPER] * taper + [Phase.RACE_WEEK]


def plan_weeks(cycle: Cycle) -> tuple[PlanWeek, ...]:
    """Every week of the plan: the training weeks, then the recovery weeks after race day."""
    n_training = training_week_count(cycle)
    phases = phase_sequence(n_training) + [Phase.RECOVERY] * cycle.recovery_weeks
    weeks = []
    for number, phase in enumerate(phases, start=1):
        last = cycle.race_index + 7 * (number - n_training)
        first_of_phase = phases.index(phase)
        weeks.append(
            PlanWeek(
                number=number,
                first=max(0, last - 6),
                last=last,
                phase=phase,
                phase_week=number - first_of_phase,
                phase_length=phases.count(phase),
            )
        )
    return tuple(weeks)


def week_number_of(cycle: Cycle, index: int) -> int:
    """The week holding a plan day: blocks of 7 counted back from race day, and on after it.

    After race day the days before the race are negative, and floor division
    puts race day + 1 to + 7 in the week after race week, + 8 in the next.
    """
    return training_week_count(cycle) - (cycle.race_index - index) // 7


def disrupted_week_numbers(
    cycle: Cycle, weeks: tuple[PlanWeek, ...], unavailable: list[date], as_of: date | None
) -> set[int]:
    """Weeks whose weekly minimums are soft: the partial first week, a week with an unavailable date,
    and every week up to the one holding a re-plan's as_of (missed work cannot always be made up),
    recovery weeks included."""
    disrupted = {week.number for week in weeks if not week.full}
    disrupted |= {week_number_of(cycle, cycle.index_of(d)) for d in unavailable if cycle.contains(d)}
    if as_of is not None and as_of >= cycle.start:
        last = len(weeks) if as_of > cycle.end else week_number_of(cycle, cycle.index_of(as_of))
        disrupted |= set(range(1, last + 1))
    return disrupted
