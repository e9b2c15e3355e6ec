"""What the page tests share: a plan form as a browser posts it, the CSRF token, a hand-made plan."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from models.kinds import WEEKDAYS, Phase, RunKind, StrengthKind
from models.plan import Day, Objective, PhaseSpan, Plan, RunSession, StrengthSession, WeekSummary
from models.request import PlanRequest
from service.app import create_app

# "Today" in every page test: the Sunday after week 2's Saturday long run, so that run is in the past.
TODAY = "2027-03-14"
MISSED_LONG_RUN = "2027-03-13"
KEYS = ("key-alpha", "key-beta")


def page_app(tmp_path: Path, **config: object) -> Flask:
    settings = {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'runlift.sqlite3'}",
        "API_KEYS": "",
        "SECRET_KEY": "page-tests-signing-key",
        "TODAY": TODAY,
        "MIGRATE": True,  # a single process: the schema is brought up to date here, as gunicorn's master would
    }
    return create_app({**settings, **config})


def plan_form(**fields: str | None) -> dict[str, Any]:
    """The form for an 8-week plan as a browser posts it; `fields` override by name (None leaves one out)."""
    data: dict[str, Any] = {
        "start_date": "2027-03-01",
        "weeks": "8",
        "race_distance": "10k",
        "level": "intermediate",
        "equipment": "gym",
        "runs_per_week": "4",
        "long_run_day": "saturday",
        "long_run_buffer_hours": "48",
        "rest_days": "monday",
    }
    for day in WEEKDAYS:
        data[f"availability.{day}.run"] = "on"
        data[f"availability.{day}.strength"] = "on"
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def infeasible_form() -> dict[str, Any]:
    """Six runs a week with Monday to Thursday closed to running: R-AVAIL against R-RUNS-PER-WEEK."""
    closed = {f"availability.{day}.run": None for day in ("monday", "tuesday", "wednesday", "thursday")}
    return plan_form(runs_per_week="6", **closed)


def csrf(client: FlaskClient) -> str:
    """This client's CSRF token, as the form's hidden field carries it."""
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def post_form(client: FlaskClient, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data={**data, "csrf_token": csrf(client)})


def make_plan(client: FlaskClient, **fields: str) -> str:
    """A plan made through the form; its id."""
    response = post_form(client, "/", plan_form(**fields))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return str(response.headers["Location"]).rsplit("/", 1)[-1]


def summary(week: int, phase: Phase = Phase.BASE, **fields: Any) -> WeekSummary:
    values = {"run_minutes": 200, "long_run_minutes": 80, "target_run_minutes": 210, "strength_minutes": 90}
    return WeekSummary(week=week, phase=phase, **{**values, **fields})


def handmade_plan(weeks: int = 8, **fields: Any) -> Plan:
    """A plan without weekly summaries: easy 40 each Tuesday, long 90 each Sunday, mobility 30 each Wednesday."""
    request = PlanRequest.model_validate({"start_date": "2027-03-01", "weeks": weeks, **fields})
    cycle = request.cycle
    days = []
    for index in range(cycle.n_days):
        when = cycle.start + timedelta(days=index)
        week = cycle.week_of(index)
        run = {1: RunSession(kind=RunKind.EASY, minutes=40), 6: RunSession(kind=RunKind.LONG, minutes=90)}
        lift = StrengthSession(kind=StrengthKind.MOBILITY, minutes=30) if when.weekday() == 2 else None
        days.append(Day(date=when, week=week.number, phase=week.phase, run=run.get(when.weekday()), strength=lift))
    return Plan(
        status="optimal",
        request=request,
        phases=[PhaseSpan(name=p, start_date=s, end_date=e) for p, s, e in cycle.phase_spans()],
        days=days,
        objective=Objective(value=0, terms={}),
        solver={},
    )
