"""POST /v1/plans, GET /v1/plans/{id}[/versions/{n}], GET /v1/plans/{id}/calendar.ics."""

import json

from api_helpers import SMALL_REQUEST, create_plan
from flask.testing import FlaskClient
from handmade_plans import session_count
from icalendar import Calendar

from models.plan import Plan
from service.store import Store


def test_create_returns_the_plan_with_id_and_location(client: FlaskClient, store: Store) -> None:
    response = client.post("/v1/plans", json=SMALL_REQUEST)
    assert response.status_code == 201
    assert response.mimetype == "application/json"
    plan = Plan.model_validate(response.get_json())
    assert plan.id and len(plan.id) == 32
    assert plan.version == 1
    assert response.headers["Location"] == f"/v1/plans/{plan.id}"
    assert len(plan.days) == 56
    assert plan.request.weeks == 8
    assert store.versions_of(plan.id) == [1]


def test_ids_are_random(client: FlaskClient) -> None:
    assert create_plan(client)["id"] != create_plan(client)["id"]


def test_get_returns_what_was_created(client: FlaskClient) -> None:
    created = create_plan(client)
    response = client.get(f"/v1/plans/{created['id']}")
    assert response.status_code == 200
    assert response.get_json() == created
    version = client.get(f"/v1/plans/{created['id']}/versions/1")
    assert version.status_code == 200
    assert version.get_json() == created


def test_calendar_has_one_event_per_session(client: FlaskClient) -> None:
    created = create_plan(client)
    response = client.get(f"/v1/plans/{created['id']}/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert created["id"] in response.headers["Content-Disposition"]
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert len(events) == session_count(Plan.model_validate(created)) > 0
    assert all(created["id"] in str(event["uid"]) for event in events)


def test_body_without_content_type_is_still_read(client: FlaskClient) -> None:
    # curl -d sends form-encoded by default; the body is JSON all the same.
    response = client.post("/v1/plans", data=json.dumps(SMALL_REQUEST), content_type="text/plain")
    assert response.status_code == 201


def test_recovery_weeks_are_planned_served_and_exported(client: FlaskClient) -> None:
    created = create_plan(client, recovery_weeks=2)
    plan = Plan.model_validate(created)
    cycle = plan.request.cycle
    assert [day.date for day in plan.days][-1] == cycle.end and len(plan.days) == cycle.n_days == 70
    assert [(span.name, str(span.start_date)) for span in plan.phases][-2:] == [
        ("race_week", "2027-04-19"),
        ("recovery", "2027-04-26"),
    ]
    assert [(week.week, week.phase) for week in plan.weeks][-2:] == [(9, "recovery"), (10, "recovery")]
    response = client.get(f"/v1/plans/{created['id']}/calendar.ics")
    later = [e for e in Calendar.from_ical(response.data).walk("VEVENT") if e.decoded("dtstart") > cycle.race]
    assert len(later) == sum((d.run is not None) + (d.strength is not None) for d in plan.days if d.date > cycle.race)
    assert later and all(str(e["description"]).startswith("Recovery week") for e in later)


def test_without_recovery_weeks_the_calendar_ends_on_race_day(client: FlaskClient) -> None:
    created = create_plan(client)
    race = Plan.model_validate(created).request.cycle.race
    response = client.get(f"/v1/plans/{created['id']}/calendar.ics")
    assert max(e.decoded("dtstart") for e in Calendar.from_ical(response.data).walk("VEVENT")) == race
