"""benchmarks/load.py runs, stops by itself within its bounds, and counts what it sent."""

import json

import pytest

from benchmarks import load


def test_a_tiny_load_run(capsys: pytest.CaptureFixture[str]) -> None:
    code = load.main(
        ["--duration", "120", "--workers", "1", "--concurrency", "2", "--max-requests", "3", "--warmup", "0", "--json"]
    )
    figures = json.loads(capsys.readouterr().out)
    assert code == 0
    assert figures["plans"] == 3  # the request cap, not the clock, ended it
    assert figures["errors"] == 0 and figures["statuses"] == {"201": 3}
    assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]


def test_examples_are_plan_requests_only() -> None:
    for name, body in load.example_bodies():
        assert "replan" not in name
        assert json.loads(body)
