"""Weekly counts by phase.

In a normal week the counts are exact. In a disrupted week (the partial first
week, a week with an unavailable date, the re-plan's current week) every upper
bound stays hard and every lower bound becomes a P-RECOVER-KEY shortfall: the
planner fills the week as far as the hard rules allow and never crams.
"""

from collections.abc import Iterable

from models.calendar import Week
from models.kinds import COUNTED_STRENGTH, HARD_LIFTS, Level, Phase, RunKind, StrengthKind
from solver.domain import Domain
from solver.targets import quality_target, strength_target
from solver.variables import LIFT_KINDS, RUN_KINDS, PlanModel

# A missed weekly minimum costs P-RECOVER-KEY's weight times this factor. The
# long run is the week's cornerstone: one missed day can leave several minimums
# short at once (a quality run, a lift, a power session), and making those good
# must never cost the week its long run.
SHORTFALL_FACTOR = {"R-LONG-WEEKLY": 4, "R-QUALITY-FREQ": 2}
# Strength kinds banned outright by phase: nothing heavy or explosive in the
# taper, nothing but mobility in race week.
BANNED_LIFTS: dict[Phase, tuple[StrengthKind, ...]] = {
    Phase.TAPER: HARD_LIFTS,
    Phase.RACE_WEEK: tuple(k for k in LIFT_KINDS if k != StrengthKind.MOBILITY),
}


def bound_week(
    pm: PlanModel,
    rule: str,
    week: Week,
    *,
    runs: Iterable[RunKind] = (),
    lifts: Iterable[StrengthKind] = (),
    lower: int = 0,
    upper: int | None = None,
    input: str | None = None,
    forced: int = 0,
) -> None:
    """Keep a week's count of these kinds within [lower, upper], minding history and disruption.

    `forced` counts sessions the rest of the week must hold whatever was done
    before as_of (the race itself), so history can never leave no room for them.
    """
    if pm.week_is_past(week):
        return
    runs, lifts = tuple(runs), tuple(lifts)
    total = pm.count(week.days, runs, lifts)
    if upper is not None:
        # The athlete may already have done more this week; the future adds nothing beyond the bound.
        cap = max(upper, pm.history_count(week.days, runs, lifts) + forced)
        pm.require(total <= cap, rule, input)
    if lower > 0:
        if week.number in pm.disrupted:
            missed = pm.excess(lower - total, lower, f"short {rule} w{week.number}")
            pm.penalize("P-RECOVER-KEY", missed, SHORTFALL_FACTOR.get(rule, 1))
        else:
            pm.require(total >= lower, rule, input)


def training_weeks(pm: PlanModel) -> tuple[Week, ...]:
    """Race week and the weeks before it: the recovery weeks after it follow R-RECOVERY's counts instead."""
    return pm.cycle.weeks[: pm.cycle.n_training_weeks]


def ban_r_long_weekly(domain: Domain) -> None:
    """R-LONG-WEEKLY: no long run in race week."""
    ban_in_race_week(domain, RunKind.LONG, "R-LONG-WEEKLY")


def ban_in_race_week(domain: Domain, kind: RunKind, rule: str) -> None:
    race_week = domain.cycle.race_week
    for d in race_week.days:
        if d >= domain.as_of:
            domain.ban(d, "run", [kind], rule)


def add_r_long_weekly(pm: PlanModel) -> None:
    """R-LONG-WEEKLY: one long run every week of base, build and taper; none in race week."""
    for week in training_weeks(pm):
        target = 0 if week.phase == Phase.RACE_WEEK else 1
        bound_week(pm, "R-LONG-WEEKLY", week, runs=[RunKind.LONG], lower=target, upper=target)


def add_r_runs_per_week(pm: PlanModel) -> None:
    """R-RUNS-PER-WEEK: the athlete's runs_per_week running days; in race week at most that, and at
    least min(3, runs_per_week) with the race: the legs stay used to running right up to the race."""
    target = pm.request.runs_per_week
    for week in training_weeks(pm):
        lower = min(3, target) if week.phase == Phase.RACE_WEEK else target
        race_ahead = int(week.last == pm.cycle.race_index)
        bound_week(
            pm,
            "R-RUNS-PER-WEEK",
            week,
            runs=RUN_KINDS,
            lower=lower,
            upper=target,
            input="runs_per_week",
            forced=race_ahead,
        )


