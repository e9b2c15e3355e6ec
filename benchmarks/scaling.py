"""How one solve's cost grows: `python -m benchmarks.scaling [--out DIR]`.

Two sweeps on an otherwise plain request: the cycle from 8 to 24 weeks, and a
16-week cycle with more and more fixed sessions and unavailable dates. Each
point runs in a fresh Python process, so its peak memory (the process's
maximum resident set, CP-SAT's C++ side included) belongs to that one solve.
Prints a table and the growth exponent of time and memory against cycle
length (the slope on a log-log scale), and writes `scaling.json`.
"""

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path(__file__).resolve().parent / "results"
START = date(2026, 3, 2)  # a Monday
WEEKS = (8, 10, 12, 14, 16, 18, 20, 22, 24)
INPUTS = (0, 4, 8, 16, 32)


def request_body(weeks: int, n_fixed: int = 0, n_unavailable: int = 0) -> dict[str, Any]:
    """A 5-run intermediate marathon request with a weekly yoga class and a Saturday core session as fixed inputs."""
    body: dict[str, Any] = {"start_date": START.isoformat(), "weeks": weeks}
    n_days = 7 * weeks
    # Wednesdays (mobility) first, then Saturdays (upper_core); never in race week.
    slots = [(d, "mobility") for d in range(2, n_days - 7, 7)] + [(d, "upper_core") for d in range(5, n_days - 7, 7)]
    body["fixed"] = [{"date": (START + timedelta(days=d)).isoformat(), "strength": k} for d, k in slots[:n_fixed]]
    # Unavailable: Fridays first, then Tuesdays, then Thursdays; never in race week.
    candidates = [START + timedelta(days=d) for off in (4, 1, 3) for d in range(off, n_days - 7, 7)]
    body["unavailable_dates"] = [d.isoformat() for d in candidates[:n_unavailable]]
    return body


def measure_one(body: dict[str, Any]) -> dict[str, Any]:
    """Solve one request in this process and report its cost."""
    from models.request import PlanRequest
    from solver.model import build
    from solver.solve import plan

    request = PlanRequest.model_validate(body)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = plan(request)
    total_ms = 1000 * (time.perf_counter() - started)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    proto = build(request).model.proto  # measured after: the size costs nothing above
    return {
        "days": request.cycle.n_days,
        "fixed": len(request.fixed),
        "unavailable": len(request.unavailable_dates),
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        "status": result.solver["status"],
        "build_ms": result.solver["build_time_ms"],
        "total_ms": round(total_ms, 1),
        "peak_rss_mb": round(rss_after / 1024, 1),
        "solve_rss_mb": round((rss_after - rss_before) / 1024, 1),
    }


def measure(body: dict[str, Any], repeats: int) -> dict[str, Any]:
    """measure_one in fresh interpreters: median time of `repeats` runs (the machine is shared), largest memory."""
    runs = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.scaling", "--one", json.dumps(body)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    runs.sort(key=lambda r: r["total_ms"])
    middle = dict(runs[len(runs) // 2])
    middle["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    middle["solve_rss_mb"] = max(r["solve_rss_mb"] for r in runs)
    return middle


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log y against log x: cost grows like x to this power."""
    lx, ly = [math.log(x) for x in xs], [math.log(max(y, 1e-9)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def _table(rows: list[dict[str, Any]]) -> str:
    keys = ["days", "fixed", "unavailable", "variables", "constraints", "status", "build_ms", "total_ms"]
    keys += ["peak_rss_mb", "solve_rss_mb"]
    widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in keys}
    lines = ["  ".join(k.rjust(widths[k]) for k in keys)]
    lines += ["  ".join(str(r[k]).rjust(widths[k]) for k in keys) for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time and memory of one solve as the inputs grow")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure this request body here
    parser.add_argument("--quick", action="store_true", help="three cycle lengths, two input sizes, one run each")
    parser.add_argument("--repeats", type=int, default=3, help="runs per point; the median time is reported")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(json.loads(args.one))))
        return 0
    weeks = (8, 16, 24) if args.quick else WEEKS
    inputs = (0, 16) if args.quick else INPUTS
    repeats = 1 if args.quick else args.repeats
    by_length = [measure(request_body(w), repeats) for w in weeks]
    by_fixed = [measure(request_body(16, n_fixed=n), repeats) for n in inputs]
    by_unavailable = [measure(request_body(16, n_unavailable=n), repeats) for n in inputs]
    days = [r["days"] for r in by_length]
    growth = {
        "variables_vs_days": round(slope(days, [r["variables"] for r in by_length]), 2),
        "time_vs_days": round(slope(days, [r["total_ms"] for r in by_length]), 2),
    }
    print("cycle length (weeks 8 to 24):")
    print(_table(by_length))
    print("\n16 weeks, more fixed sessions:")
    print(_table(by_fixed))
    print("\n16 weeks, more unavailable dates:")
    print(_table(by_unavailable))
    first, last = by_length[0], by_length[-1]
    print(
        f"\nFrom {first['days']} to {last['days']} days the model grows like days^{growth['variables_vs_days']} "
        f"({first['variables']} to {last['variables']} variables) and solve time like days^{growth['time_vs_days']} "
        f"({first['total_ms']:.0f} to {last['total_ms']:.0f} ms; solves that reach the time limit cap it). "
        f"Memory above the interpreter's {first['peak_rss_mb'] - first['solve_rss_mb']:.0f} MB: "
        f"{first['solve_rss_mb']} MB to {last['solve_rss_mb']} MB."
    )
    args.out.mkdir(parents=True, exist_ok=True)
    data = {"by_length": by_length, "by_fixed": by_fixed, "by_unavailable": by_unavailable, "growth": growth}
    (args.out / "scaling.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
