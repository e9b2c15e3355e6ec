"""Each hard rule alone: a few pinned days that break it, and the model names that rule and nothing else.

The whole-plan tests show what the rules make of a plan; these point at one
rule at a time, in the style of a constraint verifier. A few sessions (or runs'
minutes) are pinned in an otherwise free 8-week model, every rule is assumed,
and the minimal set of rules in conflict must be exactly the rule under test. A
rule missing from the model, or one that over-reaches, fails here by name; and
with the rule switched off the same pins admit a plan, so each case fails the
day its rule stops biting.

The load caps compare a week with weeks before it. Their cases fix the weeks
compared run by run (a week's one long run, or every run of it), or take them
from the starting point or a re-plan's past: a bound pinned on a week's total
would make the conflict one that only a search, not propagation, can find, and
the explaining solve's budget is small.

Two rules only ever forbid what another rule forbids too, so neither can be the
only rule a pin breaks: R-TAPER-CUTOFF (R-STRENGTH-KIND-BY-PHASE bans heavy and
leg-loading lifts on every day it does) and R-CHILL-DAY (a full week's counts
allow at most 3 counted lifts, 2 quality runs and a long run: 6 busy days of 7).
Their cases set the overlapping rule aside, and check that it does overlap.
R-ONE-PER-DAY is the model's structure, behind no assumption: two options pinned
in one slot are refused with nothing assumed at all.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from plan_reading import request, satisfiable

from models.kinds import RunKind, StrengthKind
from solver.explain import is_infeasible, minimal_core
from solver.load import UNIT
from solver.model import ReplanHistory, build
from solver.rules import HARD_RULES, HardRule
from solver.variables import Assumption, PlanModel

EASY, QUALITY, LONG, RACE = RunKind.EASY, RunKind.QUALITY, RunKind.LONG, RunKind.RACE
HEAVY, FULL_BODY, UPPER, POWER, MOBILITY = (
    StrengthKind.HEAVY_LOWER,
    StrengthKind.FULL_BODY,
    StrengthKind.UPPER_CORE,
    StrengthKind.POWER,
    StrengthKind.MOBILITY,
)


@dataclass(frozen=True)
class Not:
    """A pin that rules an option out of its slot instead of choosing it."""

    kind: Any


@dataclass(frozen=True)
class Window:
    """Sessions pinned on a few days (ISO date -> (slot, kind or Not(kind))), and run minutes on some of them."""

    pins: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    minutes: dict[str, int] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    history: ReplanHistory | None = None
    # Rules the conflict needs besides the one under test, and why (none for most).
    also: frozenset[str] = frozenset()
    # Rules left unassumed because they refuse these pins wherever the rule under test does.
    set_aside: frozenset[str] = frozenset()


def week_of(monday: str) -> list[str]:
    """The seven ISO dates of the week from this Monday."""
    first = date.fromisoformat(monday)
    return [(first + timedelta(days=i)).isoformat() for i in range(7)]


def weeks_run(weeks: int, long_minutes: int) -> ReplanHistory:
    """A re-plan on the Monday after `weeks` weeks, each run as easy 40 on Monday and Thursday, quality 40
    on Tuesday and a long run on Sunday."""
    week = {0: (EASY, 40), 1: (QUALITY, 40), 3: (EASY, 40), 6: (LONG, long_minutes)}
    runs = {7 * n + i: run for n in range(weeks) for i, run in week.items()}
    done = {d: (kind, None) for d, (kind, _) in runs.items()}
    return ReplanHistory(as_of=7 * weeks, done=done, minutes={d: minutes for d, (_, minutes) in runs.items()})


def pinned(window: Window) -> PlanModel:
    """The explaining model of the window's request with its pins added, behind no assumption."""
    plan_request = request(**window.fields)
    pm = build(plan_request, explain=True, history=window.history)
    cycle = plan_request.cycle
    for when, pins in window.pins.items():
        d = cycle.index_of(date.fromisoformat(when))
        for slot, kind in pins:
            chosen = not isinstance(kind, Not)
            pm.model.add(pm.option(d, slot, kind if chosen else kind.kind) == int(chosen))
    for when, minutes in window.minutes.items():
        d = cycle.index_of(date.fromisoformat(when))
        run = next(kind for slot, kind in window.pins[when] if slot == "run")
        pm.model.add(pm.load.units[d, run] == minutes // UNIT)
    return pm


def assumed(pm: PlanModel, window: Window) -> list[Assumption]:
    return [g for g in pm.guards if g.rule not in window.set_aside]


RECOVERY = {"recovery_weeks": 1}
RECOVERY_3 = {"recovery_weeks": 1, "runs_per_week": 3}  # at most 2 runs a recovery week
WEEK_2, WEEK_3, TAPER_WEEK_6 = week_of("2027-03-08"), week_of("2027-03-15"), week_of("2027-04-05")

WINDOWS = [
    # The race on a Wednesday of week 2: the race is on race day only.
    pytest.param("R-RACE", Window({"2027-03-10": [("run", RACE)]}), id="R-RACE"),
    # A run on a day the athlete is away.
    pytest.param(
        "R-AVAIL",
        Window({"2027-03-10": [("run", EASY)]}, fields={"unavailable_dates": ["2027-03-10"]}),
        id="R-AVAIL",
    ),
    # Two long runs in one week.
    pytest.param("R-LONG-WEEKLY", Window({"2027-03-02": [("run", LONG)], "2027-03-07": [("run", LONG)]}), id="long"),
    # Four runs in week 2 for an athlete who runs three days a week.
    pytest.param(
        "R-RUNS-PER-WEEK",
        Window(
            {
                "2027-03-08": [("run", EASY)],
                "2027-03-09": [("run", QUALITY)],
                "2027-03-11": [("run", EASY)],
                "2027-03-14": [("run", LONG)],
            },
            fields={"runs_per_week": 3},
        ),
        id="runs-per-week",
    ),
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
    # A heavy lift 8 days before the marathon, inside its 10-day cutoff. That day is in the taper, where
    # R-STRENGTH-KIND-BY-PHASE bans heavy lifts too, as it bans every lift the cutoff does.
    pytest.param(
        "R-TAPER-CUTOFF",
        Window({"2027-04-17": [("run", EASY), ("lift", HEAVY)]}, set_aside=frozenset({"R-STRENGTH-KIND-BY-PHASE"})),
        id="taper-cutoff",
    ),
    # A light lift every day of taper week 6 but Sunday, the long run on Sunday: no day is left to rest.
    # Only a week with more counted lifts (or quality runs) than R-STRENGTH-FREQ (or R-QUALITY-FREQ)
    # allows can fill all seven days.
    pytest.param(
        "R-CHILL-DAY",
        Window(
            {**{day: [("lift", UPPER)] for day in TAPER_WEEK_6[:6]}, TAPER_WEEK_6[6]: [("run", LONG)]},
            set_aside=frozenset({"R-STRENGTH-FREQ"}),
        ),
        id="chill-day",
    ),
    # No mobility session on any day of week 2.
    pytest.param("R-MOBILITY-WEEKLY", Window({day: [("lift", Not(MOBILITY))] for day in WEEK_2}), id="mobility-weekly"),
    # A re-plan on Wednesday 2027-03-03 after an easy run on Monday, which a pin turns into a quality run.
    pytest.param(
        "R-HISTORY",
        Window(
            {"2027-03-01": [("run", QUALITY)]},
            history=ReplanHistory(as_of=2, done={0: (EASY, None)}, minutes={0: 30}),
        ),
        id="history",
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
            fields={"current": {"weekly_run_minutes": 400, "long_run_minutes": 45}},
        ),
        id="ramp",
    ),
    # Cut-back week 4's long run of 45 minutes after week 3's only long run, of 50: 80% of that is 40.
    pytest.param(
        "R-CUTBACK",
        Window(
            {
                **{day: [("run", Not(LONG))] for day in WEEK_3[:6]},
                "2027-03-21": [("run", LONG)],
                "2027-03-28": [("run", LONG)],
            },
            {"2027-03-21": 50, "2027-03-28": 45},
        ),
        id="cutback",
    ),
    # Five weeks run with long runs of 60 minutes, then a long run of 45 in taper week 6, which holds
    # 70% of the peak's: 42.
    pytest.param(
        "R-TAPER-VOLUME",
        Window({"2027-04-11": [("run", LONG)]}, {"2027-04-11": 45}, history=weeks_run(5, long_minutes=60)),
        id="taper-volume",
    ),
    # Week 2 run in full: a long run of 95 minutes is more than half of its 185.
    pytest.param(
        "R-LONG-SHARE",
        Window(
            dict(zip(WEEK_2, ([("run", kind)] for kind in (EASY, QUALITY, None, EASY, EASY, None, LONG)), strict=True)),
            {"2027-03-08": 20, "2027-03-09": 30, "2027-03-11": 20, "2027-03-12": 20, "2027-03-14": 95},
        ),
        id="long-share",
    ),
    # Away the first four days, a break: week 2 returns at 75% of the starting point, so its long run may
    # be 45 minutes after the 60 before the break, not 50.
    pytest.param(
        "R-RETURN",
        Window(
            {"2027-03-14": [("run", LONG)]},
            {"2027-03-14": 50},
            fields={
                "current": {"weekly_run_minutes": 200, "long_run_minutes": 60},
                "unavailable_dates": week_of("2027-03-01")[:4],
            },
        ),
        id="return",
    ),
    # A re-plan whose replaced plan had 150 run minutes in week 3: missed minutes are never made up, so
    # week 3 may not hold a long run of 90 and an easy run of 65.
    pytest.param(
        "R-RETURN",
        Window(
            {"2027-03-17": [("run", EASY)], "2027-03-21": [("run", LONG)]},
            {"2027-03-17": 65, "2027-03-21": 90},
            history=ReplanHistory(as_of=0, previous_volume={3: 150}),
        ),
        id="no-make-up",
    ),
    # After the race (Sunday 2027-04-25), with one recovery week: a quality run, a run the day after the
    # race, a run over 45 minutes, a leg-loading lift, a run too many, and more minutes than 30% of the peak.
    pytest.param("R-RECOVERY", Window({"2027-04-29": [("run", QUALITY)]}, fields=RECOVERY), id="recovery-quality"),
    pytest.param("R-RECOVERY", Window({"2027-04-26": [("run", EASY)]}, fields=RECOVERY), id="recovery-day-after"),
    pytest.param(
        "R-RECOVERY", Window({"2027-04-29": [("run", EASY)]}, {"2027-04-29": 50}, RECOVERY), id="recovery-45-min"
    ),
    pytest.param("R-RECOVERY", Window({"2027-04-29": [("lift", FULL_BODY)]}, fields=RECOVERY), id="recovery-legs"),
    pytest.param(
        "R-RECOVERY",
        Window({day: [("run", EASY)] for day in ("2027-04-28", "2027-04-30", "2027-05-02")}, fields=RECOVERY_3),
        id="recovery-runs",
    ),
    # Five weeks done at 180 minutes make the peak 180: the recovery week holds at most 54, not 60.
    pytest.param(
        "R-RECOVERY",
        Window(
            {"2027-04-28": [("run", EASY)], "2027-04-30": [("run", EASY)]},
            {"2027-04-28": 30, "2027-04-30": 30},
            RECOVERY,
            history=weeks_run(5, long_minutes=60),
        ),
        id="recovery-volume",
    ),
]


