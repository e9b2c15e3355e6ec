"""Quotas and rates per owner: past them, 429 with Retry-After and the contract's `rate_limited` body.

The counts live in the database, so the limits hold across instances (see
test_two_instances.py); here, concurrent requests on one store.
"""

import threading
import time
import uuid
from typing import Any

import pytest
from api_helpers import SMALL_REQUEST
from conftest import bearer, make_app
from flask import Flask
from flask.testing import FlaskClient

from service.store import Store

HANDMADE = '{"handmade": true}'


@pytest.fixture
def owner() -> str:
    return f"o{uuid.uuid4().hex[:12]}"  # PostgreSQL runs share one database


def limited_app(database_url: str, owner: str, **limits: Any) -> Flask:
    config = {"MAX_PLANS_PER_OWNER": 0, "MAX_VERSIONS_PER_PLAN": 0, "REQUESTS_PER_MINUTE": 0, **limits}
    return make_app(database_url, API_KEYS=f"{owner}:{owner}-key", **config)


def assert_rate_limited(response: Any, limit: str) -> None:
    assert response.status_code == 429, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"] == "rate_limited" and body["limit"] == limit and body["message"]
    assert int(response.headers["Retry-After"]) == body["retry_after"] >= 1


def test_plans_per_owner(database_url: str, owner: str) -> None:
    app = limited_app(database_url, owner, MAX_PLANS_PER_OWNER=2)
    client, key = app.test_client(), bearer(f"{owner}-key")
    store: Store = app.extensions["runlift.store"]
    first = client.post("/v1/plans", json=SMALL_REQUEST, headers=key).get_json()["id"]
    assert client.post("/v1/plans", json=SMALL_REQUEST, headers=key).status_code == 201
    assert_rate_limited(client.post("/v1/plans", json=SMALL_REQUEST, headers=key), "plans_per_owner")
    assert store.plan_count(owner) == 2
    assert client.delete(f"/v1/plans/{first}", headers=key).status_code == 204  # deleting makes room
    assert client.post("/v1/plans", json=SMALL_REQUEST, headers=key).status_code == 201
    store.close()


def test_concurrent_creates_never_pass_the_quota(database_url: str, owner: str) -> None:
    app = limited_app(database_url, owner)
    store: Store = app.extensions["runlift.store"]
    outcomes: list[str] = []
    barrier = threading.Barrier(10)

    def create() -> None:
        barrier.wait()
        try:
            store.create_plan(uuid.uuid4().hex, owner, HANDMADE, max_plans=3)
            outcomes.append("stored")
        except Exception as error:
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=create) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["QuotaExceeded"] * 7 + ["stored"] * 3
    assert store.plan_count(owner) == 3
    store.close()


def test_versions_per_plan(database_url: str, owner: str) -> None:
    app = limited_app(database_url, owner, MAX_VERSIONS_PER_PLAN=2)
    client, key = app.test_client(), bearer(f"{owner}-key")
    plan_id = client.post("/v1/plans", json=SMALL_REQUEST, headers=key).get_json()["id"]
    assert client.post(f"/v1/plans/{plan_id}/replan", json={"as_of": "2027-03-08"}, headers=key).status_code == 201
    answer = client.post(f"/v1/plans/{plan_id}/replan", json={"as_of": "2027-03-09"}, headers=key)
    assert_rate_limited(answer, "versions_per_plan")
    assert app.extensions["runlift.store"].versions_of(plan_id) == [1, 2]
    app.extensions["runlift.store"].close()


def test_requests_per_minute(database_url: str, owner: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = limited_app(database_url, owner, REQUESTS_PER_MINUTE=3)
    client, key = app.test_client(), bearer(f"{owner}-key")
    minute_start = 60 * 29_000_000.0
    monkeypatch.setattr(time, "time", lambda: minute_start + 45.5)
    assert [client.get("/v1/plans/nope", headers=key).status_code for _ in range(3)] == [404] * 3
    answer = client.get("/v1/plans/nope", headers=key)
    assert_rate_limited(answer, "requests_per_minute")
    assert answer.headers["Retry-After"] == "15"  # the rest of this minute
    assert_rate_limited(client.post("/v1/plans", json=SMALL_REQUEST, headers=key), "requests_per_minute")
    monkeypatch.setattr(time, "time", lambda: minute_start + 61)
    assert client.get("/v1/plans/nope", headers=key).status_code == 404  # a new minute
    app.extensions["runlift.store"].close()


def test_rates_are_per_owner(database_url: str, owner: str) -> None:
    other = f"{owner}x"
    config = {"MAX_PLANS_PER_OWNER": 0, "MAX_VERSIONS_PER_PLAN": 0, "REQUESTS_PER_MINUTE": 2}
    app = make_app(database_url, API_KEYS=f"{owner}:{owner}-key,{other}:{other}-key", **config)
    client: FlaskClient = app.test_client()
    for _ in range(2):
        client.get("/v1/plans/nope", headers=bearer(f"{owner}-key"))
    assert client.get("/v1/plans/nope", headers=bearer(f"{owner}-key")).status_code == 429
    assert client.get("/v1/plans/nope", headers=bearer(f"{other}-key")).status_code == 404
    app.extensions["runlift.store"].close()


def test_an_open_service_has_no_quota(client: FlaskClient, app: Flask) -> None:
    """No keys: one local user on loopback (the benchmarks post thousands of plans)."""
    assert app.config["SETTINGS"].limits.requests_per_minute == 120
    codes = {client.get("/v1/plans/nope").status_code for _ in range(130)}
    assert codes == {404}


def test_limits_are_configurable(database_url: str) -> None:
    app = make_app(database_url, MAX_PLANS_PER_OWNER="7", REQUESTS_PER_MINUTE="30", MAX_VERSIONS_PER_PLAN="9")
    limits = app.config["SETTINGS"].limits
    assert (limits.plans_per_owner, limits.versions_per_plan, limits.requests_per_minute) == (7, 9, 30)
    app.extensions["runlift.store"].close()
