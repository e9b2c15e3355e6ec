"""When no plan exists: the refusal names the smallest set of conflicting rules and inputs.

Each case is a request that admits no plan, for one cause. The refusal must be
an InfeasibleError whose conflicts are exactly the expected (rule, input) pairs,
or one of the documented alternatives where two rules forbid the same thing,
with a message that names every rule id and every input. The conflicts are a
minimal core: every one of them is needed, so the model holding only the named
guards minus any one of them is feasible. For the cases whose named inputs are
all the inputs behind the conflict, the request itself proves it: drop any one
named input (remove that fixed session or unavailable date, restore that
weekday's access, leave runs_per_week at its default) and a plan exists.

All requests are 8-week cycles from Monday 2027-03-01 (see `plan_reading`).
"""

from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pytest
from plan_reading import request, satisfiable

from models.kinds import WEEKDAYS
from models.validation import check_plan
from solver.errors import InfeasibleError
from solver.explain import is_infeasible
from solver.model import build
from solver.solve import plan
from solver.variables import Assumption

Conflicts = frozenset[tuple[str, str | None]]
NO_RUN, NO_STRENGTH = {"run": False}, {"strength": False}
WEEKDAY_NAMES = [str(day) for day in WEEKDAYS]


@dataclass(frozen=True)
class Cause:
    fields: dict[str, Any]
    expected: tuple[Conflicts, ...]  # the conflicts, or documented alternatives
    # Whether dropping any one named input alone restores a plan; False where an unnamed input blocks too.
    droppable: bool = True


def conflicts(*pairs: tuple[str, str | None]) -> Conflicts:
    return frozenset(pairs)


def avail(*weekdays: str) -> list[tuple[str, str]]:
    return [("R-AVAIL", f"availability.{day}") for day in weekdays]


def fixed(*indexes: int) -> list[tuple[str, str]]:
    return [("R-AVAIL", f"fixed[{i}]") for i in indexes]


def fixed_pair(first: dict[str, str], second: dict[str, str]) -> dict[str, Any]:
    return {"fixed": [first, second]}


CAUSES = [
    pytest.param(
        # Four running weekdays for six runs a week. Blocking any two of the three weekdays already leaves
        # only five, so the minimal core names two of them: any two is a right answer. Restoring one named
        # weekday still leaves the third blocked, so this case is not droppable input by input.
        Cause(
            {"runs_per_week": 6, "availability": {day: NO_RUN for day in ("monday", "tuesday", "wednesday")}},
            tuple(
                conflicts(("R-RUNS-PER-WEEK", "runs_per_week"), *avail(*pair))
                for pair in combinations(("monday", "tuesday", "wednesday"), 2)
            ),
            droppable=False,
        ),
        id="six-runs-four-running-weekdays",
    ),
    pytest.param(
        Cause(
            {"runs_per_week": 6, "availability": {day: NO_RUN for day in ("monday", "wednesday")}},
            (conflicts(("R-RUNS-PER-WEEK", "runs_per_week"), *avail("monday", "wednesday")),),
        ),
        id="six-runs-five-running-weekdays",
    ),
    pytest.param(
        # 8 days before a marathon is inside its 10-day heavy cutoff and in taper, where heavy lifts are
        # banned anyway: either rule is a right answer.
        Cause(
            {"fixed": [{"date": "2027-04-17", "strength": "heavy_lower"}]},
            (
                conflicts(("R-TAPER-CUTOFF", None), *fixed(0)),
                conflicts(("R-STRENGTH-KIND-BY-PHASE", None), *fixed(0)),
            ),
        ),
        id="heavy-lower-8-days-before-marathon",
    ),
    pytest.param(
        Cause(
            {"unavailable_dates": ["2027-03-10"], "fixed": [{"date": "2027-03-10", "run": "easy"}]},
            (conflicts(("R-AVAIL", "unavailable_dates"), *fixed(0)),),
        ),
        id="fixed-session-on-unavailable-date",
    ),
    pytest.param(
        # Build week 4 allows two quality runs, so only their being back to back is wrong.
        Cause(
            fixed_pair({"date": "2027-03-23", "run": "quality"}, {"date": "2027-03-24", "run": "quality"}),
            (conflicts(("R-HARD-EASY", None), *fixed(0, 1)),),
        ),
        id="quality-runs-on-consecutive-days",
    ),
    pytest.param(
        # heavy_lower and a long run are both hard days, so back to back they also break R-HARD-EASY.
        Cause(
            fixed_pair({"date": "2027-03-12", "strength": "heavy_lower"}, {"date": "2027-03-13", "run": "long"}),
            (
                conflicts(("R-48H-LONG", None), *fixed(0, 1)),
                conflicts(("R-HARD-EASY", None), *fixed(0, 1)),
            ),
        ),
        id="long-run-the-day-after-heavy-lower",
    ),
    pytest.param(
        # Two days apart the lift breaks only the 48 h buffer.
        Cause(
            fixed_pair({"date": "2027-03-11", "strength": "heavy_lower"}, {"date": "2027-03-13", "run": "long"}),
            (conflicts(("R-48H-LONG", None), *fixed(0, 1)),),
        ),
        id="long-run-two-days-after-heavy-lower",
    ),
    pytest.param(
        Cause(
            fixed_pair({"date": "2027-03-09", "strength": "full_body"}, {"date": "2027-03-10", "run": "quality"}),
            (conflicts(("R-DAY-BEFORE-QUALITY", None), *fixed(0, 1)),),
        ),
        id="full-body-the-day-before-quality",
    ),
    pytest.param(
        Cause({"fixed": [{"date": "2027-03-14", "run": "race"}]}, (conflicts(("R-RACE", None), *fixed(0)),)),
        id="race-run-before-race-day",
    ),
    pytest.param(
        # No strength on any weekday: base weeks need a heavy_lower, every week a mobility session, and the
        # weekly counts need lifts. Either of the first two with all seven weekdays is minimal; the counts
        # need three early-base lifts, so five blocked weekdays already break them. Restoring one weekday
        # does not make room for a week's lifts, so this case is not droppable input by input.
        Cause(
            {"availability": {day: NO_STRENGTH for day in WEEKDAY_NAMES}},
            (
                conflicts(("R-STRENGTH-KIND-BY-PHASE", None), *avail(*WEEKDAY_NAMES)),
                conflicts(("R-MOBILITY-WEEKLY", None), *avail(*WEEKDAY_NAMES)),
                *(conflicts(("R-STRENGTH-FREQ", None), *avail(*five)) for five in combinations(WEEKDAY_NAMES, 5)),
            ),
            droppable=False,
        ),
        id="no-strength-access-on-any-weekday",
    ),
    pytest.param(
        # A quality run takes at least 30 minutes (R-RUN-MINUTES): a fixed one on a 25-minute day cannot be.
        Cause(
            {"availability": {"tuesday": {"max_minutes": 25}}, "fixed": [{"date": "2027-03-02", "run": "quality"}]},
            (conflicts(("R-AVAIL", "availability.tuesday"), ("R-AVAIL", "fixed[0]")),),
        ),
        id="a-day-budget-too-short-for-its-fixed-quality-run",
    ),
]


