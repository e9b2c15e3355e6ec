"""CP-SAT settings measured against each other: `python -m benchmarks.tune [--count 50] [--params k:v,...]`.

The solver's settings (`solver/model.py`, `new_solver` and `search`) were chosen
by measurement on the solve-speed requests: the example requests and the first
COUNT seeded scenario requests (`benchmarks.solve_speed`). This script repeats
those measurements: it solves every request under runlift's settings and under
each alternative, by setting RUNLIFT_CPSAT_PARAMS for the solve, and prints
the median and p95 of build + search and how many plans were proven optimal.
The settings take turns request by request (interleaved, in a rotating order),
so a slow spell of a shared machine does not fall on one of them alone.
"""

import argparse
import os
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from benchmarks.solve_speed import requests
from solver.errors import SolverTimeout
from solver.model import PARAMS_VARIABLE, parameter_overrides
from solver.solve import plan

# Each alternative undoes one choice of `new_solver` or `search`, named by what it turns back on.
ALTERNATIVES: dict[str, str] = {
    "runlift": "",
    "SAT inprocessing": "use_sat_inprocessing:true",
    "stratification + cover optimisation": "max_sat_stratification:STRATIFICATION_DESCENT,cover_optimization:true",
    "presolve in the first pass too": "cp_model_presolve:true",
    "full presolve with probing": "max_presolve_iterations:3,cp_model_probing_level:2",
    "branch and bound with the LP relaxation": "optimize_with_core:false,linearization_level:1",
}


@dataclass
class Tally:
    params: str
    solve_ms: list[float] = field(default_factory=list)
    optimal: int = 0
    timeouts: int = 0


@contextmanager
def cpsat_params(params: str) -> Iterator[None]:
    """RUNLIFT_CPSAT_PARAMS set to `params` for the duration, as it was afterwards."""
    before = os.environ.get(PARAMS_VARIABLE)
    os.environ[PARAMS_VARIABLE] = params
    try:
        yield
    finally:
        if before is None:
            del os.environ[PARAMS_VARIABLE]
        else:
            os.environ[PARAMS_VARIABLE] = before


def measure(alternatives: dict[str, str], count: int) -> dict[str, Tally]:
    tallies = {name: Tally(params) for name, params in alternatives.items()}
    names = list(tallies)
    for index, (_label, request) in enumerate(requests(count)):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            tally = tallies[name]
            with cpsat_params(tally.params):
                try:
                    result = plan(request)
                except SolverTimeout:
                    tally.timeouts += 1
                    tally.solve_ms.append(1000 * request.time_limit_seconds)
                    continue
            tally.solve_ms.append(result.solver["build_time_ms"] + result.solver["wall_time_ms"])
            tally.optimal += result.status == "optimal"
    return tallies


def table(tallies: dict[str, Tally]) -> str:
    lines = [
        "| settings | RUNLIFT_CPSAT_PARAMS | median ms | p95 ms | proven optimal | timeouts |",
        "|---|---|---|---|---|---|",
    ]
    for name, tally in tallies.items():
        times = tally.solve_ms
        p95 = statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]
        params = f"`{tally.params}`" if tally.params else "(none)"
        lines.append(
            f"| {name} | {params} | {statistics.median(times):.0f} | {p95:.0f} | "
            f"{tally.optimal}/{len(times)} | {tally.timeouts} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50, help="generated scenario requests (default 50)")
    parser.add_argument("--params", action="append", default=[], metavar="K:V,...", help="a further alternative")
    args = parser.parse_args(argv)
    alternatives = dict(ALTERNATIVES)
    for params in args.params:
        parameter_overrides(params)  # refuse a typo before minutes of solving
        alternatives[params] = params
    print(f"{len(requests(args.count))} requests (examples + {args.count} generated), build + search per setting")
    print(table(measure(alternatives, args.count)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
