"""The HTTP service: `create_app` builds a Flask app around one plan store.

Configuration (service/settings.py, the parser gunicorn.conf.py uses too):
`RUNLIFT_*` environment variables, then the `config` mapping (tests), which
uses the same names without the prefix. gunicorn runs it as
`service.app:create_app()`, after its master has brought the database schema
up to date (service/migrations); a worker only checks that it is.
"""

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response

from service import migrations
from service.api import register_blueprints
from service.errors import register_error_handlers
from service.settings import NAMES, Settings, load
from service.store import Store
from service.web import register_web

# Sent with every answer: the API's JSON is data, never a page to render or a thing to cache.
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """`config` may also hold MIGRATE=True: bring the schema up to date here (tests, a single process)."""
    app = Flask(__name__, instance_relative_config=True)
    overrides = dict(config or {})
    settings = settings_from(overrides)
    app.config.from_mapping({key: value for key, value in overrides.items() if key not in _SETTING_NAMES})
    app.config.update(SETTINGS=settings, API_KEYS=settings.api_keys, MAX_CONTENT_LENGTH=settings.max_content_length)
    if settings.secret_key:
        app.config["SECRET_KEY"] = settings.secret_key

    if overrides.get("MIGRATE"):
        migrations.upgrade(settings.database_url)
    store = Store(settings.database_url)
    migrations.require_current(store.engine)
    app.extensions["runlift.store"] = store
    register_error_handlers(app)
    register_blueprints(app)
    app.after_request(_security_headers)
    register_web(app)

    if settings.open:
        app.logger.warning(
            "no API keys configured (RUNLIFT_API_KEYS): the service is open to anyone who can reach it, "
            "so it must listen on 127.0.0.1 only (gunicorn.conf.py enforces this)"
        )
    return app


# The names settings.load reads, and ours; anything else in `config` is Flask's.
_SETTING_NAMES = {*NAMES, "MIGRATE"}


def settings_from(overrides: Mapping[str, Any]) -> Settings:
    """The environment's RUNLIFT_* values, each overridden by the same name in `overrides`."""
    values: dict[str, Any] = {key: value for key, value in os.environ.items() if key.startswith("RUNLIFT_")}
    values.update({f"RUNLIFT_{key}": value for key, value in overrides.items() if key in _SETTING_NAMES})
    return load(values)


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
