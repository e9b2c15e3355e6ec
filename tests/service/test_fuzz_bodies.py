"""Malformed bodies never get a 500: hypothesis posts hundreds of them.

Each body is broken on purpose (not JSON, NaN, wrong types, missing or unknown
fields, nested garbage, huge numbers, impossible dates, oversize), so the only
right answers are 400, 413 or 422, always with a JSON error body. The examples
per endpoint come from RUNLIFT_FUZZ_EXAMPLES (default 100: 300 bodies a run).
"""

import json
import os
import uuid
from typing import Any

import pytest
from flask.testing import FlaskClient
from handmade_plans import REQUEST, handmade_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.store import Store

EXAMPLES = int(os.environ.get("RUNLIFT_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # The client and store are shared by the examples on purpose: no bad body may write anything.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
ONE_MIB = 1024 * 1024
ERRORS = {400: "malformed_json", 413: "too_large", 422: "invalid_request"}

# --- building blocks -------------------------------------------------------

huge_ints = st.one_of(st.integers(min_value=10**18, max_value=10**40), st.integers(max_value=-(10**18)))
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), huge_ints, st.floats(allow_nan=False), st.text())
garbage = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)),
    max_leaves=15,
)
structural = st.one_of(
    st.lists(garbage, max_size=3), st.dictionaries(st.text(max_size=5), garbage, min_size=1, max_size=3)
)
bad_date = st.one_of(
    st.sampled_from(
        [
            "2027-02-30",
            "2027-13-01",
            "2027-00-10",
            "2027-3-1",
            "27-03-01",
            "",
            "yesterday",
            "2027-03-01T10:00",
            "9999999-01-01",
            "2027/03/01",
            "0000-00-00",
            "\x00",
            "2027-03-01 junk",
        ]
    ),
    st.text(alphabet="abcxyz-:/ ", max_size=12),
    structural,
    st.booleans(),
)
not_a_number = st.one_of(st.text(alphabet="abcxyz .", min_size=1, max_size=8), structural, st.none())
fractional = st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not float(x).is_integer())


