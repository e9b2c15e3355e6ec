"""/v1/validate: check a hand-made plan against every hard rule, without solving."""

from flask import Blueprint, Response

from models.plan import ValidateRequest, ValidateResponse
from models.validation import check_plan
from service.api import read_json, require_api_key

bp = Blueprint("validate", __name__, url_prefix="/v1")
bp.before_request(require_api_key)


@bp.post("/validate")
def validate() -> Response:
    checked = read_json(ValidateRequest)
    violations = check_plan(checked.request, checked.days, checked.as_of)
    return Response(ValidateResponse(violations=violations).model_dump_json(), mimetype="application/json")
