"""Re-plan stability and speed: `python -m benchmarks.replan_stability [--seed N] [--count N] [--json FILE]`.

Two figures of re-planning after one missed session, with the bars they are held to:

- stability: how many future days change (the diff's length), median at most 2;
- speed: the re-solve time (model build plus CP-SAT search, as `replan` reports
  it in `solver.build_time_ms + solver.wall_time_ms`), median under 50 ms, and
  how much the warm start (the previous version as solution hints) saves over
  a cold solve of the very same model without hints.

The athletes are the benchmark's seeded request suite (`scenarios/requests.json`).
Each triple takes one of them, misses one planned session chosen at random (any
day before race day, run or lift) and re-plans as of the next morning, when the
athlete reports it. Every new version must pass the independent checker. The
same seed gives the same triples; timings are wall-clock on whatever runs it.
"""

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from models.events import Event, ReplanRequest
from models.plan import Plan
from models.request import PlanRequest
from models.validation import check_replan
from solver.errors import PlanningError
from solver.model import build, search
from solver.replan import replan, replan_inputs
from solver.solve import objective_terms, plan

REQUESTS_FILE = Path(__file__).resolve().parent / "scenarios" / "requests.json"
DEFAULT_SEED = 3
DEFAULT_COUNT = 216  # three missed sessions for each of the 72 athletes


@dataclass
class Sample:
    """One re-plan after one missed session."""

    request: int  # index in requests.json
    missed: str  # "2026-03-17 run quality"
    as_of: date
    changed_days: int
    status: str  # the re-plan's solver status: OPTIMAL, or FEASIBLE when its budget ran out
    warm_build_ms: float  # model build and hints, as `replan` reports it
    warm_search_ms: float  # CP-SAT search from the previous version's hints
    cold_build_ms: float  # the same model, built without hints
    cold_search_ms: float
    same_objective: bool  # warm and cold plans cost the same under the rules

    @property
    def warm_ms(self) -> float:
        return self.warm_build_ms + self.warm_search_ms

    @property
    def cold_ms(self) -> float:
        return self.cold_build_ms + self.cold_search_ms


def load_plans(limit: int | None = None) -> list[tuple[int, Plan]]:
    """The suite's requests and their plans (a request the solver refuses is left out)."""
    bodies = json.loads(REQUESTS_FILE.read_text())["requests"][:limit]
    plans = []
    for index, body in enumerate(bodies):
        try:
            plans.append((index, plan(PlanRequest.model_validate(body))))
        except PlanningError as error:
            print(f"request {index} left out: {error}", file=sys.stderr)
    return plans


def one_missed_session(previous: Plan, rng: random.Random) -> ReplanRequest:
    """A random planned session before race day, reported missed the next morning."""
    race = previous.request.race_date
    sessions = [
        (day.date, session)
        for day in previous.days
        if day.date != race
        for session, held in (("run", day.run), ("strength", day.strength))
        if held is not None
    ]
    when, session = rng.choice(sessions)
    return ReplanRequest(as_of=when + timedelta(days=1), events=[Event(date=when, session=session, status="missed")])


def cold_solve(previous: Plan, replan_request: ReplanRequest) -> tuple[float, float, int]:
    """Build the re-plan's model as `replan` does and solve it without hints: (build ms, search ms, objective)."""
    request, history, _planned = replan_inputs(previous, replan_request)
    started = time.perf_counter()  # where `replan` starts its build clock
    pm = build(request, history=history)
    built = time.perf_counter()
    solver, _ = search(pm, request.time_limit_seconds)
    searched = time.perf_counter()
    # The rules' cost as every plan reports it (the solver's own objective is scaled, with tie-breaks).
    cost = objective_terms(pm, solver.value).value
    return (built - started) * 1000, (searched - built) * 1000, cost


