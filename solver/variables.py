"""The variable container of the CP-SAT model and its queries.

Every day has two slots, a run and a strength session, and each slot holds
exactly one option: one of the kinds, or nothing. Rules read the model only
through the queries below (`hard`, `legs`, `count`, ...), never raw dicts.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ortools.sat.python import cp_model

from models.calendar import Cycle, Week
from models.kinds import (
    COUNTED_STRENGTH,
    HARD_LIFTS,
    HARD_RUNS,
    LEG_LOADING,
    RunKind,
    StrengthKind,
)
from models.request import PlanRequest

LinearExpr = cp_model.LinearExprT
RUN_KINDS: tuple[RunKind, ...] = tuple(RunKind)
LIFT_KINDS: tuple[StrengthKind, ...] = tuple(StrengthKind)

# What actually happened on a past day: (run kind or None, strength kind or None).
Slots = tuple[RunKind | None, StrengthKind | None]


@dataclass(frozen=True)
class Guard:
    """A rule id, and the user's input behind it when there is one (e.g. `fixed[2]`)."""

    rule: str
    input: str | None = None


@dataclass
class PlanModel:
    """The CP-SAT model of one request: variables, queries, guards and penalty terms."""

    request: PlanRequest
    cycle: Cycle
    model: cp_model.CpModel
    run: dict[tuple[int, RunKind], cp_model.IntVar]
    lift: dict[tuple[int, StrengthKind], cp_model.IntVar]
    no_run: list[cp_model.IntVar]
    no_lift: list[cp_model.IntVar]
    hard_day: list[cp_model.IntVar]
    # Day features as literals of their own, each equal to a sum of exclusive
    # options: rules over them become two-literal clauses, which propagate fast.
    features: dict[str, list[cp_model.IntVar]] = field(default_factory=dict)
    explain: bool = False
    as_of: int = 0  # index of the first day that may change; days before it are history
    history: dict[int, Slots] = field(default_factory=dict)
    previous: dict[int, Slots] = field(default_factory=dict)
    disrupted: frozenset[int] = frozenset()  # week numbers whose minimums are soft
    weights: dict[str, int] = field(default_factory=dict)
    objective_scale: int = 1  # the solver's objective is the rules' cost times this, plus tie-breaks
    guards: dict[Guard, cp_model.IntVar] = field(default_factory=dict)
    # Soft rule id -> (variable, weight) pairs; one variable a term, so a plan's
    # cost can be read back per rule from any engine's assignment.
    penalties: dict[str, list[tuple[cp_model.IntVar, int]]] = field(default_factory=dict)

    @property
    def n_days(self) -> int:
        return self.cycle.n_days

    # -- queries ---------------------------------------------------------------

    def hard_run(self, d: int) -> cp_model.IntVar:
        return self.features["hard_run"][d]

    def hard_lift(self, d: int) -> cp_model.IntVar:
        return self.features["hard_lift"][d]

    def legs(self, d: int) -> cp_model.IntVar:
        return self.features["legs"][d]

    def counted(self, d: int) -> cp_model.IntVar:
        return self.features["counted"][d]

    def long_or_race(self, d: int) -> cp_model.IntVar:
        return self.features["long_or_race"][d]

    def count(
        self, days: Iterable[int], runs: Iterable[RunKind] = (), lifts: Iterable[StrengthKind] = ()
    ) -> LinearExpr:
        runs, lifts = tuple(runs), tuple(lifts)
        terms = [self.run[d, k] for d in days for k in runs]
        terms += [self.lift[d, k] for d in days for k in lifts]
        return cp_model.LinearExpr.sum(terms)

    # -- history -----------------------------------------------------------------

    def active(self, *days: int) -> bool:
        """Whether a constraint over these days binds anything still open to change."""
        return max(days) >= self.as_of

    def week_is_past(self, week: Week) -> bool:
        return week.last < self.as_of

    def history_count(
        self, days: Iterable[int], runs: Iterable[RunKind] = (), lifts: Iterable[StrengthKind] = ()
    ) -> int:
        """How many sessions of these kinds history already holds on these days."""
        runs, lifts = frozenset(runs), frozenset(lifts)
        past = [self.history.get(d, (None, None)) for d in days if d < self.as_of]
        return sum((run in runs) + (lift in lifts) for run, lift in past)

    # -- constraints and penalties -------------------------------------------------

    def guard(self, rule: str, input: str | None = None) -> list[cp_model.IntVar]:
        """Enforcement literals for a rule's constraints.

        Normal solves add every hard rule unconditionally (presolve likes that);
        an explaining solve puts each rule and input behind an assumption literal
        so CP-SAT can name the ones in conflict.
        """
        if not self.explain:
            return []
        key = Guard(rule, input)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"assume {rule} {input or ''}")
        return [self.guards[key]]

    def require(self, constraint: cp_model.BoundedLinearExpression | bool, rule: str, input: str | None = None) -> None:
        added = self.model.add(constraint)
        if self.explain:
            added.only_enforce_if(self.guard(rule, input))

    def clause(self, literals: Sequence[cp_model.IntVar], rule: str, input: str | None = None) -> None:
        """At least one of these literals holds. Most rules are pairs of days, and a
        clause propagates far faster than the equivalent linear constraint."""
        added = self.model.add_bool_or(literals)
        if self.explain:
            added.only_enforce_if(self.guard(rule, input))

    def not_both(self, a: cp_model.IntVar, b: cp_model.IntVar, rule: str, input: str | None = None) -> None:
        self.clause([~a, ~b], rule, input)

    def forbid(self, literals: Sequence[cp_model.IntVar], rule: str, input: str | None = None) -> None:
        """None of these options may be chosen."""
        if literals:
            added = self.model.add_bool_and([~x for x in literals])
            if self.explain:
                added.only_enforce_if(self.guard(rule, input))

    def penalize(self, rule: str, term: cp_model.IntVar, factor: int = 1) -> None:
        """Add `factor * weight(rule) * term` to the objective, booked under soft rule `rule`."""
        weight = self.weights[rule] * factor
        if weight:
            self.penalties.setdefault(rule, []).append((term, weight))

    def excess(self, amount: LinearExpr, upper: int, name: str) -> cp_model.IntVar:
        """A variable in [0, upper] at least `amount`: by how much something is over zero."""
        var = self.model.new_int_var(0, max(upper, 0), name)
        self.model.add(var >= amount)
        return var


