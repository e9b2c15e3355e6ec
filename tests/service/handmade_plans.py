"""A hand-built Plan, for tests of storage, ICS and validation that need no solver.

Its weekly pattern (`sample_plans.PATTERN`) is plausible to read, not checked against the rules.
"""

from typing import Any

from sample_plans import pattern_kinds

from models.plan import Day, Exercise, Objective, PhaseSpan, Plan, RunSession, StrengthSession
from models.request import PlanRequest

REQUEST: dict[str, Any] = {"start_date": "2027-03-01", "weeks": 8, "time_limit_seconds": 2}


def handmade_plan(**fields: Any) -> Plan:
    request = PlanRequest.model_validate({**REQUEST, **fields})
    cycle = request.cycle
    days = []
    for index in range(cycle.n_days):
        run, strength = pattern_kinds(request, index)
        week = cycle.week_of(index)
        days.append(
            Day(
                date=cycle.date_of(index),
                week=week.number,
                phase=week.phase,
                run=RunSession(kind=run, minutes=50, description=f"{run} run") if run else None,
                strength=StrengthSession(
                    kind=strength,
                    minutes=45,
                    after_run=run is not None,
                    exercises=[Exercise(name="Back squat", sets=3, reps="5-8")],
                )
                if strength
                else None,
            )
        )
    return Plan(
        status="optimal",
        request=request,
        phases=[PhaseSpan(name=phase, start_date=start, end_date=end) for phase, start, end in cycle.phase_spans()],
        days=days,
        objective=Objective(value=0, terms={}),
        solver={"status": "OPTIMAL"},
    )


def session_count(plan: Plan) -> int:
    return sum((day.run is not None) + (day.strength is not None) for day in plan.days)
