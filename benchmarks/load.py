"""Load benchmark of POST /v1/plans under gunicorn, on loopback only.

    .venv/bin/python -m benchmarks.load                 # ~20 s, workers = cores
    .venv/bin/python -m benchmarks.load --duration 5 --concurrency 4 --json

Starts the real service (gunicorn.conf.py, a temporary SQLite file, no keys so
it listens on 127.0.0.1 only), then client threads post the example plan
requests in turn until the time is up or --max-requests is reached, whichever
comes first. Prints plans/s, latency percentiles and the error count. Each
request is a full CP-SAT solve plus a durable write, so plans/s is bounded by
cores / solve time.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from benchmarks.harness import REPO, running_service
from models.request import PlanRequest

EXAMPLES = REPO / "examples"
# Used when examples/ holds no plan request.
FALLBACK_REQUEST: dict[str, Any] = {"start_date": "2027-03-01", "weeks": 12}


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    solve_ms: list[float] = field(default_factory=list)  # model build + CP-SAT, as the plan reports it
    statuses: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: str, latency_ms: float, solve_ms: float | None) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == "201":
                self.latencies_ms.append(latency_ms)
            if solve_ms is not None:
                self.solve_ms.append(solve_ms)


def example_bodies() -> list[tuple[str, bytes]]:
    """The plan requests under examples/ (re-plan files and anything else are skipped)."""
    bodies = []
    for path in sorted(EXAMPLES.glob("*.json")):
        raw = path.read_bytes()
        try:
            PlanRequest.model_validate_json(raw)
        except ValidationError:
            continue
        bodies.append((path.name, raw))
    return bodies or [("inline", json.dumps(FALLBACK_REQUEST).encode())]


def post(url: str, body: bytes) -> tuple[str, float | None]:
    """(status, server-side solve time in ms) of one POST /v1/plans."""
    request = urllib.request.Request(
        f"{url}/v1/plans", data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            solver = json.loads(response.read())["solver"]
            return str(response.status), solver.get("wall_time_ms", 0.0) + solver.get("build_time_ms", 0.0)
    except urllib.error.HTTPError as error:
        return str(error.code), None
    except OSError as error:
        return type(error).__name__, None


def drive(url: str, bodies: list[bytes], deadline: float, budget: list[int], tally: Tally, offset: int) -> None:
    """One client: post bodies in turn until the deadline or until the shared budget is spent."""
    n = offset
    while time.monotonic() < deadline:
        with tally.lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        started = time.perf_counter()
        status, solve_ms = post(url, bodies[n % len(bodies)])
        tally.add(status, (time.perf_counter() - started) * 1000, solve_ms)
        n += 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def run(duration: float, concurrency: int, workers: int, max_requests: int, warmup: int) -> dict[str, Any]:
    named = example_bodies()
    bodies = [body for _, body in named]
    with tempfile.TemporaryDirectory() as tmp:
        env = {"RUNLIFT_DATABASE_PATH": str(Path(tmp) / "bench.sqlite3"), "RUNLIFT_API_KEYS": ""}
        with running_service(env, workers=workers, log_dir=Path(tmp)) as service:
            for body in bodies[:warmup]:  # first solves pay for imports and caches in each worker
                post(service.url, body)
            tally = Tally()
            budget = [max_requests]
            started = time.monotonic()
            deadline = started + duration
            clients = [
                threading.Thread(target=drive, args=(service.url, bodies, deadline, budget, tally, i))
                for i in range(concurrency)
            ]
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            elapsed = time.monotonic() - started
    ok = tally.latencies_ms
    errors = sum(count for status, count in tally.statuses.items() if status != "201")
    return {
        "requests": [name for name, _ in named],
        "workers": workers,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "plans": len(ok),
        "plans_per_second": round(len(ok) / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(percentile(ok, 50), 1),
        "p95_ms": round(percentile(ok, 95), 1),
        "p99_ms": round(percentile(ok, 99), 1),
        "mean_ms": round(statistics.fmean(ok), 1) if ok else float("nan"),
        "solve_p50_ms": round(percentile(tally.solve_ms, 50), 1),
        "solve_mean_ms": round(statistics.fmean(tally.solve_ms), 1) if tally.solve_ms else float("nan"),
        "errors": errors,
        "statuses": tally.statuses,
    }


def main(argv: list[str] | None = None) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load (default 20)")
    parser.add_argument("--workers", type=int, default=cores, help="gunicorn workers (default: cores)")
    parser.add_argument("--concurrency", type=int, default=0, help="client threads (default: workers)")
    parser.add_argument("--max-requests", type=int, default=10_000, help="hard cap on requests sent")
    parser.add_argument("--warmup", type=int, default=4, help="requests before timing starts")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    concurrency = args.concurrency or args.workers
    figures = run(min(args.duration, 300.0), concurrency, args.workers, args.max_requests, args.warmup)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"POST /v1/plans, {figures['workers']} gunicorn workers, {concurrency} clients, "
            f"{figures['seconds']} s, requests from {', '.join(figures['requests'])}\n"
            f"  plans/s   {figures['plans_per_second']}  ({figures['plans']} plans)\n"
            f"  latency   p50 {figures['p50_ms']} ms   p95 {figures['p95_ms']} ms   p99 {figures['p99_ms']} ms\n"
            f"  of which  solve (build + CP-SAT) p50 {figures['solve_p50_ms']} ms, mean {figures['solve_mean_ms']} ms\n"
            f"  errors    {figures['errors']}  {figures['statuses']}"
        )
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
