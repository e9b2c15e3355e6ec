"""`app` and `client` for the service tests, on SQLite and, when given, PostgreSQL.

Set RUNLIFT_TEST_DATABASE_URL (scripts/postgres-up prints one) to run every
test against PostgreSQL as well; without it those runs are skipped.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine

from service.app import create_app
from service.store import Store

POSTGRES_URL = os.environ.get("RUNLIFT_TEST_DATABASE_URL", "")
KEYS = ("key-alpha", "key-beta")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("RUNLIFT_TEST_DATABASE_URL is not set (scripts/postgres-up)")
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'runlift.sqlite3'}"


def make_app(database_url: str, **config: Any) -> Flask:
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "API_KEYS": "", "MIGRATE": True, **config})


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    app = make_app(database_url)
    yield app
    store_of(app).close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def keyed_app(database_url: str) -> Iterator[Flask]:
    app = make_app(database_url, API_KEYS=",".join(KEYS))
    yield app
    store_of(app).close()


@pytest.fixture
def store(app: Flask) -> Store:
    return store_of(app)


def store_of(app: Flask) -> Store:
    return app.extensions["runlift.store"]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@contextmanager
def fresh_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A database with no tables yet, of the same kind as `database_url`."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    name = f"runlift_fresh_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield f"{database_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()
