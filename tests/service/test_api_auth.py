"""API keys: 401 without a good key, and one key never reaches another key's plans."""

import pytest
from api_helpers import SMALL_REQUEST, create_plan
from conftest import KEYS, bearer
from flask import Flask
from flask.testing import FlaskClient

from service.store import Store, plans


@pytest.fixture
def keyed(keyed_app: Flask) -> FlaskClient:
    return keyed_app.test_client()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {KEYS[0]}"},
        {"Authorization": f"Bearer {KEYS[0]}x"},
        {"Authorization": f"Bearer {KEYS[0][:-1]}"},
        {"Authorization": f"{KEYS[0]}"},
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/plans"),
        ("GET", "/v1/plans/0123456789abcdef0123456789abcdef"),
        ("GET", "/v1/plans/0123456789abcdef0123456789abcdef/versions/1"),
        ("POST", "/v1/plans/0123456789abcdef0123456789abcdef/replan"),
        ("GET", "/v1/plans/0123456789abcdef0123456789abcdef/calendar.ics"),
        ("POST", "/v1/validate"),
    ],
)
def test_missing_or_wrong_key_401(keyed: FlaskClient, headers: dict[str, str], method: str, path: str) -> None:
    response = keyed.open(path, method=method, json=SMALL_REQUEST, headers=headers)
    assert response.status_code == 401
    assert response.get_json() == {"error": "unauthorized"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_health_and_openapi_need_no_key(keyed: FlaskClient) -> None:
    assert keyed.get("/healthz").status_code == 200
    assert keyed.get("/openapi.json").status_code == 200


def test_a_plan_is_only_visible_to_its_key(keyed: FlaskClient) -> None:
    mine, theirs = bearer(KEYS[0]), bearer(KEYS[1])
    plan = create_plan(keyed, headers=mine)
    pid = plan["id"]
    for path in (f"/v1/plans/{pid}", f"/v1/plans/{pid}/versions/1", f"/v1/plans/{pid}/calendar.ics"):
        assert keyed.get(path, headers=mine).status_code == 200
        other = keyed.get(path, headers=theirs)
        assert other.status_code == 404
        assert other.get_json() == {"error": "not_found"}
    replan = keyed.post(f"/v1/plans/{pid}/replan", json={"as_of": "2027-03-10"}, headers=theirs)
    assert replan.status_code == 404


def test_bearer_scheme_is_case_insensitive(keyed: FlaskClient) -> None:
    response = keyed.post("/v1/plans", json=SMALL_REQUEST, headers={"Authorization": f"bearer {KEYS[1]}"})
    assert response.status_code == 201


def test_only_a_hash_of_the_key_is_stored(keyed_app: Flask, keyed: FlaskClient) -> None:
    plan = create_plan(keyed, headers=bearer(KEYS[0]))
    store: Store = keyed_app.extensions["runlift.store"]
    with store.engine.connect() as conn:
        owner = conn.execute(plans.select().where(plans.c.id == plan["id"])).one().owner
    assert owner and KEYS[0] not in owner


def test_an_open_service_needs_no_key(client: FlaskClient) -> None:
    plan = create_plan(client)
    assert client.get(f"/v1/plans/{plan['id']}", headers=bearer("anything")).status_code == 200
