"""The pages: make a plan (`/`), see it as a calendar (`/plans/<id>`), report a past day, compare versions.

Plans are made and re-planned by the API's own functions (`service.api.plans.create`
and `replan_latest`) for the same owner, so a page and an API client see one store
and the same answers. Refusals come back as pages: the form with its errors next
to the fields, the conflicts of an infeasible request linked to the fields they
name, never a 5xx for anything a user can type.
"""

import logging
import re
from typing import Any

from flask import Blueprint, Response, current_app, g, redirect, render_template, request, session, url_for
from itsdangerous import BadData, URLSafeSerializer
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from models.errors import Conflict, InputError
from models.events import ReplanRequest
from models.plan import Plan
from service.api import keys_required, store
from service.api.plans import create, replan_latest
from service.calendar_ics import plan_to_ics
from service.errors import ApiError, not_found
from service.store import StoredVersion
from service.web import access, form
from service.web.calendar import (
    RUN_LABELS,
    STRENGTH_LABELS,
    compare,
    phase_legend,
    week_rows,
    weekday_headers,
)
from service.web.chart import load_chart_svg, week_summaries
from solver.errors import InfeasibleError, SolverTimeout

log = logging.getLogger(__name__)

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static/web")
bp.before_request(access.before_request)

# The ids the API hands out; anything else is not looked up.
_PLAN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_FEED_SALT = "calendar-feed"
# The report form's fields as its labels say them, for its error messages.
REPORT_FIELD_LABELS = {"minutes": "Minutes run", "actual_kind": "Done instead", "date": "Date"}
# Only what this package ships: no inline script, no other origin, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@bp.after_request
def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


@bp.app_template_global()
def csrf_token() -> str:
    return access.csrf_token()


@bp.app_template_filter()
def zip_self(values: list[str]) -> list[tuple[str, str]]:
    """Choices whose shown text is their value."""
    return [(value, value) for value in values]


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {
        "RUN_LABELS": RUN_LABELS,
        "STRENGTH_LABELS": STRENGTH_LABELS,
        "field_id": form.field_id,
        "keys_required": keys_required(),
    }


@bp.get("/")
def new_plan() -> str:
    blank = form.blank_form(access.today().isoformat())
    return render_template("new_plan.html", form=blank, recent=access.recent_plans(), **_form_choices())


@bp.post("/")
def create_plan() -> Response | tuple[str, int]:
    plan_form, plan_request = form.read_form(request.form)
    if plan_request is None:
        return _form_page(plan_form, 422)
    try:
        plan = create(plan_request)
    except InfeasibleError as exc:
        plan_form.conflicts = list(exc.conflicts)
        return _form_page(plan_form, 422)
    except SolverTimeout as exc:
        plan_form.add_error("", f"{exc} Try again, or ask for fewer constraints.")
        return _form_page(plan_form, 503)
    except InputError as exc:
        plan_form.add_error(form.field_for_loc(exc.loc, exc.msg), exc.msg)
        return _form_page(plan_form, 422)
    return redirect(url_for("web.plan_page", plan_id=plan.id), code=303)


@bp.get("/plans/<plan_id>")
def plan_page(plan_id: str) -> str:
    return _plan_page(_found(_latest(plan_id)))


@bp.get("/plans/<plan_id>/versions/<int:version>")
def version_page(plan_id: str, version: int) -> str:
    found = store().version(plan_id, g.owner, version) if _PLAN_ID.fullmatch(plan_id) else None
    return _plan_page(_found(found))


@bp.post("/plans/<plan_id>/report")
def report(plan_id: str) -> Response | tuple[str, int]:
    """A past day as it went (done, missed, something else): re-plan the rest, show the new version."""
    latest = _found(_latest(plan_id))
    try:
        replan_request = _replan_request(request.form)
        replan_latest(plan_id, replan_request)
    except ValidationError as exc:
        messages = [_field_message(e) for e in exc.errors(include_url=False, include_input=False)]
        return _plan_page(latest, notice="That report could not be used: " + "; ".join(messages), status=422)
    except InputError as exc:
        return _plan_page(latest, notice=f"That report could not be used: {exc.msg}", status=422)
    except InfeasibleError as exc:
        return _plan_page(latest, notice="No plan fits what happened.", conflicts=list(exc.conflicts), status=422)
    except SolverTimeout as exc:
        return _plan_page(latest, notice=f"{exc} Try again.", status=503)
    except ApiError as exc:
        if exc.status != 409:
            raise
        fresh = _found(_latest(plan_id))
        notice = f"This plan changed while you looked at it: here is version {fresh.version}. Report again if needed."
        return _plan_page(fresh, notice=notice, status=409)
    return redirect(url_for("web.plan_page", plan_id=plan_id), code=303)


@bp.get("/plans/<plan_id>/compare")
def compare_page(plan_id: str) -> str:
    latest = _found(_latest(plan_id))
    a = request.args.get("a", type=int) or max(1, latest.version - 1)
    b = request.args.get("b", type=int) or latest.version
    before, after = _found(store().version(plan_id, g.owner, a)), _found(store().version(plan_id, g.owner, b))
    plan_a, plan_b = Plan.model_validate_json(before.body), Plan.model_validate_json(after.body)
    return render_template(
        "compare.html",
        plan=plan_b,
        plan_id=plan_id,
        a=a,
        b=b,
        versions=list(range(1, latest.version + 1)),
        changes=compare(plan_a, plan_b),
    )


@bp.get("/plans/<plan_id>/calendar.ics")
def calendar_download(plan_id: str) -> Response:
    return _ics(_found(_latest(plan_id)), attachment=True)


