"""Infeasibility explained: the smallest set of rules and inputs in conflict.

Every hard rule, and every user input that feeds one (a fixed session, a
weekday's access, the unavailable dates), sits behind its own assumption
literal. CP-SAT names a sufficient set of assumptions for the infeasibility;
dropping members one at a time while the rest stay infeasible leaves a minimal
set: every rule and input named is needed for the conflict.
"""

from ortools.sat.python import cp_model

from models.errors import Conflict
from models.kinds import HARD_RULE_TEXT
from models.request import PlanRequest
from solver.errors import InfeasibleError
from solver.model import ReplanHistory, build, solve_assuming
from solver.variables import Assumption, PlanModel

# An explanation is a handful of small infeasibility proofs; this bounds each,
# in deterministic time (about 1-2 s here) so the same request always gets the
# same explanation, however loaded the machine.
CHECK_DETERMINISTIC_SECONDS = 0.5


def explain(request: PlanRequest, history: ReplanHistory | None = None) -> InfeasibleError:
    pm = build(request, explain=True, history=history)
    core = minimal_core(pm, list(pm.guards))
    conflicts = [Conflict(rule=g.rule, detail=describe(g, request), input=g.input) for g in core]
    if not conflicts:  # the proof ran out of time: say what we know, never a bare "INFEASIBLE"
        conflicts = [Conflict(rule="R-AVAIL", detail="the request admits no plan; the conflict could not be narrowed")]
    summary = "; ".join(f"{c.detail} ({c.rule})" for c in conflicts)
    return InfeasibleError(f"No plan satisfies the rules: {summary}", conflicts)


def is_infeasible(pm: PlanModel, guards: list[Assumption]) -> tuple[bool, list[Assumption]]:
    """Whether the rules behind these guards conflict, and CP-SAT's sufficient subset if so."""
    status, core = solve_assuming(pm, [pm.guards[g] for g in guards], CHECK_DETERMINISTIC_SECONDS)
    if status != cp_model.INFEASIBLE:
        return False, []
    return True, [g for g in guards if pm.guards[g].index in core]


def minimal_core(pm: PlanModel, guards: list[Assumption]) -> list[Assumption]:
    infeasible, core = is_infeasible(pm, guards)
    if not infeasible:
        return []
    core = core or guards
    for candidate in list(core):
        rest = [g for g in core if g != candidate]
        still, smaller = is_infeasible(pm, rest)
        if still:
            core = [g for g in rest if g in smaller] if smaller else rest
    return core


def describe(guard: Assumption, request: PlanRequest) -> str:
    """A sentence naming the user's input behind a guard, or the rule itself."""
    source = guard.input
    if source == "runs_per_week":
        n = request.runs_per_week
        return f"runs_per_week {n}: exactly {n} running days in every normal week, at most {n} in any week"
    if source == "unavailable_dates":
        shown = ", ".join(map(str, request.unavailable_dates[:6]))
        more = f" and {len(request.unavailable_dates) - 6} more" if len(request.unavailable_dates) > 6 else ""
        return f"nothing can be planned on the unavailable dates {shown}{more}"
    if source and source.startswith("availability."):
        weekday = source.removeprefix("availability.")
        access = request.availability[weekday]  # type: ignore[index]
        limits = [
            name for name, allowed in (("no running", access.run), ("no strength", access.strength)) if not allowed
        ]
        if access.max_minutes is not None:
            limits.append(f"at most {access.max_minutes} minutes")
        return f"{weekday}: {', '.join(limits)}"
    if source and source.startswith("fixed["):
        fixed = request.fixed[int(source[6:-1])]
        pinned = " and ".join(str(kind) for kind in (fixed.run, fixed.strength) if kind is not None)
        return f"the fixed {pinned} on {fixed.date} ({source})"
    return HARD_RULE_TEXT[guard.rule]
