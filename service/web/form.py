"""The plan form: its fields, the PlanRequest they make, and errors put back next to their fields.

Field names are the request's own paths (`availability.monday.max_minutes`,
`fixed[2].date`), so pydantic's `loc` and a conflict's `input` name a field of
the form directly. The form only reshapes text into the request's JSON; every
check is the PlanRequest model's, exactly as for the API.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from models.errors import Conflict
from models.kinds import WEEKDAYS, Equipment, Level, RaceDistance, RunKind, StrengthKind
from models.request import PlanRequest

FIXED_ROWS = 4  # empty rows offered for fixed sessions; a posted form may carry more, up to MAX_FIXED
MAX_FIXED = 50
# Text boxes hold dates; this many is already more than any cycle has days.
MAX_DATES = 400

RACE_DISTANCES = [d.value for d in RaceDistance]
LEVELS = [level.value for level in Level]
EQUIPMENT = [e.value for e in Equipment]
RUN_KINDS = [k.value for k in RunKind]
STRENGTH_KINDS = [k.value for k in StrengthKind]
WEEKDAY_NAMES = [d.value for d in WEEKDAYS]

# Plain fields copied as text; pydantic turns "16" into 16 as it does for JSON.
_TEXT_FIELDS = (
    "start_date",
    "race_date",
    "weeks",
    "race_distance",
    "level",
    "equipment",
    "runs_per_week",
    "long_run_day",
    "goal_weekly_run_minutes",
    "cutback_every",
    "long_run_buffer_hours",
    "recovery_weeks",
)
# Choices the model takes as numbers only (Literal[24, 48]): "48" from a form becomes 48.
_NUMBER_CHOICES = ("long_run_buffer_hours", "cutback_every")
_SMALL_INT = re.compile(r"-?\d{1,6}")
_FIXED_FIELD = re.compile(r"fixed\[(\d{1,3})\]\.(date|run|strength)")
_FIELD_IN_MESSAGE = re.compile(r"\b(start_date|race_date|weeks|unavailable_dates|fixed|runs_per_week)\b")

# What a new form shows: the model's own defaults (one place decides them).
DEFAULT_VALUES: dict[str, str] = {
    name: str(PlanRequest.model_fields[name].default)
    for name in (
        "weeks",
        "race_distance",
        "level",
        "equipment",
        "runs_per_week",
        "long_run_day",
        "long_run_buffer_hours",
        "recovery_weeks",
    )
}


@dataclass
class PlanForm:
    """What the form shows: the values typed, and the errors by field name ('' for the form as a whole)."""

    values: MultiDict[str, str] = field(default_factory=MultiDict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def checked(self, name: str, value: str = "on") -> bool:
        return value in self.values.getlist(name)

    def fixed_rows(self) -> int:
        """Rows to show: the ones filled in and two spare, at least FIXED_ROWS."""
        used = [int(m.group(1)) for name in self.values if (m := _FIXED_FIELD.fullmatch(name))]
        return min(MAX_FIXED, max([FIXED_ROWS, *(i + 2 for i in used)]))

    def errors_under(self, name: str) -> list[str]:
        """Errors of a field and of the fields inside it (a fixed row and its date, run and strength)."""
        return [
            m for key, messages in self.errors.items() if key == name or key.startswith(f"{name}.") for m in messages
        ]

    def conflicts_at(self, name: str) -> list[str]:
        """The conflicts naming this field, shown beside it as well as in the list at the top."""
        return [f"In conflict: {c.detail} ({c.rule})" for c in self.conflicts if c.input == name]

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def blank_form(start_date: str) -> PlanForm:
    values = MultiDict({**DEFAULT_VALUES, "start_date": start_date})
    for day in PlanRequest.model_fields["rest_days"].get_default(call_default_factory=True):
        values.add("rest_days", str(day))
    for day in WEEKDAY_NAMES:
        values.add(f"availability.{day}.run", "on")
        values.add(f"availability.{day}.strength", "on")
    return PlanForm(values=values)


def read_form(posted: Mapping[str, Any]) -> tuple[PlanForm, PlanRequest | None]:
    """The form as posted, and its PlanRequest when the model accepts it (else the form carries the errors)."""
    form = PlanForm(values=_renumber_fixed(_tidy(posted)))
    try:
        return form, PlanRequest.model_validate(request_data(form.values))
    except ValidationError as exc:
        for error in exc.errors(include_url=False, include_input=False):
            name = field_for_loc(error["loc"], error["msg"])
            form.add_error(name, error["msg"].removeprefix("Value error, "))
        return form, None


def request_data(values: MultiDict[str, str]) -> dict[str, Any]:
    """The request's JSON from the form's text: blanks left out, so the model's defaults apply."""
    data: dict[str, Any] = {name: values[name] for name in _TEXT_FIELDS if values.get(name)}
    for name in _NUMBER_CHOICES:
        if _SMALL_INT.fullmatch(data.get(name, "")):
            data[name] = int(data[name])
    data["rest_days"] = values.getlist("rest_days")
    data["availability"] = {
        day: {
            "run": f"availability.{day}.run" in values,
            "strength": f"availability.{day}.strength" in values,
            "max_minutes": values.get(f"availability.{day}.max_minutes") or None,
        }
        for day in WEEKDAY_NAMES
    }
    data["unavailable_dates"] = split_dates(values.get("unavailable_dates", ""))
    weekly, longest = values.get("current.weekly_run_minutes"), values.get("current.long_run_minutes")
    if weekly or longest:
        data["current"] = {k: v for k, v in (("weekly_run_minutes", weekly), ("long_run_minutes", longest)) if v}
    race = {part: values.get(f"recent_race.{part}", "").strip() for part in ("distance", "time", "date")}
    if race["distance"] or race["time"]:
        data["recent_race"] = {part: text for part, text in race.items() if text}
    data["fixed"] = fixed_sessions(values)
    return data


