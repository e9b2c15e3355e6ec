"""PlanRequest: what an athlete posts (CONTRACT.md, "PlanRequest")."""

from datetime import date, timedelta
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from models.calendar import Cycle
from models.kinds import SOFT_RULE_TEXT, WEEKDAYS, Equipment, Level, RaceDistance, RunKind, StrengthKind, Weekday
from models.vdot import (
    MAX_RACE_METRES,
    MAX_VDOT,
    MIN_RACE_METRES,
    MIN_VDOT,
    RACE_METRES,
    format_duration,
    parse_duration,
    vdot,
)

SoftRule = Literal[tuple(SOFT_RULE_TEXT)]  # type: ignore[valid-type]
WeightValue = Annotated[int, Field(ge=0, le=1000)]

MIN_DAYS = 56
MAX_DAYS = 168
MAX_LIST = 400  # longer than any cycle: a bigger list is garbage, not a plan
# The calendar the plan and its exports may use: the race and 5 weeks after it (recovery
# weeks, and an all-day event's exclusive end) must stay before date.max; a year clear
# of date.min leaves room for weeks drawn from their Monday and for dates before the cycle.
LATEST_RACE = date.max - timedelta(weeks=5)
EARLIEST_START = date.min + timedelta(weeks=53)


def within_calendar(day: date | None, info: ValidationInfo) -> date | None:
    """A start early enough that the longest cycle from it ends by LATEST_RACE, a race by then."""
    latest = LATEST_RACE - timedelta(days=MAX_DAYS - 1) if info.field_name == "start_date" else LATEST_RACE
    if day is not None and not EARLIEST_START <= day <= latest:
        raise ValueError(f"{info.field_name} must be from {EARLIEST_START} to {latest}")
    return day


class Strict(BaseModel):
    """Unknown fields are rejected: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class DayAccess(Strict):
    run: bool = True
    strength: bool = True
    max_minutes: int | None = Field(default=None, ge=0, le=1440)


class FixedSession(Strict):
    """A commitment the plan keeps, such as a club track night. `null` leaves that slot free."""

    date: date
    run: RunKind | None = None
    strength: StrengthKind | None = None

    @model_validator(mode="after")
    def _pins_something(self) -> Self:
        if self.run is None and self.strength is None:
            raise ValueError("a fixed session pins a run, a strength session or both")
        return self


class CurrentLoad(Strict):
    """Where the athlete is today (RULES.md, "Training load"): the plan builds from here."""

    weekly_run_minutes: int = Field(ge=0, le=1500, description="average weekly run minutes of the last 4 weeks")
    long_run_minutes: int = Field(ge=0, le=300, description="the longest recent run, in minutes")


RecentRaceName = Literal["5k", "10k", "half", "marathon"]
OptionalDate = date | None  # a field named `date` with a default cannot name the type itself
# Paces come from current fitness: a race older than this says little about it.
RECENT_RACE_MAX_AGE = timedelta(weeks=12)


class RecentRace(Strict):
    """A recent race result; the plan's training paces come from its VDOT (Daniels-Gilbert)."""

    distance: RecentRaceName | Annotated[int, Field(ge=MIN_RACE_METRES, le=MAX_RACE_METRES)] = Field(
        description=f"5k, 10k, half, marathon, or metres from {MIN_RACE_METRES} to {MAX_RACE_METRES}"
    )
    time: str = Field(description="finishing time, H:MM:SS or MM:SS", examples=["49:59", "1:52:30"])
    date: OptionalDate = Field(default=None, description="race day; at most 12 weeks before start_date")

    @field_validator("distance", mode="before")
    @classmethod
    def _covered(cls, value: object) -> object:
        """One clear message instead of one per branch of the union."""
        if isinstance(value, str) and value in RACE_METRES:
            return value
        if isinstance(value, int) and not isinstance(value, bool) and MIN_RACE_METRES <= value <= MAX_RACE_METRES:
            return value
        raise ValueError(
            f"distance {value!r}: give 5k, 10k, half, marathon or metres from {MIN_RACE_METRES} to "
            f"{MAX_RACE_METRES}, the race distances the VDOT formula was fitted on"
        )

    @field_validator("time")
    @classmethod
    def _parsed(cls, value: str) -> str:
        seconds = parse_duration(value)
        if seconds <= 0:
            raise ValueError(f"time {value!r} must be longer than zero")
        return format_duration(seconds)

    @model_validator(mode="after")
    def _humanly_possible(self) -> Self:
        found = self.vdot
        if not MIN_VDOT <= found <= MAX_VDOT:
            why = (
                "faster than any world record (those sit near VDOT 85)"
                if found > MAX_VDOT
                else "slower than the VDOT formula gives training paces for (its easy pace would be a walk)"
            )
            raise ValueError(
                f"{self.distance} in {self.time} is VDOT {found:.1f}, {why}; "
                f"check the time (accepted: VDOT {MIN_VDOT:.0f} to {MAX_VDOT:.0f})"
            )
        return self

    @property
    def metres(self) -> float:
        return RACE_METRES[RaceDistance(self.distance)] if isinstance(self.distance, str) else float(self.distance)

    @property
    def seconds(self) -> int:
        return parse_duration(self.time)

    @property
    def vdot(self) -> float:
        return vdot(self.metres, self.seconds)


