"""The same request gives the same plan: byte for byte, apart from how long the solve took.

The solver runs one CP-SAT worker with a fixed seed on a pinned OR-tools
version, and builds its model in a fixed order (tuples, never sets, so string
hashing cannot reorder constraints). Its second search pass is bounded by the
wall clock, though: a solve cut short by the time limit stops wherever the
clock found it, and may then return another plan (see the xfail below).
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
    if "optimal" not in (first.status, second.status):
        # A search cut by the wall clock is not reproducible (see the xfail below); under heavy load on
        # shared cores, the largest example can run out of its 5 s.
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


@pytest.mark.xfail(
    strict=False,  # a race with the clock: how far the search gets in the limit depends on the machine's load
    reason="solver bug: the second search pass is bounded by wall-clock time, so a solve that reaches the "
    "time limit returns whatever the clock found; the same request then gives different plans",
)
def test_a_solve_cut_by_its_time_limit_gives_the_same_plan() -> None:
    """advanced-marathon-gym needs the LP pass (1.5-3 s alone on this machine); with a 1.3 s limit, four
    solves in a row gave objectives 194, 319, 319 and 194, and the effort counters differ every time."""
    data = json.loads((EXAMPLES / "advanced-marathon-gym.json").read_text())
    request = PlanRequest.model_validate({**data, "time_limit_seconds": 1.3})
    plans = [without_timing(plan(request).model_dump_json()) for _ in range(3)]
    assert plans[0] == plans[1] == plans[2]
