"""Training load: how long each run is, and how the weeks build, step back, taper and return.

The minutes are decisions of the model (`solver.volume`); the caps are data
worked out before the solve (`solver.load.LoadFrame.caps`), each raised to the
week's floor so that a cap never makes a plan impossible, only holds volume at
the least the week's runs allow. Caps on the long run bind a long run the plan
still chooses (from as_of on): one already run is history.
"""

from models.kinds import Phase, RunKind
from solver.load import LONG_GAP, RUN_LIMITS, UNIT, V
from solver.variables import PlanModel

GAP_UNITS = LONG_GAP // UNIT
OTHER_RUNS = (RunKind.EASY, RunKind.QUALITY)


def add_r_run_minutes(pm: PlanModel) -> None:
    """R-RUN-MINUTES: easy 20-90, quality 30-90, long 30 to C_L and 10 longer than every other run of its week."""
    rule, load = "R-RUN-MINUTES", pm.load
    for (d, kind), units in load.units.items():
        literal = pm.run[d, kind]
        shortest = RUN_LIMITS[kind][0] // UNIT
        fixed = pm.constant(literal) is True
        pm.require(units >= shortest if fixed else units >= shortest * literal, rule)
    for week in pm.cycle.weeks:
        if pm.week_is_past(week):
            continue
        has_long = load.has_long(pm, week.number)
        if pm.constant(has_long) is False:
            continue
        long_units = load.long_units(pm, week.number)
        for d in load.open_days(pm, week.number):
            for kind in OTHER_RUNS:
                if (d, kind) not in load.units:
                    continue
                conditions = [c for c in (pm.run[d, kind], has_long) if pm.constant(c) is None]
                added = pm.model.add(load.units[d, kind] + GAP_UNITS <= long_units)
                added.only_enforce_if([*conditions, *pm.guard(rule)])


def add_caps(pm: PlanModel, rule: str) -> None:
    """Every cap of one rule: den * measure <= max(num * reference + den * offset, den * floor)."""
    load = pm.load
    for cap in load.frame.caps:
        if cap.rule != rule:
            continue
        measure = load.volume(pm, cap.week) if cap.measure == V else UNIT * load.long_units(pm, cap.week)
        pm.require(cap.ratio.denominator * measure <= load.bound(pm, cap), rule)


def add_r_ramp(pm: PlanModel) -> None:
    """R-RAMP: a base or build week holds at most 10% more than the larger of the two before it,
    its long run at most 15 minutes more (weekly increases beyond that raise injury risk)."""
    add_caps(pm, "R-RAMP")


def add_r_cutback(pm: PlanModel) -> None:
    """R-CUTBACK: every few weeks a step back to 80%, and below every week of its block: the body absorbs the work."""
    add_caps(pm, "R-CUTBACK")


def add_r_taper_volume(pm: PlanModel) -> None:
    """R-TAPER-VOLUME: taper and race week come down from the peak; the runs and their intensity stay."""
    add_caps(pm, "R-TAPER-VOLUME")


def add_r_return(pm: PlanModel) -> None:
    """R-RETURN: after a break the volume comes back on a fixed schedule; missed minutes are never made up.

    In a re-plan no week holds more run minutes than the plan it replaces gave
    it (or its floor): what was missed is gone, not added to the runs left.
    """
    add_caps(pm, "R-RETURN")
    load = pm.load
    for week in pm.cycle.weeks:
        before = pm.previous_volume.get(week.number)
        if before is None or pm.week_is_past(week):
            continue
        ceiling = load.at_least(pm, before, load.floor(pm, week.number), f"no make-up w{week.number}")
        pm.require(load.volume(pm, week.number) <= ceiling, "R-RETURN")


def add_r_long_share(pm: PlanModel) -> None:
    """R-LONG-SHARE: in a week of 3 or more runs, the long run is at most half of the week's minutes."""
    rule, load = "R-LONG-SHARE", pm.load
    for week in pm.cycle.weeks:
        if pm.week_is_past(week) or week.phase == Phase.RACE_WEEK:
            continue
        if pm.constant(load.has_long(pm, week.number)) is False:
            continue
        share = 2 * UNIT * load.long_units(pm, week.number) <= load.volume(pm, week.number)
        if week.number not in pm.disrupted:
            pm.require(share, rule)  # runs_per_week is at least 3
            continue
        three = pm.model.new_bool_var(f"three runs w{week.number}")
        pm.model.add(pm.count(week.days, runs=tuple(RunKind)) <= 2).only_enforce_if(~three)
        pm.model.add(share).only_enforce_if([three, *pm.guard(rule)])
