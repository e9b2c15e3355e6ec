"""The independent checker, read as the rule book.

A hand-made 16-week plan keeps every hard rule, its minutes included: it builds
from the athlete's starting point, steps back in weeks 4 and 8, peaks in week 12
and tapers. Each case below then breaks one rule on purpose, in the smallest way
a coach would spot, and the checker must name that rule (and, where the rules
allow, no other). Several weeks sit exactly on a cap, so each cap is also shown
kept at its boundary. The same plan with four recovery weeks after its race
does the same for R-RECOVERY ("after the race" below).
"""

import ast
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from models import validation
from models.checker.load import Basis, Load, load_basis, smallest_week
from models.events import Event, ReplanRequest
from models.kinds import HARD_RULE_TEXT, Phase, RunKind, StrengthKind
from models.plan import Day, Objective, PhaseSpan, Plan, RunSession, StrengthSession, Violation
from models.request import PlanRequest
from models.validation import PLAN_CHECKS, PlanView, actual_history, check_plan, check_replan, validate_plan_json
from solver.errors import InfeasibleError, SolverTimeout
from solver.replan import replan as solve_replan
from solver.solve import plan as solve_plan

START = date(2026, 1, 5)  # a Monday, so every week of the default 16-week cycle runs Monday to Sunday
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

EASY, QUALITY, LONG, RACE = RunKind.EASY, RunKind.QUALITY, RunKind.LONG, RunKind.RACE
HEAVY, POWER, FULL_BODY = StrengthKind.HEAVY_LOWER, StrengthKind.POWER, StrengthKind.FULL_BODY
UPPER, ISO, MOBILITY = StrengthKind.UPPER_CORE, StrengthKind.ISOMETRIC, StrengthKind.MOBILITY

Slot = tuple[RunKind | None, StrengthKind | None]

# Monday to Sunday. Hard days (Tue, Thu in build, Sun) never touch; leg work stays 3+ days before the
# long run and never the day before a quality run; Monday is the chill day with the weekly mobility.
BASE_EARLY: list[Slot] = [
    (None, MOBILITY),
    (QUALITY, HEAVY),  # hard lift stacked on the quality run
    (EASY, UPPER),
    (EASY, ISO),
    (None, None),
    (EASY, None),
    (LONG, None),
]
BASE_LATE = [*BASE_EARLY[:THU], (EASY, None), *BASE_EARLY[FRI:]]  # 2 lifts instead of 3
BUILD: list[Slot] = [
    (None, MOBILITY),
    (QUALITY, POWER),
    (EASY, UPPER),
    (QUALITY, None),
    (None, None),
    (EASY, None),
    (LONG, None),
]
BUILD_BEGINNER = [*BUILD[:THU], (EASY, None), *BUILD[FRI:]]  # one quality run a week at most
TAPER: list[Slot] = [
    (None, MOBILITY),
    (QUALITY, None),
    (EASY, ISO),
    (EASY, None),
    (None, None),
    (EASY, None),
    (LONG, None),
]
RACE_WEEK: list[Slot] = [
    (None, MOBILITY),
    (EASY, None),
    (EASY, None),
    (None, None),
    (EASY, None),
    (None, None),
    (RACE, None),
]
# Run minutes by week: (easy, quality, long). Base weeks hold 3 easy runs, 1 quality and the long run; build
# weeks 2 easy and 2 quality; taper 3 easy and 1 quality; race week 3 easy. From a 200-minute starting point:
# week 2 is exactly +10%, week 4 (a cut-back) exactly its lightest block week, the peak is week 12 (390).
WEEK_MINUTES: dict[int, tuple[int, int, int]] = {
    1: (30, 40, 60),  # 190
    2: (35, 45, 70),  # 220 = 1.10 x 200
    3: (40, 45, 75),  # 240
    4: (30, 40, 60),  # 190: cut-back, <= 0.80 x 240 and the lightest of weeks 1-3
    5: (40, 55, 85),  # 260
    6: (45, 55, 95),  # 285
    7: (45, 55, 105),  # 305
    8: (35, 45, 80),  # 240: cut-back
    9: (50, 60, 110),  # 330
    10: (55, 60, 125),  # 355, long run +15
    11: (55, 65, 135),  # 375
    12: (60, 65, 140),  # 390: the peak, never a cut-back (the last build week)
    13: (45, 50, 100),  # 285 <= 0.80 x 390
    14: (40, 50, 80),  # 250 <= 0.70 x 390
    15: (35, 40, 70),  # 215 <= 0.60 x 390
    16: (30, 30, 40),  # 90 <= 0.40 x 390 (race week: easy runs only; the others serve the broken cases)
    # Recovery weeks: easy runs only, at most 45 minutes (the other kinds serve the broken cases).
    17: (35, 40, 45),  # 105 <= 0.30 x 390 = 117
    18: (35, 40, 45),  # 140 <= 0.50 x 390 = 195
    19: (40, 40, 45),  # 160 <= 0.65 x 390 = 253
    20: (45, 40, 45),  # 180 <= 0.80 x 390 = 312, every run at the 45-minute most
}
RACE_MINUTES = 240
# The starting point and cut-back rhythm of every request below (the defaults have tests of their own).
LOAD: dict[str, Any] = {"current": {"weekly_run_minutes": 200, "long_run_minutes": 60}, "cutback_every": 4}


def week_template(week: int, beginner: bool) -> list[Slot]:
    if week <= 3:
        return BASE_LATE if beginner else BASE_EARLY
    if week <= 6:
        return BASE_LATE
    if week <= 12:
        return BUILD_BEGINNER if beginner else BUILD
    return TAPER if week <= 15 else RACE_WEEK


def day_of(week: int, weekday: int) -> date:
    return START + timedelta(days=7 * (week - 1) + weekday)


KEEP: Any = object()


def planned_minutes(when: date, run: RunKind, table: dict[int, tuple[int, int, int]] = WEEK_MINUTES) -> int:
    if run == RACE:
        return RACE_MINUTES
    easy, quality, long_run = table[(when - START).days // 7 + 1]
    return {EASY: easy, QUALITY: quality, LONG: long_run}[run]


def make_day(
    when: date,
    run: RunKind | None,
    strength: StrengthKind | None,
    minutes: Any = KEEP,
    table: dict[int, tuple[int, int, int]] = WEEK_MINUTES,
) -> Day:
    # Strength minutes are left out on purpose: the checker counts their nominal duration.
    run_minutes = planned_minutes(when, run, table) if run and minutes is KEEP else minutes
    return Day(
        date=when,
        run=RunSession(kind=run, minutes=run_minutes) if run else None,
        strength=StrengthSession(kind=strength, after_run=run is not None) if strength else None,
    )


def make_request(**fields: Any) -> PlanRequest:
    return PlanRequest.model_validate({"start_date": START, **LOAD, **fields})


def valid_days(beginner: bool = False, minutes: dict[int, tuple[int, int, int]] | None = None) -> list[Day]:
    """The hand-made plan; `minutes` replaces the (easy, quality, long) minutes of some weeks."""
    table = {**WEEK_MINUTES, **(minutes or {})}
    return [
        make_day(day_of(week, weekday), *slot, table=table)
        for week in range(1, 17)
        for weekday, slot in enumerate(week_template(week, beginner))
    ]


@dataclass(frozen=True)
class Edit:
    week: int
    weekday: int
    run: Any = KEEP
    strength: Any = KEEP
    minutes: Any = KEEP  # the run's minutes; KEEP: the week's minutes for its kind

    def apply(self, days: list[Day]) -> None:
        i = 7 * (self.week - 1) + self.weekday
        old = days[i]
        run = (old.run.kind if old.run else None) if self.run is KEEP else self.run
        strength = (old.strength.kind if old.strength else None) if self.strength is KEEP else self.strength
        days[i] = make_day(old.date, run, strength, self.minutes)


def at(week: int, weekday: int, *, run: Any = KEEP, strength: Any = KEEP, minutes: Any = KEEP) -> Edit:
    return Edit(week, weekday, run, strength, minutes)


def edited(days: list[Day], *edits: Edit) -> list[Day]:
    for e in edits:
        e.apply(days)
    return days


def rules_of(violations: list[Violation]) -> set[str]:
    return {v.rule for v in violations}


# ---------------------------------------------------------------- the valid plan


def test_the_hand_made_plan_keeps_every_rule() -> None:
    assert START.weekday() == 0
    assert check_plan(make_request(), valid_days()) == []


def test_the_beginner_plan_keeps_every_rule() -> None:
    assert check_plan(make_request(level="beginner"), valid_days(beginner=True)) == []


def test_every_hard_rule_has_one_check_named_after_it() -> None:
    assert list(PLAN_CHECKS) == [rule for rule in HARD_RULE_TEXT if rule != "R-HISTORY"]
    for rule, check in PLAN_CHECKS.items():
        assert check.__name__ == "check_" + rule.lower().replace("-", "_")
    assert validation.check_r_history.__name__ == "check_r_history"


CALENDAR_ARITHMETIC = {
    "start",
    "race",
    "recovery_weeks",
    "race_index",
    "end",
    "n_days",
    "date_of",
    "index_of",
    "contains",
    "weekday_of",
    "days_before_race",
}
CHECKER_FILES = [Path(validation.__file__), *sorted((Path(validation.__file__).parent / "checker").glob("*.py"))]


def test_the_checker_shares_no_code_with_the_solver_or_the_service() -> None:
    for path in CHECKER_FILES:
        tree = ast.parse(path.read_text())
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not {name for name in imported if name.split(".")[0] in {"solver", "service"}}, path
        # From the solver's calendar only the date arithmetic: phases, cut-offs and disrupted weeks are rules.
        from_calendar = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "models.calendar"
            for alias in node.names
        }
        assert from_calendar <= {"Cycle"}, path
        # From the vocabulary only the names of kinds, phases and levels, not which kinds are hard or load the legs.
        from_kinds = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "models.kinds"
            for alias in node.names
        }
        assert from_kinds <= {"Level", "Phase", "RaceDistance", "RunKind", "StrengthKind", "Weekday"}, path
        used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        assert not used & {"phase_lengths", "phase_spans", "disrupted_weeks"}, path
        # Of a Cycle, only where days fall: not its weeks, phases or recovery weeks.
        of_cycle = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and (
                (isinstance(node.value, ast.Name) and node.value.id == "cycle")
                or (isinstance(node.value, ast.Attribute) and node.value.attr == "cycle")
            )
        }
        assert of_cycle <= CALENDAR_ARITHMETIC, path


