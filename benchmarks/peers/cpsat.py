"""runlift itself, through its public API, as the benchmark's reference."""

import time

from benchmarks.peers import Outcome
from models.events import ReplanRequest
from models.plan import Plan
from models.request import PlanRequest
from solver.errors import InfeasibleError, SolverTimeout
from solver.replan import replan as solve_replan
from solver.solve import plan as solve_plan


def plan(request: PlanRequest) -> Outcome:
    started = time.perf_counter()
    try:
        result = solve_plan(request)
    except InfeasibleError:
        return Outcome(None, 1000 * (time.perf_counter() - started), "INFEASIBLE", None)
    except SolverTimeout:
        return Outcome(None, 1000 * (time.perf_counter() - started), "TIMEOUT", None)
    return Outcome(result.days, 1000 * (time.perf_counter() - started), str(result.solver["status"]), result.objective)


def replan(previous: Plan, replan_request: ReplanRequest) -> Outcome:
    """A re-plan, timed without the diff's explanations (the other peers explain nothing)."""
    started = time.perf_counter()
    try:
        result = solve_replan(previous, replan_request)
    except InfeasibleError:
        return Outcome(None, 1000 * (time.perf_counter() - started), "INFEASIBLE", None)
    except SolverTimeout:
        return Outcome(None, 1000 * (time.perf_counter() - started), "TIMEOUT", None)
    wall = 1000 * (time.perf_counter() - started) - float(result.solver.get("explain_time_ms", 0.0))
    return Outcome(result.days, wall, str(result.solver["status"]), result.objective)
