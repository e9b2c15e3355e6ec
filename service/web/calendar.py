"""The plan as the calendar page shows it: weeks of day cells, today, what changed, and version comparisons.

Plain data for the templates, computed from a Plan and the date "today" (passed
in, never read from the clock here, so tests can choose it).
"""

from dataclasses import dataclass, field
from datetime import date

from models.kinds import Phase
from models.plan import Day, DiffEntry, Plan, WeekSummary
from service.session_text import recovery_note
from service.web.chart import PHASE_NAMES, week_summaries

RUN_LABELS = {"easy": "Easy run", "quality": "Quality run", "long": "Long run", "race": "Race"}
STRENGTH_LABELS = {
    "heavy_lower": "Heavy lower",
    "power": "Power",
    "full_body": "Full body",
    "upper_core": "Upper & core",
    "isometric": "Isometric",
    "mobility": "Mobility",
}


# Past days a runner can report on from the calendar: the last two weeks. What happened before
# that is history the next weeks no longer hinge on, and a form on every past day of a long
# cycle would make the page heavy for a phone.
REPORT_DAYS = 14


@dataclass
class DayCell:
    day: Day
    today: bool
    past: bool
    unavailable: bool
    change: DiffEntry | None = None
    reportable: bool = False
    reported: Day | None = None  # what the previous version planned on a past day that went otherwise
    note: str | None = None  # after the race: what its recovery week is for


@dataclass
class WeekRow:
    number: int
    phase: Phase
    cells: list[DayCell | None]  # seven; None pads a short first week so weekdays line up
    summary: WeekSummary | None
    current: bool

    @property
    def phase_name(self) -> str:
        return PHASE_NAMES[self.phase]

    @property
    def flags(self) -> list[str]:
        if self.summary is None:
            return []
        s = self.summary
        return [name for name, on in (("cut-back", s.cutback), ("break", s.break_), ("return", s.return_)) if on]


@dataclass
class DayChange:
    """One day that differs between two versions."""

    date: date
    before: Day | None
    after: Day | None
    reasons: list[str] = field(default_factory=list)


def week_rows(plan: Plan, today: date, previous: Plan | None = None) -> list[WeekRow]:
    """The calendar's rows; with the version this one was re-planned from, the past days reported otherwise."""
    cycle = plan.request.cycle
    changes = {entry.date: entry for entry in plan.diff}
    reported = _reported(plan, previous)
    unavailable = set(plan.request.unavailable_dates)
    summaries = {s.week: s for s in week_summaries(plan)}
    rows: dict[int, WeekRow] = {}
    for day in plan.days:
        if not cycle.contains(day.date):
            continue
        week = cycle.week_of(cycle.index_of(day.date))
        row = rows.get(week.number)
        if row is None:
            row = rows[week.number] = WeekRow(
                number=week.number,
                phase=week.phase,
                cells=[None] * (7 - len(week.days)),
                summary=summaries.get(week.number),
                current=cycle.date_of(week.first) <= today <= cycle.date_of(week.last),
            )
        cell = DayCell(
            day=day,
            today=day.date == today,
            past=day.date < today,
            unavailable=day.date in unavailable,
            change=changes.get(day.date),
            reportable=0 < (today - day.date).days <= REPORT_DAYS,
            reported=reported.get(day.date),
            note=recovery_note(cycle, day.date),
        )
        row.cells.append(cell)
    return [rows[n] for n in sorted(rows)]


def phase_legend(plan: Plan) -> list[tuple[Phase, str]]:
    """The plan's phases in order, each with the name its colour stands for."""
    return [(span.name, PHASE_NAMES[span.name]) for span in plan.phases]


def weekday_headers(rows: list[WeekRow]) -> list[str]:
    """Column names from the last (always full) week: weeks run back from race day and recovery weeks are whole
    weeks after it, so columns keep their weekday."""
    if not rows:
        return []
    return [cell.day.date.strftime("%a") if cell else "" for cell in rows[-1].cells]


def compare(before: Plan, after: Plan) -> list[DayChange]:
    """Every day whose sessions differ between two versions, with the later version's reasons when it has them."""
    old = {day.date: day for day in before.days}
    new = {day.date: day for day in after.days}
    reasons = (
        {entry.date: entry.reasons for entry in after.diff} if after.replanned_from_version == before.version else {}
    )
    changes = []
    for when in sorted(old.keys() | new.keys()):
        a, b = old.get(when), new.get(when)
        if _sessions(a) != _sessions(b):
            changes.append(DayChange(date=when, before=a, after=b, reasons=reasons.get(when, [])))
    return changes


def _reported(plan: Plan, previous: Plan | None) -> dict[date, Day]:
    """Days before the re-plan's as_of whose sessions differ from the previous version: reported missed or changed."""
    if previous is None or plan.as_of is None:
        return {}
    before = {day.date: day for day in previous.days if day.date < plan.as_of}
    return {
        day.date: before[day.date]
        for day in plan.days
        if day.date in before and _sessions(day) != _sessions(before[day.date])
    }


def _sessions(day: Day | None) -> tuple[object, ...]:
    if day is None:
        return ()
    run = (day.run.kind, day.run.minutes) if day.run else None
    strength = (day.strength.kind, day.strength.minutes) if day.strength else None
    return run, strength