def perturb_the_calendar_the_solver_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Phases, disrupted weeks and the race's cut-offs as `models.calendar` gives them to the solver, all wrong."""
    from models import calendar
    from solver.rules import spacing

    def phase_lengths(self: calendar.Cycle) -> dict[Phase, int]:
        # Two weeks moved from base to build, a 2-week taper: another plan shape altogether.
        n_weeks = -(-self.n_days // 7)
        build = (n_weeks - 3) // 2 + 2
        return {Phase.BASE: n_weeks - 3 - build, Phase.BUILD: build, Phase.TAPER: 2, Phase.RACE_WEEK: 1}

    monkeypatch.setattr(calendar.Cycle, "phase_lengths", property(phase_lengths))
    monkeypatch.setattr(calendar.Cycle, "disrupted_weeks", lambda self, *args, **kwargs: set())
    for distance in list(calendar.HEAVY_CUTOFF_DAYS):
        monkeypatch.setitem(calendar.HEAVY_CUTOFF_DAYS, distance, 1)
    for module in (calendar, spacing):
        monkeypatch.setattr(module, "NO_LEGS_LAST_DAYS", 1)


def perturbed(value: Any) -> Any:
    """A number one step off (None when the value is not a number or a tuple of numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Fraction):
        return value + 1
    if isinstance(value, tuple) and value and all(perturbed(item) is not None for item in value):
        return tuple(perturbed(item) for item in value)
    return None


def perturb_every_solver_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every number in every module-level table and constant of the solver one step off, whatever their names."""
    import solver.replan
    import solver.solve  # noqa: F401  (together they load every solver module)

    for name, module in list(sys.modules.items()):
        if name.split(".")[0] != "solver":
            continue
        for attr, value in list(vars(module).items()):
            if not attr.isupper():
                continue
            if isinstance(value, dict):
                for key, item in list(value.items()):
                    if perturbed(item) is not None:
                        monkeypatch.setitem(value, key, perturbed(item))
            elif perturbed(value) is not None:
                monkeypatch.setattr(module, attr, perturbed(value))


def verdicts() -> list[list[Violation]]:
    """The checker's verdict on the valid plan, on every broken plan below and on a re-plan."""
    found = [check_plan(make_request(), valid_days())]
    for param in BROKEN_PLANS:
        broken: Break = param.values[1]
        days = edited(valid_days(), *broken.edits)
        if broken.reshape:
            broken.reshape(days)
        found.append(check_plan(make_request(**broken.request), days))
    found.append(check_replan(make_plan(valid_days()), MISSED_TEMPO, valid_days()))
    found.append(check_plan(make_request(recovery_weeks=4), recovery_days()))
    found += [recovery_verdict(param.values[1]) for param in RECOVERY_BREAKS]
    return found


def solved_phases(request: PlanRequest) -> Any:
    try:
        return [(span.name, span.end_date) for span in solve_plan(request).phases]
    except (InfeasibleError, SolverTimeout) as refusal:
        return type(refusal).__name__


def test_the_checker_does_not_move_when_the_solvers_rules_do(monkeypatch: pytest.MonkeyPatch) -> None:
    before = verdicts()
    request = make_request(time_limit_seconds=5)
    solved_before = solved_phases(request)
    perturb_the_calendar_the_solver_reads(monkeypatch)
    # The perturbation is live: a solve now lays the cycle out otherwise (or finds no plan) ...
    assert solved_phases(request) != solved_before
    assert request.cycle.disrupted_weeks([day_of(3, WED)]) == set()
    assert Phase.RECOVERY not in {week.phase for week in make_request(recovery_weeks=4).cycle.weeks}
    perturb_every_solver_table(monkeypatch)
    # ... and the checker's verdict on every fixed plan stays what it was.
    assert verdicts() == before


# ---------------------------------------------------------------- one broken rule at a time


def drop_day(days: list[Day]) -> None:
    del days[7 + FRI]


def duplicate_day(days: list[Day]) -> None:
    days.insert(7 + FRI, days[7 + FRI].model_copy())


def swap_rest_days(days: list[Day]) -> None:
    a, b = 7 * 15 + THU, 7 * 15 + SAT
    days[a], days[b] = days[b], days[a]


def day_after_the_race(days: list[Day]) -> None:
    days.append(make_day(days[-1].date + timedelta(days=1), EASY, None, minutes=30))


def lift_before_the_run(days: list[Day]) -> None:
    lift = days[TUE].strength
    assert lift is not None
    lift.after_run = False


@dataclass(frozen=True)
class Break:
    edits: tuple[Edit, ...] = ()
    request: dict[str, Any] = field(default_factory=dict)
    reshape: Callable[[list[Day]], None] | None = None
    also: frozenset[str] = frozenset()  # rules that cannot help firing with it
    says: str = ""  # part of the rule's own violation detail, where it names the clause broken


def case(rule: str, name: str, *edits: Edit, **kwargs: Any) -> Any:
    return pytest.param(rule, Break(edits=edits, **kwargs), id=f"{rule}: {name}")


BROKEN_PLANS = [
    case("R-ONE-PER-DAY", "a day is missing", reshape=drop_day),
    case("R-ONE-PER-DAY", "a day appears twice", reshape=duplicate_day),
    case("R-ONE-PER-DAY", "days out of order", reshape=swap_rest_days),
    case("R-ONE-PER-DAY", "a day after the race", reshape=day_after_the_race),
    case("R-ONE-PER-DAY", "the lift is not after the run", reshape=lift_before_the_run),
    case("R-AVAIL", "a session on an unavailable date", request={"unavailable_dates": [day_of(14, WED)]}),
    case("R-AVAIL", "a run on a weekday without running", request={"availability": {"saturday": {"run": False}}}),
    case("R-AVAIL", "a lift without gym access", request={"availability": {"wednesday": {"strength": False}}}),
    case("R-AVAIL", "over the minute budget", request={"availability": {"tuesday": {"max_minutes": 60}}}),
    case("R-AVAIL", "a fixed track night not kept", request={"fixed": [{"date": day_of(5, THU), "run": "quality"}]}),
    case("R-RACE", "no race on race day", at(16, SUN, run=EASY)),
    case("R-RACE", "a second race", at(16, FRI, run=RACE)),
    case(
        "R-RACE",
        "a lift on race day",
        at(16, SUN, strength=UPPER),
        also=frozenset({"R-STRENGTH-FREQ", "R-STRENGTH-KIND-BY-PHASE"}),
    ),
    case("R-LONG-WEEKLY", "a taper week without a long run", at(14, SUN, run=EASY)),
    case("R-LONG-WEEKLY", "a long run in race week", at(16, TUE, run=LONG)),
    # Week 2 sits exactly on its +10% cap: one more run cannot help raising the volume over it.
    case("R-RUNS-PER-WEEK", "one run too many", at(2, FRI, run=EASY), also=frozenset({"R-RAMP"})),
    case("R-RUNS-PER-WEEK", "one run too few", at(13, SAT, run=None)),
    case("R-RUNS-PER-WEEK", "race week over the weekly runs", at(16, THU, run=EASY), at(16, SAT, run=EASY)),
    case("R-RUNS-PER-WEEK", "race week with the race and one run", at(16, TUE, run=None), at(16, WED, run=None)),
    case("R-QUALITY-FREQ", "two quality runs in base", at(1, THU, run=QUALITY)),
    case("R-QUALITY-FREQ", "one quality run in build", at(8, THU, run=EASY)),
    case("R-QUALITY-FREQ", "a quality run in race week", at(16, WED, run=QUALITY)),
    case("R-HARD-EASY", "quality the day before the long run", at(4, TUE, run=EASY), at(4, SAT, run=QUALITY)),
    case(
        "R-HARD-EASY",
        "heavy_lower on a rest day",
        at(4, TUE, strength=UPPER),
        at(4, WED, strength=None),
        at(4, THU, run=None, strength=HEAVY),
        at(4, FRI, run=EASY),
    ),
    case(
        "R-HARD-EASY",
        "heavy_lower with the long run",
        at(2, THU, strength=None),
        at(2, SUN, strength=HEAVY),
        also=frozenset({"R-48H-LONG"}),
    ),
    case(
        "R-48H-LONG", "leg work the day before the long run", at(1, THU, strength=None), at(1, SAT, strength=FULL_BODY)
    ),
    case(
        "R-48H-LONG", "leg work two days before the long run", at(1, THU, strength=None), at(1, FRI, strength=FULL_BODY)
    ),
    case(
        "R-DAY-BEFORE-QUALITY",
        "full_body the day before a tempo",
        at(14, TUE, run=EASY),
        at(14, THU, run=QUALITY),
        at(14, WED, strength=FULL_BODY),
    ),
    case("R-LEGS-NOT-CONSECUTIVE", "heavy_lower then full_body", at(1, WED, strength=FULL_BODY)),
    case("R-STRENGTH-FREQ", "three lifts in late base", at(4, THU, strength=ISO)),
    case("R-STRENGTH-FREQ", "two lifts in early base", at(1, THU, strength=None)),
    case("R-STRENGTH-FREQ", "two lifts in taper", at(13, THU, strength=UPPER)),
    case("R-STRENGTH-KIND-BY-PHASE", "a base week without heavy_lower", at(2, TUE, strength=UPPER)),
    case("R-STRENGTH-KIND-BY-PHASE", "a build week without power", at(8, TUE, strength=UPPER)),
    case(
        "R-STRENGTH-KIND-BY-PHASE",
        "two heavy_lower in a build week",
        at(8, TUE, strength=HEAVY),
        at(8, WED, strength=None),
        at(8, THU, strength=HEAVY),
    ),
    case("R-STRENGTH-KIND-BY-PHASE", "power in taper", at(13, WED, strength=None), at(13, TUE, strength=POWER)),
    case(
        "R-STRENGTH-KIND-BY-PHASE",
        "upper_core in race week",
        at(16, TUE, strength=UPPER),
        also=frozenset({"R-STRENGTH-FREQ"}),
    ),
    case(
        "R-TAPER-CUTOFF",
        "heavy_lower 10 days before a marathon",
        at(15, WED, strength=None),
        at(15, THU, strength=HEAVY),
        also=frozenset({"R-STRENGTH-KIND-BY-PHASE"}),  # every cutoff day is in taper or race week
    ),
    case(
        "R-TAPER-CUTOFF",
        "full_body 3 days before the race",
        at(16, THU, strength=FULL_BODY),
        also=frozenset({"R-STRENGTH-FREQ", "R-STRENGTH-KIND-BY-PHASE"}),
    ),
    case(
        "R-CHILL-DAY",
        "lifting or hard running every day of a week",
        at(2, MON, strength=UPPER),
        at(2, FRI, strength=UPPER),
        at(2, SAT, strength=UPPER),
        at(2, SUN, strength=MOBILITY),
        # With at most 1 long, 2 quality and 3 lifts a week, a week without a chill day always has too many lifts.
        also=frozenset({"R-STRENGTH-FREQ"}),
    ),
    case("R-MOBILITY-WEEKLY", "a week without mobility", at(2, MON, strength=None)),
    case("R-RUN-MINUTES", "an easy run of 43 minutes", at(13, WED, minutes=43)),
    case("R-RUN-MINUTES", "a run without minutes", at(13, WED, minutes=None)),
    case("R-RUN-MINUTES", "an easy run of 95 minutes", at(13, WED, minutes=95), at(13, THU, minutes=20)),
    case("R-RUN-MINUTES", "a long run over a 5K runner's cap", request={"race_distance": "5k"}),
    case(
        "R-RUN-MINUTES",
        "a long run not 10 minutes longer than the quality run",
        at(13, TUE, minutes=90),
        at(13, WED, minutes=20),
        at(13, SUN, minutes=95),
    ),
    case("R-RAMP", "run minutes up 12% on the last two weeks", at(2, WED, minutes=40)),
    case("R-RAMP", "the long run 20 minutes longer", at(2, SUN, minutes=80), at(2, WED, minutes=25)),
    case("R-CUTBACK", "a cut-back week above the lightest of its block", at(4, WED, minutes=35)),
    case("R-TAPER-VOLUME", "the first taper week over 0.80 x the peak", at(13, WED, minutes=75)),
    case("R-TAPER-VOLUME", "the second taper week's long run over 0.60 x the longest", at(14, SUN, minutes=85)),
    case(
        "R-LONG-SHARE",
        "a 65-minute long run in a 125-minute partial week",
        at(1, SUN, minutes=65),
        request={"start_date": day_of(1, THU), "race_date": day_of(16, SUN)},
        reshape=lambda days: days.__delitem__(slice(0, THU)),
    ),
    case(
        "R-RETURN",
        "the week after a travel week back at full volume",
        *(at(11, weekday, run=None, strength=None) for weekday in (TUE, WED, THU)),
        request={"unavailable_dates": [day_of(11, weekday) for weekday in (TUE, WED, THU, FRI)]},
    ),
]


@pytest.mark.parametrize(("rule", "broken"), BROKEN_PLANS)
def test_breaking_one_rule_is_reported_under_that_rule(rule: str, broken: Break) -> None:
    days = edited(valid_days(), *broken.edits)
    if broken.reshape:
        broken.reshape(days)
    violations = check_plan(make_request(**broken.request), days)
    assert rule in rules_of(violations)
    assert rules_of(violations) - {rule} <= broken.also
    for violation in violations:
        assert violation.dates and violation.detail


# ---------------------------------------------------------------- rule details


def test_a_violation_reads_as_a_coach_would_say_it() -> None:
    days = edited(valid_days(), at(1, THU, strength=None), at(1, SAT, strength=HEAVY))
    [violation] = [v for v in check_plan(make_request(), days) if v.rule == "R-48H-LONG"]
    assert violation.dates == [date(2026, 1, 10), date(2026, 1, 11)]
    assert violation.detail == "heavy_lower on 2026-01-10 is 1 day before the long run on 2026-01-11 (48 h buffer)"


@pytest.mark.parametrize(
    ("weekday", "buffer_hours", "broken"),
    [(FRI, 48, True), (FRI, 24, False), (SAT, 24, True)],
    ids=["2 days before, 48 h", "2 days before, 24 h", "1 day before, 24 h"],
)
def test_the_long_run_buffer_is_48_hours_or_24_as_an_option(weekday: int, buffer_hours: int, broken: bool) -> None:
    days = edited(valid_days(), at(1, THU, strength=None), at(1, weekday, strength=FULL_BODY))
    fired = rules_of(check_plan(make_request(long_run_buffer_hours=buffer_hours), days))
    assert fired == ({"R-48H-LONG"} if broken else set())


def test_a_beginner_runs_at_most_one_quality_session_a_week() -> None:
    beginner_with_two = edited(valid_days(beginner=True), at(11, THU, run=QUALITY))
    assert rules_of(check_plan(make_request(level="beginner"), beginner_with_two)) == {"R-QUALITY-FREQ"}


def test_a_beginner_lifts_twice_in_early_base() -> None:
    assert rules_of(check_plan(make_request(level="beginner"), valid_days())) == {"R-STRENGTH-FREQ", "R-QUALITY-FREQ"}


def test_a_beginner_may_use_full_body_for_the_build_power_session() -> None:
    days = edited(valid_days(beginner=True), at(8, TUE, strength=FULL_BODY))
    assert check_plan(make_request(level="beginner"), days) == []
    assert rules_of(check_plan(make_request(), edited(valid_days(), at(8, TUE, strength=FULL_BODY)))) == {
        "R-STRENGTH-KIND-BY-PHASE"
    }


def test_the_heavy_cutoff_depends_on_the_race_distance() -> None:
    days = edited(valid_days(), at(15, WED, strength=None), at(15, THU, strength=HEAVY))  # 10 days out
    assert "R-TAPER-CUTOFF" in rules_of(check_plan(make_request(race_distance="marathon"), days))
    assert "R-TAPER-CUTOFF" not in rules_of(check_plan(make_request(race_distance="half"), days))


def test_a_strength_session_without_minutes_counts_its_nominal_duration() -> None:
    # The longest Wednesday is week 12's: a 60 min easy run and upper_core (nominal 40 min).
    assert check_plan(make_request(availability={"wednesday": {"max_minutes": 100}}), valid_days()) == []
    fired = check_plan(make_request(availability={"wednesday": {"max_minutes": 99}}), valid_days())
    assert {v.rule for v in fired} == {"R-AVAIL"}
    assert [v.dates for v in fired] == [[day_of(12, WED)]]


def test_race_day_is_exempt_from_weekday_access_and_budgets() -> None:
    request = make_request(availability={"sunday": {"run": False, "strength": False, "max_minutes": 10}})
    days = edited(valid_days(), at(16, SUN, strength=MOBILITY))
    violations = check_plan(request, days)
    assert rules_of(violations) == {"R-AVAIL"}
    assert request.race_date not in {d for v in violations for d in v.dates}


def test_race_day_alone_is_exempt_when_recovery_weeks_follow() -> None:
    request = make_request(recovery_weeks=4, availability={"sunday": {"run": False, "strength": False}})
    dates = {d for v in check_plan(request, recovery_days()) for d in v.dates}
    assert request.race_date not in dates
    assert {day_of(week, SUN) for week in range(17, 21)} <= dates


# ---------------------------------------------------------------- disrupted weeks


def test_a_disrupted_week_skips_its_weekly_minimums() -> None:
    request = make_request(unavailable_dates=[day_of(4, FRI)])  # travel: a rest day becomes unavailable
    days = edited(
        valid_days(),
        at(4, MON, strength=None),  # no mobility
        at(4, TUE, run=EASY, strength=UPPER),  # no quality run, no heavy_lower
        at(4, SAT, run=None),  # four runs
        at(4, SUN, run=EASY),  # no long run
        at(4, WED, strength=None),  # one lift
    )
    assert check_plan(request, days) == []
    assert rules_of(check_plan(make_request(), days)) == {
        "R-MOBILITY-WEEKLY",
        "R-QUALITY-FREQ",
        "R-STRENGTH-KIND-BY-PHASE",
        "R-RUNS-PER-WEEK",
        "R-LONG-WEEKLY",
        "R-STRENGTH-FREQ",
    }


def test_a_disrupted_week_keeps_its_upper_bounds() -> None:
    request = make_request(unavailable_dates=[day_of(16, THU)])
    days = edited(valid_days(), at(16, MON, run=EASY), at(16, SAT, run=EASY))  # six running days
    assert rules_of(check_plan(request, days)) == {"R-RUNS-PER-WEEK"}


def test_a_partial_first_week_is_disrupted() -> None:
    # Its long run is exactly half of its 120 run minutes, the most R-LONG-SHARE allows.
    request = make_request(start_date=day_of(1, THU), race_date=day_of(16, SUN))
    days = valid_days()[THU:]  # Thu-Sun: three runs, one lift, no quality, no mobility
    assert request.cycle.weeks[0].full is False
    assert check_plan(request, days) == []


# ---------------------------------------------------------------- training load


def test_run_lengths_at_their_limits_are_kept() -> None:
    # Week 13 reshuffled at the same 285 minutes: a 30-minute tempo, easy runs of 90 and 20, the long run 100.
    days = edited(valid_days(), at(13, TUE, minutes=30), at(13, WED, minutes=90), at(13, THU, minutes=20))
    assert check_plan(make_request(), days) == []
    [violation] = check_plan(make_request(), edited(days, at(13, SUN, minutes=95), at(13, SAT, minutes=50)))
    assert violation.rule == "R-RUN-MINUTES"
    assert violation.detail == (
        "the long run on 2026-04-05 is 95 minutes, not 10 longer than the 90-minute easy run on 2026-04-01 in the "
        "same week"
    )


def test_the_defaults_never_start_below_the_smallest_week_the_runs_allow() -> None:
    # Seven runs with one quality run: 5 easy at 20, quality 30, the long run 40 (10 more than the quality run).
    assert load_basis(make_request(level="beginner", runs_per_week=7, current=None, cutback_every=None)) == Basis(
        weekly_run_minutes=170, long_run_minutes=45, long_run_cap=180, cutback_every=3
    )
    # Three runs: build's two quality runs and the long run (100) are well under the level's 210.
    assert smallest_week(make_request(runs_per_week=3)) == 100
    assert load_basis(make_request(runs_per_week=3, current=None, cutback_every=None)).weekly_run_minutes == 210
    # Seven advanced runs in build: 4 easy, 2 quality, the long run = 180, under the level's 330.
    assert smallest_week(make_request(level="advanced", runs_per_week=7)) == 180


def test_a_beginner_steps_back_every_third_week_by_default() -> None:
    request = make_request(level="beginner", cutback_every=None)
    violations = check_plan(request, valid_days(beginner=True))
    assert rules_of(violations) == {"R-CUTBACK"}
    cutback_weeks = {v.detail.split()[1] for v in violations}
    assert cutback_weeks == {"3", "6", "9"}  # week 12, the last build week, never steps back


def test_no_cutback_weeks_when_turned_off() -> None:
    days = edited(valid_days(), at(4, WED, minutes=35))
    assert rules_of(check_plan(make_request(), days)) == {"R-CUTBACK"}
    assert check_plan(make_request(cutback_every=0), days) == []


def test_a_cutback_week_is_measured_from_the_last_week_that_was_not_off() -> None:
    # Week 3 holds a day away, so week 4 steps back from week 2 (220 minutes, a 70-minute long run).
    violations = check_plan(make_request(unavailable_dates=[day_of(3, FRI)]), valid_days())
    assert [v.detail for v in violations] == [
        "week 4 (base, 2026-01-26 to 2026-02-01) has 190 run minutes; at most 176 allowed (0.80 x 220, week 2's "
        "run minutes)",
        "week 4 (base, 2026-01-26 to 2026-02-01) has a long run of 60 minutes; at most 56 allowed (0.80 x 70, "
        "week 2's long run)",
    ]
    assert {v.rule for v in violations} == {"R-CUTBACK"}


def in_week(violations: list[Violation], week: int) -> list[Violation]:
    return [v for v in violations if day_of(week, MON) <= v.dates[0] <= day_of(week, SUN)]


def test_a_cap_below_what_the_required_runs_need_gives_way_to_them() -> None:
    # From nothing, week 1 may still hold its five runs at their shortest: 3 x 20 + 30 + a 40-minute long run.
    request = make_request(current={"weekly_run_minutes": 0, "long_run_minutes": 0})
    at_the_floor = valid_days(minutes={1: (20, 30, 40)})
    assert in_week(check_plan(request, at_the_floor), 1) == []
    volume, long_run = in_week(check_plan(request, edited(at_the_floor, at(1, SUN, minutes=45))), 1)
    assert volume.rule == long_run.rule == "R-RAMP"
    assert volume.detail.endswith(
        "has 135 run minutes; at most 130 allowed (the least its required runs need, as the cap, 1.10 x 0, "
        "the starting point, is only 0)"
    )
    assert long_run.detail == (
        "week 1 (base, 2026-01-05 to 2026-01-11) has a long run of 45 minutes; at most 40 allowed (the shortest long "
        "run the week allows, as the cap, 15 more than 0, the starting point, is only 15)"
    )


def test_a_two_week_taper_comes_down_by_its_own_fractions() -> None:
    # A 10-week cycle: base 4, build 3, a 2-week taper, race week. The peak is week 7 (305 minutes, long run 105).
    request = make_request(weeks=10)
    assert [week.phase for week in PlanView(request, []).weeks] == ["base"] * 4 + ["build"] * 3 + ["taper"] * 2 + [
        "race_week"
    ]
    table = {**WEEK_MINUTES, 8: (35, 45, 70), 9: (30, 35, 50), 10: (30, 30, 40)}  # 220 and 175 run minutes
    end = [(8, TAPER), (9, TAPER), (10, RACE_WEEK)]
    days = valid_days()[:49] + [
        make_day(day_of(week, weekday), *slot, table=table) for week, slots in end for weekday, slot in enumerate(slots)
    ]
    assert [v for v in check_plan(request, days) if v.rule == "R-TAPER-VOLUME"] == []
    # A 75-minute long run would pass a 3-week taper's 0.75 x 105; the 2-week taper allows 0.70 x 105.
    [violation] = [v for v in check_plan(request, edited(days, at(8, SUN, minutes=75))) if v.rule == "R-TAPER-VOLUME"]
    assert violation.detail.endswith(
        "has a long run of 75 minutes; at most 73 allowed (taper week 1: 0.70 x 105, the longest long run, in week 7)"
    )


# Back from a week away (week 5: four unavailable days): week 6 at most 0.75 x 240 (the largest of weeks 1-4),
# week 7 at most 240 though R-RAMP alone would allow only 1.10 x 165; the weeks after build again from there.
WEEK_AWAY = [day_of(5, weekday) for weekday in (TUE, WED, THU, FRI)]
BACK_FROM_A_WEEK_AWAY: dict[int, tuple[int, int, int]] = {
    6: (25, 35, 55),  # 165 <= 180, long run <= 56
    7: (35, 45, 75),  # 235 <= 240, long run <= 75
    8: (25, 30, 50),  # 160: cut-back from week 7, no more than week 6
    9: (40, 45, 85),  # 255 <= 1.10 x 235
    10: (40, 50, 95),  # 275
    11: (45, 50, 105),  # 295
    12: (45, 55, 115),  # 315: the peak
    13: (40, 45, 85),  # 250 <= 0.80 x 315
    14: (35, 40, 65),  # 210
    15: (30, 35, 55),  # 180
}


def week_away_days() -> list[Day]:
    days = valid_days(minutes=BACK_FROM_A_WEEK_AWAY)
    return edited(days, *(at(5, weekday, run=None, strength=None) for weekday in (TUE, WED, THU)))


def test_after_a_week_away_the_volume_comes_back_in_steps() -> None:
    request = make_request(unavailable_dates=WEEK_AWAY)
    assert check_plan(request, week_away_days()) == []
    violations = check_plan(request, edited(week_away_days(), at(7, WED, minutes=45)))
    assert [v.rule for v in violations] == ["R-RETURN"]
    assert violations[0].detail == (
        "week 7 (build, 2026-02-16 to 2026-02-22) has 245 run minutes; at most 240 allowed (1.00 x 240, back from "
        "the break in week 5, measured from the largest of the 4 weeks before it)"
    )


def test_the_return_schedule_after_two_breaks_or_a_break_on_the_way_back() -> None:
    def fractions(unavailable: list[date]) -> dict[int, tuple[int, int]]:
        view = PlanView(make_request(unavailable_dates=unavailable), valid_days())
        return {week: back.fraction for week, back in Load(view).returns.items()}

    two_weeks = [day_of(week, weekday) for week in (5, 6) for weekday in (TUE, WED, THU, FRI)]
    assert fractions(two_weeks) == {7: (50, 100), 8: (75, 100), 9: (1, 1)}
    one_week = [day_of(5, weekday) for weekday in (TUE, WED, THU, FRI)]
    assert fractions(one_week) == {6: (75, 100), 7: (1, 1)}
    # A second break in week 7, a return week: the run of breaks now spans weeks 5-7, and the return starts again.
    again = one_week + [day_of(7, weekday) for weekday in (TUE, WED, THU, FRI)]
    assert fractions(again) == {6: (75, 100), 8: (50, 100), 9: (75, 100), 10: (1, 1)}


# Weeks 12-15 after a break in week 11: 0.75 x 355 (the largest of weeks 7-10), then the taper's own caps.
BACK_FOR_THE_TAPER: dict[int, tuple[int, int, int]] = {
    12: (40, 45, 90),  # 260 <= 266, long run <= 93
    13: (45, 50, 90),
    14: (40, 45, 75),
    15: (35, 40, 60),
}


def test_a_travel_week_before_the_taper_is_a_break() -> None:
    request = make_request(unavailable_dates=[day_of(11, weekday) for weekday in (TUE, WED, THU, FRI)])
    days = edited(
        valid_days(minutes=BACK_FOR_THE_TAPER),
        *(at(11, weekday, run=None, strength=None) for weekday in (TUE, WED, THU)),
    )
    assert check_plan(request, days) == []


def test_a_long_run_already_run_is_history_no_cap_moves() -> None:
    # Midweek the athlete ran 126 minutes long instead of an easy run; the week's other runs drop to their shortest.
    replan = ReplanRequest(
        as_of=day_of(2, FRI),
        events=[Event(date=day_of(2, WED), session="run", status="changed", actual_kind=LONG, minutes=126)],
    )
    new_days = edited(
        valid_days(),
        at(2, WED, run=LONG, minutes=126),
        at(2, SAT, minutes=20),
        at(2, SUN, run=EASY, minutes=20),
    )
    assert check_replan(make_plan(valid_days()), replan, new_days) == []
    # The floor counts the runs done as done, so the week may hold 45 + 126 + 35 + 20 + 20 minutes, no more.
    more = edited(new_days, at(2, SAT, minutes=25))
    assert rules_of(check_replan(make_plan(valid_days()), replan, more)) == {"R-RAMP"}


def test_every_run_done_counts_in_the_floor_even_beyond_the_runs_a_week_must_hold() -> None:
    # Race week must hold 2 runs beside the race; the athlete ran 3, two of them 90 minutes: 210 > 0.40 x 390.
    replan = ReplanRequest(
        as_of=day_of(16, SAT),
        events=[Event(date=day_of(16, weekday), session="run", status="done", minutes=90) for weekday in (TUE, WED)],
    )
    new_days = edited(valid_days(), at(16, TUE, minutes=90), at(16, WED, minutes=90))
    assert check_replan(make_plan(valid_days()), replan, new_days) == []
    assert rules_of(check_plan(make_request(), new_days)) == {"R-TAPER-VOLUME"}  # as a fresh plan


def test_a_week_of_missed_runs_is_a_break_in_a_replan() -> None:
    week_11_runs = [day_of(11, weekday) for weekday in (TUE, WED, THU, SAT, SUN)]
    replan = ReplanRequest(
        as_of=day_of(12, MON), events=[Event(date=when, session="run", status="missed") for when in week_11_runs]
    )
    missed = [at(11, weekday, run=None) for weekday in (TUE, WED, THU, SAT, SUN)]
    previous = make_plan(valid_days())
    assert check_replan(previous, replan, edited(valid_days(minutes=BACK_FOR_THE_TAPER), *missed)) == []
    # Back at full volume at once: week 12 breaks the return schedule (and, with week 11 missing, the peak is
    # week 12's own 390 minutes, so the taper stands).
    assert rules_of(check_replan(previous, replan, edited(valid_days(), *missed))) == {"R-RETURN"}
    # Without the missed week, nothing is a break: the same future is fine.
    assert check_replan(previous, ReplanRequest(as_of=day_of(12, MON)), valid_days()) == []


# ---------------------------------------------------------------- re-plans: as_of


def test_history_still_binds_the_future() -> None:
    # heavy_lower the day before as_of, the long run the day after it.
    days = edited(valid_days(), at(3, THU, strength=None), at(3, FRI, strength=HEAVY))
    violations = check_plan(make_request(), days, as_of=day_of(3, SAT))
    assert rules_of(violations) == {"R-48H-LONG"}
    assert violations[0].dates == [day_of(3, FRI), day_of(3, SUN)]
    # The rest-day lift itself is history: without as_of it is reported too.
    assert rules_of(check_plan(make_request(), days)) == {"R-48H-LONG", "R-HARD-EASY"}


def test_violations_wholly_before_as_of_are_not_reported() -> None:
    days = edited(valid_days(), at(2, MON, strength=None), at(2, WED, strength=FULL_BODY))
    assert rules_of(check_plan(make_request(), days)) == {"R-MOBILITY-WEEKLY", "R-LEGS-NOT-CONSECUTIVE"}
    assert check_plan(make_request(), days, as_of=day_of(4, MON)) == []


def test_in_the_as_of_week_the_past_may_exceed_a_bound_but_the_future_adds_nothing() -> None:
    days = edited(valid_days(), at(5, THU, strength=ISO))  # a third lift where 2 are planned, already done
    assert check_plan(make_request(), days, as_of=day_of(5, FRI)) == []
    days = edited(days, at(5, SAT, strength=UPPER))
    assert rules_of(check_plan(make_request(), days, as_of=day_of(5, FRI))) == {"R-STRENGTH-FREQ"}


def test_exactly_one_race_binds_the_whole_plan() -> None:
    days = edited(valid_days(), at(2, SAT, run=RACE))
    assert rules_of(check_plan(make_request(), days, as_of=day_of(5, MON))) == {"R-RACE"}


# ---------------------------------------------------------------- re-plans: history


def make_plan(days: list[Day], request: PlanRequest | None = None) -> Plan:
    request = request or make_request()
    spans = request.cycle.phase_spans()
    return Plan(
        status="optimal",
        request=request,
        phases=[PhaseSpan(name=phase, start_date=start, end_date=end) for phase, start, end in spans],
        days=days,
        objective=Objective(value=0, terms={}),
        solver={},
    )


def test_actual_history_is_what_really_happened() -> None:  # kinds only; minutes below
    replan = ReplanRequest(
        as_of=day_of(5, THU),
        events=[
            Event(date=day_of(5, TUE), session="run", status="missed"),
            Event(date=day_of(5, TUE), session="strength", status="done"),
            Event(date=day_of(5, WED), session="strength", status="changed", actual_kind=MOBILITY),
        ],
    )
    history = actual_history(valid_days(), replan)
    assert len(history) == 7 * 4 + 3  # every day before as_of, none after
    assert history[day_of(5, MON)] == (None, MOBILITY)  # not reported: done as planned
    assert history[day_of(5, TUE)] == (None, HEAVY)
    assert history[day_of(5, WED)] == (EASY, MOBILITY)


# In the taper, so that the missed minutes lower no later cap (the taper's caps hang on the peak).
MISSED_TEMPO = ReplanRequest(
    as_of=day_of(13, SAT), events=[Event(date=day_of(13, TUE), session="run", status="missed")]
)
WEDNESDAY_DONE = ReplanRequest(
    as_of=day_of(13, SAT),
    events=[*MISSED_TEMPO.events, Event(date=day_of(13, WED), session="run", status="done")],
)


def test_a_replan_that_keeps_history_passes() -> None:
    new_days = edited(valid_days(), at(13, TUE, run=None))
    assert check_replan(make_plan(valid_days()), MISSED_TEMPO, new_days) == []


def test_a_changed_session_is_history_in_its_new_kind_and_planned_minutes() -> None:
    replan = ReplanRequest(
        as_of=day_of(13, SAT),
        events=[Event(date=day_of(13, THU), session="run", status="changed", actual_kind=QUALITY)],
    )
    new_days = edited(valid_days(), at(13, THU, run=QUALITY, minutes=45))  # the easy run's 45 minutes
    assert check_replan(make_plan(valid_days()), replan, new_days) == []
    assert rules_of(check_replan(make_plan(valid_days()), replan, valid_days())) == {"R-HISTORY"}
    longer = edited(valid_days(), at(13, THU, run=QUALITY))  # the quality run's 50 minutes
    assert rules_of(check_replan(make_plan(valid_days()), replan, longer)) == {"R-HISTORY"}


def test_a_run_done_with_its_minutes_shows_them() -> None:
    replan = ReplanRequest(
        as_of=day_of(13, SAT), events=[Event(date=day_of(13, WED), session="run", status="done", minutes=70)]
    )
    assert check_replan(make_plan(valid_days()), replan, edited(valid_days(), at(13, WED, minutes=70))) == []
    [violation] = check_replan(make_plan(valid_days()), replan, valid_days())
    assert violation.rule == "R-HISTORY"
    assert violation.detail == "the easy run on 2026-04-01 shows 45 minutes, but 70 were done"


def test_a_run_added_on_a_rest_day_without_minutes_counts_the_shortest_of_its_kind() -> None:
    replan = ReplanRequest(
        as_of=day_of(13, SAT),
        events=[
            Event(date=day_of(13, TUE), session="run", status="missed"),
            Event(date=day_of(13, FRI), session="run", status="changed", actual_kind=EASY),
        ],
    )
    new_days = edited(valid_days(), at(13, TUE, run=None), at(13, FRI, run=EASY, minutes=20))
    assert check_replan(make_plan(valid_days()), replan, new_days) == []
    new_days = edited(new_days, at(13, FRI, run=EASY, minutes=45))
    assert rules_of(check_replan(make_plan(valid_days()), replan, new_days)) == {"R-HISTORY"}


def rewrite_wednesday_minutes(days: list[Day]) -> None:
    run = days[7 * 12 + WED].run
    assert run is not None
    run.minutes = 70


@pytest.mark.parametrize(
    ("rule", "broken", "replan"),
    [
        pytest.param("R-HISTORY", Break(edits=(at(13, MON, strength=None),)), MISSED_TEMPO, id="a past day rewritten"),
        pytest.param("R-HISTORY", Break(), MISSED_TEMPO, id="a missed run still shown as run"),
        pytest.param(
            "R-HISTORY",
            Break(edits=(at(13, TUE, run=None),), reshape=rewrite_wednesday_minutes),
            MISSED_TEMPO,
            id="a past session's minutes rewritten",
        ),
        pytest.param(
            "R-HISTORY",
            Break(edits=(at(13, TUE, run=None),), reshape=rewrite_wednesday_minutes),
            WEDNESDAY_DONE,
            id="a session reported done rewritten",
        ),
        pytest.param(
            "R-AVAIL",
            Break(),
            ReplanRequest(as_of=day_of(5, SAT), unavailable_dates=[day_of(6, TUE)]),
            id="a newly unavailable day still planned",
        ),
    ],
)
def test_breaking_a_rule_in_a_replan_is_reported_under_that_rule(
    rule: str, broken: Break, replan: ReplanRequest
) -> None:
    new_days = edited(valid_days(), *broken.edits)
    if broken.reshape:
        broken.reshape(new_days)
    assert rules_of(check_replan(make_plan(valid_days()), replan, new_days)) == {rule}


def test_every_hard_rule_has_a_broken_case() -> None:
    covered = {param.values[0] for param in BROKEN_PLANS + RECOVERY_BREAKS} | {"R-HISTORY"}
    assert covered == set(HARD_RULE_TEXT)


# ---------------------------------------------------------------- after the race (R-RECOVERY)

# Four recovery weeks after the race (the Sunday of week 16), Monday to Sunday. The day after the race holds
# mobility alone, the next day nothing; then easy runs (at most runs_per_week - 1 = 4) and low-load lifts only.
RECOVERY_FIRST: list[Slot] = [
    (None, MOBILITY),
    (None, None),
    (EASY, None),
    (None, ISO),
    (EASY, UPPER),
    (None, None),
    (EASY, None),
]
RECOVERY: list[Slot] = [
    (None, MOBILITY),
    (EASY, None),
    (None, UPPER),
    (EASY, ISO),
    (None, None),
    (EASY, None),
    (EASY, None),
]


def recovery_days(weeks: int = 4, minutes: dict[int, tuple[int, int, int]] | None = None) -> list[Day]:
    """The hand-made plan and `weeks` recovery weeks after its race; `minutes` as in `valid_days`."""
    table = {**WEEK_MINUTES, **(minutes or {})}
    return valid_days(minutes=minutes) + [
        make_day(day_of(week, weekday), *slot, table=table)
        for week in range(17, 17 + weeks)
        for weekday, slot in enumerate(RECOVERY_FIRST if week == 17 else RECOVERY)
    ]


@pytest.mark.parametrize("weeks", [1, 2, 3, 4])
def test_the_plan_with_recovery_weeks_keeps_every_rule(weeks: int) -> None:
    # Three or four runs a week, no long or quality run, two lifts: the weekly counts of the phase rules would
    # refuse every recovery week; R-RECOVERY replaces them.
    assert [week.phase for week in PlanView(make_request(recovery_weeks=weeks), []).weeks][15:] == [
        "race_week",
        *["recovery"] * weeks,
    ]
    assert check_plan(make_request(recovery_weeks=weeks), recovery_days(weeks)) == []


def recovery_verdict(broken: Break) -> list[Violation]:
    days = edited(recovery_days(), *broken.edits)
    if broken.reshape:
        broken.reshape(days)
    return check_plan(make_request(recovery_weeks=4, **broken.request), days)


RECOVERY_BREAKS = [
    # The Wednesday run moves to a quiet day, so the week's runs and minutes stay as they were.
    case(
        "R-RECOVERY",
        "a run the day after the race",
        at(17, MON, run=EASY),
        at(17, WED, run=None),
        says="easy run + mobility on 2026-04-27, 1 day after the race",
    ),
    case(
        "R-RECOVERY",
        "a run two days after the race",
        at(17, TUE, run=EASY),
        at(17, WED, run=None),
        says="easy run on 2026-04-28, 2 days after the race",
    ),
    case("R-RECOVERY", "a lift two days after the race", at(17, TUE, strength=UPPER), says="2 days after the race"),
    # Over half of the week's 85 minutes, too, but R-LONG-SHARE, like every load cap, stops at race week.
    case(
        "R-RECOVERY",
        "a long run",
        at(17, WED, minutes=20),
        at(17, FRI, minutes=20),
        at(17, SUN, run=LONG),
        says="long run on 2026-05-03 in week 17 (recovery",
    ),
    case("R-RECOVERY", "a quality run", at(18, THU, run=QUALITY), says="quality run on 2026-05-07"),
    case("R-RECOVERY", "heavy_lower", at(18, THU, strength=HEAVY), says="heavy_lower on 2026-05-07"),
    case("R-RECOVERY", "power", at(18, THU, strength=POWER), says="power on 2026-05-07"),
    # Leg work 3 days after the race is not within R-TAPER-CUTOFF's last 5 days: those are days before the race.
    case("R-RECOVERY", "full_body three days after the race", at(17, WED, strength=FULL_BODY), says="full_body on"),
    case(
        "R-RECOVERY",
        "as many runs as a training week",
        at(18, FRI, run=EASY),
        says="week 18 (recovery, 2026-05-04 to 2026-05-10) has 5 running days; at most 4 allowed",
    ),
    case(
        "R-RECOVERY",
        "a 50-minute run",
        at(18, TUE, minutes=50),
        says="the easy run on 2026-05-05 is 50 minutes; after the race a run is at most 45",
    ),
    case(
        "R-RECOVERY",
        "recovery week 1 over 0.30 x the peak",
        at(17, FRI, minutes=40),
        at(17, SUN, minutes=45),
        says="week 17 (recovery, 2026-04-27 to 2026-05-03) has 120 run minutes; at most 117 allowed (recovery "
        "week 1: 0.30 x 390, the peak in week 12)",
    ),
    case("R-MOBILITY-WEEKLY", "a recovery week without mobility", at(19, MON, strength=None)),
    case("R-RACE", "a second race after the race", at(18, SUN, run=RACE), also=frozenset({"R-RECOVERY"})),
    case(
        "R-HARD-EASY",
        "a quality run the day after the race",
        at(17, MON, run=QUALITY),
        at(17, WED, run=None),
        also=frozenset({"R-RECOVERY"}),
        says="2026-04-26 (race run) and 2026-04-27 (quality run + mobility) are two hard days in a row",
    ),
    case("R-AVAIL", "a run on an unavailable date", request={"unavailable_dates": [day_of(18, TUE)]}),
    # Race day is exempt from budgets, the days after it are not: 35 minutes of running and upper_core's 40.
    case("R-AVAIL", "over a Friday budget", request={"availability": {"friday": {"max_minutes": 60}}}, says="75 min"),
    case("R-ONE-PER-DAY", "the last recovery day missing", reshape=lambda days: days.__delitem__(-1)),
    case("R-ONE-PER-DAY", "a day after the last recovery week", reshape=day_after_the_race),
]


@pytest.mark.parametrize(("rule", "broken"), RECOVERY_BREAKS)
def test_breaking_a_rule_after_the_race_is_reported_under_that_rule(rule: str, broken: Break) -> None:
    violations = recovery_verdict(broken)
    assert rules_of(violations) == {rule} | broken.also
    if broken.says:
        assert any(v.rule == rule and broken.says in v.detail for v in violations), [v.detail for v in violations]


def test_the_weekly_counts_of_the_phase_rules_stop_at_race_week() -> None:
    # An idle recovery week (mobility alone) and a busy one (a low-load lift every day, no chill day): neither is
    # held to runs_per_week, a long or quality run, a count or kind of lifts, or a chill day.
    idle = [at(19, weekday, run=None, strength=None) for weekday in (TUE, WED, THU, FRI, SAT, SUN)]
    assert check_plan(make_request(recovery_weeks=4), edited(recovery_days(), *idle)) == []
    busy = [at(20, weekday, strength=UPPER) for weekday in (MON, FRI, SUN)]
    busy += [at(20, weekday, strength=ISO) for weekday in (TUE, SAT)]
    # R-MOBILITY-WEEKLY alone still reaches the recovery weeks.
    assert rules_of(check_plan(make_request(recovery_weeks=4), edited(recovery_days(), *busy))) == {"R-MOBILITY-WEEKLY"}


# A flatter plan whose peak P is 200 minutes (weeks 7 and 9-12), low enough that every recovery week's cap binds:
# 0.30, 0.50, 0.65, 0.80 x 200 = 60, 100, 130, 160 minutes, each met exactly below.
LOW_PEAK: dict[int, tuple[int, int, int]] = {
    **{week: (30, 40, 60) for week in range(1, 13)},  # base 190, build 200
    4: (20, 30, 40),  # cut-back: 130
    8: (20, 30, 40),  # cut-back: 140
    13: (25, 30, 45),  # 150 <= 0.80 x 200, the long run 0.75 x 60
    14: (20, 30, 40),  # 130 <= 0.70 x 200, the long run at its floor (40 beside a quality run)
    15: (20, 30, 40),  # 130: the floor, over 0.60 x 200 = 120
    16: (20, 30, 40),  # 60 <= 0.40 x 200
    17: (20, 30, 40),  # 3 x 20 = 60
    18: (25, 30, 40),  # 4 x 25 = 100
    19: (30, 30, 40),  # 30 + 30 + 35 + 35 = 130 (below)
    20: (40, 30, 40),  # 4 x 40 = 160
}


def low_peak_days() -> list[Day]:
    return edited(recovery_days(minutes=LOW_PEAK), at(19, SAT, minutes=35), at(19, SUN, minutes=35))


@pytest.mark.parametrize(
    ("week", "sunday", "detail"),
    [
        (
            17,
            25,
            "week 17 (recovery, 2026-04-27 to 2026-05-03) has 65 run minutes; at most 60 allowed (recovery "
            "week 1: 0.30 x 200, the peak in week 7)",
        ),
        (
            18,
            30,
            "week 18 (recovery, 2026-05-04 to 2026-05-10) has 105 run minutes; at most 100 allowed (recovery "
            "week 2: 0.50 x 200, the peak in week 7)",
        ),
        (
            19,
            40,
            "week 19 (recovery, 2026-05-11 to 2026-05-17) has 135 run minutes; at most 130 allowed (recovery "
            "week 3: 0.65 x 200, the peak in week 7)",
        ),
        (
            20,
            45,
            "week 20 (recovery, 2026-05-18 to 2026-05-24) has 165 run minutes; at most 160 allowed (recovery "
            "week 4: 0.80 x 200, the peak in week 7)",
        ),
    ],
)
def test_each_recovery_week_holds_its_share_of_the_peak(week: int, sunday: int, detail: str) -> None:
    assert check_plan(make_request(recovery_weeks=4), low_peak_days()) == []
    [violation] = check_plan(make_request(recovery_weeks=4), edited(low_peak_days(), at(week, SUN, minutes=sunday)))
    assert (violation.rule, violation.detail) == ("R-RECOVERY", detail)


def test_no_run_is_required_after_the_race_so_short_runs_never_lift_the_cap() -> None:
    # Four 20-minute runs: within the count and each at its shortest, yet 80 minutes are over 0.30 x 200.
    # (In a training week the floor would allow them: there the runs are required, here they are not.)
    [violation] = check_plan(make_request(recovery_weeks=4), edited(low_peak_days(), at(17, SAT, run=EASY, minutes=20)))
    assert violation.rule == "R-RECOVERY"
    assert violation.detail.endswith(
        "has 80 run minutes; at most 60 allowed (recovery week 1: 0.30 x 200, the peak in week 7)"
    )


def test_a_recovery_week_is_never_a_break_nor_a_return_week() -> None:
    away = [day_of(18, weekday) for weekday in (TUE, WED, THU, FRI)]
    request = make_request(recovery_weeks=4, unavailable_dates=away)
    days = edited(recovery_days(), *(at(18, weekday, run=None, strength=None) for weekday in (TUE, WED, THU)))
    assert check_plan(request, days) == []
    load = Load(PlanView(request, days))
    assert (load.breaks, load.returns) == (set(), {})
    # A break in race week is one, but its return schedule ends with the race.
    away = [day_of(16, weekday) for weekday in (MON, TUE, WED, THU)]
    request = make_request(recovery_weeks=4, unavailable_dates=away)
    days = edited(recovery_days(), *(at(16, weekday, run=None, strength=None) for weekday in (MON, TUE, WED)))
    assert check_plan(request, days) == []
    load = Load(PlanView(request, days))
    assert (load.breaks, load.returns) == ({16}, {})


def recovery_plan() -> Plan:
    return make_plan(recovery_days(), make_request(recovery_weeks=4))


# The Tuesday run of recovery week 2 missed, reported on Thursday.
MISSED_RECOVERY_RUN = ReplanRequest(
    as_of=day_of(18, THU), events=[Event(date=day_of(18, TUE), session="run", status="missed")]
)


def test_a_replan_inside_the_recovery_weeks() -> None:
    def verdict(*edits: Edit) -> set[str]:
        new_days = edited(recovery_days(), at(18, TUE, run=None), *edits)
        return rules_of(check_replan(recovery_plan(), MISSED_RECOVERY_RUN, new_days))

    assert verdict() == set()
    assert verdict(at(18, TUE, run=EASY)) == {"R-HISTORY"}
    # From as_of on the rule holds as in a fresh plan.
    assert verdict(at(18, SAT, run=LONG)) == {"R-RECOVERY"}
    # The weeks after the one holding as_of are not disrupted: they keep their weekly mobility.
    assert verdict(at(19, MON, strength=None)) == {"R-MOBILITY-WEEKLY"}


def test_in_race_week_the_race_ahead_still_counts_when_recovery_weeks_follow() -> None:
    # By Friday of race week the athlete ran five days (easy runs added on Monday and Thursday): the race makes
    # six running days, which the week may hold since the future adds nothing but the race.
    replan = ReplanRequest(
        as_of=day_of(16, SAT),
        events=[
            Event(date=day_of(16, weekday), session="run", status="changed", actual_kind=EASY) for weekday in (MON, THU)
        ],
    )
    done = [at(16, weekday, run=EASY, minutes=20) for weekday in (MON, THU)]
    assert check_replan(recovery_plan(), replan, edited(recovery_days(), *done)) == []
    saturday = edited(recovery_days(), *done, at(16, SAT, run=EASY, minutes=20))
    # A Saturday run is one day too many, and minutes the replaced plan did not have left (R-RETURN).
    assert rules_of(check_replan(recovery_plan(), replan, saturday)) == {"R-RUNS-PER-WEEK", "R-RETURN"}


def test_in_recovery_weeks_missed_minutes_are_left_to_the_recovery_caps() -> None:
    # R-RETURN does not bind recovery weeks (docs/rules.md, "After the race"), its no-make-up ceiling included:
    # the missed 35 minutes may go on Thursday's and Saturday's runs, within the 45-minute and weekly caps.
    made_up = edited(recovery_days(), at(18, TUE, run=None), at(18, THU, minutes=45), at(18, SAT, minutes=45))
    assert check_replan(recovery_plan(), MISSED_RECOVERY_RUN, made_up) == []
    # A make-up in a taper week is refused: 40 of the missed tempo's 50 minutes on Saturday's easy run.
    made_up = edited(valid_days(), at(13, TUE, run=None), at(13, SAT, minutes=85))
    assert rules_of(check_replan(make_plan(valid_days()), MISSED_TEMPO, made_up)) == {"R-RETURN"}


def test_runs_already_done_after_the_race_are_history_that_raises_the_cap() -> None:
    # The athlete ran 60 minutes on Wednesday and on Friday of recovery week 1: over the 45-minute most, and
    # together over the week's 117. Both are history; the week may hold them, and nothing more.
    replan = ReplanRequest(
        as_of=day_of(17, SAT),
        events=[Event(date=day_of(17, weekday), session="run", status="done", minutes=60) for weekday in (WED, FRI)],
    )
    new_days = edited(recovery_days(), at(17, WED, minutes=60), at(17, FRI, minutes=60), at(17, SUN, run=None))
    assert check_replan(recovery_plan(), replan, new_days) == []
    [violation] = check_replan(recovery_plan(), replan, edited(new_days, at(17, SUN, run=EASY, minutes=20)))
    assert violation.rule == "R-RECOVERY"
    assert violation.detail.endswith(
        "has 140 run minutes; at most 120 allowed (the minutes already run, as the cap, recovery week 1: "
        "0.30 x 390, the peak in week 12, is only 117)"
    )


@pytest.mark.parametrize("recovery_weeks", [1, 2, 3, 4])
def test_the_solvers_recovery_weeks_pass_the_checker_and_a_broken_one_does_not(recovery_weeks: int) -> None:
    request = make_request(recovery_weeks=recovery_weeks)
    solved = solve_plan(request)
    assert check_plan(request, solved.days) == []
    first_run = next(i for i, day in enumerate(solved.days) if day.date > request.race_date and day.run)
    days = list(solved.days)
    run = days[first_run].run
    assert run is not None
    days[first_run] = days[first_run].model_copy(update={"run": run.model_copy(update={"kind": QUALITY})})
    assert "R-RECOVERY" in rules_of(check_plan(request, days))


def test_the_solvers_replan_inside_the_recovery_weeks_passes_the_checker() -> None:
    previous = solve_plan(make_request(recovery_weeks=3))
    as_of = previous.request.race_date + timedelta(days=10)
    missed = [
        Event(date=day.date, session="run", status="missed")
        for day in previous.days
        if previous.request.race_date < day.date < as_of and day.run is not None
    ]
    assert missed
    replan_request = ReplanRequest(as_of=as_of, events=missed)
    assert check_replan(previous, replan_request, solve_replan(previous, replan_request).days) == []


# ---------------------------------------------------------------- the CLI's entry point


def test_validate_plan_json_accepts_a_full_plan() -> None:
    assert validate_plan_json(make_plan(valid_days()).model_dump(mode="json")) == []
    broken = make_plan(edited(valid_days(), at(2, MON, strength=None))).model_dump(mode="json")
    assert rules_of(validate_plan_json(broken)) == {"R-MOBILITY-WEEKLY"}


def test_validate_plan_json_accepts_a_validate_request() -> None:
    body = {
        "request": make_request().model_dump(mode="json"),
        "days": [d.model_dump(mode="json") for d in valid_days()],
    }
    assert validate_plan_json(body) == []
    body["as_of"] = str(day_of(4, MON))
    body["days"][7 + MON]["strength"] = None  # week 2's mobility, now history
    assert validate_plan_json(body) == []


def test_validate_plan_json_rejects_what_is_neither() -> None:
    with pytest.raises(ValidationError):
        validate_plan_json({"days": []})
    with pytest.raises(ValidationError):
        validate_plan_json({"request": {"start_date": "2026-01-05"}, "days": [], "status": "optimal"})
