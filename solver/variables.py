"""The variable container of the CP-SAT model and its queries.

Every day has two slots, a run and a strength session, and each slot holds
exactly one option: one of the kinds, or nothing. Rules read the model only
through the queries below (`legs`, `count`, ...) and add constraints through
its helpers (`clause`, `forbid`, ...), never raw CP-SAT calls on the options.

An option banned outright (`solver.domain`) is the constant false literal in a
normal solve, and an option left alone in its slot is constant true. The
helpers drop what such constants decide, so no rule needs to know about them.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

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
from solver.domain import OPTIONS, Assumption, DayKinds, Domain, Option, SlotName

if TYPE_CHECKING:
    from solver.volume import LoadModel

__all__ = ["LIFT_KINDS", "RUN_KINDS", "Assumption", "DayKinds", "Lit", "PlanModel", "new_plan_model"]

LinearExpr = cp_model.LinearExprT
Lit = cp_model.IntVar | cp_model.NotBooleanVariable
RUN_KINDS: tuple[RunKind, ...] = tuple(RunKind)
LIFT_KINDS: tuple[StrengthKind, ...] = tuple(StrengthKind)


class CpModel(cp_model.CpModel):
    """OR-tools' model without the camelCase aliases of its methods that it adds to
    every new instance for pre-PEP 8 code: nothing here calls them, and making
    them took about 3 ms a model, a tenth of a plan's build."""

    def _add_pre_pep8_methods(self) -> None:
        return


