"""`runlift` from the shell: exit codes of docs/api.md, readable errors, the formats, the examples.

Tests taking the `solver` fixture need `solver/solve.py` (and the checker or the
calendar export where named); the rest stand in a fake solver so they run on their own.
"""

import json
import subprocess
import sys
import types
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sample_plans import sample_plan, sample_replan

from models.errors import Conflict
from models.events import ReplanRequest
from models.kinds import RunKind
from models.plan import Plan
from models.request import PlanRequest
from service import cli
from service.cli import main
from service.table import WIDTH
from solver.errors import InfeasibleError, SolverTimeout

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
REQUEST_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.json") if not p.name.startswith("replan-"))
FIRST_MARATHON = EXAMPLES / "first-marathon-home.json"
MISSED_LONG_RUN = EXAMPLES / "replan-missed-long-run.json"
WEEKEND_AWAY = EXAMPLES / "replan-weekend-away.json"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """`runlift ARGS` in process: (exit code, stdout, stderr); a traceback would fail the test."""

    def invoke(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return invoke


def write(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


@pytest.fixture
def fake_solver(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    """Stands in for `solver.solve.plan` and `solver.replan.replan`; set `.refusal` to make `plan` raise."""
    fake = types.SimpleNamespace(refusal=None, requests=[])

    def plan(request: PlanRequest) -> Plan:
        fake.requests.append(request)
        if fake.refusal:
            raise fake.refusal
        return sample_plan(**request.model_dump(mode="json", exclude_unset=True))

    def replan(previous: Plan, replan: ReplanRequest) -> Plan:
        return sample_replan(previous, replan.as_of)

    for name, function in [("solver.solve", plan), ("solver.replan", replan)]:
        module = types.ModuleType(name)
        setattr(module, function.__name__, function)
        monkeypatch.setitem(sys.modules, name, module)
    return fake


@pytest.fixture
def solver() -> None:
    pytest.importorskip("solver.solve", reason="solver/solve.py has not landed yet")


# --- errors and exit codes, with the fake solver ---------------------------------------------


def test_a_missing_file_exits_2_with_its_name(run: Run, tmp_path: Path) -> None:
    code, _, err = run("plan", tmp_path / "nope.json")
    assert code == 2
    assert "nope.json" in err and "No such file" in err


def test_malformed_json_exits_2_with_line_and_column(run: Run, tmp_path: Path) -> None:
    code, _, err = run("plan", write(tmp_path, "bad.json", '{\n  "start_date": "2027-03-01",\n}'))
    assert code == 2
    assert "not valid JSON" in err and "line 3, column 1" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000, "maximum recursion depth exceeded"),
        ('{"weeks": ' + "9" * 5000 + "}", "Exceeds the limit (4300 digits)"),
    ],
)
def test_json_the_parser_refuses_exits_2(run: Run, tmp_path: Path, text: str, message: str) -> None:
    code, _, err = run("plan", write(tmp_path, "odd.json", text))
    assert code == 2
    assert "is not usable JSON" in err and message in err


@pytest.mark.parametrize(
    ("request_body", "line"),
    [
        ({"start_date": "2027-03-01", "weeks": 3}, "weeks: Input should be greater than or equal to 8"),
        ({"start_date": "2027-03-01", "runs_per_wek": 4}, "runs_per_wek: Extra inputs are not permitted"),
        ({"start_date": "2027-03-01", "availability": {"tuesday": {"max_minutes": -5}}}, "availability.tuesday"),
        ({"start_date": "2027-03-01", "race_date": "2027-02-01"}, "(top level): race_date must be after start_date"),
        ([1, 2], "(top level): Input should be a valid dictionary"),
    ],
)
def test_an_invalid_request_exits_2_with_field_paths(run: Run, tmp_path: Path, request_body: Any, line: str) -> None:
    code, _, err = run("plan", write(tmp_path, "request.json", request_body))
    assert code == 2
    assert line in err


def test_the_time_limit_flag_is_checked_like_the_field(run: Run, fake_solver: Any) -> None:
    code, _, err = run("plan", FIRST_MARATHON, "--time-limit", "90")
    assert code == 2
    assert "time_limit_seconds: Input should be less than or equal to 30" in err
    assert run("plan", FIRST_MARATHON, "--time-limit", "2.5")[0] == 0
    assert fake_solver.requests[-1].time_limit_seconds == 2.5


def test_usage_errors_exit_2(run: Run) -> None:
    assert run()[0] == 2
    assert run("plan", FIRST_MARATHON, "--format", "pdf")[0] == 2
    assert run("validate", FIRST_MARATHON, "extra.json")[0] == 2


