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


class RunPace(BaseModel):
    """A target pace: one value, or a range fastest first ("5:53" to "6:38")."""

    min_per_km: list[str] = Field(min_length=1, max_length=2)
    min_per_mile: list[str] = Field(default_factory=list, max_length=2)


class RunSession(BaseModel):
    kind: RunKind
    minutes: int | None = None
    description: str = ""
    # With the request's `recent_race` (paces from its VDOT); null without it: effort cues only.
    pace: RunPace | None = None
    distance_km: float | None = None
    predicted_time: str | None = None  # the race only


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

    @property
    def kinds(self) -> tuple[RunKind | None, StrengthKind | None]:
        """The day's (run kind, strength kind), None for an empty slot."""
        return (self.run.kind if self.run else None, self.strength.kind if self.strength else None)


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
    # The run's minutes before and after (None without a run); a change of minutes alone is a change too.
    run_minutes_before: int | None = None
    run_minutes_after: int | None = None
    reasons: list[str] = Field(default_factory=list)


class WeekSummary(BaseModel):
    """One week's load as planned (RULES.md, "Training load"): the build, the step-backs, the taper."""

    week: int
    phase: Phase
    cutback: bool = False
    # A break week (4 or more unavailable days, or a past week mostly missed) and the return weeks after it.
    break_: bool = Field(default=False, alias="break")
    return_: bool = Field(default=False, alias="return")
    # The week's volume sits at the smallest its required runs allow, above its target or a cap.
    at_floor: bool = False
    run_minutes: int
    long_run_minutes: int
    target_run_minutes: int
    target_long_run_minutes: int = 0
    strength_minutes: int

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class LoadBasis(BaseModel):
    """The starting point, goal and cut-back setting a plan was built from, defaults filled in."""

    weekly_run_minutes: int
    long_run_minutes: int
    goal_weekly_run_minutes: int
    long_run_cap_minutes: int
    cutback_every: int


class TrainingPaces(BaseModel):
    """The plan's training paces per km, from the recent race's VDOT (Daniels' Running Formula)."""

    vdot: float
    easy: list[str] = Field(min_length=2, max_length=2)
    marathon: str
    threshold: str
    interval: str
    repetition: str


class Plan(BaseModel):
    id: str | None = None
    version: int = 1
    status: Literal["optimal", "feasible"]
    request: PlanRequest
    phases: list[PhaseSpan]
    days: list[Day]
    weeks: list[WeekSummary] = Field(default_factory=list)
    load: LoadBasis | None = None
    paces: TrainingPaces | None = None
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
