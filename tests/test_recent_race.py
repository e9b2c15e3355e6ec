"""`recent_race` in a request: what is accepted, and the refusals that name the field (CONTRACT.md)."""

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from models.request import PlanRequest
from service.cli import EXIT_INVALID, main

START = date(2027, 3, 1)


def request(race: dict[str, Any]) -> PlanRequest:
    return PlanRequest(start_date=START, recent_race=race)


def refusal(race: dict[str, Any]) -> tuple[tuple[str | int, ...], str]:
    with pytest.raises(ValidationError) as caught:
        request(race)
    (error,) = caught.value.errors()
    return error["loc"], error["msg"]


@pytest.mark.parametrize(
    ("race", "time"),
    [
        ({"distance": "10k", "time": "50:00"}, "50:00"),
        ({"distance": "half", "time": "1:52:30", "date": "2027-02-14"}, "1:52:30"),
        ({"distance": "marathon", "time": "3:59:59", "date": str(START)}, "3:59:59"),
        ({"distance": 3000, "time": "0:14:30"}, "14:30"),  # written with hours, kept as a runner writes it
        ({"distance": 1500, "time": "6:00"}, "6:00"),
        ({"distance": "5k", "time": "24:34", "date": str(START - timedelta(weeks=12))}, "24:34"),
    ],
)
def test_accepted(race: dict[str, Any], time: str) -> None:
    recent = request(race).recent_race
    assert recent is not None and recent.time == time


@pytest.mark.parametrize("distance", ["ultra", "800m", 800, 50_000, "5000", True, None, 10.5])
def test_a_distance_the_formula_does_not_cover(distance: object) -> None:
    loc, msg = refusal({"distance": distance, "time": "50:00"})
    assert loc == ("recent_race", "distance")
    assert "1500" in msg and "42195" in msg


@pytest.mark.parametrize("time", ["50", "50:60", "1:75:00", "fifty", "0:00", "00:00:00"])
def test_a_time_that_is_not_a_time(time: str) -> None:
    loc, msg = refusal({"distance": "10k", "time": time})
    assert loc == ("recent_race", "time")
    assert repr(time) in msg


@pytest.mark.parametrize(
    ("race", "why"),
    [
        ({"distance": "10k", "time": "20:00"}, "faster than any world record"),  # VDOT 118
        ({"distance": "marathon", "time": "1:55:00"}, "faster than any world record"),
        ({"distance": "5k", "time": "59:00"}, "slower than"),  # VDOT under 15
        ({"distance": "marathon", "time": "9:30:00"}, "slower than"),
    ],
)
def test_a_time_no_human_runs(race: dict[str, Any], why: str) -> None:
    loc, msg = refusal(race)
    assert loc == ("recent_race",)
    assert why in msg and "VDOT" in msg


@pytest.mark.parametrize(
    ("when", "why"),
    [(START - timedelta(weeks=12, days=1), "12 weeks"), (START + timedelta(days=1), "after start_date")],
)
def test_a_race_too_old_or_not_yet_run(when: date, why: str) -> None:
    loc, msg = refusal({"distance": "10k", "time": "50:00", "date": str(when)})
    assert loc == ("recent_race",)
    assert why in msg and "date" in msg


def test_unknown_fields_are_refused() -> None:
    loc, _ = refusal({"distance": "10k", "time": "50:00", "place": "Berlin"})
    assert loc == ("recent_race", "place")


def test_the_cli_exits_2_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = {"start_date": str(START), "recent_race": {"distance": "10k", "time": "12:00"}}
    path = tmp_path / "request.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert main(["plan", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "recent_race" in err and "world record" in err and "Traceback" not in err