def measure(plans: list[tuple[int, Plan]], count: int, seed: int) -> list[Sample]:
    samples = []
    for n in range(count):
        rng = random.Random(f"{seed}/{n}")
        index, previous = plans[n % len(plans)]
        replan_request = one_missed_session(previous, rng)
        # Alternate which solve goes first, so neither always meets warm caches.
        if n % 2:
            cold_build, cold_search, cold_cost = cold_solve(previous, replan_request)
            new = replan(previous, replan_request)
        else:
            new = replan(previous, replan_request)
            cold_build, cold_search, cold_cost = cold_solve(previous, replan_request)
        violations = check_replan(previous, replan_request, new.days)
        if violations:
            raise AssertionError(f"request {index}, {replan_request.model_dump_json()}: {violations}")
        event = replan_request.events[0]
        day = previous.days[previous.request.cycle.index_of(event.date)]
        held = day.run if event.session == "run" else day.strength
        assert held is not None  # one_missed_session picks planned sessions only
        samples.append(
            Sample(
                request=index,
                missed=f"{event.date} {event.session} {held.kind}",
                as_of=replan_request.as_of,
                changed_days=len(new.diff),
                status=new.solver["status"],
                warm_build_ms=new.solver["build_time_ms"],
                warm_search_ms=new.solver["wall_time_ms"],
                cold_build_ms=round(cold_build, 3),
                cold_search_ms=round(cold_search, 3),
                same_objective=new.objective.value == cold_cost,
            )
        )
    return samples


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(samples: list[Sample]) -> dict[str, float]:
    changed = [float(s.changed_days) for s in samples]
    warm = [s.warm_ms for s in samples]
    cold = [s.cold_ms for s in samples]
    return {
        "replans": len(samples),
        "changed_days_median": statistics.median(changed),
        "changed_days_mean": round(statistics.fmean(changed), 3),
        "changed_days_p90": percentile(changed, 0.9),
        "changed_days_max": max(changed),
        "share_at_most_2_changed": round(sum(c <= 2 for c in changed) / len(changed), 3),
        "resolve_ms_median": round(statistics.median(warm), 1),
        "resolve_ms_mean": round(statistics.fmean(warm), 1),
        "resolve_ms_p90": round(percentile(warm, 0.9), 1),
        "warm_build_ms_median": round(statistics.median(s.warm_build_ms for s in samples), 1),
        "warm_search_ms_median": round(statistics.median(s.warm_search_ms for s in samples), 1),
        "cold_ms_median": round(statistics.median(cold), 1),
        "cold_ms_p90": round(percentile(cold, 0.9), 1),
        "cold_build_ms_median": round(statistics.median(s.cold_build_ms for s in samples), 1),
        "cold_search_ms_median": round(statistics.median(s.cold_search_ms for s in samples), 1),
        "warm_over_cold_of_medians": round(statistics.median(warm) / statistics.median(cold), 3),
        "warm_over_cold_median_per_replan": round(statistics.median(w / c for w, c in zip(warm, cold, strict=True)), 3),
        "warm_over_cold_search_median_per_replan": round(
            statistics.median(s.warm_search_ms / s.cold_search_ms for s in samples), 3
        ),
        "same_objective_share": round(sum(s.same_objective for s in samples) / len(samples), 3),
        "optimal_share": round(sum(s.status == "OPTIMAL" for s in samples) / len(samples), 3),
    }


def changed_by_kind(samples: list[Sample]) -> dict[str, tuple[int, float, float]]:
    """Missed session kind ("run long") -> (re-plans, mean and max changed days)."""
    groups: dict[str, list[int]] = {}
    for sample in samples:
        groups.setdefault(sample.missed.split(" ", 1)[1], []).append(sample.changed_days)
    return {kind: (len(days), round(statistics.fmean(days), 2), max(days)) for kind, days in sorted(groups.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="re-plans, one missed session each")
    parser.add_argument("--requests", type=int, default=None, help="use only the first N requests of the suite")
    parser.add_argument("--json", type=Path, default=None, help="write every sample and the summary here")
    args = parser.parse_args(argv)
    plans = load_plans(args.requests)
    samples = measure(plans, args.count, args.seed)
    figures = summary(samples)
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    by_kind = changed_by_kind(samples)
    print("\nchanged days by missed session: kind, re-plans, mean, max")
    for kind, (count, mean, most) in by_kind.items():
        print(f"  {kind:<22} {count:>4} {mean:>6} {most:>4}")
    if args.json is not None:
        data = {
            "seed": args.seed,
            "summary": figures,
            "by_missed_kind": by_kind,
            "samples": [asdict(s) for s in samples],
        }
        args.json.write_text(json.dumps(data, indent=1, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
