"""The pages' forms never answer 5xx: hypothesis posts hundreds of broken ones.

Like tests/service/test_fuzz_bodies.py for the API's JSON, but for what a browser
(or anyone with curl) can post to the pages: any field name, any text, huge
numbers, impossible dates, bytes that are not UTF-8. Each plan form has at least
one field broken on purpose, so no example reaches the solver; the report form
reaches it with whatever it makes of its fields. The examples per test come from
RUNLIFT_FUZZ_EXAMPLES (default 100).
"""

import os
import urllib.parse
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .web_helpers import MISSED_LONG_RUN, csrf, make_plan, plan_form

EXAMPLES = int(os.environ.get("RUNLIFT_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

odd_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "\x00", "-1", "0", "1e9", "NaN", "Infinity", "9" * 5000, "2027-02-30", "2027-13-01"]),
    st.integers().map(str),
    st.dates().map(str),
    st.text(alphabet="0123456789-", min_size=1, max_size=12),
)
FIELDS = [
    *sorted(plan_form()),
    "race_date",
    "goal_weekly_run_minutes",
    "cutback_every",
    "current.weekly_run_minutes",
    "current.long_run_minutes",
    "unavailable_dates",
    "availability.monday.max_minutes",
    "fixed[0].date",
    "fixed[0].run",
    "fixed[1].strength",
    "fixed[999].date",
    "fixed[-1].date",
]
# One surely invalid value for a field: with it in the form, no example solves a plan.
BREAKERS: dict[str, st.SearchStrategy[str]] = {
    "start_date": st.sampled_from(["", "2027-02-30", "soon", "\x00"]),
    "weeks": st.sampled_from(["7", "25", "x", "9" * 5000, "1.5"]),
    "runs_per_week": st.sampled_from(["2", "8", "-1", "many"]),
    # Blank would mean "the default" (the form drops it), so a broken distance has some text.
    "race_distance": st.text(min_size=1, max_size=10).filter(
        lambda v: v.strip() not in ("", "5k", "10k", "half", "marathon", "ultra")
    ),
    "unavailable_dates": st.sampled_from(["2031-01-01", "2027-13-40", "x"]),
    "fixed[0].date": st.sampled_from(["2027-03-03", "2099-01-01"]),  # without a kind, or outside the cycle
    "current.weekly_run_minutes": st.sampled_from(["1501", "-3", "lots"]),
}

form_fields = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=15)), odd_text, max_size=12)
broken = st.sampled_from(sorted(BREAKERS)).flatmap(lambda name: BREAKERS[name].map(lambda v: (name, v)))


def assert_page(response: Any) -> None:
    text = response.get_data(as_text=True)
    assert response.status_code < 500, f"{response.status_code}: {text[:1000]}"
    assert "Traceback" not in text
    if response.status_code not in (302, 303):
        assert response.mimetype == "text/html", response.mimetype


@FUZZ
@given(fields=form_fields, breaker=broken, base=st.booleans())
def test_the_plan_form_never_answers_5xx(web: FlaskClient, fields: dict[str, str], breaker: Any, base: bool) -> None:
    data = {**(plan_form() if base else {}), **fields}
    name, value = breaker
    data[name] = value
    if name == "fixed[0].date":
        data.pop("fixed[0].run", None)
        data.pop("fixed[0].strength", None)
    before = web.application.extensions["runlift.store"].plan_ids()
    response = web.post("/", data={**data, "csrf_token": csrf(web)})
    assert_page(response)
    assert response.status_code in (400, 413, 422), response.status_code
    assert web.application.extensions["runlift.store"].plan_ids() == before


@FUZZ
@given(raw=st.binary(max_size=300), kind=st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data"]))
def test_bytes_that_are_no_form_never_answer_5xx(web: FlaskClient, raw: bytes, kind: str) -> None:
    assert_page(web.post("/", data=raw, content_type=kind))


@pytest.fixture
def plan_id(web: FlaskClient) -> str:
    """One plan for all the examples (the fixture is not reset between them): reports pile up versions or 409."""
    return make_plan(web)


@FUZZ
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "date": st.one_of(odd_text, st.just(MISSED_LONG_RUN)),
            "report": st.one_of(
                odd_text,
                st.tuples(
                    st.sampled_from(["run", "strength", "", "swim"]), st.sampled_from(["done", "missed", "x"])
                ).map(":".join),
            ),
            "run_kind": st.one_of(odd_text, st.sampled_from(["easy", "long", "power", "race"])),
            "run_minutes": st.one_of(odd_text, st.integers(-10, 700).map(str)),
            "strength_kind": st.one_of(odd_text, st.sampled_from(["power", "mobility", "easy"])),
            "base_version": st.one_of(odd_text, st.sampled_from(["1", "2"])),
        },
    )
)
def test_the_report_form_never_answers_5xx(web: FlaskClient, plan_id: str, fields: dict[str, str]) -> None:
    response = web.post(f"/plans/{plan_id}/report", data={**fields, "csrf_token": csrf(web)})
    assert_page(response)


@FUZZ
@given(
    plan=st.one_of(st.just(None), st.text(max_size=80)),
    a=odd_text,
    b=odd_text,
    token=st.one_of(odd_text, st.text(alphabet="abcdefABCDEF0123456789._-", max_size=120)),
    where=st.sampled_from(["", "/compare", "/calendar.ics", "/feed.ics", "/versions/1", "/versions/0"]),
)
def test_page_urls_never_answer_5xx(
    web: FlaskClient, plan_id: str, plan: str | None, a: str, b: str, token: str, where: str
) -> None:
    target = plan_id if plan is None else urllib.parse.quote(plan, safe="")
    query = urllib.parse.urlencode({"a": a, "b": b, "token": token})
    response = web.get(f"/plans/{target}{where}?{query}")
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert "Traceback" not in response.get_data(as_text=True)