class PlanRequest(Strict):
    start_date: date
    race_date: date | None = None
    weeks: int = Field(default=16, ge=8, le=24)
    race_distance: RaceDistance = RaceDistance.MARATHON
    level: Level = Level.INTERMEDIATE
    equipment: Equipment = Equipment.GYM
    runs_per_week: int = Field(default=5, ge=3, le=7)
    long_run_day: Weekday = Weekday.SUNDAY
    rest_days: list[Weekday] = Field(default_factory=lambda: [Weekday.MONDAY], max_length=7)
    availability: dict[Weekday, DayAccess] = Field(default_factory=dict)
    unavailable_dates: list[date] = Field(default_factory=list, max_length=MAX_LIST)
    fixed: list[FixedSession] = Field(default_factory=list, max_length=MAX_LIST)
    long_run_buffer_hours: Literal[24, 48] = 48
    time_limit_seconds: float = Field(default=5.0, ge=0.1, le=30)
    # Training load: the starting point, the peak the target curve aims for, and how
    # often a week steps back. Absent, each has a default by level and distance that
    # never makes a request impossible; the plan's `load` says which values it used.
    current: CurrentLoad | None = None
    goal_weekly_run_minutes: int | None = Field(default=None, ge=60, le=1500)
    cutback_every: Literal[0, 3, 4] | None = None
    # Soft-rule weights (RULES.md, "Soft rules"); ids left out keep their defaults.
    weights: dict[SoftRule, WeightValue] = Field(default_factory=dict)
    # A recent race gives training paces (docs/rules.md, "Session content").
    recent_race: RecentRace | None = None
    # Easy weeks after race day (docs/rules.md, "After the race", R-RECOVERY).
    recovery_weeks: int = Field(default=0, ge=0, le=4)

    @field_validator("recent_race")
    @classmethod
    def _race_is_recent(cls, race: RecentRace | None, info: ValidationInfo) -> RecentRace | None:
        start = info.data.get("start_date")  # absent when start_date itself is invalid
        if race is None or race.date is None or start is None:
            return race
        if race.date > start:
            raise ValueError(f"date {race.date} is after start_date {start}: give a race already run")
        if start - race.date > RECENT_RACE_MAX_AGE:
            weeks = (start - race.date).days // 7
            raise ValueError(
                f"date {race.date} is {weeks} weeks before start_date {start}; paces need a race "
                "from the last 12 weeks (fitness changes): leave recent_race out for effort cues instead"
            )
        return race

    _dates_within_calendar = field_validator("start_date", "race_date")(within_calendar)

    @model_validator(mode="after")
    def _normalise(self) -> Self:
        """Fill defaults that depend on other fields and check the fields agree."""
        if self.race_date is None:
            self.race_date = self.start_date + timedelta(days=7 * self.weeks - 1)
        n_days = (self.race_date - self.start_date).days + 1
        if n_days < 1:
            raise ValueError("race_date must be after start_date")
        both_given = {"weeks", "race_date"} <= self.model_fields_set
        if both_given and not 7 * self.weeks - 6 <= n_days <= 7 * self.weeks:
            raise ValueError(
                f"race_date makes a {n_days}-day cycle, which is not {self.weeks} weeks: "
                "give one of weeks and race_date, or make them agree"
            )
        if not MIN_DAYS <= n_days <= MAX_DAYS:
            raise ValueError(f"the cycle is {n_days} days; supported: {MIN_DAYS} to {MAX_DAYS} (8 to 24 weeks)")
        self.weeks = -(-n_days // 7)
        self.rest_days = sorted(set(self.rest_days), key=WEEKDAYS.index)
        self.availability = {day: self.availability.get(day, DayAccess()) for day in WEEKDAYS}
        self.unavailable_dates = sorted(set(self.unavailable_dates))
        self._check_dates()
        self.fixed = sorted(self.fixed, key=lambda f: f.date)
        return self

    def _check_dates(self) -> None:
        cycle = self.cycle
        outside = [d for d in self.unavailable_dates if not cycle.contains(d)]
        if outside:
            raise ValueError(f"unavailable_dates outside the cycle: {', '.join(map(str, outside))}")
        if self.race_date in self.unavailable_dates:
            raise ValueError("race_date is in unavailable_dates (R-AVAIL)")
        seen: set[date] = set()
        for fixed in self.fixed:
            if not cycle.contains(fixed.date):
                raise ValueError(f"fixed session on {fixed.date} is outside the cycle")
            if fixed.date in seen:
                raise ValueError(f"two fixed sessions on {fixed.date}: give one entry per date")
            seen.add(fixed.date)

    @property
    def cycle(self) -> Cycle:
        assert self.race_date is not None  # set by _normalise
        return Cycle(self.start_date, self.race_date, self.recovery_weeks)