@dataclass
class PlanModel:
    """The CP-SAT model of one request: variables, queries, guards and penalty terms."""

    request: PlanRequest
    cycle: Cycle
    model: cp_model.CpModel
    false: cp_model.IntVar  # the constant false literal; its negation is constant true
    run: dict[tuple[int, RunKind], Lit] = field(default_factory=dict)
    lift: dict[tuple[int, StrengthKind], Lit] = field(default_factory=dict)
    no_run: list[Lit] = field(default_factory=list)
    no_lift: list[Lit] = field(default_factory=list)
    hard_day: list[Lit] = field(default_factory=list)
    # Day features as literals of their own, each equal to a sum of exclusive
    # options: rules over them become two-literal clauses, which propagate fast.
    features: dict[str, list[Lit]] = field(default_factory=dict)
    explain: bool = False
    as_of: int = 0  # index of the first day that may change; days before it are history
    history: dict[int, DayKinds] = field(default_factory=dict)
    previous: dict[int, DayKinds] = field(default_factory=dict)
    previous_minutes: dict[int, int] = field(default_factory=dict)
    disrupted: frozenset[int] = frozenset()  # week numbers whose minimums are soft
    weights: dict[str, int] = field(default_factory=dict)
    objective_scale: int = 1  # the solver's objective is the rules' cost times this, plus tie-breaks
    guards: dict[Assumption, cp_model.IntVar] = field(default_factory=dict)
    # Soft rule id -> (literal, weight) pairs; one literal a term, so a plan's
    # cost can be read back per rule from any engine's assignment.
    penalties: dict[str, list[tuple[Lit, int]]] = field(default_factory=dict)
    # Run minutes: set by `solver.model.build` before any rule is added.
    load: "LoadModel" = field(init=False)
    # The objective the search minimises; ties among equally good plans broken by `tie_breaks`
    # (weight 1 each, with their largest values, below any rule's cost).
    objective: LinearExpr = 0
    tie_breaks: list[tuple[cp_model.IntVar, int]] = field(default_factory=list)

    @property
    def n_days(self) -> int:
        return self.cycle.n_days

    @property
    def true(self) -> Lit:
        return ~self.false

    @cached_property
    def false_index(self) -> int:
        return self.false.index

    # -- queries ---------------------------------------------------------------

    def hard_run(self, d: int) -> Lit:
        return self.features["hard_run"][d]

    def hard_lift(self, d: int) -> Lit:
        return self.features["hard_lift"][d]

    def legs(self, d: int) -> Lit:
        return self.features["legs"][d]

    def counted(self, d: int) -> Lit:
        return self.features["counted"][d]

    def long_or_race(self, d: int) -> Lit:
        return self.features["long_or_race"][d]

    def option(self, d: int, slot: SlotName, kind: Option) -> Lit:
        """The literal of one option of a day's slot; the kind None is 'nothing'."""
        if slot == "run":
            return self.no_run[d] if kind is None else self.run[d, kind]  # type: ignore[index]
        return self.no_lift[d] if kind is None else self.lift[d, kind]  # type: ignore[index]

    def slot_literals(self, d: int, slot: SlotName) -> list[Lit]:
        """The literals of every option of a day's slot, in `OPTIONS` order ('nothing' first)."""
        if slot == "run":
            return [self.no_run[d], *(self.run[d, k] for k in RUN_KINDS)]
        return [self.no_lift[d], *(self.lift[d, k] for k in LIFT_KINDS)]

    def options(self, d: int, slot: SlotName) -> list[tuple[Option, Lit]]:
        """Every option of a day's slot that is not ruled out, 'nothing' first."""
        false = self.false_index
        found = zip(OPTIONS[slot], self.slot_literals(d, slot), strict=True)
        return [(option, literal) for option, literal in found if literal.index != false]

    def count(
        self, days: Iterable[int], runs: Iterable[RunKind] = (), lifts: Iterable[StrengthKind] = ()
    ) -> LinearExpr:
        runs, lifts = tuple(runs), tuple(lifts)
        terms = [self.run[d, k] for d in days for k in runs]
        terms += [self.lift[d, k] for d in days for k in lifts]
        return self.total(terms)

    def total(self, literals: Iterable[Lit]) -> LinearExpr:
        """The number of these literals that hold, constants counted up front."""
        false, true = self.false_index, -1 - self.false_index
        fixed, free = 0, []
        for literal in literals:
            index = literal.index
            if index == true:
                fixed += 1
            elif index != false:
                free.append(literal)
        return cp_model.LinearExpr.sum(free) + fixed

    def constant(self, literal: Lit) -> bool | None:
        """True or False for the constant literals, None for a decision."""
        index = literal.index
        if index == self.false_index:
            return False
        if index == -1 - self.false_index:
            return True
        return None

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
        key = Assumption(rule, input)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"assume {rule} {input or ''}")
        return [self.guards[key]]

    def require(self, constraint: cp_model.BoundedLinearExpression | bool, rule: str, input: str | None = None) -> None:
        added = self.model.add(constraint)
        if self.explain:
            added.only_enforce_if(self.guard(rule, input))

    def open_literals(self, literals: Iterable[Lit]) -> list[Lit] | None:
        """A clause's literals without the constant false ones, or None if a constant true one satisfies it."""
        # Inlined `constant`: this runs for every literal of every clause.
        false, true = self.false_index, -1 - self.false_index
        kept = []
        for literal in literals:
            index = literal.index
            if index == true:
                return None
            if index != false:
                kept.append(literal)
        return kept

    def add_clause(self, literals: Iterable[Lit]) -> None:
        """At least one of these literals holds (a structural or soft-rule clause, never assumed away)."""
        kept = self.open_literals(literals)
        if kept is not None:
            self.model.add_bool_or(kept)

    def clause(self, literals: Sequence[Lit], rule: str, input: str | None = None) -> None:
        """At least one of these literals holds. Most rules are pairs of days, and a
        clause propagates far faster than the equivalent linear constraint."""
        kept = self.open_literals(literals)
        if kept is not None:
            added = self.model.add_bool_or(kept)
            if self.explain:
                added.only_enforce_if(self.guard(rule, input))

    def not_both(self, a: Lit, b: Lit, rule: str, input: str | None = None) -> None:
        self.clause([~a, ~b], rule, input)

    def forbid(self, literals: Sequence[Lit], rule: str, input: str | None = None) -> None:
        """None of these options may be chosen."""
        for literal in literals:
            if self.constant(literal) is True:
                self.clause([], rule, input)  # a forced option forbidden: no plan
        negated = [~literal for literal in literals if self.constant(literal) is None]
        if negated:
            added = self.model.add_bool_and(negated)
            if self.explain:
                added.only_enforce_if(self.guard(rule, input))

    def exactly_one(self, literals: Sequence[Lit]) -> None:
        live = self.open_literals(literals)
        if live is not None:  # else the slot's only option, decided when the model was made
            self.model.add_exactly_one(live)

    def any_of(self, options: Sequence[Lit], name: str) -> Lit:
        """A literal equal to 'one of these options holds': the option itself if only one is left."""
        live = self.open_literals(options)
        if live is None:
            return self.true
        if not live:
            return self.false
        if len(live) == 1:
            return live[0]
        literal = self.model.new_bool_var(name)
        self.model.add_bool_or([~literal, *live])
        for option in live:
            self.model.add_implication(option, literal)
        return literal

    def violation(self, clauses: Sequence[Sequence[Lit]], name: str) -> Lit | None:
        """A literal forced up whenever one of these clauses fails, or None if none can fail."""
        open_clauses = [kept for kept in map(self.open_literals, clauses) if kept is not None]
        if not open_clauses:
            return None
        literal = self.model.new_bool_var(name)
        for kept in open_clauses:
            self.model.add_bool_or([*kept, literal])
        return literal

    def penalize(self, rule: str, term: Lit | None, factor: int = 1) -> None:
        """Add `factor * weight(rule) * term` to the objective, booked under soft rule `rule`."""
        weight = self.weights[rule] * factor
        if weight and term is not None and self.constant(term) is not False:
            self.penalties.setdefault(rule, []).append((term, weight))

    def excess(self, amount: LinearExpr, upper: int, name: str) -> cp_model.IntVar:
        """A variable in [0, upper] at least `amount`: by how much something is over zero."""
        var = self.model.new_int_var(0, max(upper, 0), name)
        self.model.add(var >= amount)
        return var


