"""`web_app` and `keyed_web_app` for the page tests: SQLite in a temporary folder, "today" fixed."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .web_helpers import KEYS, page_app


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
