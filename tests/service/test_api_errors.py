"""Every error row of the contract table (docs/api.md, "Errors"), through the HTTP API.

Each answer is JSON with the contract's `error` code; none is a stack trace.
"""

import json
from typing import Any

import pytest
from api_helpers import INFEASIBLE_REQUEST, SMALL_REQUEST, create_plan
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine

from models.plan import Plan
from service.api import plans as plans_api
from solver.errors import InfeasibleError, SolverTimeout


def assert_json_error(response: Any, status: int, error: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"] == error
    assert "Traceback" not in response.get_data(as_text=True)
    return body


@pytest.mark.parametrize("path", ["/v1/plans", "/v1/validate"])
@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{",
        b"not json",
        b"\xff\xfe\x00garbage",
        b'{"a": NaN}',
        b'{"a": Infinity}',
        b'{"a": -Infinity}',
        b"1e999",
        b'{"weeks": 1e999}',
        b"[" * 100_000,
        b"1" * 5000,
    ],
)
def test_body_is_not_json_400(client: FlaskClient, path: str, raw: bytes) -> None:
    body = assert_json_error(client.post(path, data=raw, content_type="application/json"), 400, "malformed_json")
    assert body["message"]


def test_replan_body_is_not_json_400(client: FlaskClient) -> None:
    plan = create_plan(client)
    assert_json_error(client.post(f"/v1/plans/{plan['id']}/replan", data=b"{oops"), 400, "malformed_json")


def test_schema_error_422_with_locations(client: FlaskClient) -> None:
    response = client.post("/v1/plans", json={**SMALL_REQUEST, "weeks": 99, "level": "elite", "typo": 1})
    body = assert_json_error(response, 422, "invalid_request")
    by_loc = {tuple(d["loc"]): d for d in body["details"]}
    assert set(by_loc) == {("weeks",), ("level",), ("typo",)}
    for detail in body["details"]:
        assert detail["msg"] and detail["type"]
        assert "input" not in detail and "url" not in detail
    assert by_loc[("weeks",)]["type"] == "less_than_equal"
    assert by_loc[("weeks",)]["ctx"] == {"le": 24}
    assert by_loc[("typo",)]["type"] == "extra_forbidden"


def test_value_error_422_is_json_safe(client: FlaskClient) -> None:
    # A model validator's ValueError sits in pydantic's ctx as an exception object.
    body = assert_json_error(
        client.post("/v1/plans", json={"start_date": "2027-03-01", "race_date": "2027-02-01"}), 422, "invalid_request"
    )
    assert body["details"][0]["type"] == "value_error"
    assert "race_date" in body["details"][0]["msg"]
    assert isinstance(body["details"][0]["ctx"]["error"], str)


@pytest.mark.parametrize("value", [[], [1, 2], "text", 3, None, True])
def test_body_not_an_object_422(client: FlaskClient, value: Any) -> None:
    body = assert_json_error(client.post("/v1/plans", data=json.dumps(value)), 422, "invalid_request")
    assert body["details"][0]["loc"] == []


def test_infeasible_422_names_the_rules(client: FlaskClient) -> None:
    body = assert_json_error(client.post("/v1/plans", json=INFEASIBLE_REQUEST), 422, "infeasible")
    assert body["message"]
    rules = {conflict["rule"] for conflict in body["conflicts"]}
    assert "R-RUNS-PER-WEEK" in rules
    assert all(conflict["detail"] for conflict in body["conflicts"])


@pytest.mark.parametrize(
    "path",
    [
        "/v1/plans/0123456789abcdef0123456789abcdef",
        "/v1/plans/0123456789abcdef0123456789abcdef/versions/1",
        "/v1/plans/0123456789abcdef0123456789abcdef/calendar.ics",
        "/v1/plans/%00%01",
        "/v1/plans/" + "a" * 500,
        "/v1/plans/x'%20OR%201=1--",
        "/v1/nothing-here",
        "/",
    ],
)
def test_unknown_id_or_route_404(client: FlaskClient, path: str) -> None:
    assert assert_json_error(client.get(path), 404, "not_found") == {"error": "not_found"}


@pytest.mark.parametrize("version", ["0", "2", "99999999999999999999999999", "-1", "one"])
def test_unknown_version_404(client: FlaskClient, version: str) -> None:
    plan = create_plan(client)
    assert_json_error(client.get(f"/v1/plans/{plan['id']}/versions/{version}"), 404, "not_found")


