"""Choose the scenario suites anew with runlift's solver: `python -m benchmarks.scenarios.freeze [--seed N]`.

Run it only to change the suite on purpose (another seed, more scenarios, a new
kind of scenario); `python -m benchmarks.scenarios.make` then rebuilds the
suites from what it wrote. For each scenario it tries the generator's attempts
in turn until the solver plans the candidate (a request) or can re-plan it (a
re-plan), and writes to `frozen.json` the attempt taken and, for each request,
the kinds of the plan runlift made for it: the previous version its re-plans
start from. The solver runs under a deterministic budget, so the same solver
on any machine freezes the same suite.
"""

import argparse

from ortools.sat.python import cp_model

from benchmarks.peers.score import build_replan, plan_from_slots
from benchmarks.run import stored_slots
from benchmarks.scenarios import make
from models.errors import InputError
from models.events import ReplanRequest
from models.request import PlanRequest
from solver.model import RANDOM_SEED, build
from solver.solve import decode
from solver.variables import PlanModel

DEFAULT_SEED = 5
N_REQUESTS = 72
N_REPLANS = 72
MAX_ATTEMPTS = 40
# Deterministic seconds CP-SAT may spend on one scenario (about as many wall seconds on a laptop).
DETERMINISTIC_BUDGET = 20.0

Json = make.Json


def solve_deterministic(pm: PlanModel) -> list[str] | None:
    """The day codes of runlift's plan under a deterministic budget, or None if it finds none."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = RANDOM_SEED
    solver.parameters.max_deterministic_time = DETERMINISTIC_BUDGET
    if solver.solve(pm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [make.day_code(run, lift) for run, lift in decode(pm, solver.value)]


def frozen_request(seed: int, index: int) -> Json:
    """The first attempt at request `index` that runlift plans, with the kinds of its plan."""
    for attempt in range(MAX_ATTEMPTS):
        request = PlanRequest.model_validate(make.make_request(seed, index, attempt))
        codes = solve_deterministic(build(request))
        if codes is not None:
            return {"attempt": attempt, "plan": codes}
    raise RuntimeError(f"no plannable request for scenario {index} in {MAX_ATTEMPTS} attempts")


def frozen_replan(seed: int, index: int, body: Json, codes: list[str]) -> int:
    """The first attempt at re-plan `index` (of the request `body`, planned as `codes`) that runlift re-plans."""
    previous = plan_from_slots(PlanRequest.model_validate(body), stored_slots(codes))
    days = make.stored_days(body, codes)
    for attempt in range(MAX_ATTEMPTS):
        _kind, replan = make.make_replan(seed, index, attempt, days)
        try:
            model = build_replan(previous, ReplanRequest.model_validate(replan))
        except InputError:
            continue
        if solve_deterministic(model.pm) is not None:
            return attempt
    raise RuntimeError(f"no re-plannable scenario {index} in {MAX_ATTEMPTS} attempts")


def freeze(seed: int, n_requests: int, n_replans: int) -> Json:
    made = [frozen_request(seed, index) for index in range(n_requests)]
    replan_attempts = []
    for index in range(n_replans):
        request_index = make.replanned_request(index, n_requests)
        body = make.make_request(seed, request_index, made[request_index]["attempt"])
        replan_attempts.append(frozen_replan(seed, index, body, made[request_index]["plan"]))
    return {"seed": seed, "requests": made, "replan_attempts": replan_attempts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--requests", type=int, default=N_REQUESTS)
    parser.add_argument("--replans", type=int, default=N_REPLANS)
    args = parser.parse_args(argv)
    make.dump(make.FROZEN_FILE, freeze(args.seed, args.requests, args.replans))
    make.write()
    print(f"wrote {make.FROZEN_FILE.name}, {make.REQUESTS_FILE.name} and {make.REPLANS_FILE.name} (seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
