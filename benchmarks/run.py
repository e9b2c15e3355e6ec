"""Run the benchmark: `python -m benchmarks [--quick] [--out DIR]`, also `./dev bench`.

Every scenario goes to every solver in turn, in this one process: runlift's
CP-SAT planner, the same model solved by HiGHS (the MIP peer) and the
template baseline. Each answer is checked by the independent checker
(`models.validation`) and scored by runlift's objective; re-plans also count
the days they changed. The table goes to stdout, `results.json` and
`results.png` to the output folder.
"""

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.peers import Outcome, cpsat, mip, template
from benchmarks.peers.score import (
    LOAD_RULES,
    changed_days,
    plan_from_slots,
    plan_targets,
    replan_targets,
    score_plan,
    score_replan,
    volume_gap,
)
from models.events import ReplanRequest
from models.kinds import RunKind, StrengthKind
from models.plan import Plan
from models.request import PlanRequest
from models.validation import check_plan, check_replan
from solver.variables import DayKinds

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
DEFAULT_OUT = Path(__file__).resolve().parent / "results"
SOLVERS = ("runlift", "mip", "template")
REFERENCE = "runlift"
# The MIP engine gets more time than runlift's default 5 s: the question is what
# it takes to match CP-SAT, not whether it loses a race it was never fit for.
MIP_SECONDS = {"full": 20.0, "quick": 5.0}
# --quick: the smallest cycles, a few of each suite; about a minute on a laptop.
QUICK_PLANS = 12
QUICK_REPLANS = 8
QUICK_MAX_DAYS = 84


@dataclass
class Row:
    """One solver on one scenario."""

    suite: str  # "plan" or "replan"
    scenario: int
    solver: str
    status: str
    wall_time_ms: float
    violations: int
    rules: list[str]
    objective: int | None
    changed_days: int | None = None
    load_violations: int = 0
    volume_gap: int | None = None  # minutes away from runlift's target curve, all weeks summed


def load_requests() -> list[PlanRequest]:
    data = json.loads((SCENARIOS / "requests.json").read_text(encoding="utf-8"))
    return [PlanRequest.model_validate(body) for body in data["requests"]]


def load_replans() -> list[dict[str, Any]]:
    return list(json.loads((SCENARIOS / "replans.json").read_text(encoding="utf-8"))["replans"])


def stored_slots(previous: list[str]) -> list[DayKinds]:
    """The kinds of a stored previous version, day by day ("easy/heavy_lower", "-/-")."""
    slots: list[DayKinds] = []
    for code in previous:
        run, lift = code.split("/")
        slots.append((RunKind(run) if run != "-" else None, StrengthKind(lift) if lift != "-" else None))
    return slots


def template_plan(request: PlanRequest) -> Outcome:
    started = time.perf_counter()
    days = template.template_days(request)
    wall = 1000 * (time.perf_counter() - started)
    return Outcome(days, wall, "HEURISTIC", score_plan(request, days))


def template_replan(previous: Plan, replan_request: ReplanRequest) -> Outcome:
    started = time.perf_counter()
    days = template.template_replan(previous, replan_request)
    wall = 1000 * (time.perf_counter() - started)
    return Outcome(days, wall, "HEURISTIC", score_replan(previous, replan_request, days))


def _row(suite: str, index: int, solver: str, outcome: Outcome, violations: list[Any]) -> Row:
    return Row(
        suite=suite,
        scenario=index,
        solver=solver,
        status=outcome.status,
        wall_time_ms=round(outcome.wall_time_ms, 3),
        violations=len(violations),
        rules=sorted({v.rule for v in violations}),
        objective=outcome.objective.value if outcome.objective is not None else None,
        load_violations=sum(v.rule in LOAD_RULES for v in violations),
    )


def run_plans(requests: list[tuple[int, PlanRequest]], mip_seconds: float, log: Callable[[str], None]) -> list[Row]:
    peers: dict[str, Callable[[PlanRequest], Outcome]] = {
        "runlift": cpsat.plan,
        "mip": lambda request: mip.plan(request, mip_seconds),
        "template": template_plan,
    }
    rows = []
    for index, request in requests:
        targets = plan_targets(request)
        for name in SOLVERS:
            outcome = peers[name](request)
            violations = check_plan(request, outcome.days) if outcome.days is not None else []
            row = _row("plan", index, name, outcome, violations)
            if outcome.days is not None:
                row.volume_gap = volume_gap(targets, request, outcome.days)
            rows.append(row)
        log(_progress("plan", index, rows[-len(SOLVERS) :]))
    return rows


def run_replans(
    scenarios: list[tuple[int, dict[str, Any]]],
    requests: list[PlanRequest],
    mip_seconds: float,
    log: Callable[[str], None],
) -> list[Row]:
    peers: dict[str, Callable[[Plan, ReplanRequest], Outcome]] = {
        "runlift": cpsat.replan,
        "mip": lambda previous, replan_request: mip.replan(previous, replan_request, mip_seconds),
        "template": template_replan,
    }
    rows = []
    for index, scenario in scenarios:
        request = requests[scenario["request"]]
        previous = plan_from_slots(request, stored_slots(scenario["previous"]))
        replan_request = ReplanRequest.model_validate(scenario["replan"])
        targets = replan_targets(previous, replan_request)
        for name in SOLVERS:
            outcome = peers[name](previous, replan_request)
            days = outcome.days
            violations = check_replan(previous, replan_request, days) if days is not None else []
            row = _row("replan", index, name, outcome, violations)
            if days is not None:
                row.changed_days = changed_days(previous.days, days, replan_request.as_of)
                row.volume_gap = volume_gap(targets, previous.request, days)
            rows.append(row)
        log(_progress("replan", index, rows[-len(SOLVERS) :]))
    return rows