def new_plan_model(request: PlanRequest, domain: Domain, explain: bool = False) -> PlanModel:
    """One literal per day, slot and option ('nothing' included), then the day features.

    A normal solve gives banned options the constant false literal and a slot's
    last remaining option the constant true one; an explaining solve makes every
    option a variable and enforces the bans behind their rules' assumptions.
    """
    model = CpModel()
    pm = PlanModel(request, request.cycle, model, model.new_constant(0), explain=explain)
    for d in range(pm.n_days):
        run = option_literals(pm, domain, d, "run")
        pm.no_run.append(run[None])
        pm.run.update(((d, k), run[k]) for k in RUN_KINDS)
        lift = option_literals(pm, domain, d, "lift")
        pm.no_lift.append(lift[None])
        pm.lift.update(((d, k), lift[k]) for k in LIFT_KINDS)
    if explain:
        for ban in domain.bans:
            literals = [pm.option(ban.day, ban.slot, o) for o in ban.options]
            pm.forbid(literals, ban.guard.rule, ban.guard.input)
    for name, slot_of, kinds in FEATURES:
        slot = slot_of(pm)
        pm.features[name] = [pm.any_of([slot[d, k] for k in kinds], f"{name} {d}") for d in range(pm.n_days)]
    # A hard day is a day with a hard run or a hard lift (docs/rules.md, "Words the rules use").
    pm.hard_day = [pm.any_of([pm.hard_run(d), pm.hard_lift(d)], f"hard {d}") for d in range(pm.n_days)]
    return pm


def option_literals(pm: PlanModel, domain: Domain, d: int, slot: SlotName) -> dict[object, Lit]:
    """The literals of one day's slot by option, constants where the bans decide it."""
    options = OPTIONS[slot]
    if pm.explain:
        return {o: pm.model.new_bool_var(f"{slot} {d} {o or 'none'}") for o in options}
    allowed = [o for o in options if domain.allows(d, slot, o)]
    if len(allowed) == 1:
        return {o: pm.true if o == allowed[0] else pm.false for o in options}
    return {o: pm.model.new_bool_var(f"{slot} {d} {o or 'none'}") if o in allowed else pm.false for o in options}


FEATURES: tuple[tuple[str, Callable[[PlanModel], dict], tuple[StrEnum, ...]], ...] = (
    ("legs", lambda pm: pm.lift, LEG_LOADING),
    ("counted", lambda pm: pm.lift, COUNTED_STRENGTH),
    ("hard_lift", lambda pm: pm.lift, HARD_LIFTS),
    ("hard_run", lambda pm: pm.run, HARD_RUNS),
    ("long_or_race", lambda pm: pm.run, (RunKind.LONG, RunKind.RACE)),
)