def fixed_sessions(values: MultiDict[str, str]) -> list[dict[str, str]]:
    """The fixed rows filled in, in date order: the order the model keeps, so `fixed[2]` is the third row shown."""
    rows: dict[int, dict[str, str]] = {}
    for name, value in values.items(multi=False):
        match = _FIXED_FIELD.fullmatch(name)
        if match and value and int(match.group(1)) < MAX_FIXED:
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return sorted(rows.values(), key=lambda row: row.get("date", ""))


def split_dates(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text) if part][:MAX_DATES]


def field_for_loc(loc: Iterable[int | str], message: str) -> str:
    """The form field a pydantic error belongs to: the longest prefix of its loc that is a field.

    The model's own cross-field checks have an empty loc; their message names the field.
    """
    parts = list(loc)
    if not parts:
        found = _FIELD_IN_MESSAGE.search(message)
        return found.group(1) if found else ""
    name = ""
    for part in parts:
        if isinstance(part, int):
            if name in ("unavailable_dates", "rest_days"):
                break  # one box holds the whole list
            name += f"[{part}]"
        else:
            name = f"{name}.{part}" if name else str(part)
    return _WHOLE_TO_FIELD.get(name, name)


# An error about a group as a whole shows beside the box it is most about.
_WHOLE_TO_FIELD = {"recent_race": "recent_race.time", "current": "current.weekly_run_minutes"}


def field_id(name: str) -> str:
    """An HTML id for a field name: `fixed[2].date` -> `f-fixed-2-date`."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") if name else "f-form"


def _renumber_fixed(values: MultiDict[str, str]) -> MultiDict[str, str]:
    """The fixed rows in date order, numbered from 0: the order the model keeps, so the form shows
    `fixed[2]` (in an error's loc or a conflict's input) as its third row."""
    rows = fixed_sessions(values)
    renumbered: MultiDict[str, str] = MultiDict(
        [(name, value) for name, value in values.items(multi=True) if not name.startswith("fixed[")]
    )
    for i, row in enumerate(rows):
        for part, value in row.items():
            renumbered.add(f"fixed[{i}].{part}", value)
    return renumbered


def _tidy(posted: Mapping[str, Any]) -> MultiDict[str, str]:
    """Posted values as stripped text, without the CSRF token (it is checked before the form is read)."""
    tidy: MultiDict[str, str] = MultiDict()
    items = posted.items(multi=True) if isinstance(posted, MultiDict) else posted.items()
    for name, value in items:
        if name != "csrf_token" and isinstance(value, str):
            tidy.add(name, value.strip())
    return tidy