def test_an_infeasible_request_exits_3_naming_the_rules(run: Run, fake_solver: Any) -> None:
    fake_solver.refusal = InfeasibleError(
        "6 running days a week do not fit 3 days with run access",
        [Conflict(rule="R-RUNS-PER-WEEK", detail="6 runs a week", input="runs_per_week")],
    )
    code, out, err = run("plan", FIRST_MARATHON)
    assert code == 3
    assert out == ""
    assert "R-RUNS-PER-WEEK: 6 runs a week (input: runs_per_week)" in err


def test_a_timeout_exits_4(run: Run, fake_solver: Any) -> None:
    fake_solver.refusal = SolverTimeout(0.5)
    code, _, err = run("plan", FIRST_MARATHON)
    assert code == 4
    assert "0.5 s" in err


# --- output formats, with the fake solver ------------------------------------------------------


def test_the_table_fits_100_columns_and_shows_every_week(run: Run, fake_solver: Any) -> None:
    code, out, _ = run("plan", FIRST_MARATHON)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    weeks = PlanRequest.model_validate_json(FIRST_MARATHON.read_text()).weeks
    rows = [line.split()[0] for line in out.splitlines()[1 : weeks + 1]]
    assert rows == [str(n) for n in range(1, weeks + 1)]


def test_json_round_trips_through_plan(run: Run, fake_solver: Any) -> None:
    code, out, _ = run("plan", FIRST_MARATHON, "--format", "json")
    assert code == 0
    assert Plan.model_validate_json(out).request == PlanRequest.model_validate_json(FIRST_MARATHON.read_text())


