"""Soft rules (docs/rules.md, "Soft rules"): weighted penalty terms, one function each.

The objective is the weighted sum of every term; each plan reports the value
booked under each rule id, so an athlete can see what a preference cost.
"""

from collections.abc import Callable

from ortools.sat.python import cp_model

from models.calendar import Week
from models.kinds import COUNTED_STRENGTH, Phase, RunKind, StrengthKind
from solver.load import RUN_LIMITS, UNIT
from solver.rules.weekly import weekly_targets
from solver.variables import PlanModel
from solver.volume import WEEK_MINUTES_BOUND

# Default weights: high 10, medium 5, low 1. A missed weekly minimum in a
# disrupted week costs more than any single preference, so the planner only
# gives one up when the hard rules leave no room (it never crams).
DEFAULT_WEIGHTS: dict[str, int] = {
    "P-LONG-DAY": 10,
    "P-REST-DAY": 5,
    "P-STACK-HARD": 5,
    "P-SPREAD": 1,
    "P-ROUTINE": 1,
    "P-STABLE": 10,
    "P-RECOVER-KEY": 25,
    "P-VOLUME": 5,
    "P-EVEN": 1,
    "P-RECOVERY-LIFT": 1,
}
# P-STABLE: a change within the next 48 hours costs this many times more.
NEXT_48H_FACTOR = 3
# P-EVEN: the easy runs of a week lie within this many minutes of each other.
EVEN_WITHIN = 15


def add_p_long_day(pm: PlanModel) -> None:
    """P-LONG-DAY: the long run on the athlete's preferred day (default Sunday)."""
    preferred = pm.request.long_run_day
    for d in range(pm.as_of, pm.n_days):
        if pm.cycle.weekday_of(d) != preferred:
            pm.penalize("P-LONG-DAY", pm.run[d, RunKind.LONG])


def add_p_rest_day(pm: PlanModel) -> None:
    """P-REST-DAY: full rest on the preferred rest days."""
    rest_days = set(pm.request.rest_days)
    for d in range(pm.as_of, pm.n_days):
        if pm.cycle.weekday_of(d) in rest_days and d != pm.cycle.race_index:
            busy = pm.violation([[pm.no_run[d]], [pm.no_lift[d]]], f"busy {d}")
            pm.penalize("P-REST-DAY", busy)


def add_p_stack_hard(pm: PlanModel) -> None:
    """P-STACK-HARD: a heavy or power lift on the same day as a quality run (hard days hard)."""
    for d in range(pm.as_of, pm.n_days):
        alone = pm.violation([[~pm.hard_lift(d), pm.run[d, RunKind.QUALITY]]], f"unstacked {d}")
        pm.penalize("P-STACK-HARD", alone)


def add_p_spread(pm: PlanModel) -> None:
    """P-SPREAD: counted strength sessions at least one day apart."""
    for d in range(max(pm.as_of - 1, 0), pm.n_days - 1):
        both = pm.violation([[~pm.counted(d), ~pm.counted(d + 1)]], f"adjacent lifts {d}")
        pm.penalize("P-SPREAD", both)


def add_p_routine(pm: PlanModel) -> None:
    """P-ROUTINE: the same weekday pattern week to week within a phase (a routine is easier to keep).

    Each normal week is compared, day by day, with the last earlier normal week
    that asks for the same sessions (same phase and weekly counts). A disrupted
    week (travel, the partial first week, the re-plan's current week) is not a
    routine to keep, and a week that asks for one lift fewer cannot match one
    that asks for more; comparing those would only charge for what the rules force.
    Race week, a phase of one week, keeps the last taper week's running days.
    """
    last_seen: dict[tuple[object, ...], Week] = {}
    last_taper: Week | None = None
    for week in pm.cycle.weeks:
        if week.number in pm.disrupted or pm.week_is_past(week):
            continue
        if week.phase == Phase.RACE_WEEK and last_taper is not None:
            keep_running_days(pm, last_taper, week)
        key = weekly_targets(pm, week)
        earlier = last_seen.get(key)
        last_seen[key] = week
        last_taper = week if week.phase == Phase.TAPER else last_taper
        if earlier is None:
            continue
        offset = week.first - earlier.first
        for d in earlier.days:
            for slot in ("run", "lift"):
                # Changed: an option held on day d is missing on the same weekday of the later week.
                pairs = zip(pm.slot_literals(d, slot), pm.slot_literals(d + offset, slot), strict=True)
                changed = pm.violation([[~option, same] for option, same in pairs], f"{slot} routine {d + offset}")
                pm.penalize("P-ROUTINE", changed)


