"""Dates at the ends of the calendar are the client's 422, naming the field, never a 500.

A cycle and its calendar export (all-day events end the next day; recovery
weeks may follow the race) must stay inside the dates Python can count, with a
margin: models/request.py checks start_date and race_date.
"""

import json
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from handmade_plans import handmade_plan

from service.store import Store


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"start_date": "9999-12-31"}, ["start_date"]),
        ({"start_date": "9999-10-01", "weeks": 8}, ["start_date"]),
        ({"start_date": "0001-01-01"}, ["start_date"]),
        ({"start_date": "0001-12-31", "weeks": 8}, ["start_date"]),
        ({"start_date": "2027-03-01", "race_date": "9999-12-31"}, ["race_date"]),
    ],
)
def test_plans_at_the_ends_of_the_calendar_are_422(client: FlaskClient, body: dict[str, Any], loc: list[str]) -> None:
    for path, posted, where in (("/v1/plans", body, loc), ("/v1/validate", {"request": body, "days": []}, loc)):
        if path == "/v1/validate":
            where = ["request", *loc]
        answer = client.post(path, json=posted)
        assert answer.status_code == 422, answer.get_data(as_text=True)
        details = answer.get_json()["details"]
        assert [detail["loc"] for detail in details] == [where]


@pytest.mark.parametrize("start", ["0002-01-07", "9999-06-12"])
def test_the_first_and_last_supported_starts_plan(client: FlaskClient, start: str) -> None:
    answer = client.post("/v1/plans", json={"start_date": start, "weeks": 8})
    assert answer.status_code == 201, answer.get_data(as_text=True)
    calendar = client.get(f"/v1/plans/{answer.get_json()['id']}/calendar.ics")
    assert calendar.status_code == 200 and b"BEGIN:VEVENT" in calendar.get_data()


def plan_ending_on(race: date) -> str:
    """A plan stored before the check existed: its cycle ends on `race` (every date shifted there)."""
    plan = handmade_plan().model_dump(mode="json")
    shift = race - date.fromisoformat(plan["request"]["race_date"])

    def moved(text: str) -> str:
        return (date.fromisoformat(text) + shift).isoformat()

    plan["request"]["start_date"] = moved(plan["request"]["start_date"])
    plan["request"]["race_date"] = moved(plan["request"]["race_date"])
    for day in plan["days"]:
        day["date"] = moved(day["date"])
    for phase in plan["phases"]:
        phase["start_date"], phase["end_date"] = moved(phase["start_date"]), moved(phase["end_date"])
    return json.dumps(plan)


def test_a_stored_plan_ending_on_the_last_day_answers_422_not_500(client: FlaskClient, store: Store) -> None:
    plan_id = uuid.uuid4().hex
    body = plan_ending_on(date.max)
    store.create_plan(plan_id, "", body)
    assert client.get(f"/v1/plans/{plan_id}").get_data(as_text=True) == body  # kept, and readable as stored
    for _ in range(2):
        answer = client.get(f"/v1/plans/{plan_id}/calendar.ics")
        assert answer.status_code == 422, answer.get_data(as_text=True)
        assert answer.get_json()["details"][0]["loc"][:1] == ["request"]
    as_of = (date.max - timedelta(days=10)).isoformat()
    answer = client.post(f"/v1/plans/{plan_id}/replan", json={"as_of": as_of})
    assert answer.status_code == 422
    assert store.versions_of(plan_id) == [1]
