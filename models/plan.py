"""Plan, Day and sessions (CONTRACT.md, "Plan")."""

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.kinds import Phase, RunKind, StrengthKind
from models.request import PlanRequest


class Exercise(BaseModel):
    name: str
    sets: int
    reps: str


class RunSession(BaseModel):
    kind: RunKind
    minutes: int | None = None
    description: str = ""


class StrengthSession(BaseModel):
    kind: StrengthKind
    minutes: int | None = None
    after_run: bool = False
    description: str = ""
    exercises: list[Exercise] = Field(default_factory=list)


class Day(BaseModel):
    """One day of the cycle. `week` and `phase` are informative: checks recompute them."""

    model_config = ConfigDict(extra="forbid")

    date: date
    week: int | None = None
    phase: Phase | None = None
    run: RunSession | None = None
    strength: StrengthSession | None = None


class PhaseSpan(BaseModel):
    name: Phase
    start_date: date
    end_date: date


class Objective(BaseModel):
    value: int
    terms: dict[str, int]


class Slots(BaseModel):
    """The kinds on one day, as a diff shows them."""

    run: RunKind | None = None
    strength: StrengthKind | None = None


class DiffEntry(BaseModel):
    date: date
    before: Slots
    after: Slots
    reasons: list[str] = Field(default_factory=list)


class Plan(BaseModel):
    id: str | None = None
    version: int = 1
    status: Literal["optimal", "feasible"]
    request: PlanRequest
    phases: list[PhaseSpan]
    days: list[Day]
    objective: Objective
    solver: dict[str, Any]
    as_of: date | None = None
    replanned_from_version: int | None = None
    diff: list[DiffEntry] = Field(default_factory=list)


class Violation(BaseModel):
    rule: str
    dates: list[date]
    detail: str


class ValidateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    request: PlanRequest
    days: list[Day] = Field(max_length=400)
    as_of: date | None = None


class ValidateResponse(BaseModel):
    violations: list[Violation]