def keep_running_days(pm: PlanModel, taper: Week, race_week: Week) -> None:
    """Race week keeps the taper's running days (its quality and long runs become easy ones).

    Race week has no minimum of runs (R-RUNS-PER-WEEK caps it), and nothing else
    would keep the athlete running in the last days before the race: the routine
    of running days is what carries into race week. Race day itself is the race.
    """
    offset = race_week.first - taper.first
    for d in taper.days:
        if d + offset == pm.cycle.race_index:
            continue
        rest, later_rest = pm.no_run[d], pm.no_run[d + offset]
        changed = pm.violation([[rest, ~later_rest], [~rest, later_rest]], f"run days routine {d + offset}")
        pm.penalize("P-ROUTINE", changed)


def add_p_stable(pm: PlanModel) -> None:
    """P-STABLE: when re-planning, change as few future days as possible, the next 48 hours least of all.

    A day counts as changed when its sessions change. Run minutes follow the
    load rules from what was really done (a missed week lowers the weeks after
    it), so they are kept where they can be by a tie-break
    (`add_minutes_stability_tie_break`), never traded against the rules.
    """
    for d, (run, lift) in sorted(pm.previous.items()):
        if d < pm.as_of:
            continue
        changed = pm.violation([[pm.option(d, "run", run)], [pm.option(d, "lift", lift)]], f"changed {d}")
        pm.penalize("P-STABLE", changed, NEXT_48H_FACTOR if d < pm.as_of + 2 else 1)


def add_minutes_stability_tie_break(pm: PlanModel) -> None:
    """Among equally good re-plans, runs that keep their kind keep their minutes as far as the week allows.

    Unlike the quality lengths, these terms are zero in most of a re-plan, which
    keeps proving them cheap: they are tie-breaks of the search itself.
    """
    load = pm.load
    for d, minutes in sorted(pm.previous_minutes.items()):
        run = pm.previous.get(d, (None, None))[0]
        if d < pm.as_of or run is None or (d, run) not in load.units:
            continue
        units, before = load.units[d, run], minutes // UNIT
        top = RUN_LIMITS[RunKind.LONG][1] // UNIT
        away = pm.model.new_int_var(0, top, f"minutes moved {d}")
        pm.model.add(away >= units - before).only_enforce_if(pm.run[d, run])
        pm.model.add(away >= before - units).only_enforce_if(pm.run[d, run])
        pm.tie_breaks.append((away, top))


