"""What a solve can answer besides a plan."""

from models.errors import Conflict


class PlanningError(Exception):
    """Base of the solver's refusals."""


class InfeasibleError(PlanningError):
    """No plan satisfies the rules; `conflicts` names the rules and inputs in conflict."""

    def __init__(self, message: str, conflicts: list[Conflict]) -> None:
        super().__init__(message)
        self.message = message
        self.conflicts = conflicts


class SolverTimeout(PlanningError):
    """The search stopped before it found any plan, and before it could prove there is none.

    It stops at whichever comes first: its budget of deterministic work (scaled
    from `time_limit_seconds`, so the answer does not depend on how busy the
    machine is) or the wall-clock ceiling `time_limit_seconds` itself. The
    message says which, with the figures, so nobody reads "5 s" when the search
    gave up after 2.
    """

    def __init__(
        self,
        time_limit_seconds: float,
        deterministic_budget: float | None = None,
        deterministic_used: float | None = None,
        wall_seconds: float | None = None,
    ) -> None:
        super().__init__(_timeout_message(time_limit_seconds, deterministic_budget, deterministic_used, wall_seconds))
        self.time_limit_seconds = time_limit_seconds
        self.deterministic_budget = deterministic_budget
        self.deterministic_used = deterministic_used
        self.wall_seconds = wall_seconds


def _timeout_message(limit: float, budget: float | None, used: float | None, wall: float | None) -> str:
    if budget is None or used is None or wall is None:
        return f"no plan found within the time limit of {limit:g} s"
    if wall >= limit:
        return (
            f"no plan found: the search reached its wall-clock limit of {limit:g} s"
            f" after {used:.2f} of its {budget:.2f} deterministic units"
        )
    if used >= BUDGET_SPENT * budget:
        return (
            f"no plan found: the search stopped after its budget of {budget:.2f} deterministic units"
            f" ({wall:.1f} s of the {limit:g} s limit)"
        )
    return (
        f"no plan found: the search stopped after {used:.2f} of its {budget:.2f} deterministic units"
        f" and {wall:.1f} s of the {limit:g} s limit, on another CP-SAT limit"
    )


# CP-SAT checks its deterministic limit between steps, so a spent budget may show a hair under it.
BUDGET_SPENT = 0.99
