"""One week of a plan in the words a runner reads; the README's example week is printed from here.

scripts/readme_examples.py puts `example_week()` in the README (block `paces-week`),
and tests/test_readme.py holds the README to it, so the docs cannot drift.
"""

import textwrap
from collections.abc import Sequence
from datetime import timedelta

from models.calendar import Cycle
from models.kinds import RunKind, StrengthKind
from models.plan import Day, TrainingPaces
from models.request import PlanRequest
from service.session_text import (
    day_off_note,
    recovery_week_note,
    run_lines,
    run_title,
    strength_lines,
    strength_title,
)
from solver.content import paced_run_session, strength_session
from solver.paces import plan_paces

WIDTH = 100
DATE_WIDTH = len("Mon 19 Apr  ")
INDENT = " " * (DATE_WIDTH + 2)


def paces_text(paces: TrainingPaces) -> str:
    return (
        f"VDOT {paces.vdot:.1f}: easy {'-'.join(paces.easy)}/km, marathon {paces.marathon}, "
        f"threshold {paces.threshold}, interval {paces.interval}, repetition {paces.repetition}."
    )


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=INDENT, subsequent_indent=INDENT)


def day_text(day: Day, cycle: Cycle | None = None) -> list[str]:
    """A day: the run first, then the lift after it (R-ONE-PER-DAY), or rest; with the cycle, a day
    right after the race also says it stays free."""
    head = f"{day.date:%a %d %b}".ljust(DATE_WIDTH)
    off = day_off_note(cycle, day.date) if cycle else None
    after = _wrapped(off) if off else []
    if day.run is None and day.strength is None:
        return [head + "Rest", *after]
    lines = []
    if day.run is not None:
        lines.append(head + run_title(day.run))
        for line in run_lines(day.run):
            lines += _wrapped(line)
    if day.strength is not None:
        title = strength_title(day.strength)
        lines.append((head if day.run is None else " " * DATE_WIDTH) + title)
        # The cue on its own line, the exercises together on the next (a hand-made session may have neither).
        cue = [day.strength.description] if day.strength.description else []
        exercises = strength_lines(day.strength)[len(cue) :]
        for text in [*cue, "; ".join(exercises)]:
            lines += _wrapped(text)
    return lines[:1] + after + lines[1:]  # the day's purpose right under its date, before the details


def week_text(days: Sequence[Day], paces: TrainingPaces | None, cycle: Cycle | None = None) -> str:
    """The week day by day; with the cycle, a recovery week first says what it is for."""
    lines = [] if paces is None else [*textwrap.wrap("Paces: " + paces_text(paces), WIDTH), ""]
    note = recovery_week_note(cycle, days[0].date) if cycle and days else None
    if note:
        lines += [*textwrap.wrap(note, WIDTH), ""]
    for day in days:
        lines += day_text(day, cycle)
    return "\n".join(lines)


# The README's example: week 8 of a 16-week marathon plan (build, its second week), an
# intermediate lifter at the gym who ran a 10K in 50:00 in February. The weekday pattern is
# one the planner gives such a runner; the minutes are a plausible build week.
EXAMPLE_REQUEST = {
    "start_date": "2027-03-01",
    "weeks": 16,
    "race_distance": "marathon",
    "recent_race": {"distance": "10k", "time": "50:00", "date": "2027-02-14"},
}
EXAMPLE_WEEK = 8
EXAMPLE_DAYS: tuple[tuple[RunKind | None, int, StrengthKind | None], ...] = (
    (None, 0, None),
    (RunKind.QUALITY, 60, StrengthKind.POWER),
    (RunKind.EASY, 45, StrengthKind.MOBILITY),
    (RunKind.EASY, 40, StrengthKind.UPPER_CORE),
    (None, 0, None),
    (RunKind.EASY, 35, None),
    (RunKind.LONG, 120, None),
)


def example_week() -> str:
    request = PlanRequest.model_validate(EXAMPLE_REQUEST)
    cycle = request.cycle
    week = cycle.weeks[EXAMPLE_WEEK - 1]
    days = []
    for offset, (run, minutes, lift) in enumerate(EXAMPLE_DAYS):
        index = week.first + offset
        days.append(
            Day(
                date=cycle.start + timedelta(days=index),
                week=week.number,
                phase=week.phase,
                run=None if run is None else paced_run_session(run, week.phase, request, minutes),
                strength=None
                if lift is None
                else strength_session(lift, week.phase, request, run is not None, week_in_phase=week.phase_week),
            )
        )
    return week_text(days, plan_paces(request))


if __name__ == "__main__":
    print(example_week())
