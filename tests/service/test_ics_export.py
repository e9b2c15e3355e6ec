"""The ICS export: one all-day event per session, stable UIDs, and a file two parsers accept."""

from datetime import UTC, date, datetime

import ics
from handmade_plans import handmade_plan, session_count
from icalendar import Calendar

from models.kinds import RunKind
from models.plan import Plan, RunSession
from service.calendar_ics import PRODID, event_uid, plan_to_ics
from solver.content import paced_run_session, strength_session

STAMP = datetime(2027, 2, 1, 12, 0, tzinfo=UTC)


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_one_event_per_session() -> None:
    plan = handmade_plan()
    found = events(plan_to_ics(plan, "abc"))
    assert len(found) == session_count(plan) > 0
    # a run and a lift on one day are two events
    tuesday = [e for e in found if e.decoded("dtstart") == date(2027, 3, 2)]
    assert {str(e["summary"]) for e in tuesday} == {
        "Quality run (50 min)",
        "Strength: heavy_lower (45 min, after the run)",
    }


def test_description_lists_the_exercises() -> None:
    found = events(plan_to_ics(handmade_plan(), "abc"))
    lift = next(e for e in found if str(e["uid"]) == event_uid("abc", date(2027, 3, 2), "strength"))
    assert "Back squat 3x5-8" in str(lift["description"])
    run = next(e for e in found if str(e["uid"]) == event_uid("abc", date(2027, 3, 2), "run"))
    assert str(run["description"]) == "quality run"


def test_events_are_all_day() -> None:
    for event in events(plan_to_ics(handmade_plan(), "abc")):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is date and type(end) is date
        assert (end - start).days == 1


def test_uids_are_stable_across_versions_and_sequence_is_the_version() -> None:
    first = handmade_plan()
    second = first.model_copy(update={"version": 2})
    second.days[1] = second.days[1].model_copy(update={"run": RunSession(kind=RunKind.EASY, minutes=30)})
    old = {str(e["uid"]): e for e in events(plan_to_ics(first, "abc"))}
    new = {str(e["uid"]): e for e in events(plan_to_ics(second, "abc"))}
    assert old.keys() == new.keys()
    uid = event_uid("abc", second.days[1].date, "run")
    assert str(new[uid]["summary"]) == "Easy run (30 min)"
    assert {int(e["sequence"]) for e in new.values()} == {2}


def test_uids_differ_between_plans_and_are_unique() -> None:
    plan = handmade_plan()
    a = [str(e["uid"]) for e in events(plan_to_ics(plan, "a"))]
    b = [str(e["uid"]) for e in events(plan_to_ics(plan, "b"))]
    assert len(set(a)) == len(a)
    assert not set(a) & set(b)


def test_without_an_id_the_uid_comes_from_the_request() -> None:
    plan = handmade_plan()
    once, again = plan_to_ics(plan, stamp=STAMP), plan_to_ics(plan.model_copy(update={"version": 3}), stamp=STAMP)
    assert [str(e["uid"]) for e in events(once)] == [str(e["uid"]) for e in events(again)]


def test_a_second_parser_reads_every_event() -> None:
    plan = handmade_plan()
    data = plan_to_ics(plan, "abc", stamp=STAMP)
    calendar = ics.Calendar(data.decode())
    assert len(calendar.events) == session_count(plan)
    assert all(event.all_day for event in calendar.events)
    assert {e.uid for e in calendar.events} == {str(e["uid"]) for e in events(data)}


def test_icalendar_round_trip_is_exact() -> None:
    data = plan_to_ics(handmade_plan(), "abc", stamp=STAMP)
    assert Calendar.from_ical(data).to_ical() == data


def test_rfc5545_framing() -> None:
    """CRLF line ends, lines of at most 75 octets, and the required properties."""
    data = plan_to_ics(handmade_plan(), "abc", stamp=STAMP)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and len(line) <= 75 for line in lines)
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    calendar = Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == PRODID
    for event in calendar.walk("VEVENT"):
        for required in ("uid", "dtstamp", "dtstart", "summary"):
            assert required in event
        assert event.decoded("dtstamp") == STAMP


