"""Calendar arithmetic of a cycle, in one place.

Weeks are 7-day blocks counted back from race day, as coaches lay out plans
(docs/rules.md, "Words the rules use"): the race ends the last training week and,
when the cycle is not a whole number of weeks, week 1 is a partial block. The
recovery weeks a request asks for follow race day as whole 7-day blocks.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from models.kinds import Phase, RaceDistance, Weekday

# R-TAPER-CUTOFF: no heavy_lower within this many days before race day.
HEAVY_CUTOFF_DAYS: dict[RaceDistance, int] = {
    RaceDistance.MARATHON: 10,
    RaceDistance.ULTRA: 10,
    RaceDistance.HALF: 7,
    RaceDistance.TEN_K: 5,
    RaceDistance.FIVE_K: 5,
}
# R-TAPER-CUTOFF: no leg-loading strength at all in the last 5 days.
NO_LEGS_LAST_DAYS = 5


@dataclass(frozen=True)
class Week:
    number: int  # 1-based, week 1 is the first (possibly partial) block; recovery weeks follow race week
    first: int  # index of its first day in the cycle
    last: int  # index of its last day, inclusive
    phase: Phase
    phase_week: int  # 1-based position of this week inside its phase

    @property
    def days(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def full(self) -> bool:
        return self.last - self.first == 6


@dataclass(frozen=True)
class Cycle:
    """The days of a plan: `start` to race day, then `recovery_weeks` whole weeks after it."""

    start: date
    race: date
    recovery_weeks: int = 0

    @cached_property
    def race_index(self) -> int:
        return (self.race - self.start).days

    @cached_property
    def end(self) -> date:
        """The plan's last day: race day, or the last day of its last recovery week."""
        return self.race + timedelta(weeks=self.recovery_weeks)

    @cached_property
    def n_days(self) -> int:
        """Every day of the plan, recovery weeks included."""
        return self.race_index + 1 + 7 * self.recovery_weeks

    @cached_property
    def n_training_weeks(self) -> int:
        """Weeks up to and including race week."""
        return -(-(self.race_index + 1) // 7)

    @cached_property
    def n_weeks(self) -> int:
        return self.n_training_weeks + self.recovery_weeks

    def date_of(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def index_of(self, day: date) -> int:
        return (day - self.start).days

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def weekday_of(self, index: int) -> Weekday:
        return Weekday.of(self.date_of(index).weekday())

    def days_before_race(self, index: int) -> int:
        """Negative after race day."""
        return self.race_index - index

    @cached_property
    def phase_lengths(self) -> dict[Phase, int]:
        """Weeks per phase: race week last, taper before it, base/build split the rest; recovery after the race."""
        taper = 2 if self.n_training_weeks < 12 else 3
        rest = self.n_training_weeks - 1 - taper
        build = rest // 2
        return {
            Phase.BASE: rest - build,
            Phase.BUILD: build,
            Phase.TAPER: taper,
            Phase.RACE_WEEK: 1,
            Phase.RECOVERY: self.recovery_weeks,
        }

    @cached_property
    def weeks(self) -> tuple[Week, ...]:
        phases = [phase for phase, count in self.phase_lengths.items() for _ in range(count)]
        weeks = []
        for number in range(1, self.n_weeks + 1):
            last = self.race_index + 7 * (number - self.n_training_weeks)
            phase = phases[number - 1]
            phase_week = number - phases.index(phase)
            weeks.append(Week(number, max(0, last - 6), last, phase, phase_week))
        return tuple(weeks)

    @cached_property
    def race_week(self) -> Week:
        return self.weeks[self.n_training_weeks - 1]

    @cached_property
    def recovery(self) -> tuple[Week, ...]:
        """The recovery weeks after race day, in order (none unless the request asks)."""
        return self.weeks[self.n_training_weeks :]

    def week_of(self, index: int) -> Week:
        return self.weeks[self.n_training_weeks - 1 + (index - self.race_index + 6) // 7]

    def phase_spans(self) -> list[tuple[Phase, date, date]]:
        spans: list[tuple[Phase, date, date]] = []
        for week in self.weeks:
            if spans and spans[-1][0] == week.phase:
                spans[-1] = (week.phase, spans[-1][1], self.date_of(week.last))
            else:
                spans.append((week.phase, self.date_of(week.first), self.date_of(week.last)))
        return spans

    def disrupted_weeks(self, unavailable: Iterable[date] = (), as_of: date | None = None) -> set[int]:
        """Week numbers whose weekly minimums are soft (docs/rules.md, "disrupted weeks").

        A week is disrupted when it is the partial first week, holds an
        unavailable date, or holds the re-plan's `as_of` or lies before it.
        """
        disrupted = {week.number for week in self.weeks if not week.full}
        disrupted |= {self.week_of(self.index_of(d)).number for d in unavailable if self.contains(d)}
        if as_of is not None:
            if as_of > self.end:
                disrupted |= {week.number for week in self.weeks}
            elif as_of >= self.start:
                current = self.week_of(self.index_of(as_of)).number
                disrupted |= set(range(1, current + 1))
        return disrupted
