"""runlift's own model, as the peers and the scorer use it.

Every peer is judged by runlift's objective on runlift's soft rules. For a plan
that comes from elsewhere (the template baseline), the score is found by
fixing every day's choice in runlift's model and letting CP-SAT exact_penalties the
penalty variables, which then take their smallest values: exactly the
objective of that plan. A plan that breaks a hard rule has no score (the fixed
model is infeasible); the independent checker says which rules it breaks.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from models.events import ReplanRequest
from models.plan import Day, Objective, PhaseSpan, Plan
from models.request import PlanRequest
from solver.domain import OPTIONS
from solver.load import load_frame
from solver.model import ReplanHistory, build, exact_penalties, hint, new_solver, search
from solver.replan import replan_inputs
from solver.solve import decode, objective_terms, render_days
from solver.variables import DayKinds, PlanModel

SCORE_SECONDS = 10.0


@dataclass
class ReplanModel:
    """The model a re-plan solves, built exactly as `solver.replan.replan` builds it."""

    request: PlanRequest  # with the newly unavailable dates merged in
    history: ReplanHistory
    pm: PlanModel


def build_replan(previous: Plan, replan_request: ReplanRequest, with_hint: bool = True) -> ReplanModel:
    request, history, _planned = replan_inputs(previous, replan_request)
    pm = build(request, history=history)
    if with_hint:
        hint(pm, {**history.previous, **history.done})
    return ReplanModel(request, history, pm)


def day_slots(days: Sequence[Day]) -> list[DayKinds]:
    return [day.kinds for day in days]


def plan_from_slots(request: PlanRequest, slots: Sequence[DayKinds]) -> Plan:
    """A Plan holding these kinds, with the minutes runlift's model gives them (a stored previous version).

    The stored suite keeps the kinds only, so that it stays fixed while the
    solver changes; the minutes are the model's best for those kinds.
    """
    pm = build(request)
    fix_days(pm, slots)
    solver, status = search(pm, request.time_limit_seconds)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError("the stored kinds break today's rules: freeze the suite anew (benchmarks.scenarios.freeze)")
    value = solver.value if status == cp_model.OPTIMAL else exact_penalties(pm, solver)
    return Plan(
        status="feasible",
        request=request,
        phases=[PhaseSpan(name=p, start_date=s, end_date=e) for p, s, e in request.cycle.phase_spans()],
        days=render_days(request, decode(pm, value)),
        objective=Objective(value=0, terms={}),
        solver={"engine": "stored"},
    )


def fix_days(pm: PlanModel, slots: Sequence[DayKinds]) -> None:
    """Pin every day's run and strength option to these kinds."""
    for d, (run, lift) in enumerate(slots):
        for slot, chosen in (("run", run), ("lift", lift)):
            for option, literal in zip(OPTIONS[slot], pm.slot_literals(d, slot), strict=True):
                pm.model.add(literal == int(option == chosen))


def score(pm: PlanModel, days: Sequence[Day]) -> Objective | None:
    """runlift's objective of these days under a freshly built model, or None if they break a hard rule."""
    fix_days(pm, day_slots(days))
    solver = new_solver(SCORE_SECONDS)
    status = solver.solve(pm.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return objective_terms(pm, solver.value)


def score_plan(request: PlanRequest, days: Sequence[Day]) -> Objective | None:
    return score(build(request), days)


def score_replan(previous: Plan, replan_request: ReplanRequest, days: Sequence[Day]) -> Objective | None:
    return score(build_replan(previous, replan_request, with_hint=False).pm, days)


def changed_days(before: Sequence[Day], after: Sequence[Day], as_of: date) -> int:
    """Days on or after as_of whose kinds differ: what a re-plan's diff lists."""
    pairs = zip(before, day_slots(before), day_slots(after), strict=True)
    return sum(1 for day, old, new in pairs if day.date >= as_of and old != new)


# The training-load rules: a peer that sets its minutes without them is counted apart.
LOAD_RULES = frozenset({"R-RUN-MINUTES", "R-RAMP", "R-CUTBACK", "R-TAPER-VOLUME", "R-LONG-SHARE", "R-RETURN"})


def volume_gap(targets: dict[int, tuple[int, int]], request: PlanRequest, days: Sequence[Day]) -> int:
    """How far a plan's weekly run minutes lie from runlift's target curve (P-VOLUME), in minutes, summed."""
    cycle = request.cycle
    by_date = {day.date: day for day in days}
    gap = 0
    for week in cycle.weeks:
        runs = [by_date[d].run for d in map(cycle.date_of, week.days) if d in by_date and by_date[d].run]
        volume = sum(run.minutes or 0 for run in runs if run and run.kind != "race")
        gap += abs(volume - targets[week.number][0])
    return gap


def plan_targets(request: PlanRequest) -> dict[int, tuple[int, int]]:
    return load_frame(request).targets


def replan_targets(previous: Plan, replan_request: ReplanRequest) -> dict[int, tuple[int, int]]:
    return build_replan(previous, replan_request, with_hint=False).pm.load.frame.targets
