"""Every refusal the service gives, as the JSON bodies of docs/api.md ("Errors").

Clients parse these bodies, so no path may fall through to Flask's HTML pages
or to a stack trace: HTTP errors, validation errors, solver refusals and even
our own bugs all leave as JSON. A body that does not fit its model is the
client's 422 (raised where bodies are read); a pydantic error anywhere else is
our bug, logged, and a 500.
"""

import logging
import math
from collections.abc import Callable
from typing import Any, Literal

from flask import Flask, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from models.errors import (
    Infeasible,
    InputError,
    InvalidRequest,
    MalformedJson,
    NotFound,
    Timeout,
    TooLarge,
    VersionConflict,
)
from solver.errors import InfeasibleError, SolverTimeout

log = logging.getLogger(__name__)


class Unauthorized(BaseModel):
    error: Literal["unauthorized"] = "unauthorized"


class MethodNotAllowed(BaseModel):
    error: Literal["method_not_allowed"] = "method_not_allowed"


class Unavailable(BaseModel):
    error: Literal["unavailable"] = "unavailable"
    message: str


class Internal(BaseModel):
    error: Literal["internal"] = "internal"


class ApiError(Exception):
    """A refusal decided by the service itself, carrying its body and status."""

    def __init__(self, status: int, body: BaseModel, headers: dict[str, str] | None = None) -> None:
        super().__init__(body.model_dump_json())
        self.status = status
        self.body = body
        self.headers = headers


def malformed_json(message: str) -> ApiError:
    return ApiError(400, MalformedJson(message=message))


def unauthorized() -> ApiError:
    return ApiError(401, Unauthorized(), headers={"WWW-Authenticate": 'Bearer realm="runlift"'})


def invalid_request(exc: ValidationError) -> ApiError:
    return ApiError(422, InvalidRequest(details=validation_details(exc)))


def not_found() -> ApiError:
    return ApiError(404, NotFound())


def version_conflict(latest_version: int) -> ApiError:
    return ApiError(409, VersionConflict(latest_version=latest_version))


def json_response(status: int, body: BaseModel, headers: dict[str, str] | None = None) -> Response:
    return Response(body.model_dump_json(), status=status, mimetype="application/json", headers=headers)


def _json_safe(value: Any) -> Any:
    """pydantic's `ctx` may hold exceptions, dates or non-finite floats: keep only what JSON can carry."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


def validation_details(exc: ValidationError) -> list[dict[str, Any]]:
    """pydantic's own error entries (`loc`, `msg`, `type`), without the echoed input."""
    details = []
    for error in exc.errors(include_url=False, include_input=False):
        entry: dict[str, Any] = {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
        if "ctx" in error:
            entry["ctx"] = {key: _json_safe(value) for key, value in error["ctx"].items()}
        details.append(entry)
    return details


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return json_response(exc.status, exc.body, headers=exc.headers)

    @app.errorhandler(InputError)
    def _input(exc: InputError) -> Response:
        # Well-formed input that does not fit what it refers to (an as_of after the race).
        return json_response(422, InvalidRequest(details=exc.details()))

    @app.errorhandler(InfeasibleError)
    def _infeasible(exc: InfeasibleError) -> Response:
        # model_construct: the solver's conflicts are already Conflict models, and an
        # unexpectedly empty list must still leave as this answer, not as an error in the handler.
        return json_response(422, Infeasible.model_construct(message=exc.message, conflicts=exc.conflicts))

    @app.errorhandler(SolverTimeout)
    def _timeout(exc: SolverTimeout) -> Response:
        # 503 with Retry-After: the request was fine, this solve ran out of time.
        body = Timeout(message=str(exc), time_limit_seconds=exc.time_limit_seconds)
        return json_response(503, body, headers={"Retry-After": "1"})

    @app.errorhandler(OperationalError)
    def _store_down(exc: OperationalError) -> Response:
        # The database is unreachable or locked past busy_timeout: the request may well succeed later.
        log.exception("the plan store does not answer")
        body = Unavailable(message="the plan store is not answering; try again shortly")
        return json_response(503, body, headers={"Retry-After": "5"})

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        return _http_error(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        # A bug of ours, never the client's input: log the trace here, send none of it.
        log.exception("unhandled error")
        return json_response(500, Internal())


def _http_error(exc: HTTPException) -> Response:
    code = exc.code or 500
    headers = {key: value for key, value in exc.get_headers() if key.lower() != "content-type"}
    make = _HTTP_BODIES.get(code)
    body = make(exc) if make else OtherHttpError(error=f"http_{code}", message=exc.description or "")
    return json_response(code, body, headers=headers)


class OtherHttpError(BaseModel):
    error: str
    message: str


# werkzeug's refusals (unknown route, wrong method, body over MAX_CONTENT_LENGTH) in the contract's words.
_HTTP_BODIES: dict[int, Callable[[HTTPException], BaseModel]] = {
    400: lambda exc: MalformedJson(message=exc.description or "bad request"),
    401: lambda exc: Unauthorized(),
    404: lambda exc: NotFound(),
    405: lambda exc: MethodNotAllowed(),
    413: lambda exc: TooLarge(),
}
