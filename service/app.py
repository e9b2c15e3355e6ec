"""The HTTP service: `create_app` builds a Flask app around one plan store.

Configuration, later sources winning: the defaults below, environment variables
prefixed `RUNLIFT_` (`RUNLIFT_DATABASE_URL`, `RUNLIFT_DATABASE_PATH`,
`RUNLIFT_API_KEYS`, `RUNLIFT_MAX_CONTENT_LENGTH`), then the `config` mapping
(tests). gunicorn runs it as `service.app:create_app()`.
"""

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from service.api import register_blueprints
from service.errors import register_error_handlers
from service.store import Store, sqlite_url
from service.web import register_web

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # e.g. postgresql+psycopg://user@host/db; None means the SQLite file below
    "DATABASE_PATH": None,  # SQLite file; None means runlift.sqlite3 in the instance folder
    "API_KEYS": "",  # comma-separated; empty runs the service open (loopback only)
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # larger bodies get 413: no real request comes near it
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("RUNLIFT")
    if config is not None:
        app.config.from_mapping(config)
    app.config["API_KEYS"] = parse_api_keys(app.config["API_KEYS"])

    app.extensions["runlift.store"] = Store(database_url(app))
    register_error_handlers(app)
    register_blueprints(app)
    register_web(app)

    if not app.config["API_KEYS"]:
        app.logger.warning(
            "no API keys configured (RUNLIFT_API_KEYS): the service is open to anyone who can reach it, "
            "so it must listen on 127.0.0.1 only (gunicorn.conf.py enforces this)"
        )
    return app


def parse_api_keys(value: Any) -> tuple[str, ...]:
    """`a,b` from the environment, or a list from a config mapping; blanks dropped.

    from_prefixed_env parses values as JSON, so a numeric key arrives as an int.
    """
    if value is None:
        return ()
    items = [str(item) for item in value] if isinstance(value, list | tuple) else str(value).split(",")
    return tuple(item.strip() for item in items if item.strip())


def database_url(app: Flask) -> str:
    if app.config["DATABASE_URL"]:
        return str(app.config["DATABASE_URL"])
    path = app.config["DATABASE_PATH"]
    if not path:
        os.makedirs(app.instance_path, exist_ok=True)
        path = os.path.join(app.instance_path, "runlift.sqlite3")
    return sqlite_url(str(path))
