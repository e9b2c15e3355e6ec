"""POST /v1/validate: the checker's verdict on a hand-made plan."""

from api_helpers import create_plan
from flask.testing import FlaskClient

from models.kinds import RunKind, StrengthKind


def test_a_solved_plan_has_no_violations(client: FlaskClient) -> None:
    plan = create_plan(client)
    response = client.post("/v1/validate", json={"request": plan["request"], "days": plan["days"]})
    assert response.status_code == 200
    assert response.get_json() == {"violations": []}


def test_a_broken_plan_names_the_rule_and_dates(client: FlaskClient) -> None:
    plan = create_plan(client)
    days = plan["days"]
    long_day = next(i for i, day in enumerate(days) if day["run"] and day["run"]["kind"] == RunKind.LONG)
    # heavy legs the day before the long run: R-48H-LONG
    days[long_day - 1]["strength"] = {"kind": StrengthKind.HEAVY_LOWER, "minutes": 45}
    response = client.post("/v1/validate", json={"request": plan["request"], "days": days})
    assert response.status_code == 200
    violations = response.get_json()["violations"]
    assert violations
    assert all(set(v) == {"rule", "dates", "detail"} for v in violations)
    broken = [v for v in violations if v["rule"] == "R-48H-LONG"]
    assert broken and days[long_day - 1]["date"] in broken[0]["dates"]


def test_validate_with_as_of(client: FlaskClient) -> None:
    plan = create_plan(client)
    response = client.post(
        "/v1/validate", json={"request": plan["request"], "days": plan["days"], "as_of": plan["days"][10]["date"]}
    )
    assert response.status_code == 200
    assert response.get_json() == {"violations": []}


def test_validate_rejects_a_bad_request(client: FlaskClient) -> None:
    response = client.post("/v1/validate", json={"request": {"start_date": "2027-03-01"}, "days": "nope"})
    assert response.status_code == 422
    assert [d["loc"] for d in response.get_json()["details"]] == [["days"]]