def add_p_volume(pm: PlanModel) -> None:
    """P-VOLUME: each week's run minutes and long run as close to the target curve as the rules allow,
    every 5 minutes short costing.

    The curve builds from the athlete's starting point (`solver.load`); the caps
    hold volume down, this is what pulls it up. Nothing else pulls volume up, so
    a week never needs to pass its target except to reach its floor: the target
    (or the floor, if higher) is a ceiling, and only the shortfall costs. A cost
    that falls as minutes rise is one the search bounds far better than a
    distance either way.
    """
    load = pm.load
    for week in pm.cycle.weeks:
        if pm.week_is_past(week):
            continue
        target, target_long = load.frame.targets[week.number]
        measures = [(load.volume(pm, week.number), target, load.floor(pm, week.number), "V")]
        if week.phase != Phase.RACE_WEEK and pm.constant(load.has_long(pm, week.number)) is not False:
            long = UNIT * load.long_units(pm, week.number)
            measures.append((long, target_long, load.long_floor(pm, week.number), "L"))
        for measure, aim, floor, name in measures:
            pm.model.add(measure <= load.at_least(pm, aim, floor, f"ceiling {name} w{week.number}"))
            short = pm.model.new_int_var(0, WEEK_MINUTES_BOUND // UNIT, f"short of target {name} w{week.number}")
            pm.model.add(UNIT * short >= aim - measure)
            pm.penalize("P-VOLUME", short)


def add_p_even(pm: PlanModel) -> None:
    """P-EVEN: the easy runs of a week within 15 minutes of each other (an even week is easier to keep)."""
    load = pm.load
    spread = EVEN_WITHIN // UNIT
    top = RUN_LIMITS[RunKind.EASY][1] // UNIT
    for week in pm.cycle.weeks:
        days = [d for d in load.open_days(pm, week.number) if (d, RunKind.EASY) in load.units]
        if len(days) < 2:
            continue
        longest = pm.model.new_int_var(0, top, f"longest easy w{week.number}")
        shortest = pm.model.new_int_var(0, top, f"shortest easy w{week.number}")
        for d in days:
            units, easy = load.units[d, RunKind.EASY], pm.run[d, RunKind.EASY]
            pm.model.add(longest >= units)
            pm.model.add(shortest <= units + top * (1 - easy))
        uneven = pm.model.new_bool_var(f"uneven w{week.number}")
        pm.model.add(longest - shortest <= spread).only_enforce_if(~uneven)
        pm.penalize("P-EVEN", uneven)


def add_p_recovery_lift(pm: PlanModel) -> None:
    """P-RECOVERY-LIFT: one low-load strength session (isometric holds or upper body and core) in each
    recovery week: a reset keeps the body moving under light load, it does not stop.

    Among equally good plans, holds win over upper body and core: "low-load
    strength like wall sits or core holds" is what the recovery block asks for,
    and a hold session is the shorter of the two.
    """
    for week in pm.cycle.recovery:
        if pm.week_is_past(week):
            continue
        sessions = pm.count(week.days, lifts=COUNTED_STRENGTH)
        pm.penalize("P-RECOVERY-LIFT", pm.excess(1 - sessions, 1, f"no recovery lift w{week.number}"))
        upper, top = pm.count(week.days, lifts=[StrengthKind.UPPER_CORE]), len(week.days)
        pm.tie_breaks.append((pm.excess(upper, top, f"upper_core in recovery w{week.number}"), top))


# P-RECOVER-KEY has no function of its own: its terms are the shortfalls of
# weekly minimums in disrupted weeks, booked by `solver.rules.weekly`.
SOFT_RULES: dict[str, Callable[[PlanModel], None]] = {
    "P-LONG-DAY": add_p_long_day,
    "P-REST-DAY": add_p_rest_day,
    "P-STACK-HARD": add_p_stack_hard,
    "P-SPREAD": add_p_spread,
    "P-ROUTINE": add_p_routine,
    "P-STABLE": add_p_stable,
    "P-VOLUME": add_p_volume,
    "P-EVEN": add_p_even,
    "P-RECOVERY-LIFT": add_p_recovery_lift,
}


def set_objective(pm: PlanModel) -> None:
    """Minimise the weighted soft-rule terms; break ties towards one mobility session a week.

    Mobility is free under every rule, so without the tie-break a plan could
    carry one every day. The tie-break counts mobility sessions beyond the
    first of each week (zero at best, which keeps optimality proofs cheap);
    scaling the rule terms by more than the number of days keeps it from ever
    outweighing a single unit of a rule's cost.
    """
    pairs = [pair for terms in pm.penalties.values() for pair in terms]
    add_minutes_stability_tie_break(pm)
    extra = list(pm.tie_breaks)
    for week in pm.cycle.weeks:
        if not pm.week_is_past(week):
            sessions = pm.count(week.days, lifts=[StrengthKind.MOBILITY])
            extra.append((pm.excess(sessions - 1, 7, f"extra mobility w{week.number}"), 7))
    # One unit of any rule's cost outweighs every tie-break together.
    pm.objective_scale = 1 + sum(top for _, top in extra)
    variables = [var for var, _ in pairs] + [var for var, _ in extra]
    weights = [weight * pm.objective_scale for _, weight in pairs] + [1] * len(extra)
    pm.objective = cp_model.LinearExpr.weighted_sum(variables, weights)
    pm.model.minimize(pm.objective)
