"""Blueprints by resource, and what they share: reading bodies, API keys, the store."""

import hmac
import json
import math
from typing import Any, NoReturn, TypeVar

from flask import Flask, current_app, g, request
from pydantic import BaseModel, ValidationError

from models.errors import InvalidRequest
from service.errors import ApiError, invalid_request, malformed_json, rate_limited, too_large, unauthorized
from service.settings import ApiKey, Settings
from service.store import Store, owner_of

Model = TypeVar("Model", bound=BaseModel)


def register_blueprints(app: Flask) -> None:
    # Imported here: the blueprint modules import this package for its helpers.
    from service.api import health, openapi, plans, validate

    for blueprint in (plans.bp, validate.bp, health.bp, openapi.bp):
        app.register_blueprint(blueprint)


def store() -> Store:
    return current_app.extensions["runlift.store"]


def settings() -> Settings:
    return current_app.config["SETTINGS"]


def limited() -> bool:
    """Quotas and rates apply to key owners; an open service (loopback only) has one local user."""
    return not settings().open


def require_api_key() -> None:
    """Before every /v1 request: find the caller's key, or refuse with 401 when keys are configured;
    then count the request against its owner's rate (429 past it).

    The caller's identity (`g.owner`) is the key's owner: a name shared by the
    keys it rotates through, or the hash of a bare key. Plans are stored under it.
    """
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    owner = owner_for_key(given)
    if owner is None or (keys_required() and scheme.lower() != "bearer"):
        raise unauthorized()
    g.owner = owner
    if not keys_required():
        return
    per_minute = settings().limits.requests_per_minute
    if per_minute:
        retry_after = store().count_request(g.owner, per_minute)
        if retry_after is not None:
            raise rate_limited("requests_per_minute", f"at most {per_minute} requests a minute", retry_after)


def keys_required() -> bool:
    return bool(current_app.config["API_KEYS"])


def owner_for_key(given: str | None) -> str | None:
    """The owner a presented key stands for: the open service's one owner when no keys are
    configured, None when the key is not a configured one.

    The web pages sign in through this too, so a key means the same owner on both.
    """
    keys: tuple[ApiKey, ...] = current_app.config["API_KEYS"]
    if not keys:
        return owner_of(None)
    given = (given or "").strip()
    # compare_digest on every key: the time taken says nothing about which key came close.
    matched = [key for key in keys if hmac.compare_digest(given.encode(), key.secret.encode())]
    return matched[0].owner if given and matched else None


def read_json(model: type[Model]) -> Model:
    """The request body as `model`: 400 when it is not JSON, 422 when it does not fit, 413 when too big."""
    raw = request.get_data(cache=False)  # werkzeug raises 413 past MAX_CONTENT_LENGTH
    # A chunked body has no Content-Length to check up front: werkzeug stops reading
    # at the limit, so a body that fills it is too large if a byte is left on the socket.
    filled = request.content_length is None and len(raw) >= (request.max_content_length or 0) > 0
    if filled and request.environ["wsgi.input"].read(1):
        raise too_large()
    try:
        data = json.loads(raw, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise malformed_json("the JSON is nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, over-long integers, NaN
        raise malformed_json(f"the body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        _refuse_non_object(data)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_request(exc) from None


def _refuse_non_object(data: Any) -> NoReturn:
    detail = {"loc": [], "msg": f"the body must be a JSON object, not {type(data).__name__}", "type": "dict_type"}
    raise ApiError(422, InvalidRequest(details=[detail]))


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(literal: str) -> float:
    # 1e999 parses to inf in Python; JSON has no infinity, so neither do we.
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"number {literal[:20]} is out of range")
    return value
