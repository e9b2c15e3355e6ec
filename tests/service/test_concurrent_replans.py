"""Twenty re-plans of one version at once: exactly one becomes version 2, the rest get 409."""

import threading
from typing import Any

import pytest
from api_helpers import create_plan
from flask import Flask
from sqlalchemy import func, select

from service.api import plans as plans_api
from service.store import Store, plan_versions

WRITERS = 20


@pytest.mark.parametrize("meet_before_writing", [False, True], ids=["free-race", "all-solve-then-write"])
def test_concurrent_replans_of_one_version(
    app: Flask, store: Store, monkeypatch: pytest.MonkeyPatch, meet_before_writing: bool
) -> None:
    """With `meet_before_writing`, every request has passed the base_version check and solved
    before any of them writes: only the database's unique key can pick the winner."""
    pid = create_plan(app.test_client())["id"]
    if meet_before_writing:
        solved = threading.Barrier(WRITERS)
        real_replan = plans_api.replan_plan

        def replan_then_meet(*args: Any) -> Any:
            new = real_replan(*args)
            solved.wait()
            return new

        monkeypatch.setattr(plans_api, "replan_plan", replan_then_meet)
    body = {"as_of": "2027-03-08", "base_version": 1}
    start = threading.Barrier(WRITERS)
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()

    def replan() -> None:
        client = app.test_client()  # one client per thread: a client is not shared
        start.wait()
        response = client.post(f"/v1/plans/{pid}/replan", json=body)
        with lock:
            answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=replan) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] + [409] * (WRITERS - 1)
    assert all(answer == {"error": "conflict", "latest_version": 2} for status, answer in answers if status == 409)
    winner = next(answer for status, answer in answers if status == 201)
    assert winner["version"] == 2
    # no version lost or duplicated, and the stored version 2 is the winner's
    assert store.versions_of(pid) == [1, 2]
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(plan_versions.c.version, func.count())
            .where(plan_versions.c.plan_id == pid)
            .group_by(plan_versions.c.version)
        ).all()
    assert sorted(tuple(row) for row in rows) == [(1, 1), (2, 1)]
    assert app.test_client().get(f"/v1/plans/{pid}").get_json() == winner
