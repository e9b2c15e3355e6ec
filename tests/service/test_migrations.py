"""Schema migrations (service/migrations): a database made before them is upgraded with every plan kept,
`runlift db upgrade` applies them, and gunicorn's master runs them once, not each worker."""

import json
import urllib.request
from pathlib import Path

import pytest
from conftest import bearer, fresh_database, make_app
from sqlalchemy import create_engine, text

from benchmarks.harness import running_service
from service import migrations
from service.cli import main
from service.settings import bare_key_owner
from service.store import Store

# The tables exactly as the release before migrations created them (metadata.create_all).
TODAYS_SCHEMA = """
CREATE TABLE plans (
    id VARCHAR(64) NOT NULL,
    owner VARCHAR(64) NOT NULL,
    created_at {timestamp} NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE plan_versions (
    plan_id VARCHAR(64) NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at {timestamp} NOT NULL,
    CONSTRAINT plan_versions_plan_id_version_key UNIQUE (plan_id, version),
    FOREIGN KEY(plan_id) REFERENCES plans (id)
)
"""
KEY = "key-from-before"
BODIES = {1: '{"version": 1, "note": "as first solved"}', 2: '{"version": 2, "note": "after a re-plan"}'}


def make_todays_database(url: str) -> None:
    engine = create_engine(url)
    timestamp = "TIMESTAMP WITH TIME ZONE" if engine.dialect.name == "postgresql" else "DATETIME"
    with engine.begin() as conn:
        for statement in TODAYS_SCHEMA.format(timestamp=timestamp).split(";"):
            conn.exec_driver_sql(statement)
        for plan_id, owner in (("p-one", bare_key_owner(KEY)), ("p-two", bare_key_owner(KEY)), ("p-open", "")):
            conn.execute(
                text("INSERT INTO plans (id, owner, created_at) VALUES (:id, :owner, '2026-11-01 10:00:00')"),
                {"id": plan_id, "owner": owner},
            )
            for version, body in BODIES.items():
                conn.execute(
                    text(
                        "INSERT INTO plan_versions (plan_id, version, body, created_at) "
                        "VALUES (:id, :version, :body, '2026-11-02 10:00:00')"
                    ),
                    {"id": plan_id, "version": version, "body": body},
                )
    engine.dispose()


def test_a_database_from_before_migrations_is_upgraded_with_its_plans(database_url: str, tmp_path: Path) -> None:
    with fresh_database(database_url, tmp_path) as url:
        make_todays_database(url)
        assert migrations.upgrade(url) == migrations.head()
        client = make_app(url, API_KEYS=KEY, MIGRATE=False).test_client()
        for plan_id in ("p-one", "p-two"):
            for version, body in BODIES.items():
                answer = client.get(f"/v1/plans/{plan_id}/versions/{version}", headers=bearer(KEY))
                assert (answer.status_code, answer.get_data(as_text=True)) == (200, body)
        listed = client.get("/v1/plans", headers=bearer(KEY)).get_json()
        assert sorted(item["id"] for item in listed["plans"]) == ["p-one", "p-two"]
        store = Store(url)
        assert store.plan_count(bare_key_owner(KEY)) == 2 and store.plan_count("") == 1  # the quota counts them
        assert store.versions_of("p-open") == [1, 2]
        store.close()


def test_runlift_db_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    make_todays_database(url)
    monkeypatch.setenv("RUNLIFT_DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.strip() == f"database schema at revision {migrations.head()}"
    store = Store(url)
    migrations.require_current(store.engine)
    assert store.versions_of("p-one") == [1, 2]
    store.close()


def test_runlift_db_upgrade_refuses_a_malformed_url(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("RUNLIFT_DATABASE_URL", "mysql://nowhere/db")
    assert main(["db", "upgrade"]) == 2
    assert capsys.readouterr().err.startswith("runlift: RUNLIFT_DATABASE_URL: ")


def test_gunicorn_migrates_once_in_the_master(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_todays_database(f"sqlite:///{path}")
    env = {"RUNLIFT_DATABASE_PATH": str(path), "RUNLIFT_API_KEYS": KEY}
    with running_service(env, workers=2, log_dir=tmp_path) as service:
        service.wait_for_workers(2)
        log = service.log.read_text()
        request = urllib.request.Request(f"{service.url}/v1/plans/p-one", headers=bearer(KEY))
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert json.loads(answer.read()) == json.loads(BODIES[2])
    assert log.count(f"database schema at revision {migrations.head()}") == 1
