"""The pages people open: the plan form, the plan as a calendar with its load chart, re-plans, versions.

Server-rendered Jinja templates and one stylesheet and script shipped in this
package; nothing is loaded from elsewhere at run time (the Content-Security-Policy
says so to the browser too).
"""

import secrets

from flask import Flask


def register_web(app: Flask) -> None:
    from service.web.views import bp  # here: views import service.api, which the app registers first

    if not app.config.get("SECRET_KEY"):
        # Sessions (sign-in, CSRF tokens) are signed with it. gunicorn.conf.py makes one for all
        # workers of a run; a process started otherwise gets its own, and its sessions end with it.
        app.config["SECRET_KEY"] = secrets.token_urlsafe(32)
        app.logger.warning(
            "no RUNLIFT_SECRET_KEY: web sessions and calendar subscribe URLs last only as long as this process"
        )
    app.config["SECRET_KEY"] = str(app.config["SECRET_KEY"])  # the environment's JSON parsing may give a number
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    # The pages' HTML without the templates' indentation: a 24-week plan page is a third lighter.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.register_blueprint(bp)