def _progress(suite: str, index: int, rows: list[Row]) -> str:
    parts = [f"{r.solver} {r.wall_time_ms:.0f} ms obj {r.objective} viol {r.violations}" for r in rows]
    return f"{suite} {index:3d}: " + " | ".join(parts)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _faster_no_worse(ours: Row, theirs: Row, factor: float = 3.0) -> bool:
    """runlift at least `factor` times faster with an objective at least as good (the bar set against the MIP)."""
    if ours.objective is None or ours.violations:
        return False
    no_worse = theirs.objective is None or ours.objective <= theirs.objective
    return no_worse and factor * ours.wall_time_ms <= theirs.wall_time_ms


def summarize(rows: list[Row]) -> dict[str, dict[str, dict[str, Any]]]:
    """Per suite and solver: times, violations, objective and its gap to runlift, changed days."""
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for suite in ("plan", "replan"):
        suite_rows = [r for r in rows if r.suite == suite]
        if not suite_rows:
            continue
        reference = {r.scenario: r for r in suite_rows if r.solver == REFERENCE}
        reference_median = statistics.median(r.wall_time_ms for r in reference.values())
        summary[suite] = {}
        for solver in SOLVERS:
            mine = [r for r in suite_rows if r.solver == solver]
            times = [r.wall_time_ms for r in mine]
            answered = [r for r in mine if r.status not in ("INFEASIBLE", "TIMEOUT", "UNKNOWN")]
            gaps = [
                r.objective - reference[r.scenario].objective
                for r in mine
                if r.objective is not None and reference[r.scenario].objective is not None
            ]
            changed = [r.changed_days for r in mine if r.changed_days is not None]
            gaps_in_minutes = [r.volume_gap for r in mine if r.volume_gap is not None]
            objectives = [r.objective for r in mine if r.objective is not None]
            summary[suite][solver] = {
                "scenarios": len(mine),
                "answered": len(answered),
                "optimal": sum(r.status == "OPTIMAL" for r in mine),
                "median_ms": round(statistics.median(times), 3),
                "p95_ms": round(_percentile(times, 0.95), 3),
                "time_ratio": round(statistics.median(times) / reference_median, 3) if reference_median else None,
                "violations": sum(r.violations for r in mine),
                "plans_with_violations": sum(r.violations > 0 for r in mine),
                "violated_rules": sorted({rule for r in mine for rule in r.rules}),
                "load_violations": sum(r.load_violations for r in mine),
                "volume_gap_median": statistics.median(gaps_in_minutes) if gaps_in_minutes else None,
                "scored": len(objectives),
                "objective_median": statistics.median(objectives) if objectives else None,
                "objective_total": sum(objectives),
                "gap_median": statistics.median(gaps) if gaps else None,
                "gap_total": sum(gaps),
                "runlift_better": sum(g > 0 for g in gaps),
                "equal": sum(g == 0 for g in gaps),
                "runlift_worse": sum(g < 0 for g in gaps),
                "runlift_3x_faster_no_worse": sum(_faster_no_worse(reference[r.scenario], r) for r in mine),
                "changed_days_median": statistics.median(changed) if changed else None,
                "changed_days_total": sum(changed) if changed else None,
            }
    return summary


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in ("ortools", "highspy", "pydantic"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        **versions,
    }


def select(quick: bool) -> tuple[list[tuple[int, PlanRequest]], list[tuple[int, dict[str, Any]]], list[PlanRequest]]:
    requests = load_requests()
    replans = load_replans()
    chosen = list(enumerate(requests))
    chosen_replans = list(enumerate(replans))
    if quick:
        small = {i for i, r in chosen if r.cycle.n_days <= QUICK_MAX_DAYS}
        chosen = [(i, r) for i, r in chosen if i in small][:QUICK_PLANS]
        chosen_replans = [(i, s) for i, s in chosen_replans if s["request"] in small][:QUICK_REPLANS]
    return chosen, chosen_replans, requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="runlift against a MIP engine and a template"
    )
    parser.add_argument("--quick", action="store_true", help="a one-minute subset (the smallest cycles)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for results.json and results.png")
    parser.add_argument("--mip-seconds", type=float, default=None, help="HiGHS time limit per scenario")
    parser.add_argument("--quiet", action="store_true", help="no per-scenario progress lines")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    mip_seconds = args.mip_seconds if args.mip_seconds is not None else MIP_SECONDS[mode]

    def log(line: str) -> None:
        if not args.quiet:
            print(line, flush=True)

    plans, replans, requests = select(args.quick)
    started = time.perf_counter()
    rows = run_plans(plans, mip_seconds, log) + run_replans(replans, requests, mip_seconds, log)
    summary = summarize(rows)
    results = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": mode,
        "mip_seconds": mip_seconds,
        "command": "python -m benchmarks" + (" --quick" if args.quick else ""),
        "machine": machine(),
        "total_seconds": round(time.perf_counter() - started, 1),
        "summary": summary,
        "rows": [asdict(r) for r in rows],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    report.plot(results, args.out / "results.png")
    print(report.table(results))
    print(f"wrote {args.out / 'results.json'} and {args.out / 'results.png'}")
    return 0