def refusal(fields: dict[str, Any]) -> InfeasibleError:
    with pytest.raises(InfeasibleError) as raised:
        plan(request(**fields))
    return raised.value


def named(message: str, input: str, fields: dict[str, Any]) -> bool:
    """Whether the message names a user input in words the user wrote."""
    if input.startswith("availability."):
        return input.removeprefix("availability.") in message
    if input == "unavailable_dates":
        return all(day in message for day in fields["unavailable_dates"])
    return input in message  # fixed[i], runs_per_week


def without(fields: dict[str, Any], input: str) -> dict[str, Any]:
    """The request fields with one input dropped: back to its default, or that entry removed."""
    fields = dict(fields)
    if input.startswith("fixed["):
        index = int(input[6:-1])
        fields["fixed"] = [entry for i, entry in enumerate(fields["fixed"]) if i != index]
    elif input.startswith("availability."):
        weekday = input.removeprefix("availability.")
        fields["availability"] = {day: access for day, access in fields["availability"].items() if day != weekday}
    else:
        fields.pop(input)
    return fields


@pytest.mark.parametrize("cause", CAUSES)
def test_refusal_names_the_conflicting_rules_and_inputs(cause: Cause) -> None:
    error = refusal(cause.fields)
    found = frozenset((c.rule, c.input) for c in error.conflicts)
    assert found in cause.expected, error.message
    assert len(error.conflicts) == len(found), "each conflict is named once"
    for rule, input in found:
        assert rule in error.message
        if input is not None:
            assert named(error.message, input, cause.fields), (input, error.message)


@pytest.mark.parametrize("cause", CAUSES)
def test_every_named_conflict_is_needed(cause: Cause) -> None:
    """The named guards alone are infeasible, and each one taken away leaves a feasible model."""
    core = [Assumption(c.rule, c.input) for c in refusal(cause.fields).conflicts]
    pm = build(request(**cause.fields), explain=True)
    assert is_infeasible(pm, core)[0]
    for guard in core:
        assert satisfiable(pm, [g for g in core if g != guard]), f"{guard} is not needed"


@pytest.mark.parametrize("cause", [case for case in CAUSES if case.values[0].droppable])
def test_dropping_any_named_input_gives_a_plan(cause: Cause) -> None:
    inputs = [c.input for c in refusal(cause.fields).conflicts if c.input is not None]
    assert inputs
    for input in inputs:
        relaxed = request(**without(cause.fields, input))
        assert check_plan(relaxed, plan(relaxed).days) == [], input
