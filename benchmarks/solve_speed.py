"""Solve speed of runlift alone: `python -m benchmarks.solve_speed [--count 50]`.

Solves every example request and the first COUNT seeded scenario requests
(`benchmarks/scenarios/requests.json`), each twice, and prints the median and
p95 of model build + search (what `plan.solver` reports as build_time_ms and
wall_time_ms), the end-to-end `plan()` time, and how many were proven optimal.
"""

import argparse
import json
import statistics
import time
from pathlib import Path

from models.request import PlanRequest
from solver.solve import plan

ROOT = Path(__file__).resolve().parent.parent


def requests(count: int) -> list[tuple[str, PlanRequest]]:
    found = [
        (path.name, PlanRequest.model_validate_json(path.read_text()))
        for path in sorted((ROOT / "examples").glob("*.json"))
        if "replan" not in path.name
    ]
    suite = json.loads((ROOT / "benchmarks" / "scenarios" / "requests.json").read_text())["requests"]
    found += [(f"scenario {i}", PlanRequest.model_validate(data)) for i, data in enumerate(suite[:count])]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50, help="generated scenario requests (default 50)")
    args = parser.parse_args(argv)
    solve_ms, total_ms, optimal = [], [], 0
    for _name, request in requests(args.count):
        for _ in range(2):
            started = time.perf_counter()
            result = plan(request)
            total_ms.append((time.perf_counter() - started) * 1000)
            solve_ms.append(result.solver["build_time_ms"] + result.solver["wall_time_ms"])
        optimal += result.status == "optimal"
    n = len(solve_ms) // 2

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[18]

    print(f"{n} requests (examples + {args.count} generated), each solved twice")
    print(f"build + search ms: median {statistics.median(solve_ms):.1f}  p95 {p95(solve_ms):.1f}")
    print(f"plan() end to end: median {statistics.median(total_ms):.1f}  p95 {p95(total_ms):.1f}")
    print(f"proven optimal within the default limit: {optimal}/{n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