def not_in(values: set[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.text(max_size=12), st.integers(), structural, st.none()).filter(
        lambda v: not isinstance(v, str) or v not in values
    )


def bad_int(low: int, high: int) -> st.SearchStrategy[Any]:
    outside = st.one_of(st.integers(max_value=low - 1), st.integers(min_value=high + 1), huge_ints)
    return st.one_of(outside, not_a_number, fractional)


WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
RUN_KINDS = {"easy", "quality", "long", "race"}
STRENGTH_KINDS = {"heavy_lower", "power", "full_body", "upper_core", "isometric", "mobility"}

# One invalid value for each field of PlanRequest: setting any one of them breaks the request.
PLAN_FIELD_BREAKERS: dict[str, st.SearchStrategy[Any]] = {
    "start_date": st.one_of(bad_date, st.none()),
    "race_date": st.one_of(bad_date, st.sampled_from(["2027-02-01", "2027-03-10", "2031-01-01"])),
    "weeks": bad_int(8, 24),
    "race_distance": not_in({"5k", "10k", "half", "marathon", "ultra"}),
    "level": not_in({"beginner", "intermediate", "advanced"}),
    "equipment": not_in({"gym", "home"}),
    "runs_per_week": bad_int(3, 7),
    "long_run_day": not_in(WEEKDAYS),
    "rest_days": st.one_of(
        st.lists(not_in(WEEKDAYS), min_size=1, max_size=3), st.lists(st.sampled_from(sorted(WEEKDAYS)), min_size=8)
    ),
    "availability": st.one_of(
        st.dictionaries(not_in(WEEKDAYS).map(str), st.just({}), min_size=1, max_size=2),
        st.fixed_dictionaries({"monday": st.fixed_dictionaries({"max_minutes": bad_int(0, 1440)})}),
        st.fixed_dictionaries({"tuesday": st.fixed_dictionaries({"run": not_a_number.filter(bool)})}),
        st.fixed_dictionaries({"friday": st.fixed_dictionaries({"swim": garbage})}),
        st.lists(garbage, max_size=2),
    ),
    "unavailable_dates": st.one_of(
        st.lists(bad_date, min_size=1, max_size=3), st.just(["1999-01-01"]), st.just(["2027-04-25"])
    ),
    "fixed": st.one_of(
        st.lists(st.fixed_dictionaries({"date": bad_date, "run": st.just("easy")}), min_size=1, max_size=2),
        st.just([{"date": "2027-03-03"}]),
        st.just([{"date": "2027-03-03", "run": "sprint"}]),
        st.just([{"date": "2027-03-03", "run": "easy"}, {"date": "2027-03-03", "strength": "power"}]),
        st.lists(structural, min_size=1, max_size=2),
    ),
    "long_run_buffer_hours": st.one_of(st.integers().filter(lambda v: v not in (24, 48)), not_a_number),
    "time_limit_seconds": st.one_of(
        st.floats(max_value=0.099, allow_nan=False, allow_infinity=False),
        st.floats(min_value=30.001, allow_nan=False, allow_infinity=False),
        huge_ints,
        not_a_number,
    ),
}

REPLAN_BASE: dict[str, Any] = {"as_of": "2027-03-15", "base_version": 1, "events": [], "unavailable_dates": []}
REPLAN_FIELD_BREAKERS: dict[str, st.SearchStrategy[Any]] = {
    "as_of": st.one_of(bad_date, st.none()),
    "base_version": st.one_of(st.integers(max_value=0), not_a_number.filter(lambda v: v is not None), fractional),
    "events": st.one_of(
        st.lists(garbage.filter(lambda v: not isinstance(v, dict) or v), min_size=1, max_size=3),
        st.just([{"date": "2027-03-20", "session": "run", "status": "missed"}]),  # not before as_of
        st.just([{"date": "2027-03-10", "session": "swim", "status": "missed"}]),
        st.just([{"date": "2027-03-10", "session": "run", "status": "changed"}]),  # changed needs a kind
        st.just([{"date": "2027-03-10", "session": "run", "status": "changed", "actual_kind": "power"}]),
        st.just([{"date": "2027-03-10", "session": "run", "status": "done", "actual_kind": "easy"}]),
        st.just([{"date": "2027-03-10", "session": "run", "status": "missed"}] * 2),
        st.lists(
            st.fixed_dictionaries({"date": bad_date, "session": st.just("run"), "status": st.just("missed")}),
            min_size=1,
            max_size=2,
        ),
        st.lists(st.just({"date": "2027-03-10", "session": "run", "status": "done"}), min_size=401, max_size=401),
    ),
    "unavailable_dates": st.one_of(st.lists(bad_date, min_size=1, max_size=3), st.just(["2027-03-01"])),
}

DAY = {"date": "2027-03-01", "run": {"kind": "easy", "minutes": 40}, "strength": None}
VALIDATE_FIELD_BREAKERS: dict[str, st.SearchStrategy[Any]] = {
    "request": st.one_of(garbage.filter(lambda v: not isinstance(v, dict) or "start_date" not in v), st.just({})),
    "days": st.one_of(
        json_scalars,
        st.lists(garbage.filter(lambda v: not isinstance(v, dict)), min_size=1, max_size=3),
        st.just([{**DAY, "date": "2027-02-30"}]),
        st.just([{**DAY, "run": {"kind": "sprint"}}]),
        st.just([{**DAY, "strength": {"kind": "yoga"}}]),
        st.just([{**DAY, "extra": 1}]),
        st.just([{**DAY, "run": {"kind": "easy", "minutes": "long"}}]),
        st.just([DAY] * 401),
    ),
    "as_of": bad_date,
}


def broken_object(
    base: dict[str, Any], breakers: dict[str, st.SearchStrategy[Any]], required: str
) -> st.SearchStrategy[dict[str, Any]]:
    """`base` with one field made invalid, the required field dropped, or an unknown field added."""
    one_bad_field = st.sampled_from(sorted(breakers)).flatmap(
        lambda name: breakers[name].map(lambda value: {**base, name: value})
    )
    missing = st.just({k: v for k, v in base.items() if k != required})
    unknown = st.text(min_size=1, max_size=12).filter(lambda k: k not in breakers).map(lambda k: {**base, k: 1})
    return st.one_of(one_bad_field, missing, unknown)


def as_bytes(value: Any) -> bytes:
    return json.dumps(value).encode()


def with_nan(value: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """A body whose JSON holds NaN or Infinity, which JSON does not allow."""
    constant = st.sampled_from(["NaN", "Infinity", "-Infinity"])
    return st.sampled_from(sorted(value)).flatmap(
        lambda key: constant.map(lambda c: as_bytes({**value, key: "@@"}).replace(b'"@@"', c.encode()))
    )


def oversize(value: dict[str, Any]) -> st.SearchStrategy[bytes]:
    return st.integers(min_value=ONE_MIB + 1, max_value=ONE_MIB + 4096).map(
        lambda n: as_bytes({**value, "pad": "x" * n})
    )


def not_json() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=200).filter(lambda raw: not _is_json(raw)),
        st.text(max_size=100).map(str.encode).filter(lambda raw: not _is_json(raw)),
        st.integers(min_value=1, max_value=20).map(lambda n: b'{"start_date": ' * n),
        st.integers(min_value=5000, max_value=20_000).map(lambda n: b"[" * n),
    )


