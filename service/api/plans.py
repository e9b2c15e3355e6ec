"""/v1/plans: create, list and delete plans, read their versions, re-plan them, export them as a calendar."""

import re
import uuid
from datetime import datetime

from flask import Blueprint, Response, g, request
from pydantic import BaseModel, Field, ValidationError

from models.errors import InvalidRequest
from models.events import ReplanRequest
from models.plan import Plan
from models.request import PlanRequest
from service.api import limited, read_json, require_api_key, settings, store
from service.calendar_ics import plan_to_ics
from service.errors import ApiError, invalid_request, not_found, rate_limited, version_conflict
from service.store import BadCursor, PlanGone, QuotaExceeded, StoredVersion, VersionTaken
from solver import solve
from solver.replan import replan as replan_plan

bp = Blueprint("plans", __name__, url_prefix="/v1/plans")
bp.before_request(require_api_key)

# Ids we hand out are uuid4 hex; anything far from that shape is not worth a database query.
_PLAN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# A quota does not lift with time, only when the owner deletes plans: ask the client not to retry soon.
QUOTA_RETRY_AFTER = 3600
PAGE_DEFAULT = 20
PAGE_MAX = 100


class PlanListQuery(BaseModel):
    limit: int = Field(default=PAGE_DEFAULT, ge=1, le=PAGE_MAX)
    cursor: str | None = Field(default=None, max_length=200)


class PlanListItem(BaseModel):
    id: str
    created_at: datetime
    latest_version: int


class PlanList(BaseModel):
    plans: list[PlanListItem]  # newest first
    next_cursor: str | None  # pass as ?cursor= for the next page; null on the last page


@bp.post("")
def create_plan() -> Response:
    plan = create(read_json(PlanRequest))
    return _plan_response(plan, location=f"/v1/plans/{plan.id}")


@bp.get("")
def list_plans() -> Response:
    try:
        query = PlanListQuery.model_validate(request.args.to_dict())
    except ValidationError as exc:
        raise _query_error(exc) from None
    try:
        page, next_cursor = store().list_plans(g.owner, query.limit, query.cursor)
    except BadCursor as exc:
        detail = {"loc": ["query", "cursor"], "msg": str(exc), "type": "value_error"}
        raise ApiError(422, InvalidRequest(details=[detail])) from None
    body = PlanList(
        plans=[PlanListItem(id=p.id, created_at=p.created_at, latest_version=p.latest_version) for p in page],
        next_cursor=next_cursor,
    )
    return Response(body.model_dump_json(), mimetype="application/json")


@bp.delete("/<plan_id>")
def delete_plan(plan_id: str) -> Response:
    if not (_PLAN_ID.fullmatch(plan_id) and store().delete_plan(plan_id, g.owner)):
        raise not_found()
    return Response(status=204)


@bp.get("/<plan_id>")
def latest_version(plan_id: str) -> Response:
    return _stored_response(_latest(plan_id))


@bp.get("/<plan_id>/versions/<int:version>")
def one_version(plan_id: str, version: int) -> Response:
    found = store().version(plan_id, g.owner, version) if _PLAN_ID.fullmatch(plan_id) else None
    if found is None:
        raise not_found()
    return _stored_response(found)


@bp.post("/<plan_id>/replan")
def replan(plan_id: str) -> Response:
    plan = replan_latest(plan_id, read_json(ReplanRequest))
    return _plan_response(plan, location=f"/v1/plans/{plan_id}/versions/{plan.version}")


# The API and the web pages (service/web) make and re-plan plans through these two, for `g.owner`.


def create(plan_request: PlanRequest) -> Plan:
    """Solve a new plan and store it as version 1; 429 past the owner's quota of plans."""
    max_plans = settings().limits.plans_per_owner if limited() else 0
    if max_plans and store().plan_count(g.owner) >= max_plans:
        raise _quota_exceeded(max_plans)  # refused before the solve: no work for a plan we cannot keep
    plan_id = uuid.uuid4().hex  # 122 random bits: unguessable
    plan = solve.plan(plan_request).model_copy(update={"id": plan_id, "version": 1})
    try:
        store().create_plan(plan_id, g.owner, plan.model_dump_json(), max_plans=max_plans)
    except QuotaExceeded:
        raise _quota_exceeded(max_plans) from None  # another request took the last place meanwhile
    return plan


def replan_latest(plan_id: str, replan_request: ReplanRequest) -> Plan:
    """Re-plan the latest version and store the next; 404 for another owner's plan, 409 when stale."""
    latest = _latest(plan_id)
    if replan_request.base_version is not None and replan_request.base_version != latest.version:
        raise version_conflict(latest.version)
    new_version = latest.version + 1
    max_versions = settings().limits.versions_per_plan if limited() else 0
    if max_versions and new_version > max_versions:
        message = f"at most {max_versions} versions per plan: make a new plan"
        raise rate_limited("versions_per_plan", message, QUOTA_RETRY_AFTER)
    previous = _stored_plan(latest)
    plan = replan_plan(previous, replan_request).model_copy(update={"id": plan_id, "version": new_version})
    try:
        store().add_version(plan_id, new_version, plan.model_dump_json())
    except VersionTaken:
        # Another re-plan of the same version was stored while we solved: the client
        # must look at that one before asking again.
        raise version_conflict(store().latest_version(plan_id)) from None
    except PlanGone:
        raise not_found() from None
    return plan


@bp.get("/<plan_id>/calendar.ics")
def calendar(plan_id: str) -> Response:
    plan = _stored_plan(_latest(plan_id))
    return Response(
        plan_to_ics(plan, plan_id),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="runlift-{plan_id}.ics"'},
    )


def _latest(plan_id: str) -> StoredVersion:
    found = store().latest(plan_id, g.owner) if _PLAN_ID.fullmatch(plan_id) else None
    if found is None:
        raise not_found()
    return found


def _stored_plan(found: StoredVersion) -> Plan:
    """A stored version as a Plan. One stored before today's checks (a cycle at the very end of the
    calendar) may not pass them: its fields are named in a 422, it is not our 500."""
    try:
        return Plan.model_validate_json(found.body)
    except ValidationError as exc:
        raise invalid_request(exc) from None


def _quota_exceeded(max_plans: int) -> ApiError:
    message = f"at most {max_plans} plans per owner: delete one (DELETE /v1/plans/{{id}}) to make room"
    return rate_limited("plans_per_owner", message, QUOTA_RETRY_AFTER)


def _query_error(exc: ValidationError) -> ApiError:
    details = [
        {"loc": ["query", *error["loc"]], "msg": error["msg"], "type": error["type"]}
        for error in exc.errors(include_url=False, include_input=False)
    ]
    return ApiError(422, InvalidRequest(details=details))


def _plan_response(plan: Plan, location: str) -> Response:
    return Response(plan.model_dump_json(), status=201, mimetype="application/json", headers={"Location": location})


def _stored_response(found: StoredVersion) -> Response:
    # The stored text is the Plan as it was answered: send it back unchanged.
    return Response(found.body, mimetype="application/json")