def test_replan_of_unknown_plan_404(client: FlaskClient) -> None:
    response = client.post("/v1/plans/0123456789abcdef0123456789abcdef/replan", json={"as_of": "2027-03-10"})
    assert_json_error(response, 404, "not_found")


def test_wrong_method_is_json(client: FlaskClient) -> None:
    response = client.delete("/v1/plans")
    assert_json_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


def test_stale_base_version_409(client: FlaskClient) -> None:
    plan = create_plan(client)
    response = client.post(f"/v1/plans/{plan['id']}/replan", json={"as_of": "2027-03-10", "base_version": 7})
    assert assert_json_error(response, 409, "conflict") == {"error": "conflict", "latest_version": 1}


@pytest.mark.parametrize("path", ["/v1/plans", "/v1/validate", "/v1/plans/0123456789abcdef0123456789abcdef/replan"])
def test_body_too_large_413(client: FlaskClient, path: str) -> None:
    raw = b'{"start_date": "2027-03-01", "pad": "' + b"x" * (1024 * 1024) + b'"}'
    assert assert_json_error(client.post(path, data=raw), 413, "too_large") == {"error": "too_large"}


def test_size_limit_comes_from_config(database_url: str) -> None:
    from conftest import make_app

    client = make_app(database_url, MAX_CONTENT_LENGTH=100).test_client()
    assert_json_error(
        client.post("/v1/plans", json={**SMALL_REQUEST, "fixed": []} | {"x": "y" * 100}), 413, "too_large"
    )


def test_solver_timeout_503(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def times_out(request: Any) -> Any:
        raise SolverTimeout(request.time_limit_seconds)

    monkeypatch.setattr(plans_api.solve, "plan", times_out)
    response = client.post("/v1/plans", json={**SMALL_REQUEST, "time_limit_seconds": 0.5})
    body = assert_json_error(response, 503, "timeout")
    assert body["time_limit_seconds"] == 0.5
    assert body["message"]
    assert response.headers["Retry-After"]


def test_real_short_time_limit_is_a_plan_or_a_503(client: FlaskClient) -> None:
    # A 24-week cycle in 0.1 s: this machine usually finds nothing in time (503),
    # a faster one may find a plan (201); both are answers, neither is a 500.
    response = client.post("/v1/plans", json={"start_date": "2027-03-01", "weeks": 24, "time_limit_seconds": 0.1})
    assert response.status_code in (201, 503)
    if response.status_code == 503:
        assert_json_error(response, 503, "timeout")


def test_our_own_bug_is_a_json_500_without_trace(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(request: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(plans_api.solve, "plan", broken)
    response = client.post("/v1/plans", json=SMALL_REQUEST)
    assert assert_json_error(response, 500, "internal") == {"error": "internal"}
    assert "secret internals" not in response.get_data(as_text=True)
    assert "secret internals" in caplog.text  # the trace is logged on the server


def test_store_down_is_503(app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    store = app.extensions["runlift.store"]
    # Nothing listens on port 1: every query fails to connect.
    monkeypatch.setattr(store, "engine", create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    for response in (
        client.get("/v1/plans/0123456789abcdef0123456789abcdef"),
        client.post("/v1/plans", json=SMALL_REQUEST),
    ):
        body = assert_json_error(response, 503, "unavailable")
        assert body["message"]
        assert response.headers["Retry-After"]
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["status"] == "unavailable"


def test_infeasible_without_conflicts_is_still_the_contract_body(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuses(request: Any) -> Any:
        raise InfeasibleError("no plan", [])

    monkeypatch.setattr(plans_api.solve, "plan", refuses)
    body = assert_json_error(client.post("/v1/plans", json=SMALL_REQUEST), 422, "infeasible")
    assert body == {"error": "infeasible", "message": "no plan", "conflicts": []}


def test_a_pydantic_error_of_our_own_is_a_500_not_a_422(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def builds_a_bad_plan(request: Any) -> Any:
        return Plan.model_validate({"status": "nonsense"})

    monkeypatch.setattr(plans_api.solve, "plan", builds_a_bad_plan)
    assert assert_json_error(client.post("/v1/plans", json=SMALL_REQUEST), 500, "internal") == {"error": "internal"}
