"""A plan as an RFC 5545 calendar: one all-day event per session.

UIDs are stable across versions (plan id + date + slot), and SEQUENCE is the
plan version, so a calendar app that imports or subscribes to the file again
after a re-plan updates the events in place instead of duplicating them.
"""

import hashlib
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from models.kinds import RunKind
from models.plan import Day, Plan, RunSession, StrengthSession

PRODID = "-//runlift//training plan//EN"

_RUN_TITLES: dict[RunKind, str] = {
    RunKind.EASY: "Easy run",
    RunKind.QUALITY: "Quality run",
    RunKind.LONG: "Long run",
    RunKind.RACE: "Race",
}


def plan_to_ics(plan: Plan, plan_id: str | None = None, *, stamp: datetime | None = None) -> bytes:
    """The plan as iCalendar bytes; `stamp` (DTSTAMP) defaults to now, in UTC."""
    base = plan_id or plan.id or _request_digest(plan)
    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"runlift: {plan.request.race_distance} on {plan.request.race_date}")
    for day in plan.days:
        if day.run is not None:
            calendar.add_component(_event(day, "run", _run_summary(day.run), day.run.description, base, plan, stamp))
        if day.strength is not None:
            summary, description = _strength_text(day.strength)
            calendar.add_component(_event(day, "strength", summary, description, base, plan, stamp))
    return calendar.to_ical()


def event_uid(base: str, day: date, slot: str) -> str:
    return f"{base}-{day:%Y%m%d}-{slot}@runlift"


def _event(day: Day, slot: str, summary: str, description: str, base: str, plan: Plan, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", event_uid(base, day.date, slot))
    event.add("dtstamp", stamp)
    event.add("dtstart", day.date)
    event.add("dtend", day.date + timedelta(days=1))  # all-day: DTEND is the exclusive next day
    event.add("sequence", plan.version)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("categories", [slot])
    event.add("transp", "TRANSPARENT")  # training does not make the athlete busy for meetings
    return event


def _run_summary(run: RunSession) -> str:
    notes = [f"{run.minutes} min"] if run.minutes is not None else []
    return _with_notes(_RUN_TITLES[run.kind], notes)


def _strength_text(session: StrengthSession) -> tuple[str, str]:
    notes = [f"{session.minutes} min"] if session.minutes is not None else []
    if session.after_run:
        notes.append("after the run")  # R-ONE-PER-DAY: run hard first, lift after
    summary = _with_notes(f"Strength: {session.kind}", notes)
    lines = [session.description] if session.description else []
    lines += [f"{exercise.name} {exercise.sets}x{exercise.reps}" for exercise in session.exercises]
    return summary, "\n".join(lines)


def _with_notes(title: str, notes: list[str]) -> str:
    return f"{title} ({', '.join(notes)})" if notes else title


def _request_digest(plan: Plan) -> str:
    # A plan outside the service (the CLI) has no id; its request stays the same
    # across re-plans, so its digest is just as stable.
    return hashlib.sha256(plan.request.model_dump_json().encode()).hexdigest()[:16]
