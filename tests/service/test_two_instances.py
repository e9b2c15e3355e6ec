"""Two service instances (two gunicorn masters, two ports) on one PostgreSQL act as one service.

The app keeps no state of its own: plans, versions and every quota and rate
count live in the database. So a plan made on one instance is read on the
other, racing re-plans across both give exactly one 201 per base version, and
the quotas and the request rate hold for both together. Both masters start at
once on an empty database and migrate it (one waits for the other's lock).
"""

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from api_helpers import SMALL_REQUEST
from conftest import fresh_database

from benchmarks.harness import Running, running_service

POSTGRES_URL = os.environ.get("RUNLIFT_TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="RUNLIFT_TEST_DATABASE_URL is not set (scripts/postgres-up)")

KEYS = "ann:ann-key,bob:bob-key,cat:cat-key"
PLANS_PER_OWNER = 3
REQUESTS_PER_MINUTE = 60
RACERS = 8


def call(base: str, method: str, path: str, key: str, body: Any = None) -> tuple[int, dict[str, str], Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}{path}", data=data, method=method)
    request.add_header("Authorization", f"Bearer {key}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            raw = answer.read()
            return answer.status, dict(answer.headers), json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


@pytest.fixture
def instances(tmp_path: Path) -> Iterator[tuple[Running, Running]]:
    env = {
        "RUNLIFT_API_KEYS": KEYS,
        "RUNLIFT_MAX_PLANS_PER_OWNER": str(PLANS_PER_OWNER),
        "RUNLIFT_REQUESTS_PER_MINUTE": str(REQUESTS_PER_MINUTE),
    }
    with fresh_database(POSTGRES_URL, tmp_path) as url, ExitStack() as stack:
        env["RUNLIFT_DATABASE_URL"] = url
        # Both masters start (and migrate the empty database) at the same moment.
        started: list[Running] = []
        errors: list[BaseException] = []

        def start(name: str) -> None:
            try:
                started.append(stack.enter_context(running_service(env, workers=2, log_dir=tmp_path / name)))
            except BaseException as error:
                errors.append(error)

        for name in ("a", "b"):
            (tmp_path / name).mkdir()
        threads = [threading.Thread(target=start, args=(name,)) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert not errors, errors
        yield started[0], started[1]


def race(calls: list[tuple[str, str, str, str, Any]]) -> list[tuple[int, Any]]:
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(calls))

    def one(base: str, method: str, path: str, key: str, body: Any) -> None:
        barrier.wait()
        status, _, answer = call(base, method, path, key, body)
        with lock:
            answers.append((status, answer))

    threads = [threading.Thread(target=one, args=args) for args in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return answers


def test_two_instances_act_as_one(instances: tuple[Running, Running]) -> None:
    a, b = instances
    status, _, plan = call(a.url, "POST", "/v1/plans", "ann-key", SMALL_REQUEST)
    assert status == 201
    assert call(b.url, "GET", f"/v1/plans/{plan['id']}", "ann-key")[2] == plan  # made on a, read on b

    # Racing re-plans of one base version, half on each instance: exactly one 201 each time.
    for base_version, as_of in ((1, "2027-03-08"), (2, "2027-03-15")):
        body = {"as_of": as_of, "base_version": base_version}
        path = f"/v1/plans/{plan['id']}/replan"
        answers = race([((a, b)[n % 2].url, "POST", path, "ann-key", body) for n in range(RACERS)])
        assert sorted(status for status, _ in answers) == [201] + [409] * (RACERS - 1)
        assert all(body == {"error": "conflict", "latest_version": base_version + 1} for s, body in answers if s == 409)
    assert call(a.url, "GET", f"/v1/plans/{plan['id']}", "ann-key")[2]["version"] == 3
    assert call(b.url, "GET", f"/v1/plans/{plan['id']}/versions/2", "ann-key")[0] == 200

    # The plan quota counts both instances' plans, even when they create at the same moment.
    answers = race([((a, b)[n % 2].url, "POST", "/v1/plans", "bob-key", SMALL_REQUEST) for n in range(6)])
    assert sorted(status for status, _ in answers) == [201] * PLANS_PER_OWNER + [429] * (6 - PLANS_PER_OWNER)
    assert all(body["limit"] == "plans_per_owner" for status, body in answers if status == 429)
    listed = call(b.url, "GET", "/v1/plans", "bob-key")[2]["plans"]
    assert len(listed) == PLANS_PER_OWNER
    assert call(a.url, "DELETE", f"/v1/plans/{listed[0]['id']}", "bob-key")[0] == 204  # deleted on a ...
    assert call(b.url, "GET", f"/v1/plans/{listed[0]['id']}", "bob-key")[0] == 404  # ... gone on b
    assert call(b.url, "POST", "/v1/plans", "bob-key", SMALL_REQUEST)[0] == 201  # and its place is free

    # The request rate counts both instances' requests: 60 a minute in all, not 60 each.
    if time.time() % 60 > 40:
        time.sleep(61 - time.time() % 60)  # keep the burst inside one minute's count
    statuses = [call((a, b)[n % 2].url, "GET", "/v1/plans/none", "cat-key")[0] for n in range(REQUESTS_PER_MINUTE + 10)]
    assert statuses.count(404) == REQUESTS_PER_MINUTE
    assert statuses[REQUESTS_PER_MINUTE:] == [429] * 10
