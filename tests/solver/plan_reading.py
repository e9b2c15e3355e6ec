"""Small readers and editors of plans for the solver tests (imported by basename, hence the plain name).

Requests default to an 8-week cycle from Monday 2027-03-01 to race day Sunday
2027-04-25: weeks 1-3 base (1-2 with three counted lifts), 4-5 build, 6-7
taper, week 8 race week. Short cycles keep every solve well under a second.
"""

from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from models.kinds import RunKind, StrengthKind
from models.plan import Day, Plan, RunSession, StrengthSession
from models.request import PlanRequest
from models.validation import check_plan
from solver.model import solve_assuming
from solver.variables import Assumption, PlanModel

Kinds = tuple[RunKind | None, StrengthKind | None]
KEEP = object()  # `edited`: leave this slot as it is
SATISFIABLE_DETERMINISTIC_SECONDS = 20.0  # a search for a plan, not a bounded proof: room to find one


def request(**fields: Any) -> PlanRequest:
    """An 8-week request from Monday 2027-03-01, with these fields on top."""
    return PlanRequest.model_validate({"start_date": "2027-03-01", "weeks": 8, **fields})


def kinds(day: Day) -> Kinds:
    return day.kinds


def on(plan: Plan, when: str) -> Kinds:
    """The kinds planned on an ISO date."""
    wanted = date.fromisoformat(when)
    return next(kinds(day) for day in plan.days if day.date == wanted)


def week_days(plan: Plan, number: int) -> list[Day]:
    return [day for day in plan.days if day.week == number]


def count(days: list[Day], *wanted: RunKind | StrengthKind) -> int:
    """Sessions of these kinds on these days."""
    return sum((run in wanted) + (lift in wanted) for run, lift in map(kinds, days))


def dates_of(days: list[Day], kind: RunKind | StrengthKind) -> list[str]:
    return [day.date.isoformat() for day in days if kind in kinds(day)]


def edited(days: list[Day], changes: dict[str, tuple[Any, Any]]) -> list[Day]:
    """The days with some slots replaced: ISO date -> (run kind or None or KEEP, strength kind or None or KEEP)."""
    by_date = {day.date.isoformat(): kinds(day) for day in days}
    result = []
    for day in days:
        change = changes.get(day.date.isoformat())
        if change is not None:
            old_run, old_lift = by_date[day.date.isoformat()]
            run = old_run if change[0] is KEEP else change[0]
            lift = old_lift if change[1] is KEEP else change[1]
            # Run first, lift after: a lift that now shares its day with a run says so.
            day = day.model_copy(
                update={
                    "run": RunSession(kind=run) if run else None,
                    "strength": StrengthSession(kind=lift, after_run=run is not None) if lift else None,
                }
            )
        result.append(day)
    return result


def swapped_runs(days: list[Day], first: str, second: str) -> list[Day]:
    """The days with the runs of two ISO dates swapped (a moved session, same weekly counts)."""
    by_date = {day.date.isoformat(): kinds(day) for day in days}
    return edited(days, {first: (by_date[second][0], KEEP), second: (by_date[first][0], KEEP)})


def broken_rules(plan_request: PlanRequest, days: list[Day]) -> set[str]:
    return {violation.rule for violation in check_plan(plan_request, days)}


def satisfiable(pm: PlanModel, guards: list[Assumption]) -> bool:
    """Whether the model under these assumptions has a solution, found and not merely unrefuted
    (`solver.explain.is_infeasible` also says False when its budget runs out)."""
    status, _core = solve_assuming(pm, [pm.guards[g] for g in guards], SATISFIABLE_DETERMINISTIC_SECONDS)
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
