"""`web_app` and `keyed_web_app` for the page tests: SQLite in a temporary folder, "today" fixed."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import KEYS, TODAY

from service.app import create_app


def page_app(tmp_path: Path, **config: object) -> Flask:
    settings = {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'runlift.sqlite3'}",
        "API_KEYS": "",
        "SECRET_KEY": "page-tests",
        "TODAY": TODAY,
    }
    return create_app({**settings, **config})


@pytest.fixture
def web_app(tmp_path: Path) -> Iterator[Flask]:
    app = page_app(tmp_path)
    yield app
    app.extensions["runlift.store"].close()


@pytest.fixture
def web(web_app: Flask) -> FlaskClient:
    return web_app.test_client()


@pytest.fixture
def keyed_web_app(tmp_path: Path) -> Iterator[Flask]:
    app = page_app(tmp_path, API_KEYS=",".join(KEYS))
    yield app
    app.extensions["runlift.store"].close()