def test_a_request_can_come_from_stdin(run: Run, fake_solver: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", open(FIRST_MARATHON, encoding="utf-8"))  # noqa: SIM115 (pytest closes it)
    assert run("plan", "-", "--format", "json")[0] == 0


def test_replan_prints_the_new_grid_and_the_diff(run: Run, fake_solver: Any, tmp_path: Path) -> None:
    plan_file = write(tmp_path, "plan.json", sample_plan().model_dump_json())
    code, out, _ = run("replan", plan_file, write(tmp_path, "events.json", {"as_of": "2027-04-05"}))
    assert code == 0
    assert "Changes from version 1" in out
    assert "2027-04-10 Sat E" in out and "P-RECOVER-KEY" in out
    assert max(len(line) for line in out.splitlines()) <= WIDTH


def test_replan_checks_both_files(run: Run, tmp_path: Path) -> None:
    assert run("replan", "-", "-")[0] == 2
    plan_file = write(tmp_path, "plan.json", sample_plan().model_dump_json())
    code, _, err = run("replan", plan_file, write(tmp_path, "events.json", {"as_of": "2027-04-05", "events": [{}]}))
    assert code == 2
    assert "events.0.date: Field required" in err
    code, _, err = run("replan", write(tmp_path, "p.json", {"days": []}), write(tmp_path, "e.json", {}))
    assert code == 2
    assert "p.json is not a valid plan" in err


def test_a_plan_cut_at_race_day_lacks_its_recovery_weeks(run: Run, tmp_path: Path) -> None:
    plan = sample_plan(recovery_weeks=2)
    cut = plan.model_copy(update={"days": [day for day in plan.days if day.date <= plan.request.cycle.race]})
    code, _, err = run(
        "replan", write(tmp_path, "cut.json", cut.model_dump_json()), write(tmp_path, "e.json", {"as_of": "2027-06-21"})
    )
    assert code == 2
    assert "is not a whole plan" in err and "2027-03-01 to 2027-07-04" in err  # the last recovery day


# --- serve and bench hand over to other programs -----------------------------------------------


def test_serve_execs_gunicorn_with_the_checked_in_config(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execvp", lambda file, args: calls.append(args))
    assert run("serve", "--bind", "0.0.0.0:9000", "--workers", "2", "--no-front")[0] == 0
    (args,) = calls
    assert args[:3] == [sys.executable, "-m", "gunicorn"]
    assert args[args.index("--bind") + 1] == "0.0.0.0:9000"
    assert args[args.index("--workers") + 1] == "2"
    assert args[-1] == "service.app:create_app()"
    if (cli.ROOT / "gunicorn.conf.py").is_file():
        assert args[args.index("-c") + 1] == str(cli.ROOT / "gunicorn.conf.py")


def test_serve_binds_localhost_by_default(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execvp", lambda file, args: calls.append(args))
    run("serve", "--no-front")
    assert calls[0][calls[0].index("--bind") + 1] == "127.0.0.1:8000"
    assert "--workers" not in calls[0]


def test_bench_is_not_a_service_command(run: Run) -> None:
    """The benchmarks sit above the service: `python -m benchmarks` (or `./dev bench`) runs them."""
    code, _out, err = run("bench")
    assert code == 2
    assert "invalid choice: 'bench'" in err


@pytest.mark.parametrize(("keys", "listen"), [("", "127.0.0.1:9000"), ("ann:k1", "0.0.0.0:9000")])
def test_serve_puts_nginx_in_front_of_gunicorn(
    run: Run, monkeypatch: pytest.MonkeyPatch, keys: str, listen: str
) -> None:
    """nginx listens (on loopback only when the service is open); gunicorn gets a private socket."""
    from service import front

    started: list[tuple[list[str], str]] = []

    class FakeSupervisor:
        def __init__(self, gunicorn: list[str], listen: str, settings: object, nginx: str) -> None:
            started.append((gunicorn, listen))

        def run(self) -> int:
            return 0

    monkeypatch.setenv("RUNLIFT_API_KEYS", keys)
    monkeypatch.setattr(front, "nginx_binary", lambda: "/usr/sbin/nginx")
    monkeypatch.setattr(front, "Supervisor", FakeSupervisor)
    assert run("serve", "--bind", "0.0.0.0:9000")[0] == 0
    ((gunicorn, listened),) = started
    assert listened == listen
    assert "--bind" not in gunicorn and gunicorn[-1] == "service.app:create_app()"


def test_serve_refuses_malformed_configuration(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNLIFT_API_KEYS", "null")
    code, _, err = run("serve")
    assert code == 2 and err.startswith("runlift: RUNLIFT_API_KEYS: ") and err.count("\n") == 1


# --- the example requests ----------------------------------------------------------------------


@pytest.mark.parametrize("path", REQUEST_EXAMPLES, ids=lambda p: p.name)
def test_every_example_is_a_valid_request(path: Path) -> None:
    request = PlanRequest.model_validate_json(path.read_text())
    assert request.start_date.year == 2027


def test_there_are_at_least_four_example_requests() -> None:
    assert len(REQUEST_EXAMPLES) >= 4


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("replan-*.json")), ids=lambda p: p.name)
def test_every_replan_example_is_valid(path: Path) -> None:
    ReplanRequest.model_validate_json(path.read_text())


def test_the_replan_example_misses_the_week_5_long_run_of_the_first_marathon() -> None:
    request = PlanRequest.model_validate_json(FIRST_MARATHON.read_text())
    replan = ReplanRequest.model_validate_json(MISSED_LONG_RUN.read_text())
    (missed,) = replan.events
    assert missed.status == "missed" and missed.session == "run"
    assert request.cycle.week_of(request.cycle.index_of(missed.date)).number == 5
    assert missed.date.weekday() == 6 and replan.as_of == missed.date + timedelta(days=1)


# --- with the real solver ----------------------------------------------------------------------


@pytest.fixture
def first_plan(solver: None, run: Run, tmp_path: Path) -> Path:
    code, out, _ = run("plan", FIRST_MARATHON, "--format", "json")
    assert code == 0
    return write(tmp_path, "plan.json", out)


def test_the_real_plan_table_fits_and_shows_every_week(solver: None, run: Run) -> None:
    code, out, _ = run("plan", FIRST_MARATHON)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    assert [line.split()[0] for line in out.splitlines()[1:17]] == [str(n) for n in range(1, 17)]


def test_the_real_plan_round_trips_as_json(first_plan: Path) -> None:
    plan = Plan.model_validate_json(first_plan.read_text())
    assert len(plan.days) == plan.request.cycle.n_days


def test_ics_output_is_a_calendar(solver: None, run: Run) -> None:
    pytest.importorskip("service.calendar_ics", reason="service/calendar_ics.py has not landed yet")
    code, out, _ = run("plan", FIRST_MARATHON, "--format", "ics")
    assert code == 0
    assert out.startswith("BEGIN:VCALENDAR")


def test_a_real_infeasible_request_exits_3(solver: None, run: Run, tmp_path: Path) -> None:
    closed = {"run": False, "strength": True}
    request = {
        "start_date": "2027-03-01",
        "runs_per_week": 6,
        "availability": {day: closed for day in ["monday", "wednesday", "friday", "saturday"]},
    }
    code, _, err = run("plan", write(tmp_path, "request.json", request))
    assert code == 3
    assert "R-RUNS-PER-WEEK" in err and "(input: runs_per_week)" in err


def test_validate_accepts_a_printed_plan(first_plan: Path, run: Run) -> None:
    pytest.importorskip("models.validation", reason="models/validation.py has not landed yet")
    assert run("validate", first_plan)[:2] == (0, "no violations\n")


def test_validate_names_the_rule_a_tampered_plan_breaks(first_plan: Path, run: Run, tmp_path: Path) -> None:
    pytest.importorskip("models.validation", reason="models/validation.py has not landed yet")
    data = json.loads(first_plan.read_text())
    days = data["days"]
    # Swap a heavy_lower lift with the session of the day before a long run: R-48H-LONG forbids it there.
    source = next(d for d in days if d["strength"] and d["strength"]["kind"] == "heavy_lower")
    long_run = next(i for i, d in enumerate(days) if d["run"] and d["run"]["kind"] == RunKind.LONG and i > 0)
    target = days[long_run - 1]
    target["strength"], source["strength"] = source["strength"], target["strength"]
    code, out, _ = run("validate", write(tmp_path, "tampered.json", data))
    assert code == 1
    assert "R-48H-LONG" in out and target["date"] in out


def test_replan_of_the_example_prints_the_changes(first_plan: Path, run: Run) -> None:
    # The long run missed on Sunday cannot come back: its week is over (P-RECOVER-KEY).
    code, out, _ = run("replan", first_plan, MISSED_LONG_RUN)
    assert code == 0
    assert f"Changes from version 1 (as of {date(2027, 4, 5)}):" in out


def test_replan_around_a_weekend_away_lists_the_changed_days(first_plan: Path, run: Run, tmp_path: Path) -> None:
    code, out, _ = run("replan", first_plan, WEEKEND_AWAY)
    assert code == 0
    diff = out.split("Changes from version 1")[1]
    assert "2027-04-11 Sun L" in diff and "R-AVAIL" in diff
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    code, new_plan, _ = run("replan", first_plan, WEEKEND_AWAY, "--format", "json")
    assert Plan.model_validate_json(new_plan).replanned_from_version == 1
    pytest.importorskip("models.validation", reason="models/validation.py has not landed yet")
    assert run("validate", write(tmp_path, "v2.json", new_plan))[:2] == (0, "no violations\n")


@pytest.mark.parametrize(
    ("events", "line"),
    [
        ({"as_of": "2028-01-03"}, "as_of: as_of must lie within the cycle"),
        ({"as_of": "2027-04-05", "base_version": 4}, "was written for version 4"),
    ],
)
def test_replan_events_that_do_not_fit_the_plan_exit_2(
    first_plan: Path, run: Run, tmp_path: Path, events: dict[str, Any], line: str
) -> None:
    code, _, err = run("replan", first_plan, write(tmp_path, "events.json", events))
    assert code == 2
    assert line in err


def test_replan_needs_a_whole_plan(first_plan: Path, run: Run, tmp_path: Path) -> None:
    data = json.loads(first_plan.read_text())
    del data["days"][20:]
    code, _, err = run("replan", write(tmp_path, "cut.json", data), MISSED_LONG_RUN)
    assert code == 2
    assert "is not a whole plan" in err


def test_the_installed_command_reports_errors_without_a_traceback(tmp_path: Path) -> None:
    runlift = Path(sys.executable).parent / "runlift"
    if not runlift.exists():
        pytest.skip("runlift is not installed: run pip install -e '.[test]'")
    bad = write(tmp_path, "bad.json", "{not json")
    result = subprocess.run([runlift, "plan", bad], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "not valid JSON" in result.stderr and "Traceback" not in result.stderr
    result = subprocess.run([runlift, "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and "validate" in result.stdout


# --- validate, with the independent checker ----------------------------------------------------


@pytest.fixture
def checker() -> None:
    pytest.importorskip("models.validation", reason="models/validation.py has not landed yet")


def test_validate_lists_violations_of_a_hand_made_plan(checker: None, run: Run, tmp_path: Path) -> None:
    code, out, _ = run("validate", write(tmp_path, "plan.json", sample_plan().model_dump_json()))
    assert code == 1
    assert out and all(line.startswith("R-") for line in out.splitlines())


def test_validate_refuses_what_is_not_a_plan(checker: None, run: Run, tmp_path: Path) -> None:
    code, _, err = run("validate", write(tmp_path, "plan.json", {"request": {"start_date": "2027-03-01"}}))
    assert code == 2
    assert "days: Field required" in err


def test_violation_dates_read_as_spans() -> None:
    week = [date(2027, 4, 12) + timedelta(days=i) for i in range(7)]
    assert cli.format_dates(week) == "2027-04-12 to 2027-04-18"
    assert cli.format_dates([date(2027, 4, 20), date(2027, 4, 19), date(2027, 5, 1)]) == (
        "2027-04-19, 2027-04-20, 2027-05-01"
    )
    assert cli.format_dates([]) == "-"
