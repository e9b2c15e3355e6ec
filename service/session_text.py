"""A session in the words a runner reads: one title and a few lines, for the calendar and the docs.

Pure functions over the plan's sessions: what a phone calendar shows on the way
out the door (how long, how far, how fast; the exercises as sets x reps).
"""

from datetime import date

from models.calendar import Cycle
from models.kinds import Phase, RunKind
from models.plan import RunPace, RunSession, StrengthSession

RUN_TITLES: dict[RunKind, str] = {
    RunKind.EASY: "Easy run",
    RunKind.QUALITY: "Quality run",
    RunKind.LONG: "Long run",
    RunKind.RACE: "Race",
}


def with_notes(title: str, notes: list[str]) -> str:
    return f"{title} ({', '.join(notes)})" if notes else title


def run_title(run: RunSession) -> str:
    """ "Easy run (40 min, 6.4 km)"."""
    notes = [f"{run.minutes} min"] if run.minutes is not None else []
    if run.distance_km is not None:
        notes.append(f"{run.distance_km:g} km")
    return with_notes(RUN_TITLES[run.kind], notes)


def pace_text(pace: RunPace) -> str:
    """ "5:53-6:38/km (9:28-10:41/mi)"."""
    text = "-".join(pace.min_per_km) + "/km"
    return text + (f" ({'-'.join(pace.min_per_mile)}/mi)" if pace.min_per_mile else "")


def run_lines(run: RunSession) -> list[str]:
    """What to do, then the target pace and, for the race, the predicted finish."""
    lines = [run.description] if run.description else []
    if run.pace is not None:
        lines.append(f"Pace: {pace_text(run.pace)}")
    if run.predicted_time is not None:
        lines.append(f"Predicted finish: {run.predicted_time}")
    return lines


def strength_title(session: StrengthSession) -> str:
    """ "Strength: heavy_lower (45 min, after the run)"."""
    notes = [f"{session.minutes} min"] if session.minutes is not None else []
    if session.after_run:
        notes.append("after the run")  # R-ONE-PER-DAY: run hard first, lift after
    return with_notes(f"Strength: {session.kind}", notes)


def strength_lines(session: StrengthSession) -> list[str]:
    """The cue (this week's effort and next week's change), then one exercise a line as sets x reps."""
    lines = [session.description] if session.description else []
    return lines + [f"{exercise.name} {exercise.sets}x{exercise.reps}" for exercise in session.exercises]


# R-RECOVERY in a runner's words: the race is over, and the weeks after it only let the body
# come back ("You're resetting, not rebuilding").
RECOVERY_WEEK_NOTE = (
    "Recovery week {number} of {count} after the race: short easy runs, and lifts only holds, "
    "upper body and core, or mobility; you are resetting, not rebuilding."
)
DAYS_OFF = ("first", "second")  # R-RECOVERY: the 2 days after the race are free
DAY_OFF_NOTE = "The {which} day after the race: no run, and no lifting beyond mobility."


def recovery_week_note(cycle: Cycle, day: date) -> str | None:
    """What the recovery week of a day after the race is for; None up to race day."""
    if not cycle.race < day <= cycle.end:
        return None
    week = cycle.week_of(cycle.index_of(day))
    assert week.phase is Phase.RECOVERY  # every day after race day lies in a recovery week
    return RECOVERY_WEEK_NOTE.format(number=week.phase_week, count=cycle.recovery_weeks)


def day_off_note(cycle: Cycle, day: date) -> str | None:
    """For the days right after the race, that they stay free; None for any other day."""
    after = (day - cycle.race).days
    if not 0 < after <= len(DAYS_OFF) or day > cycle.end:
        return None
    return DAY_OFF_NOTE.format(which=DAYS_OFF[after - 1])


def recovery_note(cycle: Cycle, day: date) -> str | None:
    """Both notes of a day after the race, for a calendar event that stands alone."""
    notes = [note for note in (recovery_week_note(cycle, day), day_off_note(cycle, day)) if note]
    return " ".join(notes) or None
