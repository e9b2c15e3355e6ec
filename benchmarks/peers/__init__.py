"""The planners the benchmark runs side by side: runlift's CP-SAT, a MIP engine, a template app.

Each peer answers a request (and a re-plan) with an `Outcome`: the days it
planned, how long it took, and runlift's objective of those days.
"""

from dataclasses import dataclass

from models.plan import Day, Objective


@dataclass
class Outcome:
    days: list[Day] | None  # None when the peer found no plan
    wall_time_ms: float
    status: str  # OPTIMAL, FEASIBLE, HEURISTIC, INFEASIBLE, TIMEOUT or UNKNOWN
    objective: Objective | None  # runlift's objective of these days; None if they break a hard rule
