"""/openapi.json: the API description, its schemas generated from the pydantic models.

No schema is written by hand here: the request, plan and error shapes all come
from `model_json_schema` of the models the endpoints really parse and answer
with, so the document cannot drift from the code.
"""

from functools import cache
from typing import Any

from flask import Blueprint, Response, json
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from models.errors import (
    Infeasible,
    InvalidRequest,
    MalformedJson,
    NotFound,
    RateLimited,
    Timeout,
    TooLarge,
    VersionConflict,
)
from models.events import ReplanRequest
from models.plan import Plan, ValidateRequest, ValidateResponse
from models.request import PlanRequest
from service.api.plans import PAGE_DEFAULT, PAGE_MAX, PlanList
from service.errors import Internal, Unauthorized, Unavailable

bp = Blueprint("openapi", __name__)

_REF = "#/components/schemas/{model}"
# Every model the API reads (validation) or writes (serialization).
_REQUESTS: tuple[type[BaseModel], ...] = (PlanRequest, ReplanRequest, ValidateRequest)
_RESPONSES: tuple[type[BaseModel], ...] = (
    Plan,
    PlanList,
    ValidateResponse,
    MalformedJson,
    InvalidRequest,
    Infeasible,
    NotFound,
    VersionConflict,
    TooLarge,
    Timeout,
    Unauthorized,
    Unavailable,
    Internal,
    RateLimited,
)

# Which refusals each kind of endpoint can give, by status. Every /v1 request counts against its
# owner's rate (429); creating a plan and re-planning also against the quotas.
_ERRORS_READ = {401: Unauthorized, 404: NotFound, 429: RateLimited, 503: Unavailable}
_ERRORS_BODY = {400: MalformedJson, 401: Unauthorized, 413: TooLarge, 422: InvalidRequest, 429: RateLimited}
_ERRORS_SOLVE = {**_ERRORS_BODY, 422: (InvalidRequest, Infeasible), 503: (Timeout, Unavailable)}
_ERRORS_LIST = {401: Unauthorized, 422: InvalidRequest, 429: RateLimited, 503: Unavailable}


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return Response(json.dumps(openapi_document()), mimetype="application/json")


@cache
def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "runlift",
            "version": "1",
            "description": "Training plans for runners who lift, placed by a CP-SAT constraint model.",
        },
        "paths": _paths(),
        "components": {
            "schemas": _schemas()[1].get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


def _paths() -> dict[str, Any]:
    plan_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    version = {"name": "n", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
    page = [
        {
            "name": "limit",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_MAX, "default": PAGE_DEFAULT},
        },
        {"name": "cursor", "in": "query", "schema": {"type": "string"}},
    ]
    return {
        "/v1/plans": {
            "post": _operation("Solve a new plan", PlanRequest, {201: Plan}, _ERRORS_SOLVE, location=True),
            "get": _operation(
                "The caller's plans, newest first, a page at a time", None, {200: PlanList}, _ERRORS_LIST, params=page
            ),
        },
        "/v1/plans/{id}": {
            "get": _operation("The latest version of a plan", None, {200: Plan}, _ERRORS_READ, params=[plan_id]),
            "delete": {
                **_operation("Delete a plan and every version of it", None, {}, _ERRORS_READ, params=[plan_id]),
                "responses": {"204": {"description": "deleted"}, **_error_responses(_ERRORS_READ)},
            },
        },
        "/v1/plans/{id}/versions/{n}": {
            "get": _operation("One version of a plan", None, {200: Plan}, _ERRORS_READ, params=[plan_id, version]),
        },
        "/v1/plans/{id}/replan": {
            "post": _operation(
                "Re-plan after missed or changed sessions; the answer is the next version",
                ReplanRequest,
                {201: Plan},
                {**_ERRORS_SOLVE, 404: NotFound, 409: VersionConflict},
                params=[plan_id],
                location=True,
            ),
        },
        "/v1/plans/{id}/calendar.ics": {
            "get": {
                **_operation("The latest version as an iCalendar file", None, {}, _ERRORS_READ, params=[plan_id]),
                "responses": {
                    "200": {"description": "one all-day event per session", "content": {"text/calendar": {}}},
                    **_error_responses(_ERRORS_READ),
                },
            },
        },
        "/v1/validate": {
            "post": _operation(
                "Check a hand-made plan against the hard rules", ValidateRequest, {200: ValidateResponse}, _ERRORS_BODY
            ),
        },
        "/healthz": {
            "get": {
                "summary": "Alive, and the store answers",
                "security": [],
                "responses": {"200": {"description": "healthy"}, "503": {"description": "the store does not answer"}},
            },
        },
        "/openapi.json": {
            "get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.1"}}},
        },
    }


def _operation(
    summary: str,
    body: type[BaseModel] | None,
    success: dict[int, type[BaseModel]],
    errors: dict[int, Any],
    params: list[dict[str, Any]] | None = None,
    location: bool = False,
) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, model in success.items():
        responses[str(status)] = {"description": model.__name__, "content": _json_content(model)}
        if location:
            responses[str(status)]["headers"] = {"Location": {"schema": {"type": "string"}}}
    responses.update(_error_responses(errors))
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if params:
        operation["parameters"] = params
    if body is not None:
        operation["requestBody"] = {"required": True, "content": _json_content(body)}
    return operation


def _error_responses(errors: dict[int, Any]) -> dict[str, Any]:
    responses = {}
    for status, models in errors.items():
        choices = models if isinstance(models, tuple) else (models,)
        schema = {"oneOf": [_ref(m) for m in choices]} if len(choices) > 1 else _ref(choices[0])
        names = " or ".join(m.__name__ for m in choices)
        responses[str(status)] = {"description": names, "content": {"application/json": {"schema": schema}}}
    return responses


def _json_content(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(model)}}


@cache
def _schemas() -> tuple[dict[Any, Any], dict[str, Any]]:
    """(refs by (model, mode), the document with every definition under $defs).

    A model read in one place and written in another (PlanRequest inside Plan) may
    get two definitions, `-Input` and `-Output`: the refs say which is which.
    """
    pairs: list[tuple[type[BaseModel], JsonSchemaMode]] = [(m, "validation") for m in _REQUESTS]
    pairs += [(m, "serialization") for m in _RESPONSES]
    return models_json_schema(pairs, ref_template=_REF)


def _ref(model: type[BaseModel]) -> dict[str, str]:
    mode = "validation" if model in _REQUESTS else "serialization"
    return dict(_schemas()[0][(model, mode)])
