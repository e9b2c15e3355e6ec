"""The same request gives the same plan: byte for byte, apart from how long the solve took.

The solver runs one CP-SAT worker with a fixed seed on a pinned OR-tools
version, and builds its model in a fixed order (tuples, never sets, so string
hashing cannot reorder constraints). Its search is budgeted in CP-SAT's
deterministic time, scaled from time_limit_seconds, so even a solve its budget
cuts short gives the same plan (the last test). The wall clock is only a
ceiling; should it ever cut a search first, on a machine loaded far beyond what
these requests need, that plan may differ, and the examples' test says so with
an xfail rather than a false failure.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from models.request import PlanRequest
from solver import model
from solver.solve import plan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TIMING_FIELDS = ("wall_time_ms", "build_time_ms", "explain_time_ms")


def is_plan_request(path: Path) -> bool:
    try:
        PlanRequest.model_validate_json(path.read_text())
    except ValidationError:
        return False
    return True


REQUEST_FILES = [path for path in sorted(EXAMPLES.glob("*.json")) if is_plan_request(path)]


def without_timing(plan_json: str) -> str:
    """The plan's JSON with the solver's timing fields left out, key order kept."""
    data: dict[str, Any] = json.loads(plan_json)
    for name in TIMING_FIELDS:
        data["solver"].pop(name, None)
    return json.dumps(data)


def test_examples_hold_plan_requests() -> None:
    assert len(REQUEST_FILES) >= 4


@pytest.mark.parametrize("path", REQUEST_FILES, ids=[path.name for path in REQUEST_FILES])
def test_an_example_solved_twice_gives_the_same_plan(path: Path) -> None:
    request = PlanRequest.model_validate_json(path.read_text())
    first, second = plan(request), plan(request)
    if first.status != "optimal" or second.status != "optimal":
        # Not optimal means the search was cut short; only a machine loaded far beyond these examples'
        # needs (well under 1 s each) could do that, and a cut by the wall clock is not reproducible.
        pytest.xfail(f"{path.name} ran out of its time limit ({first.solver['wall_time_ms']} ms)")
    assert without_timing(first.model_dump_json()) == without_timing(second.model_dump_json())


SOLVE_SCRIPT = """
import sys
from models.request import PlanRequest
from solver.solve import plan
request = PlanRequest.model_validate_json(open(sys.argv[1]).read())
print(plan(request).model_dump_json())
"""


def solve_in_subprocess(path: Path, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", SOLVE_SCRIPT, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return without_timing(done.stdout)


def test_the_same_plan_in_processes_with_different_string_hashes() -> None:
    """Set iteration order changes with PYTHONHASHSEED; it must not reach the model.

    The club example has fixed sessions, unavailable dates and rest days, the inputs that pass through sets.
    """
    path = EXAMPLES / "club-track-night-travel.json"
    in_process = without_timing(plan(PlanRequest.model_validate_json(path.read_text())).model_dump_json())
    assert solve_in_subprocess(path, "1") == solve_in_subprocess(path, "2024") == in_process


# Seven runs a week, three preferred rest days and a 60-minute Sunday: a request CP-SAT needs about 1.5 s to
# prove optimal for 12 weeks, and more than 5 s for 24.
HARD_TO_PROVE = {
    "start_date": "2027-03-01",
    "runs_per_week": 7,
    "rest_days": ["monday", "wednesday", "friday"],
    "availability": {"sunday": {"max_minutes": 60}},
}


def test_a_solve_cut_by_its_time_limit_gives_the_same_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search is budgeted in deterministic time scaled from time_limit_seconds, the wall clock only a
    backstop, so a solve cut short is the same plan however loaded the machine. (Before, bounded by the wall
    clock alone, this request's 24-week form gave cost 575 and then 628 in two solves in a row.) The budget
    a second is lowered here, and the limit raised, so that the test machine's load cannot bring the backstop
    into play: the same 0.1 deterministic seconds (about a second's search on an idle machine) under a 10 s
    ceiling. (At 0.1 a second under a 1 s ceiling, a machine busy with a browser beside the suite once cut
    one of the two solves by the clock.)"""
    monkeypatch.setattr(model, "DETERMINISTIC_PER_SECOND", 0.01)
    request = PlanRequest.model_validate({**HARD_TO_PROVE, "weeks": 16, "time_limit_seconds": 10.0})
    results = [plan(request) for _ in range(2)]
    assert [result.status for result in results] == ["feasible", "feasible"]  # both were cut short
    plans = [without_timing(result.model_dump_json()) for result in results]
    assert plans[0] == plans[1]
