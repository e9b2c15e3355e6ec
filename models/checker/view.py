"""The plan as the checks read it, and the small helpers every check's message uses."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from models.calendar import Cycle
from models.checker.calendar import PlanWeek, disrupted_week_numbers, plan_weeks, week_number_of
from models.kinds import Phase, RunKind, StrengthKind
from models.plan import Day, Violation
from models.request import PlanRequest

# RULES.md, "Vocabulary", read again here rather than shared with the solver: a wrong set would fool both.
# A hard day holds a quality, long or race run, or a heavy_lower or power session.
HARD_RUNS = frozenset({RunKind.QUALITY, RunKind.LONG, RunKind.RACE})
HARD_LIFTS = frozenset({StrengthKind.HEAVY_LOWER, StrengthKind.POWER})
# Leg-loading strength: the sessions that tire the legs for the next run.
LEG_LOADING = frozenset({StrengthKind.HEAVY_LOWER, StrengthKind.POWER, StrengthKind.FULL_BODY})
# A counted strength session: any kind but mobility.
COUNTED_STRENGTH = frozenset(StrengthKind) - {StrengthKind.MOBILITY}


@dataclass
class PlanView:
    """The plan as the checks read it: kinds by cycle day index, and which days are still open."""

    request: PlanRequest
    days: list[Day]
    as_of: date | None = None
    by_index: dict[int, Day] = field(init=False)

    def __post_init__(self) -> None:
        # First entry wins; duplicates and stray dates are R-ONE-PER-DAY's business.
        self.by_index = {}
        for day in self.days:
            if self.cycle.contains(day.date):
                self.by_index.setdefault(self.cycle.index_of(day.date), day)

    @cached_property
    def cycle(self) -> Cycle:
        return self.request.cycle

    @cached_property
    def weeks(self) -> tuple[PlanWeek, ...]:
        return plan_weeks(self.cycle)

    @cached_property
    def first_open(self) -> int:
        """Index of the first day that is not history (0 without as_of, n_days when all is past).

        n_days counts every day of the plan, so as_of may fall in a recovery week."""
        if self.as_of is None:
            return 0
        return min(max(self.cycle.index_of(self.as_of), 0), self.cycle.n_days)

    @cached_property
    def disrupted(self) -> set[int]:
        return disrupted_week_numbers(self.cycle, self.weeks, self.request.unavailable_dates, self.as_of)

    @cached_property
    def race_index(self) -> int:
        return self.cycle.race_index

    def week_of(self, i: int) -> PlanWeek:
        return self.weeks[week_number_of(self.cycle, i) - 1]

    def date(self, i: int) -> date:
        return self.cycle.date_of(i)

    def run(self, i: int) -> RunKind | None:
        day = self.by_index.get(i)
        return day.run.kind if day is not None and day.run is not None else None

    def run_minutes(self, i: int) -> int | None:
        day = self.by_index.get(i)
        return day.run.minutes if day is not None and day.run is not None else None

    def strength(self, i: int) -> StrengthKind | None:
        day = self.by_index.get(i)
        return day.strength.kind if day is not None and day.strength is not None else None

    def is_hard(self, i: int) -> bool:
        return self.run(i) in HARD_RUNS or self.strength(i) in HARD_LIFTS

    def legs(self, i: int) -> bool:
        return self.strength(i) in LEG_LOADING

    def counted(self, i: int) -> bool:
        return self.strength(i) in COUNTED_STRENGTH

    def is_open(self, i: int) -> bool:
        return i >= self.first_open

    def open_days(self) -> range:
        """Days a per-day rule is checked on."""
        return range(self.first_open, self.cycle.n_days)

    def open_pairs(self) -> range:
        """First days of the (d, d+1) pairs with at least one open day."""
        return range(max(self.first_open - 1, 0), self.cycle.n_days - 1)

    def open_weeks(self) -> Iterator[PlanWeek]:
        """Weeks with at least one open day."""
        return (week for week in self.weeks if week.last >= self.first_open)

    def open_training_weeks(self) -> Iterator[PlanWeek]:
        """Open weeks up to race week: the phase rules' weekly counts do not reach the recovery weeks (R-RECOVERY)."""
        return (week for week in self.open_weeks() if week.phase != Phase.RECOVERY)

    def open_recovery_weeks(self) -> Iterator[PlanWeek]:
        """Open weeks after race day."""
        return (week for week in self.open_weeks() if week.phase == Phase.RECOVERY)

    def describe(self, i: int) -> str:
        return describe_kinds(self.run(i), self.strength(i))

    def week_label(self, week: PlanWeek) -> str:
        return f"week {week.number} ({phase_name(week.phase)}, {self.date(week.first)} to {self.date(week.last)})"


def describe_kinds(run: RunKind | None, strength: StrengthKind | None) -> str:
    parts = ([f"{run} run"] if run else []) + ([str(strength)] if strength else [])
    return " + ".join(parts) or "rest"


def plural(count: int, noun: str) -> str:
    if count == 0:
        return f"no {noun}s"
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def phase_name(phase: Phase) -> str:
    return phase.replace("_", " ")


def weekly_count(
    view: PlanView,
    rule: str,
    week: PlanWeek,
    noun: str,
    matches: Callable[[int], bool],
    low: int | None,
    high: int | None,
    forced: int = 0,
) -> list[Violation]:
    """One weekly count against its bounds: lower bounds are skipped in a disrupted week, upper bounds never.

    In a re-plan, the week holding as_of may already hold more than the bound; the
    rest of it may add nothing but the `forced` sessions (the race itself).
    """
    hits = [i for i in week.days if matches(i)]
    if high is not None:
        done_before = sum(1 for i in hits if i < view.first_open)
        allowed = max(high, done_before + forced)
        if len(hits) > allowed:
            return [
                Violation(
                    rule=rule,
                    dates=[view.date(i) for i in hits],
                    detail=f"{view.week_label(week)} has {plural(len(hits), noun)}; "
                    + (f"at most {allowed} allowed" if allowed else "none allowed"),
                )
            ]
    if low is not None and week.number not in view.disrupted and len(hits) < low:
        return [
            Violation(
                rule=rule,
                dates=[view.date(i) for i in week.days],
                detail=f"{view.week_label(week)} has {plural(len(hits), noun)}; at least {low} needed",
            )
        ]
    return []
