"""The application factory: defaults, environment, test overrides, start-up warning."""

import logging
from pathlib import Path

import pytest

from service.app import create_app, parse_api_keys


def test_factory_builds_a_non_testing_app(tmp_path: Path) -> None:
    app = create_app({"DATABASE_PATH": str(tmp_path / "x.sqlite3")})
    assert not app.testing
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    assert app.test_client().get("/healthz").status_code == 200
    assert (tmp_path / "x.sqlite3").exists()


def test_testing_flag_comes_from_the_test_dict(tmp_path: Path) -> None:
    assert create_app({"TESTING": True, "DATABASE_PATH": str(tmp_path / "x.sqlite3")}).testing


def test_environment_overrides_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNLIFT_API_KEYS", "one, two,")
    monkeypatch.setenv("RUNLIFT_MAX_CONTENT_LENGTH", "2048")
    monkeypatch.setenv("RUNLIFT_DATABASE_PATH", str(tmp_path / "env.sqlite3"))
    app = create_app()
    assert app.config["API_KEYS"] == ("one", "two")
    assert app.config["MAX_CONTENT_LENGTH"] == 2048
    assert (tmp_path / "env.sqlite3").exists()


def test_the_test_dict_overrides_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNLIFT_API_KEYS", "from-env")
    app = create_app({"API_KEYS": ["from-dict"], "DATABASE_PATH": str(tmp_path / "x.sqlite3")})
    assert app.config["API_KEYS"] == ("from-dict",)


def test_database_url_wins_over_path(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'url.sqlite3'}"
    create_app({"DATABASE_URL": url, "DATABASE_PATH": str(tmp_path / "path.sqlite3")})
    assert (tmp_path / "url.sqlite3").exists()
    assert not (tmp_path / "path.sqlite3").exists()


def test_an_open_service_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        create_app({"API_KEYS": "", "DATABASE_PATH": str(tmp_path / "x.sqlite3")})
    assert "no API keys configured" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        create_app({"API_KEYS": "k", "DATABASE_PATH": str(tmp_path / "x.sqlite3")})
    assert "no API keys configured" not in caplog.text


@pytest.mark.parametrize(
    ("value", "keys"),
    [("", ()), ("a", ("a",)), (" a , b ,, ", ("a", "b")), (["a", " b "], ("a", "b")), (None, ()), (123, ("123",))],
)
def test_parse_api_keys(value: object, keys: tuple[str, ...]) -> None:
    assert parse_api_keys(value) == keys
