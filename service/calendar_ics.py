"""A plan as an RFC 5545 calendar: one all-day event per session.

UIDs are stable across versions (plan id + date + slot), and SEQUENCE is the
plan version, so a calendar app that imports or subscribes to the file again
after a re-plan updates the events in place instead of duplicating them.
"""

import hashlib
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from models.plan import Day, Plan
from service.session_text import recovery_note, run_lines, run_title, strength_lines, strength_title

PRODID = "-//runlift//training plan//EN"


def plan_to_ics(plan: Plan, plan_id: str | None = None, *, stamp: datetime | None = None) -> bytes:
    """The plan as iCalendar bytes; `stamp` (DTSTAMP) defaults to now, in UTC."""
    base = plan_id or plan.id or _request_digest(plan)
    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_name(plan))
    cycle = plan.request.cycle
    for day in plan.days:
        # The description is what a phone shows on the way out: the pace, or the exercises as sets x reps;
        # after the race, first what the recovery week is for.
        note = recovery_note(cycle, day.date)
        context = [note] if note else []
        if day.run is not None:
            text = "\n".join(context + run_lines(day.run))
            calendar.add_component(_event(day, "run", run_title(day.run), text, base, plan, stamp))
        if day.strength is not None:
            text = "\n".join(context + strength_lines(day.strength))
            calendar.add_component(_event(day, "strength", strength_title(day.strength), text, base, plan, stamp))
    return calendar.to_ical()


def calendar_name(plan: Plan) -> str:
    """ "runlift: marathon on 2027-06-20, then 2 recovery weeks"."""
    request = plan.request
    name = f"runlift: {request.race_distance} on {request.race_date}"
    weeks = request.recovery_weeks
    return name + (f", then {weeks} recovery week{'s' if weeks != 1 else ''}" if weeks else "")


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


def _request_digest(plan: Plan) -> str:
    # A plan outside the service (the CLI) has no id; its request stays the same
    # across re-plans, so its digest is just as stable.
    return hashlib.sha256(plan.request.model_dump_json().encode()).hexdigest()[:16]
