"""The MIP peer: runlift's own CP-SAT model, rewritten as a mixed-integer program for HiGHS.

The benchmark asks what CP-SAT buys over a general optimisation engine on the
same rules, so the MIP is not modelled separately: the `CpModelProto` that
runlift builds is translated constraint by constraint. Literals become 0/1
columns (a negated literal is `1 - x`), enforcement literals become big-M terms
whose M comes from the variable bounds, and the objective is copied. The
values HiGHS finds are returned in proto variable order; this module reads the
model's literals from them and hands the chosen kinds to runlift's renderer and
objective, exactly as a CP-SAT answer is read.
"""

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np
from ortools.sat.python.cp_model_helper import ConstraintProto, CpModelProto, LinearArgumentProto

from benchmarks.peers import Outcome
from benchmarks.peers.score import build_replan
from models.events import ReplanRequest
from models.plan import Day, Objective, Plan
from models.request import PlanRequest
from solver.model import build
from solver.solve import decode, objective_terms, render_days
from solver.variables import Lit, PlanModel

# Every constraint type of CP-SAT's proto, to name the one in hand (the proto wrapper has no WhichOneof).
_CONSTRAINT_KINDS = (
    "linear",
    "bool_or",
    "bool_and",
    "at_most_one",
    "exactly_one",
    "lin_max",
    "bool_xor",
    "int_prod",
    "int_div",
    "int_mod",
    "element",
    "table",
    "automaton",
    "all_diff",
    "circuit",
    "routes",
    "inverse",
    "reservoir",
    "interval",
    "no_overlap",
    "no_overlap_2d",
    "cumulative",
    "dummy_constraint",
)
# CP-SAT writes "unbounded" as the int64 extremes; anything this large is infinite here.
_INFINITE = 2**62


@dataclass
class MipResult:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN, in CP-SAT's words
    values: list[int]  # one per proto variable; empty when no solution was found
    objective: float | None  # in the proto's own units (scaling and offset applied)
    wall_time_ms: float
    n_columns: int
    n_rows: int


@dataclass
class _Affine:
    """sum(coef * column) + constant."""

    terms: dict[int, float] = field(default_factory=dict)
    constant: float = 0.0

    def add(self, other: "_Affine", scale: float = 1.0) -> None:
        for col, coef in other.terms.items():
            self.terms[col] = self.terms.get(col, 0.0) + scale * coef
        self.constant += scale * other.constant


def _bound(value: int) -> float:
    if value >= _INFINITE:
        return highspy.kHighsInf
    if value <= -_INFINITE:
        return -highspy.kHighsInf
    return float(value)


def _intervals(flat: Sequence[int]) -> list[tuple[float, float]]:
    return [(_bound(flat[i]), _bound(flat[i + 1])) for i in range(0, len(flat), 2)]


