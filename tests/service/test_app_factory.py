"""The application factory: defaults, environment, test overrides, start-up warning."""

import logging
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from service import migrations
from service.app import create_app
from service.settings import ApiKey, bare_key_owner


def test_factory_builds_a_non_testing_app(tmp_path: Path) -> None:
    app = create_app({"DATABASE_PATH": str(tmp_path / "x.sqlite3"), "MIGRATE": True})
    assert not app.testing
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    assert app.test_client().get("/healthz").status_code == 200
    assert (tmp_path / "x.sqlite3").exists()


def test_testing_flag_comes_from_the_test_dict(tmp_path: Path) -> None:
    assert create_app({"TESTING": True, "DATABASE_PATH": str(tmp_path / "x.sqlite3"), "MIGRATE": True}).testing


def test_environment_overrides_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNLIFT_API_KEYS", "one, two,")
    monkeypatch.setenv("RUNLIFT_MAX_CONTENT_LENGTH", "2048")
    monkeypatch.setenv("RUNLIFT_DATABASE_PATH", str(tmp_path / "env.sqlite3"))
    app = create_app({"MIGRATE": True})
    assert [key.secret for key in app.config["API_KEYS"]] == ["one", "two"]
    assert app.config["MAX_CONTENT_LENGTH"] == 2048
    assert (tmp_path / "env.sqlite3").exists()


def test_the_test_dict_overrides_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNLIFT_API_KEYS", "from-env")
    app = create_app({"API_KEYS": ["from-dict"], "DATABASE_PATH": str(tmp_path / "x.sqlite3"), "MIGRATE": True})
    assert app.config["API_KEYS"] == (ApiKey(bare_key_owner("from-dict"), "from-dict"),)


def test_database_url_wins_over_path(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'url.sqlite3'}"
    create_app({"DATABASE_URL": url, "DATABASE_PATH": str(tmp_path / "path.sqlite3"), "MIGRATE": True})
    assert (tmp_path / "url.sqlite3").exists()
    assert not (tmp_path / "path.sqlite3").exists()


def test_an_open_service_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        create_app({"API_KEYS": "", "DATABASE_PATH": str(tmp_path / "x.sqlite3"), "MIGRATE": True})
    assert "no API keys configured" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        create_app({"API_KEYS": "k", "DATABASE_PATH": str(tmp_path / "x.sqlite3"), "MIGRATE": True})
    assert "no API keys configured" not in caplog.text


def test_a_worker_does_not_create_the_schema(tmp_path: Path) -> None:
    """Migrations run once, in gunicorn's master (or `runlift db upgrade`); a worker only checks."""
    with pytest.raises(migrations.SchemaOutOfDate, match="runlift db upgrade"):
        create_app({"DATABASE_PATH": str(tmp_path / "fresh.sqlite3")})
    engine = create_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_security_headers_on_every_answer(tmp_path: Path) -> None:
    client = create_app({"DATABASE_PATH": str(tmp_path / "x.sqlite3"), "MIGRATE": True}).test_client()
    for response in (client.get("/healthz"), client.get("/v1/plans/nope"), client.post("/v1/plans", data=b"{")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"


def test_the_sqlite_file_is_private(tmp_path: Path) -> None:
    create_app({"DATABASE_PATH": str(tmp_path / "db" / "x.sqlite3"), "MIGRATE": True})
    for path in (tmp_path / "db").iterdir():
        assert path.stat().st_mode & 0o077 == 0, path
    assert (tmp_path / "db").stat().st_mode & 0o077 == 0
