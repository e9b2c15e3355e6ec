"""A gunicorn worker killed (SIGKILL) in the middle of a request leaves the store consistent.

Consistent means: every plan row has its version 1, no version row lacks its
plan, and a plan whose request was cut off is either fully there or absent.
To kill the worker inside its write transaction, not just anywhere in the
request, the tests make that transaction wait: on SQLite with a slow trigger on
plan_versions (the plans row is already inserted, uncommitted), on PostgreSQL
with a lock on plan_versions held by the test.
"""

import json
import os
import signal
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from api_helpers import SMALL_REQUEST
from sqlalchemy import create_engine, func, select, text

from benchmarks.harness import Running, running_service
from service.store import Store, plan_versions, plans

POSTGRES_URL = os.environ.get("RUNLIFT_TEST_DATABASE_URL", "")
BODY = json.dumps(SMALL_REQUEST).encode()


def post_plan(url: str, answers: list[object]) -> None:
    request = urllib.request.Request(f"{url}/v1/plans", data=BODY, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            answers.append(json.loads(response.read())["id"])
    except (OSError, urllib.error.URLError) as error:  # the worker died under it
        answers.append(error)


def until(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.02)


def assert_consistent(store: Store) -> None:
    with store.engine.connect() as conn:
        orphans = conn.execute(
            select(func.count()).select_from(plans).where(~plans.c.id.in_(select(plan_versions.c.plan_id)))
        ).scalar()
        homeless = conn.execute(
            select(func.count()).select_from(plan_versions).where(~plan_versions.c.plan_id.in_(select(plans.c.id)))
        ).scalar()
    assert (orphans, homeless) == (0, 0)
    for plan_id in store.plan_ids():
        assert store.versions_of(plan_id)[0] == 1


def kill_mid_request(service: Running, in_write: Callable[[], bool]) -> list[object]:
    """Post a plan, wait until its worker is inside the write, SIGKILL the worker."""
    (worker,) = service.wait_for_workers(1)
    answers: list[object] = []
    client = threading.Thread(target=post_plan, args=(service.url, answers))
    client.start()
    until(in_write, "the worker never reached its write transaction")
    os.kill(worker, signal.SIGKILL)
    client.join(60)
    # gunicorn's master notices and starts a fresh worker
    until(lambda: worker not in service.worker_pids() and len(service.worker_pids()) == 1, "no new worker")
    return answers


@contextmanager
def slow_sqlite_inserts(path: Path) -> Iterator[None]:
    """A trigger that spins for seconds before each plan_versions insert (SQLite has no sleep)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE spin (x INTEGER)")
    db.executemany("INSERT INTO spin VALUES (?)", [(i,) for i in range(10_000)])
    db.execute(
        "CREATE TRIGGER slow_version BEFORE INSERT ON plan_versions "
        "BEGIN SELECT count(*) FROM spin a, spin b WHERE a.x + b.x < 0; END"
    )
    db.close()
    try:
        yield
    finally:
        db = sqlite3.connect(path, isolation_level=None, timeout=30)
        db.execute("DROP TRIGGER slow_version")
        db.execute("DROP TABLE spin")
        db.close()


def sqlite_write_in_progress(path: Path) -> Callable[[], bool]:
    """True once another connection has held the write lock for half a second.

    Connections take the lock for moments too (opening, switching to WAL); only
    the worker's transaction, spinning in the trigger, holds it that long.
    """
    held_since: list[float] = []

    def locked() -> bool:
        db = sqlite3.connect(path, isolation_level=None, timeout=0)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            db.close()

    def check() -> bool:
        if not locked():
            held_since.clear()
            return False
        held_since[:] = held_since or [time.monotonic()]
        return time.monotonic() - held_since[0] >= 0.5

    return check


def test_sqlite_kill_inside_the_write_transaction(tmp_path: Path) -> None:
    path = tmp_path / "runlift.sqlite3"
    Store(f"sqlite:///{path}").close()  # the schema, before the trigger goes on it
    with (
        running_service({"RUNLIFT_DATABASE_PATH": str(path), "RUNLIFT_API_KEYS": ""}, log_dir=tmp_path) as service,
        slow_sqlite_inserts(path),
    ):
        answers = kill_mid_request(service, sqlite_write_in_progress(path))
        assert isinstance(answers[0], Exception)
    store = Store(f"sqlite:///{path}")
    assert store.plan_ids() == []  # the plans row of the killed transaction is gone
    assert_consistent(store)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    store.close()


def test_sqlite_kill_at_random_moments(tmp_path: Path) -> None:
    """Kills spread over whole requests (parsing, solving, writing, answering): never half a plan."""
    path = tmp_path / "runlift.sqlite3"
    created: list[str] = []
    with running_service({"RUNLIFT_DATABASE_PATH": str(path), "RUNLIFT_API_KEYS": ""}, log_dir=tmp_path) as service:
        for delay in (0.0, 0.05, 0.1, 0.2, 0.3, 0.45):
            (worker,) = service.wait_for_workers(1)
            answers: list[object] = []
            client = threading.Thread(target=post_plan, args=(service.url, answers))
            client.start()
            time.sleep(delay)
            os.kill(worker, signal.SIGKILL)
            client.join(60)
            created += [answer for answer in answers if isinstance(answer, str)]
            until(lambda w=worker: w not in service.worker_pids() and len(service.worker_pids()) == 1, "no worker")
        # the service still works after all that
        answers = []
        post_plan(service.url, answers)
        assert isinstance(answers[0], str)
    store = Store(f"sqlite:///{path}")
    assert_consistent(store)
    assert set(created) <= set(store.plan_ids())  # every 201 the client saw is stored
    store.close()


@pytest.mark.skipif(not POSTGRES_URL, reason="RUNLIFT_TEST_DATABASE_URL is not set (scripts/postgres-up)")
def test_postgresql_kill_inside_the_write_transaction(tmp_path: Path) -> None:
    store = Store(POSTGRES_URL)  # the schema exists before the lock
    engine = create_engine(POSTGRES_URL)
    started = datetime.now(UTC)
    with running_service({"RUNLIFT_DATABASE_URL": POSTGRES_URL, "RUNLIFT_API_KEYS": ""}, log_dir=tmp_path) as service:
        blocker = engine.connect()
        transaction = blocker.begin()
        # SHARE mode lets the worker insert its plans row but makes its plan_versions insert wait.
        blocker.execute(text("LOCK TABLE plan_versions IN SHARE MODE"))

        def worker_waits_on_the_lock() -> bool:
            with engine.connect() as probe:
                waiting = "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'plan_versions'::regclass"
                return bool(probe.execute(text(waiting)).scalar())

        try:
            answers = kill_mid_request(service, worker_waits_on_the_lock)
        finally:
            transaction.rollback()
            blocker.close()
        assert isinstance(answers[0], Exception)

        def no_open_transactions() -> bool:
            # The killed worker's backend ends its transaction when it finds its client gone.
            with engine.connect() as probe:
                query = (
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
                )
                return probe.execute(text(query)).scalar() == 0

        until(no_open_transactions, "the killed worker's transaction is still open")
    with engine.connect() as conn:
        since = conn.execute(select(func.count()).select_from(plans).where(plans.c.created_at >= started)).scalar()
    assert since == 0  # the plans row of the killed transaction was never committed
    assert_consistent(store)
    store.close()
    engine.dispose()
