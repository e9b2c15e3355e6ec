"""Benchmarks: the MIP converter against CP-SAT, the scenario files, and a quick run end to end."""

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ortools.sat.python import cp_model

from benchmarks import solve_speed, tune
from benchmarks.peers import template
from benchmarks.peers.mip import solve_proto
from benchmarks.peers.score import LOAD_RULES, plan_from_slots, score_plan
from benchmarks.run import main as bench_main
from benchmarks.run import stored_slots
from benchmarks.scenarios import freeze, make
from models.events import ReplanRequest
from models.kinds import Equipment, Level, RaceDistance
from models.request import PlanRequest
from models.validation import check_plan
from solver.model import PARAMS_VARIABLE
from solver.solve import plan as solve_plan

ROOT = Path(__file__).resolve().parent.parent


def _cp_sat(model: cp_model.CpModel) -> tuple[str, float | None]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE", solver.objective_value
    return solver.status_name(status), None


def _satisfies(model: cp_model.CpModel, values: list[int]) -> bool:
    """Fix every variable to the MIP's value and let CP-SAT say whether the model still holds."""
    check = model.clone()
    for index, value in enumerate(values):
        check.add(check.get_int_var_from_proto_index(index) == value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(check) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _knapsack(m: cp_model.CpModel) -> None:
    take = [m.new_bool_var(f"take{i}") for i in range(6)]
    m.add(sum(w * t for w, t in zip([3, 4, 5, 6, 2, 7], take, strict=True)) <= 13)
    m.maximize(sum(v * t for v, t in zip([4, 5, 7, 8, 1, 9], take, strict=True)))


def _enforced_linear(m: cp_model.CpModel) -> None:
    x = m.new_int_var(0, 10, "x")
    y = m.new_int_var(-5, 5, "y")
    b = m.new_bool_var("b")
    m.add(x + y >= 12).only_enforce_if(b)
    m.add(x - y <= 1).only_enforce_if(~b)
    m.maximize(3 * x + y + 4 * b)


def _not_equal_with_holes(m: cp_model.CpModel) -> None:
    x = m.new_int_var(0, 6, "x")
    y = m.new_int_var(0, 6, "y")
    m.add(x != y)
    m.add(x + y == 6)
    z = m.new_int_var_from_domain(cp_model.Domain.from_intervals([[0, 1], [4, 5]]), "z")
    m.add(z <= x)
    w = m.new_int_var_from_domain(cp_model.Domain.from_intervals([[-5, -3], [2, 4]]), "w")
    m.add(w >= -4).only_enforce_if(m.new_constant(1))
    m.minimize(x - 2 * z + y + 3 * w)


def _bool_constraints(m: cp_model.CpModel) -> None:
    a = [m.new_bool_var(f"a{i}") for i in range(5)]
    m.add_bool_or([a[0], ~a[1], a[2]])
    m.add_bool_and([~a[3], a[4]]).only_enforce_if(a[0])
    m.add_bool_or([a[1], a[3]]).only_enforce_if(~a[2])
    m.add_at_most_one(a[1], a[2], a[4])
    m.add_exactly_one(a[0], a[3], ~a[4])
    m.minimize(sum((i + 1) * v for i, v in enumerate(a)) - 2 * a[4])


def _lin_max(m: cp_model.CpModel) -> None:
    x = m.new_int_var(0, 8, "x")
    y = m.new_int_var(0, 8, "y")
    top = m.new_int_var(0, 20, "top")
    m.add_max_equality(top, [x, y, 2 * x - y, 3])
    m.add(x + y >= 7)
    m.minimize(top * 5 + x)


def _infeasible(m: cp_model.CpModel) -> None:
    a, b = m.new_bool_var("a"), m.new_bool_var("b")
    m.add_exactly_one(a, b)
    m.add_bool_and([a, b])


@pytest.mark.parametrize(
    "build", [_knapsack, _enforced_linear, _not_equal_with_holes, _bool_constraints, _lin_max], ids=lambda f: f.__name__
)
def test_mip_converter_finds_cp_sat_optimum(build: Callable[[cp_model.CpModel], None]) -> None:
    model = cp_model.CpModel()
    build(model)
    cp_status, cp_objective = _cp_sat(model)
    result = solve_proto(model.proto, time_limit_seconds=10)
    assert cp_status == "OPTIMAL"
    assert result.status == "OPTIMAL"
    assert result.objective == pytest.approx(cp_objective)
    assert _satisfies(model, result.values)


def test_mip_converter_reports_infeasible() -> None:
    model = cp_model.CpModel()
    _infeasible(model)
    assert _cp_sat(model)[0] == "INFEASIBLE"
    assert solve_proto(model.proto).status == "INFEASIBLE"


@pytest.mark.parametrize("seed", range(12))
def test_mip_converter_matches_cp_sat_on_random_models(seed: int) -> None:
    """Small random models mixing every constraint type the planner's model uses."""
    rng = random.Random(seed)
    model = cp_model.CpModel()
    bools = [model.new_bool_var(f"b{i}") for i in range(8)]
    ints = [model.new_int_var(-3, 6, f"x{i}") for i in range(3)]

    def lit() -> cp_model.IntVar:
        b = rng.choice(bools)
        return ~b if rng.random() < 0.4 else b

    def enforce(ct: cp_model.Constraint) -> None:
        if rng.random() < 0.5:
            ct.only_enforce_if([lit() for _ in range(rng.randint(1, 2))])

    for _ in range(4):
        terms = rng.sample(bools + ints, 3)
        expr = sum(rng.randint(-3, 3) * v for v in terms)
        enforce(model.add(expr <= rng.randint(-2, 6)) if rng.random() < 0.5 else model.add(expr >= rng.randint(-6, 2)))
    enforce(model.add_bool_or([lit() for _ in range(3)]))
    enforce(model.add_bool_and([lit() for _ in range(2)]))
    model.add_at_most_one([lit() for _ in range(3)])
    model.add_exactly_one(rng.sample(bools, 3))
    model.minimize(sum(rng.randint(-4, 4) * v for v in bools + ints))

    cp_status, cp_objective = _cp_sat(model)
    result = solve_proto(model.proto, time_limit_seconds=10)
    if cp_status == "INFEASIBLE":
        assert result.status == "INFEASIBLE"
        return
    assert result.status == "OPTIMAL"
    assert result.objective == pytest.approx(cp_objective)
    assert _satisfies(model, result.values)


def test_mip_converter_accepts_a_hint() -> None:
    model = cp_model.CpModel()
    _knapsack(model)
    for index in range(2):
        model.add_hint(model.get_bool_var_from_proto_index(index), False)
    assert solve_proto(model.proto).objective == pytest.approx(_cp_sat(model)[1])


# -- scenario files -------------------------------------------------------------------


@pytest.fixture(scope="module")
def requests_file() -> dict[str, Any]:
    return dict(json.loads(make.REQUESTS_FILE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def replans_file() -> dict[str, Any]:
    return dict(json.loads(make.REPLANS_FILE.read_text(encoding="utf-8")))


def test_scenario_requests_are_valid_and_cover_the_space(requests_file: dict[str, Any]) -> None:
    requests = [PlanRequest.model_validate(body) for body in requests_file["requests"]]
    assert len(requests) >= 60
    assert {r.level for r in requests} == set(Level)
    assert {r.equipment for r in requests} == set(Equipment)
    assert {r.race_distance for r in requests} == set(RaceDistance)
    assert {r.runs_per_week for r in requests} == set(range(3, 8))
    assert {r.weeks for r in requests} == set(range(8, 25))
    assert any(r.cycle.n_days % 7 for r in requests), "a cycle that is not whole weeks"
    access = [a for r in requests for a in r.availability.values()]
    assert any(not a.run for a in access) and any(not a.strength for a in access)
    assert any(a.max_minutes is not None for a in access)
    assert sum(bool(r.fixed) for r in requests) >= 10
    assert sum(len(r.unavailable_dates) >= 3 for r in requests) >= 10


def test_scenario_requests_come_from_the_seed(requests_file: dict[str, Any]) -> None:
    """Each stored request is what the generator makes for its index and recorded attempt."""
    seed = requests_file["seed"]
    for index, (body, attempt) in enumerate(zip(requests_file["requests"], requests_file["attempts"], strict=True)):
        assert make.make_request(seed, index, attempt) == body


def test_replan_scenarios_are_valid_and_come_from_the_seed(
    requests_file: dict[str, Any], replans_file: dict[str, Any]
) -> None:
    requests = [PlanRequest.model_validate(body) for body in requests_file["requests"]]
    scenarios = replans_file["replans"]
    assert len(scenarios) >= 60
    assert {s["kind"] for s in scenarios} == set(make.REPLAN_KINDS)
    for index, scenario in enumerate(scenarios):
        body = requests_file["requests"][scenario["request"]]
        assert len(scenario["previous"]) == requests[scenario["request"]].cycle.n_days
        replan_request = ReplanRequest.model_validate(scenario["replan"])
        assert replan_request.events, "every re-plan reports something"
        days = make.stored_days(body, scenario["previous"])
        assert make.make_replan(replans_file["seed"], index, scenario["attempt"], days) == (
            scenario["kind"],
            scenario["replan"],
        )


MAKE_IN_A_FRESH_PROCESS = """
import sys
from pathlib import Path
from benchmarks.scenarios import make
make.write(Path(sys.argv[1]))
print(sorted({name.split(".")[0] for name in sys.modules} & {"solver", "ortools", "highspy"}))
"""


def test_make_rewrites_the_suites_byte_for_byte_without_a_solver(tmp_path: Path) -> None:
    """The suites are fixed while the solver changes: make reads the solver's verdicts from frozen.json."""
    done = subprocess.run(
        [sys.executable, "-c", MAKE_IN_A_FRESH_PROCESS, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]", "make must not load a solver"
    for stored in (make.REQUESTS_FILE, make.REPLANS_FILE):
        assert (tmp_path / stored.name).read_bytes() == stored.read_bytes(), (
            f"{stored.relative_to(ROOT)} is not what `python -m benchmarks.scenarios.make` writes: run it, or, "
            "to change the suite on purpose, `python -m benchmarks.scenarios.freeze`"
        )


def test_freeze_keeps_candidates_the_solver_plans_and_make_builds_on_them() -> None:
    frozen = freeze.freeze(seed=5, n_requests=2, n_replans=2)
    requests, replans = make.suites(frozen)
    assert [len(entry["plan"]) for entry in frozen["requests"]] == [
        PlanRequest.model_validate(body).cycle.n_days for body in requests["requests"]
    ]
    for scenario in replans["replans"]:
        request = PlanRequest.model_validate(requests["requests"][scenario["request"]])
        previous = plan_from_slots(request, stored_slots(scenario["previous"]))
        assert check_plan(request, previous.days) == []
        assert ReplanRequest.model_validate(scenario["replan"]).events


def test_stored_previous_plans_keep_every_rule(requests_file: dict[str, Any], replans_file: dict[str, Any]) -> None:
    requests = [PlanRequest.model_validate(body) for body in requests_file["requests"]]
    for scenario in replans_file["replans"][:12]:
        request = requests[scenario["request"]]
        previous = plan_from_slots(request, stored_slots(scenario["previous"]))
        assert check_plan(request, previous.days) == []


# -- template baseline and scorer -----------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [{}, {"runs_per_week": 3, "level": "beginner"}, {"runs_per_week": 7, "weeks": 10}, {"long_run_day": "saturday"}],
)
def test_template_keeps_every_placement_rule_on_a_plain_calendar(fields: dict[str, Any]) -> None:
    """The baseline is honest: its weekly templates are sound, so on a plain calendar only its minutes can
    break a rule. A published progression (the long run 10 minutes longer a week, a step back every 3rd week,
    a fixed taper) knows nothing of the athlete's own week, and the load rules catch that: what the benchmark
    reports as the template's load violations."""
    request = PlanRequest.model_validate({"start_date": "2026-03-02", **fields})
    broken = {violation.rule for violation in check_plan(request, template.template_days(request))}
    assert broken <= LOAD_RULES


def test_template_moves_sessions_off_days_the_athlete_cannot_use() -> None:
    request = PlanRequest.model_validate(
        {
            "start_date": "2026-03-02",
            "availability": {"tuesday": {"run": False}, "thursday": {"strength": False}},
            "unavailable_dates": ["2026-03-20", "2026-03-21"],
        }
    )
    days = template.template_days(request)
    assert not any(d.run for d in days if d.date.weekday() == 1)
    assert not any(d.strength for d in days if d.date.weekday() == 3)
    assert not any(d.run or d.strength for d in days if d.date.isoformat() in ("2026-03-20", "2026-03-21"))


def test_score_of_runlift_plan_is_its_own_objective() -> None:
    request = PlanRequest.model_validate({"start_date": "2026-03-02", "weeks": 8, "rest_days": ["friday"]})
    result = solve_plan(request)
    assert score_plan(request, result.days) == result.objective


def test_score_of_a_plan_that_breaks_a_rule_is_none() -> None:
    request = PlanRequest.model_validate({"start_date": "2026-03-02", "weeks": 8})
    days = solve_plan(request).days
    days[-1] = days[-1].model_copy(update={"run": None})  # no race on race day (R-RACE)
    assert score_plan(request, days) is None


# -- the runner --------------------------------------------------------------------------


def test_quick_run_completes_with_runlift_plans_free_of_violations(tmp_path: Path) -> None:
    assert bench_main(["--quick", "--quiet", "--out", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    runlift_rows = [r for r in results["rows"] if r["solver"] == "runlift"]
    assert {r["suite"] for r in runlift_rows} == {"plan", "replan"}
    assert all(r["violations"] == 0 and r["objective"] is not None for r in runlift_rows)
    assert {r["solver"] for r in results["rows"]} == {"runlift", "mip", "template"}
    assert (tmp_path / "results.png").stat().st_size > 0


# -- tuning ------------------------------------------------------------------------------


def test_tune_solves_every_request_under_every_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PARAMS_VARIABLE, raising=False)
    tallies = tune.measure({"runlift": "", "inprocessing": "use_sat_inprocessing:true"}, count=1)
    assert [len(t.solve_ms) for t in tallies.values()] == [len(solve_speed.requests(1))] * 2
    assert all(t.optimal == len(t.solve_ms) for t in tallies.values())
    assert PARAMS_VARIABLE not in os.environ  # each setting is undone after its solve
    assert "| inprocessing | `use_sat_inprocessing:true` |" in tune.table(tallies)