def new_plan_model(request: PlanRequest, explain: bool = False) -> PlanModel:
    """Create one option literal per day, slot and kind, plus the 'nothing' option."""
    cycle = request.cycle
    model = cp_model.CpModel()
    n = cycle.n_days
    run = {(d, k): model.new_bool_var(f"run {d} {k}") for d in range(n) for k in RUN_KINDS}
    lift = {(d, k): model.new_bool_var(f"lift {d} {k}") for d in range(n) for k in LIFT_KINDS}
    no_run = [model.new_bool_var(f"run {d} none") for d in range(n)]
    no_lift = [model.new_bool_var(f"lift {d} none") for d in range(n)]
    hard_day = [model.new_bool_var(f"hard {d}") for d in range(n)]
    pm = PlanModel(request, cycle, model, run, lift, no_run, no_lift, hard_day, explain=explain)
    for name, slot, kinds in FEATURES:
        pm.features[name] = literals = [model.new_bool_var(f"{name} {d}") for d in range(n)]
        for d in range(n):
            equal_to_any(model, literals[d], [slot(pm)[d, k] for k in kinds])
    for d in range(n):
        # A hard day is a day with a hard run or a hard lift (RULES.md, "Vocabulary").
        equal_to_any(model, hard_day[d], [pm.hard_run(d), pm.hard_lift(d)])
    return pm


def equal_to_any(model: cp_model.CpModel, literal: cp_model.IntVar, options: list[cp_model.IntVar]) -> None:
    """literal <=> any of the options, as clauses."""
    model.add_bool_or([~literal, *options])
    for option in options:
        model.add_implication(option, literal)


FEATURES: tuple[tuple[str, Callable[[PlanModel], dict], tuple[StrEnum, ...]], ...] = (
    ("legs", lambda pm: pm.lift, LEG_LOADING),
    ("counted", lambda pm: pm.lift, COUNTED_STRENGTH),
    ("hard_lift", lambda pm: pm.lift, HARD_LIFTS),
    ("hard_run", lambda pm: pm.run, HARD_RUNS),
    ("long_or_race", lambda pm: pm.run, (RunKind.LONG, RunKind.RACE)),
)
