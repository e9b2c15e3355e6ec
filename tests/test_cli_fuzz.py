"""`runlift` never prints a traceback: hypothesis feeds it requests, plans and events of any dates.

Dates come from the whole calendar (year 1 to 9999), with the ends and their
neighbours drawn often; the other fields are valid or garbage. The only right
answers are the contract's exit codes with a one-line-per-problem message;
70 (our bug) or a traceback fails. The real solver runs whenever a request is
valid, so the examples per command come from RUNLIFT_FUZZ_EXAMPLES (default 40).
"""

import contextlib
import io
import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.cli import EXIT_INTERNAL, main

EXAMPLES = int(os.environ.get("RUNLIFT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONTRACT_EXITS = {0, 1, 2, 3, 4}

_ENDS = [date(1, 12, 31), date(2, 1, 6), date(2, 1, 7), date(9999, 6, 12), date(9999, 6, 13), date(9999, 11, 26)]
edge_dates = st.one_of(
    st.sampled_from(_ENDS),
    st.integers(0, 800).map(lambda n: date.min + timedelta(days=n)),  # year 1 and 2
    st.integers(0, 800).map(lambda n: date.max - timedelta(days=n)),  # the last two years
    st.dates(),
)
garbage = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.lists(st.integers(), max_size=2))


def iso(strategy: st.SearchStrategy[date]) -> st.SearchStrategy[str]:
    return strategy.map(date.isoformat)


def near(day: date, low: int, high: int) -> st.SearchStrategy[str]:
    """A date `low` to `high` days from `day`, as text, clamped to the calendar."""
    return st.integers(low, high).map(lambda n: _clamped(day, n).isoformat())


def _clamped(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


@st.composite
def plan_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly well-formed requests around a start anywhere in the calendar, each field sometimes garbage."""
    start = draw(edge_dates)
    request: dict[str, Any] = {"start_date": draw(garbage) if draw(st.integers(0, 7)) == 0 else start.isoformat()}
    optional = {
        "race_date": near(start, 50, 175),
        "weeks": st.one_of(st.integers(8, 24), garbage),
        "unavailable_dates": st.lists(near(start, -3, 170), max_size=2),
        "fixed": st.lists(st.fixed_dictionaries({"date": near(start, -3, 170), "run": st.just("easy")}), max_size=1),
    }
    for name, strategy in optional.items():
        if draw(st.integers(0, 3)) == 0:
            request[name] = draw(garbage) if draw(st.integers(0, 7)) == 0 else draw(strategy)
    return request


def write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> int:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in CONTRACT_EXITS and code != EXIT_INTERNAL, err
    if code >= 2:
        assert err.startswith("runlift: ")
    return code


@pytest.fixture(scope="module")
def edge_plans(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Real plans at both ends of the supported calendar, solved once."""
    folder = tmp_path_factory.mktemp("edge-plans")
    plans = []
    for start, weeks in (("0002-01-07", 8), ("9999-06-12", 24), ("9999-06-12", 8)):
        request = write(folder / f"request-{start}-{weeks}.json", {"start_date": start, "weeks": weeks})
        out = folder / f"plan-{start}-{weeks}.json"
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(["plan", str(request), "--format", "json"]) == 0
        out.write_text(buffer.getvalue(), encoding="utf-8")
        plans.append(out)
    return plans


@FUZZ
@given(request=plan_requests(), fmt=st.sampled_from(["table", "json", "ics"]))
def test_plan_of_any_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str], request: Any, fmt: str) -> None:
    run(capsys, "plan", write(tmp_path / "request.json", request), "--format", fmt)


@st.composite
def replans(draw: st.DrawFn, start: date) -> dict[str, Any]:
    """Events around a plan's cycle (inside it mostly), or dates from anywhere."""
    offset = draw(st.integers(-10, 180))
    as_of = _clamped(start, offset)
    anywhere = iso(edge_dates)
    event = st.fixed_dictionaries(
        {
            "date": st.one_of(near(as_of, -14, -1), anywhere),
            "session": st.sampled_from(["run", "strength"]),
            "status": st.sampled_from(["missed", "done"]),
        }
    )
    return {
        "as_of": draw(st.one_of(anywhere, garbage)) if draw(st.integers(0, 5)) == 0 else as_of.isoformat(),
        "events": draw(st.lists(event, max_size=2, unique_by=lambda e: (e["date"], e["session"]))),
        "unavailable_dates": draw(st.lists(st.one_of(near(as_of, 0, 20), anywhere), max_size=2)),
    }


PLAN_STARTS = [date(2, 1, 7), date(9999, 6, 12), date(9999, 6, 12)]


@FUZZ
@given(data=st.data(), which=st.integers(0, 2), fmt=st.sampled_from(["table", "json"]))
def test_replan_of_any_dates(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edge_plans: list[Path],
    data: st.DataObject,
    which: int,
    fmt: str,
) -> None:
    body = data.draw(replans(PLAN_STARTS[which]))
    run(capsys, "replan", edge_plans[which], write(tmp_path / "events.json", body), "--format", fmt)


@FUZZ
@given(
    which=st.integers(0, 2),
    request=st.one_of(st.none(), plan_requests()),
    days=st.lists(
        st.fixed_dictionaries(
            {
                "date": iso(edge_dates),
                "run": st.one_of(st.none(), st.fixed_dictionaries({"kind": st.sampled_from(["easy", "long", "race"])})),
                "strength": st.one_of(st.none(), st.fixed_dictionaries({"kind": st.just("heavy_lower")})),
            }
        ),
        max_size=4,
    ),
    as_of=st.one_of(st.none(), iso(edge_dates)),
)
def test_validate_of_any_dates(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edge_plans: list[Path],
    which: int,
    request: Any,
    days: list[dict[str, Any]],
    as_of: Any,
) -> None:
    plan = json.loads(edge_plans[which].read_text(encoding="utf-8"))
    if request is not None:
        plan["request"] = request
    plan["days"] = plan["days"] + days
    if as_of is not None:
        plan["as_of"] = as_of
    run(capsys, "validate", write(tmp_path / "plan.json", plan))


@pytest.mark.parametrize("fmt", ["table", "json", "ics"])
@pytest.mark.parametrize(
    ("request_body", "code"),
    [
        ({"start_date": "9999-12-31"}, 2),
        ({"start_date": "0001-01-01", "weeks": 8}, 2),
        ({"start_date": "2027-03-01", "race_date": "9999-12-31"}, 2),
        ({"start_date": "0002-01-07", "weeks": 8}, 0),  # the first supported week of year 2
        ({"start_date": "9999-06-12", "weeks": 24}, 0),  # the last start whose longest cycle fits
    ],
)
def test_the_ends_of_the_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], request_body: dict[str, Any], code: int, fmt: str
) -> None:
    assert run(capsys, "plan", write(tmp_path / "request.json", request_body), "--format", fmt) == code
