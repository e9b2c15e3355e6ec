"""The re-plan request: what happened, as of a date (docs/api.md, "Re-plan")."""

from datetime import date
from typing import Literal, Self

from pydantic import Field, model_validator

from models.kinds import RunKind, StrengthKind
from models.request import MAX_LIST, Strict


class Event(Strict):
    date: date
    session: Literal["run", "strength"]
    status: Literal["done", "missed", "changed"]
    actual_kind: RunKind | StrengthKind | None = None
    # Run minutes actually done, when known; without it a done run counts its planned minutes.
    minutes: int | None = Field(default=None, ge=0, le=600)

    @model_validator(mode="after")
    def _kind_fits(self) -> Self:
        if self.status == "changed":
            if self.actual_kind is None:
                raise ValueError("a changed session needs actual_kind: what was done instead")
            expected = RunKind if self.session == "run" else StrengthKind
            if not isinstance(self.actual_kind, expected):
                raise ValueError(f"actual_kind {self.actual_kind} is not a {self.session} kind")
            if self.actual_kind == RunKind.RACE:
                # R-RACE: the plan has one race, on race_date; a tune-up race was a hard run.
                raise ValueError("the plan's only race is on race_date: report a tune-up race as a quality run")
        elif self.actual_kind is not None:
            raise ValueError(f"actual_kind goes only with status 'changed', not '{self.status}'")
        if self.minutes is not None and (self.session != "run" or self.status == "missed"):
            raise ValueError("minutes goes only with a run that was done or changed (a missed run counts 0)")
        return self


class ReplanRequest(Strict):
    as_of: date
    base_version: int | None = Field(default=None, ge=1)
    events: list[Event] = Field(default_factory=list, max_length=MAX_LIST)
    unavailable_dates: list[date] = Field(default_factory=list, max_length=MAX_LIST)

    @model_validator(mode="after")
    def _events_in_the_past(self) -> Self:
        late = [e.date for e in self.events if e.date >= self.as_of]
        if late:
            raise ValueError(f"events must be before as_of {self.as_of}: {', '.join(map(str, late))}")
        early = [d for d in self.unavailable_dates if d < self.as_of]
        if early:
            raise ValueError(
                f"unavailable_dates before as_of ({', '.join(map(str, early))}): report past days as missed events"
            )
        keys = [(e.date, e.session) for e in self.events]
        if len(keys) != len(set(keys)):
            raise ValueError("two events for the same date and session")
        return self