def ban_r_quality_freq(domain: Domain) -> None:
    """R-QUALITY-FREQ: no quality run in race week."""
    ban_in_race_week(domain, RunKind.QUALITY, "R-QUALITY-FREQ")


def add_r_quality_freq(pm: PlanModel) -> None:
    """R-QUALITY-FREQ: quality runs a week by phase (beginners at most one)."""
    for week in training_weeks(pm):
        target = quality_target(week.phase, pm.request.level)
        bound_week(pm, "R-QUALITY-FREQ", week, runs=[RunKind.QUALITY], lower=target, upper=target)


def add_r_strength_freq(pm: PlanModel) -> None:
    """R-STRENGTH-FREQ: counted strength sessions a week follow the phase."""
    n_base = pm.cycle.phase_lengths[Phase.BASE]
    for week in training_weeks(pm):
        target = strength_target(week, n_base, pm.request.level)
        bound_week(pm, "R-STRENGTH-FREQ", week, lifts=COUNTED_STRENGTH, lower=target, upper=target)


def ban_r_strength_kind_by_phase(domain: Domain) -> None:
    """R-STRENGTH-KIND-BY-PHASE: nothing heavy or explosive in the taper, mobility only in race week."""
    for week in domain.cycle.weeks:
        banned = BANNED_LIFTS.get(week.phase, ())
        for d in week.days:
            if d >= domain.as_of:
                domain.ban(d, "lift", banned, "R-STRENGTH-KIND-BY-PHASE")


def add_r_strength_kind_by_phase(pm: PlanModel) -> None:
    """R-STRENGTH-KIND-BY-PHASE: at least one heavy lift a base week; power in build, one heavy at most."""
    rule = "R-STRENGTH-KIND-BY-PHASE"
    beginner = pm.request.level == Level.BEGINNER
    for week in pm.cycle.weeks:
        if week.phase == Phase.BASE:
            bound_week(pm, rule, week, lifts=[StrengthKind.HEAVY_LOWER], lower=1)
        elif week.phase == Phase.BUILD:
            power = [StrengthKind.POWER, StrengthKind.FULL_BODY] if beginner else [StrengthKind.POWER]
            bound_week(pm, rule, week, lifts=power, lower=1)
            bound_week(pm, rule, week, lifts=[StrengthKind.HEAVY_LOWER], upper=1)


def weekly_targets(pm: PlanModel, week: Week) -> tuple[object, ...]:
    """What the weekly rules ask of a week: weeks alike in this ask for the same sessions."""
    n_base, level = pm.cycle.phase_lengths[Phase.BASE], pm.request.level
    return (week.phase, strength_target(week, n_base, level), quality_target(week.phase, level))


def add_r_chill_day(pm: PlanModel) -> None:
    """R-CHILL-DAY: always leave space for one chill day in every full week."""
    for week in training_weeks(pm):
        if not week.full or pm.week_is_past(week):
            continue
        chill = []
        for d in week.days:
            busy = pm.open_literals([pm.hard_run(d), pm.counted(d)])
            if busy is None:
                continue  # a hard run or a counted lift is certain
            day = pm.model.new_bool_var(f"chill {d}") if busy else pm.true
            for literal in busy:
                pm.add_clause([~day, ~literal])
            chill.append(day)
        if week.number in pm.disrupted:
            missed = pm.excess(1 - pm.total(chill), 1, f"short chill w{week.number}")
            pm.penalize("P-RECOVER-KEY", missed)
        else:
            pm.clause(chill, "R-CHILL-DAY")


def add_r_mobility_weekly(pm: PlanModel) -> None:
    """R-MOBILITY-WEEKLY: dedicated mobility sessions once a week."""
    for week in pm.cycle.weeks:
        bound_week(pm, "R-MOBILITY-WEEKLY", week, lifts=[StrengthKind.MOBILITY], lower=1)
