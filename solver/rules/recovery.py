"""R-RECOVERY: the weeks after race day, easy running and low-load strength only.

Recovery weeks reset rather than rebuild: the weekly counts of the phase rules
do not apply there (`solver.rules.weekly` leaves them out), R-MOBILITY-WEEKLY,
R-ONE-PER-DAY, R-AVAIL and R-HARD-EASY do. This rule bans the hard options day
by day, and bounds each week: fewer runs than a training week, none over 45
minutes, and run minutes under a share of the peak that grows week by week
(a cap in `solver.load`, raised like every load cap to what was already done).
"""

from models.kinds import COUNTED_STRENGTH, LEG_LOADING, RunKind
from solver.domain import Domain
from solver.load import RECOVERY_FREE_DAYS, RECOVERY_RUN_MINUTES, UNIT, recovery_runs
from solver.rules.load import add_caps
from solver.rules.weekly import bound_week
from solver.variables import RUN_KINDS, PlanModel

RULE = "R-RECOVERY"


def ban_r_recovery(domain: Domain) -> None:
    """R-RECOVERY, day by day: only easy runs and low-load lifts; the days right after the race free."""
    race_day = domain.cycle.race_index
    for week in domain.cycle.recovery:
        for d in week.days:
            if d < domain.as_of:
                continue
            domain.ban(d, "run", [RunKind.QUALITY, RunKind.LONG], RULE)
            domain.ban(d, "lift", LEG_LOADING, RULE)
            if d - race_day <= RECOVERY_FREE_DAYS:
                domain.ban(d, "run", RUN_KINDS, RULE)
                domain.ban(d, "lift", COUNTED_STRENGTH, RULE)


def add_r_recovery(pm: PlanModel) -> None:
    """R-RECOVERY, week by week: at most runs_per_week - 1 runs (at least one allowed), each at most
    45 minutes, and the week's run minutes at most 30/50/65/80% of the peak."""
    most = recovery_runs(pm.request.runs_per_week)
    for week in pm.cycle.recovery:
        bound_week(pm, RULE, week, runs=RUN_KINDS, upper=most, input="runs_per_week")
        for d in pm.load.open_days(pm, week.number):
            units = pm.load.units.get((d, RunKind.EASY))
            if units is not None:
                pm.require(units <= RECOVERY_RUN_MINUTES // UNIT, RULE)
    add_caps(pm, RULE)
