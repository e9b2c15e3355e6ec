"""Who is looking, and that a form really came from our page.

With API keys configured, the page asks for a key once and keeps it in Flask's
session: a cookie signed with SECRET_KEY, HttpOnly (no script reads it),
SameSite=Lax. Every request maps the key to its owner through the same function
as the API (`service.api.owner_for_key`), so a key sees the same plans on both
and a key removed from the configuration stops working at once. Without keys,
the pages are as open as the API (loopback only, gunicorn.conf.py).

Every POST carries a per-session CSRF token in a hidden field, compared in
constant time: a page elsewhere cannot make a signed-in browser post a form,
even where SameSite cookies are not enforced.
"""

import hmac
import secrets
from datetime import date
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from service.api import keys_required, owner_for_key

CSRF_FIELD = "csrf_token"
RECENT_PLANS = 8  # plans this browser made or opened, listed on the front page (the cookie stays small)
# Pages and files reachable without signing in: the sign-in page itself, the stylesheet and script,
# and the calendar feed (it carries its own signed token; calendar apps send no cookies).
OPEN_ENDPOINTS = {"web.sign_in", "web.static", "web.calendar_feed"}


def csrf_token() -> str:
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """Refuse a POST whose hidden token is not this session's (400: the form is stale or forged)."""
    expected = session.get(CSRF_FIELD)
    given = request.form.get(CSRF_FIELD, "")
    if not isinstance(expected, str) or not hmac.compare_digest(given.encode(), expected.encode()):
        abort(400, description="csrf")


def before_request() -> Response | None:
    if request.endpoint == "web.static":
        return None
    if request.method == "POST":
        check_csrf()
    key = session.get("api_key") if keys_required() else None
    owner = owner_for_key(key if isinstance(key, str) else None)
    if owner is None:
        session.pop("api_key", None)
        if request.endpoint in OPEN_ENDPOINTS:
            return None
        return redirect(url_for("web.sign_in", next=request.full_path.rstrip("?")))
    g.owner = owner
    return None


def sign_in(key: str) -> bool:
    """Remember the key for this browser when it is a configured one."""
    if owner_for_key(key) is None:
        return False
    session.clear()  # a fresh session (and CSRF token) for the signed-in browser
    session["api_key"] = key.strip()
    session.permanent = True
    return True


def remember_plan(plan_id: str, label: str) -> None:
    """Put a plan first in this browser's recent list: a runner finds it again without keeping the link.

    It lives in the session, so signing in with another key (which clears the session) starts a new list.
    """
    kept = [entry for entry in recent_plans() if entry[0] != plan_id]
    session["plans"] = [[plan_id, label], *kept][:RECENT_PLANS]
    session.permanent = True  # the list outlives closing the browser (PERMANENT_SESSION_LIFETIME, 31 days)


def recent_plans() -> list[list[str]]:
    entries = session.get("plans")
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e)]


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (no open redirect)."""
    # Browsers read a backslash as a slash: "/\\elsewhere" would leave the site as "//elsewhere" does.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target or urlsplit(target).netloc:
        return url_for("web.new_plan")
    return target


def today() -> date:
    """Today, or the date set in the TODAY config (RUNLIFT_TODAY), so tests and screenshots can fix it."""
    configured = current_app.config.get("TODAY")
    if isinstance(configured, date):
        return configured
    if configured:
        return date.fromisoformat(str(configured))
    return date.today()