def bodies(
    base: dict[str, Any], breakers: dict[str, st.SearchStrategy[Any]], required: str
) -> st.SearchStrategy[bytes]:
    return st.one_of(
        broken_object(base, breakers, required).map(as_bytes),
        garbage.filter(lambda v: not isinstance(v, dict) or required not in v).map(as_bytes),
        not_json(),
        with_nan(base),
        oversize(base),
    )


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except (ValueError, RecursionError):
        return False
    return True


def strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(name)

    return json.loads(text, parse_constant=refuse)


def assert_refused(client: FlaskClient, path: str, body: bytes) -> None:
    response = client.post(path, data=body, content_type="application/json")
    text = response.get_data(as_text=True)
    assert response.status_code in ERRORS, f"{response.status_code} for {body[:300]!r}: {text[:500]}"
    assert response.mimetype == "application/json"
    answer = strict_json(text)
    assert answer["error"] == ERRORS[response.status_code]
    assert "Traceback" not in text
    if response.status_code == 422:
        assert answer["details"]
        for detail in answer["details"]:
            assert isinstance(detail["loc"], list) and isinstance(detail["msg"], str) and detail["type"]


@pytest.fixture
def plan_id(store: Store) -> str:
    """A stored plan to re-plan, made by hand: no bad body may ever reach the solver."""
    plan_id = uuid.uuid4().hex
    store.create_plan(plan_id, "", handmade_plan().model_copy(update={"id": plan_id}).model_dump_json())
    return plan_id


@FUZZ
@given(body=bodies(REQUEST, PLAN_FIELD_BREAKERS, "start_date"))
def test_post_plans_refuses_malformed_bodies(client: FlaskClient, store: Store, body: bytes) -> None:
    before = store.plan_ids()  # PostgreSQL runs share one database: compare, do not expect it empty
    assert_refused(client, "/v1/plans", body)
    assert store.plan_ids() == before


@FUZZ
@given(body=bodies(REPLAN_BASE, REPLAN_FIELD_BREAKERS, "as_of"))
def test_replan_refuses_malformed_bodies(client: FlaskClient, store: Store, plan_id: str, body: bytes) -> None:
    assert_refused(client, f"/v1/plans/{plan_id}/replan", body)
    assert store.versions_of(plan_id) == [1]


@FUZZ
@given(body=bodies({"request": REQUEST, "days": [DAY]}, VALIDATE_FIELD_BREAKERS, "request"))
def test_validate_refuses_malformed_bodies(client: FlaskClient, body: bytes) -> None:
    assert_refused(client, "/v1/validate", body)


# Schema-valid but odd plans (days missing, duplicated, outside the cycle, any kinds):
# the checker must answer with violations, never crash.
odd_day = st.fixed_dictionaries(
    {
        "date": st.dates().map(str),
        "run": st.one_of(st.none(), st.fixed_dictionaries({"kind": st.sampled_from(sorted(RUN_KINDS))})),
        "strength": st.one_of(st.none(), st.fixed_dictionaries({"kind": st.sampled_from(sorted(STRENGTH_KINDS))})),
    }
)
cycle_day = st.integers(min_value=0, max_value=55).flatmap(
    lambda i: odd_day.map(lambda d: {**d, "date": str(handmade_plan().days[i].date)})
)


@FUZZ
@given(
    days=st.lists(st.one_of(odd_day, cycle_day), max_size=60),
    as_of=st.one_of(st.none(), st.dates().map(str)),
)
def test_validate_answers_odd_but_well_formed_plans(
    client: FlaskClient, days: list[dict[str, Any]], as_of: Any
) -> None:
    response = client.post("/v1/validate", json={"request": REQUEST, "days": days, "as_of": as_of})
    assert response.status_code in (200, 422), response.get_data(as_text=True)[:500]
    body = strict_json(response.get_data(as_text=True))
    assert "violations" in body if response.status_code == 200 else body["error"] == "invalid_request"
