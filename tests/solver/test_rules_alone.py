"""Each hard rule alone: two or three pinned days that break it, and the model names that rule and nothing else.

The whole-plan tests show what the rules make of a plan; these point at one
rule at a time, in the style of a constraint verifier. A few sessions (or a
run's minutes) are pinned on two or three days of an otherwise free 8-week
model, every rule is assumed, and the minimal set of rules in conflict must be
exactly the rule under test. A rule missing from the model, or one that
over-reaches, fails here by name.

Rules whose breaking needs a whole week pinned (R-RUNS-PER-WEEK, R-CHILL-DAY,
R-MOBILITY-WEEKLY), that overlap another rule everywhere (R-TAPER-CUTOFF, see
`test_rules_bite`), that only cap a week's total against the weeks before it
(R-CUTBACK, R-TAPER-VOLUME, R-LONG-SHARE, R-RETURN) or that need a re-plan
(R-HISTORY) are shown in `test_rules_bite` and `test_load`.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from plan_reading import request

from models.kinds import RunKind, StrengthKind
from solver.explain import minimal_core
from solver.load import UNIT
from solver.model import build

EASY, QUALITY, LONG, RACE = RunKind.EASY, RunKind.QUALITY, RunKind.LONG, RunKind.RACE
HEAVY, FULL_BODY, UPPER, POWER = (
    StrengthKind.HEAVY_LOWER,
    StrengthKind.FULL_BODY,
    StrengthKind.UPPER_CORE,
    StrengthKind.POWER,
)


@dataclass(frozen=True)
class Window:
    """Sessions pinned on a few days (ISO date -> (slot, kind)), and run minutes pinned on some of them."""

    pins: dict[str, list[tuple[str, Any]]]
    minutes: dict[str, int] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    # Rules the conflict needs besides the one under test, and why (none for most).
    also: frozenset[str] = frozenset()


WINDOWS = [
    # The race on a Wednesday of week 2: the race is on race day only.
    pytest.param("R-RACE", Window({"2027-03-10": [("run", RACE)]}), id="R-RACE"),
    # A run on a day the athlete is away.
    pytest.param(
        "R-AVAIL", Window({"2027-03-10": [("run", EASY)]}, fields={"unavailable_dates": ["2027-03-10"]}), id="R-AVAIL"
    ),
    # Two long runs in one week.
    pytest.param("R-LONG-WEEKLY", Window({"2027-03-03": [("run", LONG)], "2027-03-07": [("run", LONG)]}), id="long"),
    # Two quality runs in a base week, which holds one.
    pytest.param(
        "R-QUALITY-FREQ", Window({"2027-03-02": [("run", QUALITY)], "2027-03-04": [("run", QUALITY)]}), id="q"
    ),
    # A quality run and a long run on consecutive days.
    pytest.param("R-HARD-EASY", Window({"2027-03-09": [("run", QUALITY)], "2027-03-10": [("run", LONG)]}), id="hard"),
    # A heavy lift two days before the long run.
    pytest.param(
        "R-48H-LONG",
        Window({"2027-03-05": [("run", EASY), ("lift", HEAVY)], "2027-03-07": [("run", LONG)]}),
        id="48h",
    ),
    # A leg-loading circuit the day before a quality run.
    pytest.param(
        "R-DAY-BEFORE-QUALITY",
        Window({"2027-03-03": [("lift", FULL_BODY)], "2027-03-04": [("run", QUALITY)]}),
        id="day-before-quality",
    ),
    # Leg work on two days in a row.
    pytest.param(
        "R-LEGS-NOT-CONSECUTIVE",
        Window({"2027-03-02": [("lift", FULL_BODY)], "2027-03-03": [("lift", FULL_BODY)]}),
        id="legs",
    ),
    # Two counted lifts in a taper week, which holds one.
    pytest.param(
        "R-STRENGTH-FREQ", Window({"2027-04-06": [("lift", UPPER)], "2027-04-08": [("lift", UPPER)]}), id="freq"
    ),
    # Power work in the taper.
    pytest.param(
        "R-STRENGTH-KIND-BY-PHASE", Window({"2027-04-06": [("run", EASY), ("lift", POWER)]}), id="kind-by-phase"
    ),
    # An easy run longer than its week's long run. The model measures the week's long run as the sum of
    # its long runs, one by R-LONG-WEEKLY: without that rule a second long run could lengthen the sum.
    pytest.param(
        "R-RUN-MINUTES",
        Window(
            {"2027-03-03": [("run", EASY)], "2027-03-07": [("run", LONG)]},
            {"2027-03-03": 45, "2027-03-07": 40},
            also=frozenset({"R-LONG-WEEKLY"}),
        ),
        id="run-minutes",
    ),
    # A first long run of two hours for an athlete whose longest recent run was 45 minutes.
    pytest.param(
        "R-RAMP",
        Window(
            {"2027-03-07": [("run", LONG)]},
            {"2027-03-07": 120},
            {"current": {"weekly_run_minutes": 400, "long_run_minutes": 45}},
        ),
        id="ramp",
    ),
]


@pytest.mark.parametrize(("rule", "window"), WINDOWS)
def test_a_broken_rule_is_named_alone(rule: str, window: Window) -> None:
    plan_request = request(**window.fields)
    pm = build(plan_request, explain=True)
    cycle = plan_request.cycle
    for when, pins in window.pins.items():
        d = cycle.index_of(date.fromisoformat(when))
        for slot, kind in pins:
            pm.model.add(pm.option(d, slot, kind) == 1)
    for when, minutes in window.minutes.items():
        d = cycle.index_of(date.fromisoformat(when))
        run = next(kind for slot, kind in window.pins[when] if slot == "run")
        pm.model.add(pm.load.units[d, run] == minutes // UNIT)
    core = minimal_core(pm, list(pm.guards))
    assert {assumption.rule for assumption in core} == {rule, *window.also}, core
