"""/v1/plans: create a plan, read its versions, re-plan it, export it as a calendar."""

import re
import uuid

from flask import Blueprint, Response, g

from models.events import ReplanRequest
from models.plan import Plan
from models.request import PlanRequest
from service.api import read_json, require_api_key, store
from service.calendar_ics import plan_to_ics
from service.errors import not_found, version_conflict
from service.store import StoredVersion, VersionTaken
from solver import solve
from solver.replan import replan as replan_plan

bp = Blueprint("plans", __name__, url_prefix="/v1/plans")
bp.before_request(require_api_key)

# Ids we hand out are uuid4 hex; anything far from that shape is not worth a database query.
_PLAN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@bp.post("")
def create_plan() -> Response:
    plan = create(read_json(PlanRequest))
    return _plan_response(plan, location=f"/v1/plans/{plan.id}")


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
    """Solve a new plan and store it as version 1."""
    plan_id = uuid.uuid4().hex  # 122 random bits: unguessable
    plan = solve.plan(plan_request).model_copy(update={"id": plan_id, "version": 1})
    store().create_plan(plan_id, g.owner, plan.model_dump_json())
    return plan


def replan_latest(plan_id: str, replan_request: ReplanRequest) -> Plan:
    """Re-plan the latest version and store the next; 404 for another owner's plan, 409 when stale."""
    latest = _latest(plan_id)
    if replan_request.base_version is not None and replan_request.base_version != latest.version:
        raise version_conflict(latest.version)
    previous = Plan.model_validate_json(latest.body)
    new_version = latest.version + 1
    plan = replan_plan(previous, replan_request).model_copy(update={"id": plan_id, "version": new_version})
    try:
        store().add_version(plan_id, new_version, plan.model_dump_json())
    except VersionTaken:
        # Another re-plan of the same version was stored while we solved: the client
        # must look at that one before asking again.
        raise version_conflict(store().latest_version(plan_id)) from None
    return plan


@bp.get("/<plan_id>/calendar.ics")
def calendar(plan_id: str) -> Response:
    plan = Plan.model_validate_json(_latest(plan_id).body)
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


def _plan_response(plan: Plan, location: str) -> Response:
    return Response(plan.model_dump_json(), status=201, mimetype="application/json", headers={"Location": location})


def _stored_response(found: StoredVersion) -> Response:
    # The stored text is the Plan as it was answered: send it back unchanged.
    return Response(found.body, mimetype="application/json")