class _MipBuilder:
    """Collects columns and rows, then hands them to HiGHS in one go."""

    def __init__(self, proto: CpModelProto) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.rows_lower: list[float] = []
        self.rows_upper: list[float] = []
        self.rows: list[dict[int, float]] = []
        for var in proto.variables:
            domain = _intervals(var.domain)
            self._column(domain[0][0], domain[-1][1])
        # Domains with holes: the variable must sit in one of its intervals.
        for index, var in enumerate(proto.variables):
            if len(var.domain) > 2:
                self._in_domain(_Affine({index: 1.0}), _intervals(var.domain), [])

    def _column(self, lower: float, upper: float) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        return len(self.lower) - 1

    @staticmethod
    def literal(lit: int) -> _Affine:
        """A CP-SAT literal as 0/1 expression: index >= 0 is the variable, -i-1 its negation."""
        if lit >= 0:
            return _Affine({lit: 1.0})
        return _Affine({-lit - 1: -1.0}, 1.0)

    def linear_expr(self, vars_: Iterable[int], coeffs: Iterable[float], offset: float = 0.0) -> _Affine:
        expr = _Affine(constant=offset)
        for var, coef in zip(vars_, coeffs, strict=True):
            expr.add(self.literal(var), float(coef))
        return expr

    def activity_bounds(self, expr: _Affine) -> tuple[float, float]:
        low = high = expr.constant
        for col, coef in expr.terms.items():
            a, b = coef * self.lower[col], coef * self.upper[col]
            low += min(a, b) if coef else 0.0
            high += max(a, b) if coef else 0.0
        return low, high

    def _row(self, expr: _Affine, lower: float, upper: float) -> None:
        terms = {col: coef for col, coef in expr.terms.items() if coef != 0.0}
        self.rows.append(terms)
        self.rows_lower.append(lower - expr.constant)
        self.rows_upper.append(upper - expr.constant)

    def enforced(self, expr: _Affine, lower: float, upper: float, enforcement: Sequence[int]) -> None:
        """lower <= expr <= upper whenever every enforcement literal is true.

        Big-M: with s the number of false enforcement literals, require
        expr >= lower - (lower - min expr) * s and expr <= upper + (max expr - upper) * s.
        """
        low, high = self.activity_bounds(expr)
        if not enforcement:
            if lower > low or upper < high:
                self._row(expr, lower, upper)
            return
        slack = _Affine()
        for lit in enforcement:
            slack.add(self.literal(lit), -1.0)
            slack.constant += 1.0
        if lower > low:
            if low == -highspy.kHighsInf:
                raise ValueError("an enforced linear constraint on an unbounded expression has no big-M")
            relaxed = _Affine(dict(expr.terms), expr.constant)
            relaxed.add(slack, lower - low)
            self._row(relaxed, lower, highspy.kHighsInf)
        if upper < high:
            if high == highspy.kHighsInf:
                raise ValueError("an enforced linear constraint on an unbounded expression has no big-M")
            relaxed = _Affine(dict(expr.terms), expr.constant)
            relaxed.add(slack, -(high - upper))
            self._row(relaxed, -highspy.kHighsInf, upper)

    def _in_domain(self, expr: _Affine, domain: list[tuple[float, float]], enforcement: Sequence[int]) -> None:
        if len(domain) == 1:
            self.enforced(expr, domain[0][0], domain[0][1], enforcement)
            return
        # A domain with holes: one binary per interval picks where the expression lies.
        choices = [self._column(0.0, 1.0) for _ in domain]
        self._row(_Affine(dict.fromkeys(choices, 1.0)), 1.0, 1.0)
        for choice, (lower, upper) in zip(choices, domain, strict=True):
            self.enforced(expr, lower, upper, [*enforcement, choice])

    def add_constraint(self, ct: ConstraintProto) -> None:
        kind = next((name for name in _CONSTRAINT_KINDS if getattr(ct, f"has_{name}")()), "unknown")
        enforcement = list(ct.enforcement_literal)
        if kind == "linear":
            expr = self.linear_expr(ct.linear.vars, ct.linear.coeffs)
            self._in_domain(expr, _intervals(ct.linear.domain), enforcement)
        elif kind == "bool_or":
            # a => or(b...) is or(not a, b...): at least one literal true once enforced.
            expr = _Affine()
            for lit in ct.bool_or.literals:
                expr.add(self.literal(lit))
            self.enforced(expr, 1.0, highspy.kHighsInf, enforcement)
        elif kind == "bool_and":
            for lit in ct.bool_and.literals:
                self.enforced(self.literal(lit), 1.0, 1.0, enforcement)
        elif kind in ("at_most_one", "exactly_one"):
            literals = getattr(ct, kind).literals
            expr = _Affine()
            for lit in literals:
                expr.add(self.literal(lit))
            self.enforced(expr, 1.0 if kind == "exactly_one" else -highspy.kHighsInf, 1.0, enforcement)
        elif kind == "lin_max" and not enforcement:
            self._lin_max(ct.lin_max)
        else:
            raise NotImplementedError(f"constraint type {kind!r} (enforced: {bool(enforcement)}) has no MIP form here")

    def _lin_max(self, ct: LinearArgumentProto) -> None:
        """target = max(exprs): target >= each, and target <= the one a binary picks."""
        target = self.linear_expr(ct.target.vars, ct.target.coeffs, ct.target.offset)
        exprs = [self.linear_expr(e.vars, e.coeffs, e.offset) for e in ct.exprs]
        choices = [self._column(0.0, 1.0) for _ in exprs]
        self._row(_Affine(dict.fromkeys(choices, 1.0)), 1.0, 1.0)
        for expr, choice in zip(exprs, choices, strict=True):
            gap = _Affine(dict(target.terms), target.constant)
            gap.add(expr, -1.0)
            self._row(gap, 0.0, highspy.kHighsInf)
            self.enforced(gap, -highspy.kHighsInf, 0.0, [choice])

    def to_highs(self, costs: dict[int, float], offset: float, maximize: bool) -> highspy.Highs:
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        n = len(self.lower)
        cost = np.zeros(n)
        for col, coef in costs.items():
            cost[col] += coef
        highs.addCols(n, cost, np.array(self.lower), np.array(self.upper), 0, np.array([], np.int32), [], [])
        # Every CP-SAT variable is an integer; so are the auxiliary choice binaries.
        highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, 1, np.uint8))
        starts, indices, values = [], [], []
        for row in self.rows:
            starts.append(len(indices))
            indices.extend(row.keys())
            values.extend(row.values())
        highs.addRows(
            len(self.rows),
            np.array(self.rows_lower),
            np.array(self.rows_upper),
            len(indices),
            np.array(starts, np.int32),
            np.array(indices, np.int32),
            np.array(values, np.float64),
        )
        highs.changeObjectiveOffset(offset)
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize)
        return highs


