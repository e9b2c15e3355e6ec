"""The plan store: versions are inserted, never overwritten, and owners are kept apart."""

import multiprocessing
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import fresh_database
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from service import migrations
from service.store import (
    MAX_VERSION,
    WAL_ATTEMPTS,
    Store,
    VersionTaken,
    _switch_to_wal,
    driver_url,
    owner_of,
    sqlite_url,
)


@pytest.fixture
def pid() -> str:
    # PostgreSQL runs share one database: every test writes its own plan.
    return uuid.uuid4().hex


def test_create_then_read(store: Store, pid: str) -> None:
    store.create_plan(pid, "owner", '{"v": 1}')
    latest = store.latest(pid, "owner")
    assert latest is not None and (latest.version, latest.body) == (1, '{"v": 1}')
    assert store.version(pid, "owner", 1) == latest


def test_latest_is_the_highest_version(store: Store, pid: str) -> None:
    store.create_plan(pid, "owner", "one")
    store.add_version(pid, 2, "two")
    store.add_version(pid, 3, "three")
    latest = store.latest(pid, "owner")
    assert latest is not None and (latest.version, latest.body) == (3, "three")
    found = store.version(pid, "owner", 2)
    assert found is not None and found.body == "two"
    assert store.latest_version(pid) == 3
    assert store.versions_of(pid) == [1, 2, 3]


def test_a_version_is_never_overwritten(store: Store, pid: str) -> None:
    store.create_plan(pid, "owner", "one")
    store.add_version(pid, 2, "two")
    with pytest.raises(VersionTaken):
        store.add_version(pid, 2, "other two")
    found = store.version(pid, "owner", 2)
    assert found is not None and found.body == "two"


def test_another_owner_sees_nothing(store: Store, pid: str) -> None:
    store.create_plan(pid, "owner", "one")
    assert store.latest(pid, "someone else") is None
    assert store.version(pid, "someone else", 1) is None


@pytest.mark.parametrize("version", [0, -1, 2, MAX_VERSION, MAX_VERSION + 1, 10**30])
def test_unknown_versions_are_none(store: Store, pid: str, version: int) -> None:
    store.create_plan(pid, "owner", "one")
    assert store.version(pid, "owner", version) is None


def test_unknown_plan_is_none(store: Store, pid: str) -> None:
    assert store.latest(pid, "owner") is None
    assert store.latest_version(pid) == 0


def test_owner_is_a_hash_of_the_key() -> None:
    assert owner_of(None) == owner_of("") == ""
    assert owner_of("secret") != "secret"
    assert "secret" not in owner_of("secret")
    assert len(owner_of("secret")) == 64


def test_concurrent_writers_of_one_version_one_wins(store: Store, pid: str) -> None:
    store.create_plan(pid, "owner", "one")
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def write(n: int) -> None:
        barrier.wait()
        try:
            store.add_version(pid, 2, f"writer {n}")
            outcomes.append("won")
        except VersionTaken:
            outcomes.append("lost")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost"] * 7 + ["won"]
    assert store.versions_of(pid) == [1, 2]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    store.close()


def test_migrating_twice_changes_nothing(database_url: str, pid: str) -> None:
    assert migrations.upgrade(database_url) == migrations.upgrade(database_url) == migrations.head()
    first, second = Store(database_url), Store(database_url)
    first.create_plan(pid, "owner", "one")
    assert second.latest(pid, "owner") is not None
    first.close()
    second.close()


def test_ping_answers_on_a_working_store_and_fails_once_the_tables_are_gone(tmp_path: Path) -> None:
    """/healthz trusts ping: quiet while the store can read its plans, an error as soon as it cannot."""
    path = tmp_path / "ping.sqlite3"
    migrations.upgrade(sqlite_url(str(path)))  # the schema is the migrations' business, not the store's
    store = Store(sqlite_url(str(path)))
    try:
        store.ping()
        with sqlite3.connect(path) as conn:
            conn.execute("DROP TABLE plan_versions")
            conn.execute("DROP TABLE plans")
        with pytest.raises(OperationalError, match="no such table: plans"):
            store.ping()
    finally:
        store.close()


def _migrate(url: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        migrations.upgrade(url)
        results.put("ok")
    except Exception as error:  # reported back to the test, which shows it
        results.put(repr(error))


def test_instances_starting_together_migrate_once(database_url: str, tmp_path: Path) -> None:
    """Several service instances (gunicorn masters) start at once on one database: each migrates it."""
    context = multiprocessing.get_context("fork")
    with fresh_database(database_url, tmp_path) as url:
        barrier, results = context.Barrier(6), context.Queue()
        processes = [context.Process(target=_migrate, args=(url, barrier, results)) for _ in range(6)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(60)
        assert [results.get(timeout=5) for _ in processes] == ["ok"] * 6
        store = Store(url)
        migrations.require_current(store.engine)
        store.close()


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
    ],
)
def test_plain_postgresql_urls_get_the_psycopg_driver(given: str, used: str) -> None:
    assert driver_url(given) == used


class LockedCursor:
    """A cursor whose switch to WAL is refused `refusals` times, as SQLite does while another worker opens
    the fresh file at the same moment (it answers "database is locked" at once, not after busy_timeout)."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.tries = 0

    def execute(self, sql: str) -> "LockedCursor":
        self.sql = sql
        if sql == "PRAGMA journal_mode = WAL":
            self.tries += 1
            if self.tries <= self.refusals:
                raise sqlite3.OperationalError("database is locked")
        return self

    def fetchone(self) -> tuple[str]:
        return ("delete",)


def test_switching_a_fresh_file_to_wal_waits_out_another_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seen as gunicorn workers failing to boot on the first `./dev serve`: the switch is tried again."""
    monkeypatch.setattr(time, "sleep", lambda _seconds: None)
    cursor = LockedCursor(refusals=3)
    _switch_to_wal(cursor)
    assert cursor.tries == 4


def test_a_file_locked_for_good_still_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "sleep", lambda _seconds: None)
    cursor = LockedCursor(refusals=WAL_ATTEMPTS)
    with pytest.raises(sqlite3.OperationalError):
        _switch_to_wal(cursor)
    assert cursor.tries == WAL_ATTEMPTS