def test_every_hard_rule_has_a_case() -> None:
    cases = {case.values[0] for case in WINDOWS} | {"R-ONE-PER-DAY"}
    assert cases == set(HARD_RULES)


@pytest.mark.parametrize(("rule", "window"), WINDOWS)
def test_a_broken_rule_is_named_alone(rule: str, window: Window) -> None:
    pm = pinned(window)
    core = minimal_core(pm, assumed(pm, window))
    assert {assumption.rule for assumption in core} == {rule, *window.also}, core
    if window.set_aside:
        # The rules set aside do refuse the same pins on their own.
        assert is_infeasible(pm, [g for g in pm.guards if g.rule != rule])[0]


# R-ONE-PER-DAY: two options of one day's slot, each pinned.
TWO_IN_ONE_SLOT = [
    pytest.param(Window({"2027-03-10": [("run", EASY), ("run", LONG)]}), id="two-runs"),
    pytest.param(Window({"2027-03-10": [("lift", UPPER), ("lift", MOBILITY)]}), id="two-lifts"),
]


@pytest.mark.parametrize("window", TWO_IN_ONE_SLOT)
def test_a_slot_holds_one_option_with_nothing_assumed(window: Window) -> None:
    assert is_infeasible(pinned(window), [])[0]


@pytest.mark.parametrize(
    ("rule", "window"),
    [*WINDOWS, *(pytest.param("R-ONE-PER-DAY", *case.values, id=case.id) for case in TWO_IN_ONE_SLOT)],
)
def test_without_the_rule_the_pins_admit_a_plan(rule: str, window: Window, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each case above fails if its rule stops biting: with the rule switched off, every other rule it
    assumes keeps the pins."""
    monkeypatch.setitem(HARD_RULES, rule, HardRule())
    pm = pinned(window)
    assert satisfiable(pm, assumed(pm, window))
