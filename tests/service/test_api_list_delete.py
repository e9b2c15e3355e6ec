"""GET /v1/plans (the caller's plans, newest first, a page at a time) and DELETE /v1/plans/{id}."""

import uuid
from collections.abc import Iterator

import pytest
from api_helpers import create_plan
from conftest import bearer, make_app
from flask import Flask
from flask.testing import FlaskClient

from service.store import Store

ANN, BOB = bearer("ann-key"), bearer("bob-key")
HANDMADE = '{"handmade": true}'


@pytest.fixture
def owners_app(database_url: str) -> Iterator[Flask]:
    app = make_app(database_url, API_KEYS="ann:ann-key,bob:bob-key")
    yield app
    app.extensions["runlift.store"].close()


@pytest.fixture
def owner() -> str:
    # PostgreSQL runs share one database: each test lists the plans of an owner of its own.
    return f"o{uuid.uuid4().hex[:12]}"


def keyed(database_url: str, owner: str) -> FlaskClient:
    return make_app(database_url, API_KEYS=f"{owner}:{owner}-key").test_client()


def test_plans_are_listed_newest_first_page_by_page(database_url: str, owner: str) -> None:
    client = keyed(database_url, owner)
    store: Store = client.application.extensions["runlift.store"]
    made = [uuid.uuid4().hex for _ in range(5)]
    for plan_id in made:
        store.create_plan(plan_id, owner, HANDMADE)
    store.add_version(made[0], 2, HANDMADE)
    seen: list[dict[str, object]] = []
    cursor = None
    for _ in range(5):
        query = "/v1/plans?limit=2" + (f"&cursor={cursor}" if cursor else "")
        answer = client.get(query, headers=bearer(f"{owner}-key"))
        assert answer.status_code == 200
        page = answer.get_json()
        assert len(page["plans"]) <= 2
        seen += page["plans"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [item["id"] for item in seen] == made[::-1]
    assert {item["id"]: item["latest_version"] for item in seen}[made[0]] == 2
    stamps = [item["created_at"] for item in seen]
    assert stamps == sorted(stamps, reverse=True)


def test_the_list_holds_only_the_callers_plans(owners_app: Flask) -> None:
    client = owners_app.test_client()
    mine = create_plan(client, headers=ANN)["id"]
    theirs = create_plan(client, headers=BOB)["id"]
    ann_ids = [item["id"] for item in client.get("/v1/plans?limit=100", headers=ANN).get_json()["plans"]]
    assert mine in ann_ids and theirs not in ann_ids


@pytest.mark.parametrize(
    ("query", "loc"),
    [
        ("limit=0", ["query", "limit"]),
        ("limit=101", ["query", "limit"]),
        ("limit=ten", ["query", "limit"]),
        ("cursor=%%%", ["query", "cursor"]),
        ("cursor=bm90IGEgY3Vyc29y", ["query", "cursor"]),
        ("cursor=" + "x" * 300, ["query", "cursor"]),
    ],
)
def test_a_bad_query_is_422(owners_app: Flask, query: str, loc: list[str]) -> None:
    answer = owners_app.test_client().get(f"/v1/plans?{query}", headers=ANN)
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["error"] == "invalid_request" and body["details"][0]["loc"] == loc


def test_delete_removes_every_version(owners_app: Flask) -> None:
    client = owners_app.test_client()
    store: Store = owners_app.extensions["runlift.store"]
    plan_id = create_plan(client, headers=ANN)["id"]
    assert client.post(f"/v1/plans/{plan_id}/replan", json={"as_of": "2027-03-08"}, headers=ANN).status_code == 201
    before = store.plan_count("ann")
    answer = client.delete(f"/v1/plans/{plan_id}", headers=ANN)
    assert (answer.status_code, answer.get_data()) == (204, b"")
    for path in (f"/v1/plans/{plan_id}", f"/v1/plans/{plan_id}/versions/1", f"/v1/plans/{plan_id}/calendar.ics"):
        assert client.get(path, headers=ANN).get_json() == {"error": "not_found"}
    assert store.versions_of(plan_id) == [] and plan_id not in store.plan_ids()
    assert store.plan_count("ann") == before - 1
    assert client.delete(f"/v1/plans/{plan_id}", headers=ANN).status_code == 404


def test_only_the_owner_deletes(owners_app: Flask) -> None:
    client = owners_app.test_client()
    plan_id = create_plan(client, headers=ANN)["id"]
    assert client.delete(f"/v1/plans/{plan_id}", headers=BOB).status_code == 404
    assert client.delete(f"/v1/plans/{plan_id}").status_code == 401
    assert client.get(f"/v1/plans/{plan_id}", headers=ANN).status_code == 200


def test_a_replan_of_a_deleted_plan_is_404(owners_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan is deleted while its re-plan solves: the new version is not stored under nothing."""
    from service.api import plans as plans_api

    client = owners_app.test_client()
    plan_id = create_plan(client, headers=ANN)["id"]
    real = plans_api.replan_plan

    def delete_meanwhile(*args: object) -> object:
        new = real(*args)
        owners_app.extensions["runlift.store"].delete_plan(plan_id, "ann")
        return new

    monkeypatch.setattr(plans_api, "replan_plan", delete_meanwhile)
    answer = client.post(f"/v1/plans/{plan_id}/replan", json={"as_of": "2027-03-08"}, headers=ANN)
    assert (answer.status_code, answer.get_json()) == (404, {"error": "not_found"})
    assert owners_app.extensions["runlift.store"].versions_of(plan_id) == []
