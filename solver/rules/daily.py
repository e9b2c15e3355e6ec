"""Rules about a single day: its slots, the athlete's calendar and race day."""

from models.kinds import RunKind, StrengthKind
from solver import content
from solver.variables import LIFT_KINDS, RUN_KINDS, PlanModel


def add_r_one_per_day(pm: PlanModel) -> None:
    """R-ONE-PER-DAY: at most one run and one strength session a day ("Run hard first. Lift after.").

    Each slot takes exactly one option, "nothing" included. This is the model's
    structure rather than a choice, so it is never put behind an assumption.
    """
    for d in range(pm.n_days):
        pm.model.add_exactly_one([pm.no_run[d], *(pm.run[d, k] for k in RUN_KINDS)])
        pm.model.add_exactly_one([pm.no_lift[d], *(pm.lift[d, k] for k in LIFT_KINDS)])


def add_r_avail(pm: PlanModel) -> None:
    """R-AVAIL: nothing on unavailable days, weekday access and minute budgets kept, fixed sessions kept."""
    request, cycle, race_day = pm.request, pm.cycle, pm.n_days - 1
    unavailable = {cycle.index_of(day) for day in request.unavailable_dates}
    for d in range(pm.as_of, pm.n_days):
        if d in unavailable:
            every = [pm.run[d, k] for k in RUN_KINDS] + [pm.lift[d, k] for k in LIFT_KINDS]
            pm.forbid(every, "R-AVAIL", "unavailable_dates")
            continue
        if d == race_day:
            continue  # the race date is the athlete's own choice: exempt from weekday access and budgets
        weekday = cycle.weekday_of(d)
        access, source = request.availability[weekday], f"availability.{weekday}"
        if not access.run:
            pm.forbid([pm.run[d, k] for k in RUN_KINDS], "R-AVAIL", source)
        if not access.strength:
            pm.forbid([pm.lift[d, k] for k in LIFT_KINDS], "R-AVAIL", source)
        if access.max_minutes is not None:
            phase = cycle.week_of(d).phase
            minutes = [content.run_minutes(k, phase, request) * pm.run[d, k] for k in RUN_KINDS]
            minutes += [content.strength_minutes(k) * pm.lift[d, k] for k in LIFT_KINDS]
            pm.require(sum(minutes) <= access.max_minutes, "R-AVAIL", source)
    for i, fixed in enumerate(request.fixed):
        d = cycle.index_of(fixed.date)
        if d < pm.as_of:
            continue  # a commitment in the past is history now
        if fixed.run is not None:
            pm.clause([pm.run[d, fixed.run]], "R-AVAIL", f"fixed[{i}]")
        if fixed.strength is not None:
            pm.clause([pm.lift[d, fixed.strength]], "R-AVAIL", f"fixed[{i}]")


def add_r_race(pm: PlanModel) -> None:
    """R-RACE: exactly one race, on race day, with nothing but mobility beside it."""
    race_day = pm.n_days - 1
    pm.clause([pm.run[race_day, RunKind.RACE]], "R-RACE")
    pm.forbid([pm.run[d, RunKind.RACE] for d in range(pm.as_of, race_day)], "R-RACE")
    pm.forbid([pm.lift[race_day, k] for k in LIFT_KINDS if k != StrengthKind.MOBILITY], "R-RACE")
