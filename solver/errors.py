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
    """The time limit ran out before any plan was found."""

    def __init__(self, time_limit_seconds: float) -> None:
        super().__init__(f"no plan found within the time limit of {time_limit_seconds} s")
        self.time_limit_seconds = time_limit_seconds