@bp.get("/plans/<plan_id>/feed.ics")
def calendar_feed(plan_id: str) -> Response:
    """The subscribe URL: calendar apps send no cookie, so the URL carries a token signed for this plan and owner."""
    try:
        signed_id, owner = _feed_signer().loads(request.args.get("token", ""))
    except (BadData, ValueError, TypeError):  # forged, cut short, or not the [id, owner] we sign
        return _error_page(404)
    if signed_id != plan_id or not isinstance(owner, str):
        return _error_page(404)
    return _ics(_found(store().latest(plan_id, owner) if _PLAN_ID.fullmatch(plan_id) else None), attachment=False)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Response | tuple[str, int] | str:
    target = access.safe_next(request.values.get("next"))
    if not keys_required():
        return redirect(target, code=303)
    if request.method == "POST":
        if access.sign_in(request.form.get("api_key", "")):
            return redirect(target, code=303)
        return render_template("sign_in.html", next=target, error="That key is not known here."), 401
    return render_template("sign_in.html", next=target, error=None)


@bp.post("/sign-out")
def sign_out() -> Response:
    session.clear()
    return redirect(url_for("web.sign_in"), code=303)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> tuple[str, int]:
    return _error_page(exc.code or 500, csrf=exc.description == "csrf")


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> tuple[str, int]:
    return _error_page(exc.status)


@bp.errorhandler(OperationalError)
def _store_down(exc: OperationalError) -> tuple[str, int]:
    log.exception("the plan store does not answer")
    return _error_page(503)


# --- helpers ---------------------------------------------------------------


def _form_choices() -> dict[str, Any]:
    return {
        "weekdays": form.WEEKDAY_NAMES,
        "distances": form.RACE_DISTANCES,
        "levels": form.LEVELS,
        "equipment": form.EQUIPMENT,
        "run_kinds": form.RUN_KINDS,
        "strength_kinds": form.STRENGTH_KINDS,
    }


def _form_page(plan_form: form.PlanForm, status: int) -> tuple[str, int]:
    return render_template("new_plan.html", form=plan_form, **_form_choices()), status


def _latest(plan_id: str) -> StoredVersion | None:
    return store().latest(plan_id, g.owner) if _PLAN_ID.fullmatch(plan_id) else None


def _found(found: StoredVersion | None) -> StoredVersion:
    if found is None:
        raise not_found()
    return found


def _plan_page(
    found: StoredVersion, notice: str | None = None, conflicts: list[Conflict] | None = None, status: int = 200
) -> Any:
    plan = Plan.model_validate_json(found.body)
    access.remember_plan(found.plan_id, plan_label(plan))
    today = access.today()
    latest_version = store().latest_version(found.plan_id)
    previous = None
    if plan.replanned_from_version:
        stored = store().version(found.plan_id, g.owner, plan.replanned_from_version)
        previous = Plan.model_validate_json(stored.body) if stored else None
    rows = week_rows(plan, today, previous)
    page = render_template(
        "plan.html",
        plan=plan,
        plan_id=found.plan_id,
        rows=rows,
        headers=weekday_headers(rows),
        phases=phase_legend(plan),
        chart=load_chart_svg(week_summaries(plan)),
        today=today,
        latest_version=latest_version,
        is_latest=plan.version == latest_version,
        versions=list(range(1, latest_version + 1)),
        feed_url=url_for(
            "web.calendar_feed",
            plan_id=found.plan_id,
            token=_feed_signer().dumps([found.plan_id, g.owner]),
            _external=True,
        ),
        notice=notice,
        conflicts=conflicts or [],
    )
    return page if status == 200 else (page, status)


def plan_label(plan: Plan) -> str:
    """'Marathon on 20 Jun 2027': how the front page names a plan."""
    race = plan.request.race_date
    label = f"{plan.request.race_distance} on {race:%-d %b %Y}" if race else str(plan.request.race_distance)
    return label[:1].upper() + label[1:]


def _field_message(error: Any) -> str:
    """A report's validation error in a sentence: the field it is about (minutes, date), then what is wrong."""
    message = str(error["msg"]).removeprefix("Value error, ")
    field = next((part for part in reversed(error["loc"]) if isinstance(part, str) and part != "events"), None)
    return f"{REPORT_FIELD_LABELS.get(field, field)}: {message}" if field else message


def _replan_request(posted: Any) -> ReplanRequest:
    """The report form as a ReplanRequest: one event, as of today, against the version the page showed.

    The button pressed is `report=SESSION:STATUS` (one form a day, a button for each answer);
    "did this instead" takes its kind from the session's select. A run done or done instead
    carries the minutes typed beside it, if any: the weeks ahead build from what was run.
    """
    session_name, _, status = str(posted.get("report", "")).partition(":")
    event: dict[str, Any] = {"date": posted.get("date", ""), "session": session_name, "status": status}
    if status == "changed":
        event["actual_kind"] = posted.get(f"{session_name}_kind") or None
    minutes = str(posted.get("run_minutes", "")).strip()
    if session_name == "run" and status in ("done", "changed") and minutes:
        event["minutes"] = minutes
    return ReplanRequest.model_validate(
        {"as_of": access.today().isoformat(), "base_version": posted.get("base_version") or None, "events": [event]}
    )


def _ics(found: StoredVersion, attachment: bool) -> Response:
    plan = Plan.model_validate_json(found.body)
    disposition = "attachment" if attachment else "inline"
    return Response(
        plan_to_ics(plan, found.plan_id),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'{disposition}; filename="runlift-{found.plan_id}.ics"'},
    )


def _feed_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_FEED_SALT)  # type: ignore[arg-type]


def _error_page(status: int, csrf: bool = False) -> tuple[str, int]:
    return render_template("error.html", status=status, csrf=csrf), status