def _objective(builder: _MipBuilder, proto: CpModelProto) -> tuple[dict[int, float], float, bool, float]:
    """Costs per column, offset, sense, and the factor that turns HiGHS's value into the proto's units."""
    if proto.has_floating_point_objective():
        fp = proto.floating_point_objective
        expr = builder.linear_expr(fp.vars, fp.coeffs, fp.offset)
        return expr.terms, expr.constant, fp.maximize, 1.0
    obj = proto.objective
    expr = builder.linear_expr(obj.vars, obj.coeffs, obj.offset)
    # CP-SAT always minimises sum + offset and reports it times scaling_factor (-1 for maximise).
    return expr.terms, expr.constant, False, obj.scaling_factor or 1.0


def solve_proto(
    proto: CpModelProto,
    time_limit_seconds: float = 10.0,
    use_hint: bool = True,
    integral_objective: bool = True,
) -> MipResult:
    """Translate `proto` to a MIP, solve it with HiGHS, and answer in CP-SAT's terms."""
    started = time.perf_counter()
    builder = _MipBuilder(proto)
    for ct in proto.constraints:
        builder.add_constraint(ct)
    costs, offset, maximize, scale = _objective(builder, proto)
    highs = builder.to_highs(costs, offset, maximize)
    highs.setOptionValue("time_limit", float(time_limit_seconds))
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("mip_rel_gap", 0.0)
    if integral_objective and all(float(c).is_integer() for c in costs.values()):
        # An integer objective is optimal once the gap is below one: CP-SAT knows that too.
        highs.setOptionValue("mip_abs_gap", 1.0 - 1e-6)
    if use_hint and proto.has_solution_hint():
        hint = proto.solution_hint
        highs.setSolution(len(hint.vars), np.array(hint.vars, np.int32), np.array(hint.values, np.float64))
    highs.run()
    model_status = highs.getModelStatus()
    info = highs.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    values: list[int] = []
    objective: float | None = None
    if has_solution:
        col_values = highs.getSolution().col_value
        values = [round(v) for v in col_values[: len(proto.variables)]]
        objective = scale * highs.getInfo().objective_function_value
    if model_status == highspy.HighsModelStatus.kOptimal:
        status = "OPTIMAL"
    elif model_status == highspy.HighsModelStatus.kInfeasible:
        status = "INFEASIBLE"
    else:
        status = "FEASIBLE" if has_solution else "UNKNOWN"
    return MipResult(
        status=status,
        values=values,
        objective=objective,
        wall_time_ms=1000 * (time.perf_counter() - started),
        n_columns=len(builder.lower),
        n_rows=len(builder.rows),
    )


# -- the peer: runlift's model, HiGHS's search ------------------------------------


def _outcome(request: PlanRequest, pm: PlanModel, started: float, time_limit_seconds: float) -> Outcome:
    result = solve_proto(pm.model.proto, time_limit_seconds)
    if not result.values:
        status = "TIMEOUT" if result.status == "UNKNOWN" else result.status
        return Outcome(None, 1000 * (time.perf_counter() - started), status, None)
    days, objective = _decode(request, pm, result.values)
    return Outcome(days, 1000 * (time.perf_counter() - started), result.status, objective)


def _decode(request: PlanRequest, pm: PlanModel, values: Sequence[int]) -> tuple[list[Day], Objective]:
    """The days and the objective of a full assignment indexed like the model's proto variables."""

    def value(literal: Lit) -> int:
        index = literal.index  # a negated literal has index -1 - (its variable's index)
        return round(values[index]) if index >= 0 else 1 - round(values[-1 - index])

    return render_days(request, decode(pm, value)), objective_terms(pm, value)


def plan(request: PlanRequest, time_limit_seconds: float) -> Outcome:
    started = time.perf_counter()
    return _outcome(request, build(request), started, time_limit_seconds)


def replan(previous: Plan, replan_request: ReplanRequest, time_limit_seconds: float) -> Outcome:
    """The same re-plan model runlift solves, previous version as the start solution."""
    started = time.perf_counter()
    model = build_replan(previous, replan_request)
    return _outcome(model.request, model.pm, started, time_limit_seconds)