def test_long_descriptions_fold() -> None:
    plan: Plan = handmade_plan()
    plan.days[1].run = RunSession(kind=RunKind.QUALITY, minutes=50, description="6 x 800 m at 5K pace " * 10)
    data = plan_to_ics(plan, "abc", stamp=STAMP)
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert str(events(data)[0]["description"]) == "6 x 800 m at 5K pace " * 10


def paced_plan() -> Plan:
    """The hand-made plan with content as the planner writes it: paces from a 10K in 50:00, lifts by week."""
    plan = handmade_plan(recent_race={"distance": "10k", "time": "50:00"})
    cycle = plan.request.cycle
    for index, day in enumerate(plan.days):
        week = cycle.week_of(index)
        if day.run is not None:
            day.run = paced_run_session(day.run.kind, week.phase, plan.request, 50)
        if day.strength is not None:
            day.strength = strength_session(
                day.strength.kind, week.phase, plan.request, day.run is not None, week_in_phase=week.phase_week
            )
    return plan


def test_run_events_carry_pace_and_distance() -> None:
    plan = paced_plan()
    easy = next(day for day in plan.days if day.run is not None and day.run.kind is RunKind.EASY)
    event = next(e for e in events(plan_to_ics(plan, "abc")) if str(e["uid"]) == event_uid("abc", easy.date, "run"))
    assert str(event["summary"]) == "Easy run (50 min, 8 km)"
    assert "Pace: 5:53-6:38/km (9:28-10:41/mi)" in str(event["description"]).splitlines()


def test_the_race_event_carries_the_predicted_finish() -> None:
    plan = paced_plan()
    race = next(e for e in events(plan_to_ics(plan, "abc")) if str(e["summary"]).startswith("Race"))
    assert "Predicted finish: 3:49:3" in str(race["description"])  # a marathon from a 10K in 50:00
    assert "42.2 km" in str(race["summary"])


def test_strength_events_list_sets_and_reps_and_next_week() -> None:
    plan = paced_plan()
    lift = next(day for day in plan.days if day.strength is not None and day.strength.kind == "heavy_lower")
    uid = event_uid("abc", lift.date, "strength")
    event = next(e for e in events(plan_to_ics(plan, "abc")) if str(e["uid"]) == uid)
    lines = str(event["description"]).splitlines()
    assert "Back squat 2x8" in lines  # base week 1: two sets, the top of 5-8
    assert "Next week: add 2.5-5 kg" in lines[0]


def test_without_a_recent_race_no_pace_line() -> None:
    for event in events(plan_to_ics(handmade_plan(), "abc")):
        assert "Pace:" not in str(event.get("description", ""))


def after_race(plan: Plan) -> list:
    race = plan.request.cycle.race
    return [e for e in events(plan_to_ics(plan, "abc")) if e.decoded("dtstart") > race]


def test_recovery_weeks_are_events_after_race_day_and_say_what_they_are_for() -> None:
    plan = handmade_plan(recovery_weeks=2)
    cycle = plan.request.cycle
    later = after_race(plan)
    # Each recovery week's sessions, and nothing past the plan's last day.
    assert {cycle.week_of(cycle.index_of(e.decoded("dtstart"))).number for e in later} == {9, 10}
    assert max(e.decoded("dtstart") for e in later) == cycle.end
    assert len(later) == sum((d.run is not None) + (d.strength is not None) for d in plan.days if d.date > cycle.race)
    for event in later:
        week = cycle.week_of(cycle.index_of(event.decoded("dtstart"))).phase_week
        assert str(event["description"]).startswith(f"Recovery week {week} of 2 after the race")
    assert "then 2 recovery weeks" in str(Calendar.from_ical(plan_to_ics(plan, "abc"))["x-wr-calname"])


def test_without_recovery_weeks_nothing_follows_race_day() -> None:
    plan = handmade_plan()
    assert after_race(plan) == []
    assert all("Recovery week" not in str(e.get("description", "")) for e in events(plan_to_ics(plan, "abc")))
    assert "recovery" not in str(Calendar.from_ical(plan_to_ics(plan, "abc"))["x-wr-calname"])
