"""The vocabulary of the rule catalogue (docs/rules.md): session kinds, weekdays, phases and rule ids."""

from enum import StrEnum


class RunKind(StrEnum):
    EASY = "easy"
    QUALITY = "quality"
    LONG = "long"
    RACE = "race"


class StrengthKind(StrEnum):
    HEAVY_LOWER = "heavy_lower"
    POWER = "power"
    FULL_BODY = "full_body"
    UPPER_CORE = "upper_core"
    ISOMETRIC = "isometric"
    MOBILITY = "mobility"


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @classmethod
    def of(cls, index: int) -> "Weekday":
        """Weekday from `date.weekday()` (Monday is 0)."""
        return WEEKDAYS[index]


WEEKDAYS: tuple[Weekday, ...] = tuple(Weekday)


class Phase(StrEnum):
    BASE = "base"
    BUILD = "build"
    TAPER = "taper"
    RACE_WEEK = "race_week"
    RECOVERY = "recovery"  # the weeks after race day (R-RECOVERY)


class RaceDistance(StrEnum):
    FIVE_K = "5k"
    TEN_K = "10k"
    HALF = "half"
    MARATHON = "marathon"
    ULTRA = "ultra"


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Equipment(StrEnum):
    GYM = "gym"
    HOME = "home"


# docs/rules.md, "Words the rules use". Tuples, not sets: a model built by iterating them
# must add its constraints in the same order in every process (string hashes
# are salted per process), or the same request could give another plan.
HARD_RUNS = (RunKind.QUALITY, RunKind.LONG, RunKind.RACE)
HARD_LIFTS = (StrengthKind.HEAVY_LOWER, StrengthKind.POWER)
LEG_LOADING = (StrengthKind.HEAVY_LOWER, StrengthKind.POWER, StrengthKind.FULL_BODY)
COUNTED_STRENGTH = tuple(k for k in StrengthKind if k != StrengthKind.MOBILITY)
KEY_SESSIONS = (RunKind.LONG, RunKind.QUALITY, StrengthKind.HEAVY_LOWER)


# Every rule id of docs/rules.md with its one-line statement, hard rules first.
HARD_RULE_TEXT: dict[str, str] = {
    "R-ONE-PER-DAY": "at most one run and one strength session a day, run first",
    "R-AVAIL": "nothing on unavailable days, weekday access and minute budgets kept",
    "R-RACE": "exactly one race, on race day, with nothing but mobility beside it",
    "R-LONG-WEEKLY": "one long run a week in base, build and taper; none in race week",
    "R-RUNS-PER-WEEK": "runs_per_week running days a week; in race week at most that, at least min(3, it)",
    "R-QUALITY-FREQ": "quality runs a week: base 1, build 2, taper 1, race week 0",
    "R-HARD-EASY": "no two hard days in a row; hard lifts only on quality or easy run days",
    "R-48H-LONG": "no leg-loading strength within the buffer before a long run or race",
    "R-DAY-BEFORE-QUALITY": "no leg-loading strength the day before a quality run",
    "R-LEGS-NOT-CONSECUTIVE": "no leg-loading strength on two days in a row",
    "R-STRENGTH-FREQ": "counted strength sessions a week by phase",
    "R-STRENGTH-KIND-BY-PHASE": "strength kinds allowed and required by phase",
    "R-TAPER-CUTOFF": "no heavy_lower within the cutoff, no leg-loading in the last 5 days",
    "R-CHILL-DAY": "every full week has a chill day",
    "R-MOBILITY-WEEKLY": "at least one mobility session a week",
    "R-HISTORY": "days before as_of are what happened; rules hold across the boundary",
    "R-RUN-MINUTES": "easy 20-90, quality 30-90, long 30 to its cap and 10 longer than the week's other runs",
    "R-RAMP": "at most 10% more than the larger of the last two weeks; long run at most 15 min more",
    "R-CUTBACK": "a cut-back week holds at most 80% of the week before it, and less than its block",
    "R-TAPER-VOLUME": "taper and race week come down from the peak volume and long run",
    "R-LONG-SHARE": "in a week of 3 or more runs, the long run is at most half of its minutes",
    "R-RETURN": "after a break, volume returns on a fixed schedule; missed minutes are never added later",
    "R-RECOVERY": "after the race: easy runs of at most 45 min, fewer of them, low-load lifts, a share of the peak",
}

SOFT_RULE_TEXT: dict[str, str] = {
    "P-LONG-DAY": "long run on the preferred long-run day",
    "P-REST-DAY": "full rest on the preferred rest days",
    "P-STACK-HARD": "hard lifts on quality-run days",
    "P-SPREAD": "counted strength sessions at least one day apart",
    "P-ROUTINE": "the same weekday pattern from week to week within a phase",
    "P-STABLE": "when re-planning, change as few future days as possible",
    "P-RECOVER-KEY": "missed key sessions placed again the same week when the rules allow",
    "P-VOLUME": "each week's run minutes and long run close to the target curve",
    "P-EVEN": "the easy runs of a week within 15 minutes of each other",
    "P-RECOVERY-LIFT": "one low-load strength session in each recovery week",
}
