"""Rules about a single day: its slots, the athlete's calendar and race day."""

from ortools.sat.python import cp_model

from models.kinds import RunKind, StrengthKind
from solver import content
from solver.domain import OPTIONS, Domain
from solver.load import RUN_LIMITS, UNIT
from solver.variables import LIFT_KINDS, RUN_KINDS, PlanModel


def add_r_one_per_day(pm: PlanModel) -> None:
    """R-ONE-PER-DAY: at most one run and one strength session a day ("Run hard first. Lift after.").

    Each slot takes exactly one option, "nothing" included. This is the model's
    structure rather than a choice, so it is never put behind an assumption.
    """
    for d in range(pm.n_days):
        pm.exactly_one(pm.slot_literals(d, "run"))
        pm.exactly_one(pm.slot_literals(d, "lift"))


def ban_r_avail(domain: Domain) -> None:
    """R-AVAIL, day by day: nothing on unavailable dates, weekday access, sessions too long
    for the day's budget, and fixed sessions kept."""
    request, cycle, race_day = domain.request, domain.cycle, domain.cycle.race_index
    unavailable = {cycle.index_of(day) for day in request.unavailable_dates}
    for d in range(domain.as_of, domain.n_days):
        if d in unavailable:
            domain.ban(d, "run", RUN_KINDS, "R-AVAIL", "unavailable_dates")
            domain.ban(d, "lift", LIFT_KINDS, "R-AVAIL", "unavailable_dates")
            continue
        if d == race_day:
            continue  # the race date is the athlete's own choice: exempt from weekday access and budgets
        weekday = cycle.weekday_of(d)
        access, source = request.availability[weekday], f"availability.{weekday}"
        if not access.run:
            domain.ban(d, "run", RUN_KINDS, "R-AVAIL", source)
        if not access.strength:
            domain.ban(d, "lift", LIFT_KINDS, "R-AVAIL", source)
        if access.max_minutes is not None:
            too_long = [k for k, (shortest, _) in RUN_LIMITS.items() if shortest > access.max_minutes]
            domain.ban(d, "run", too_long, "R-AVAIL", source)
            too_long_lifts = [k for k in LIFT_KINDS if content.strength_minutes(k) > access.max_minutes]
            domain.ban(d, "lift", too_long_lifts, "R-AVAIL", source)
    for i, fixed in enumerate(request.fixed):
        d = cycle.index_of(fixed.date)
        if d < domain.as_of:
            continue  # a commitment in the past is history now
        if fixed.run is not None:
            domain.keep_only(d, "run", fixed.run, "R-AVAIL", f"fixed[{i}]")
        if fixed.strength is not None:
            domain.keep_only(d, "lift", fixed.strength, "R-AVAIL", f"fixed[{i}]")


def add_r_avail(pm: PlanModel) -> None:
    """R-AVAIL across a day's two slots: the run's chosen minutes and the lift together within the day's budget.

    A long run thus only goes where the day has room for it, at the length the week needs.
    """
    request, cycle, race_day = pm.request, pm.cycle, pm.cycle.race_index
    unavailable = {cycle.index_of(day) for day in request.unavailable_dates}
    for d in range(pm.as_of, pm.n_days):
        access = request.availability[cycle.weekday_of(d)]
        if access.max_minutes is None or d in unavailable or d == race_day:
            continue
        lifts = [(content.strength_minutes(k), lit) for k, lit in pm.options(d, "lift") if k is not None]
        run = UNIT * pm.load.day_units(d)
        lift = cp_model.LinearExpr.weighted_sum([lit for _, lit in lifts], [m for m, _ in lifts])
        pm.require(run + lift <= access.max_minutes, "R-AVAIL", f"availability.{cycle.weekday_of(d)}")


def ban_r_race(domain: Domain) -> None:
    """R-RACE: exactly one race, on race day, with nothing but mobility beside it."""
    race_day = domain.cycle.race_index
    for d in range(domain.as_of, domain.n_days):
        if d != race_day:
            domain.ban(d, "run", [RunKind.RACE], "R-RACE")
    if race_day < domain.as_of:
        return  # a re-plan in the recovery weeks: the race is history
    domain.keep_only(race_day, "run", RunKind.RACE, "R-RACE")
    beside = [o for o in OPTIONS["lift"] if o not in (None, StrengthKind.MOBILITY)]
    domain.ban(race_day, "lift", beside, "R-RACE")
