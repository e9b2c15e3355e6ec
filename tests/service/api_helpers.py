"""Requests the API tests post, kept small so each real solve takes a fraction of a second."""

from typing import Any

from flask.testing import FlaskClient

# An 8-week cycle solves in well under a second on this machine.
SMALL_REQUEST: dict[str, Any] = {"start_date": "2027-03-01", "weeks": 8, "time_limit_seconds": 5}

# Six runs a week with four weekdays closed to running: R-AVAIL against R-RUNS-PER-WEEK.
INFEASIBLE_REQUEST: dict[str, Any] = {
    **SMALL_REQUEST,
    "runs_per_week": 6,
    "availability": {day: {"run": False} for day in ("monday", "tuesday", "wednesday", "thursday")},
}


def create_plan(client: FlaskClient, headers: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
    response = client.post("/v1/plans", json={**SMALL_REQUEST, **fields}, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()
