"""POST /v1/plans/{id}/replan: the next version, stored beside the old ones."""

from api_helpers import create_plan
from flask.testing import FlaskClient
from icalendar import Calendar

from service.store import Store

# Week 2 of SMALL_REQUEST (it starts on Monday 2027-03-01): the Sunday run was missed.
AS_OF = "2027-03-08"
MISSED = {"as_of": AS_OF, "events": [{"date": "2027-03-07", "session": "run", "status": "missed"}]}


def test_replan_stores_the_next_version(client: FlaskClient, store: Store) -> None:
    first = create_plan(client)
    pid = first["id"]
    response = client.post(f"/v1/plans/{pid}/replan", json={**MISSED, "base_version": 1})
    assert response.status_code == 201, response.get_data(as_text=True)
    second = response.get_json()
    assert (second["id"], second["version"], second["replanned_from_version"]) == (pid, 2, 1)
    assert second["as_of"] == AS_OF
    assert response.headers["Location"] == f"/v1/plans/{pid}/versions/2"
    assert all(entry["date"] >= AS_OF for entry in second["diff"])
    # the latest is the new version; the first is still there, unchanged
    assert client.get(f"/v1/plans/{pid}").get_json() == second
    assert client.get(f"/v1/plans/{pid}/versions/1").get_json() == first
    assert client.get(f"/v1/plans/{pid}/versions/2").get_json() == second
    assert store.versions_of(pid) == [1, 2]


def test_the_past_is_what_happened(client: FlaskClient) -> None:
    pid = create_plan(client)["id"]
    second = client.post(f"/v1/plans/{pid}/replan", json=MISSED).get_json()
    missed_day = next(day for day in second["days"] if day["date"] == "2027-03-07")
    assert missed_day["run"] is None


def test_versions_chain_without_base_version(client: FlaskClient, store: Store) -> None:
    pid = create_plan(client)["id"]
    for expected in (2, 3):
        response = client.post(f"/v1/plans/{pid}/replan", json={"as_of": AS_OF})
        assert response.status_code == 201
        assert response.get_json()["version"] == expected
    assert store.versions_of(pid) == [1, 2, 3]


def test_stale_base_version_after_a_replan_is_409(client: FlaskClient, store: Store) -> None:
    pid = create_plan(client)["id"]
    assert client.post(f"/v1/plans/{pid}/replan", json={**MISSED, "base_version": 1}).status_code == 201
    stale = client.post(f"/v1/plans/{pid}/replan", json={**MISSED, "base_version": 1})
    assert stale.status_code == 409
    assert stale.get_json() == {"error": "conflict", "latest_version": 2}
    assert store.versions_of(pid) == [1, 2]


def test_as_of_outside_the_cycle_is_422(client: FlaskClient) -> None:
    pid = create_plan(client)["id"]
    for as_of in ("2026-01-01", "2030-01-01"):
        response = client.post(f"/v1/plans/{pid}/replan", json={"as_of": as_of})
        assert response.status_code == 422
        body = response.get_json()
        assert body["error"] == "invalid_request"
        assert body["details"][0]["loc"] == ["as_of"]


def test_event_outside_the_cycle_is_422(client: FlaskClient) -> None:
    pid = create_plan(client)["id"]
    events = [{"date": "2027-01-01", "session": "run", "status": "missed"}]
    response = client.post(f"/v1/plans/{pid}/replan", json={"as_of": AS_OF, "events": events})
    assert response.status_code == 422
    assert response.get_json()["error"] == "invalid_request"


def test_new_unavailable_dates_are_kept_free(client: FlaskClient) -> None:
    pid = create_plan(client)["id"]
    away = ["2027-03-20", "2027-03-21"]
    response = client.post(f"/v1/plans/{pid}/replan", json={"as_of": AS_OF, "unavailable_dates": away})
    assert response.status_code == 201
    plan = response.get_json()
    for day in plan["days"]:
        if day["date"] in away:
            assert day["run"] is None and day["strength"] is None


def test_calendar_follows_the_latest_version_with_stable_uids(client: FlaskClient) -> None:
    pid = create_plan(client)["id"]
    before = Calendar.from_ical(client.get(f"/v1/plans/{pid}/calendar.ics").data).walk("VEVENT")
    client.post(f"/v1/plans/{pid}/replan", json=MISSED)
    after = Calendar.from_ical(client.get(f"/v1/plans/{pid}/calendar.ics").data).walk("VEVENT")
    assert {int(event["sequence"]) for event in after} == {2}
    unchanged_uids = {str(e["uid"]) for e in before if e.decoded("dtstart").isoformat() < "2027-03-07"}
    assert unchanged_uids <= {str(e["uid"]) for e in after}


def test_a_replan_as_of_a_recovery_week_keeps_the_weeks_after_the_race(client: FlaskClient) -> None:
    first = create_plan(client, recovery_weeks=2)
    # Race day is Sunday 25 April; the first recovery week's easy runs are reported missed.
    missed = [
        {"date": day["date"], "session": "run", "status": "missed"}
        for day in first["days"]
        if "2027-04-26" <= day["date"] < "2027-05-03" and day["run"]
    ]
    assert missed
    response = client.post(f"/v1/plans/{first['id']}/replan", json={"as_of": "2027-05-03", "events": missed})
    assert response.status_code == 201, response.get_data(as_text=True)
    second = response.get_json()
    assert [day["date"] for day in second["days"]] == [day["date"] for day in first["days"]]
    assert all(day["run"] is None for day in second["days"] if day["date"] in {e["date"] for e in missed})
    assert all(entry["date"] >= "2027-05-03" for entry in second["diff"])
    assert [week["phase"] for week in second["weeks"]][-2:] == ["recovery", "recovery"]
