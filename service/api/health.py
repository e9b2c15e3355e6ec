"""/healthz: alive and able to read the store (for load balancers and the e2e test)."""

from flask import Blueprint, Response, current_app
from sqlalchemy.exc import SQLAlchemyError

from service.api import store

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    try:
        store().ping()
    except SQLAlchemyError:
        current_app.logger.exception("health check: the store does not answer")
        return Response('{"status": "unavailable", "store": "error"}', status=503, mimetype="application/json")
    return Response('{"status": "ok", "store": "ok"}', mimetype="application/json")
