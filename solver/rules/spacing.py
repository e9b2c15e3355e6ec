"""Rules about how sessions sit next to each other in time.

Each constraint that spans days is added whenever one of its days is still
open (R-HISTORY): a heavy lift done yesterday still blocks a long run tomorrow.
"""

from models.calendar import HEAVY_CUTOFF_DAYS, NO_LEGS_LAST_DAYS
from models.kinds import LEG_LOADING, RunKind, StrengthKind
from solver.domain import Domain
from solver.variables import PlanModel

EASY_OR_QUALITY = (RunKind.EASY, RunKind.QUALITY)


def add_r_hard_easy(pm: PlanModel) -> None:
    """R-HARD-EASY: hard days hard, easy days easy; a rest day must not become a secret hard day."""
    for d in range(pm.n_days - 1):
        if pm.active(d, d + 1):
            pm.not_both(pm.hard_day[d], pm.hard_day[d + 1], "R-HARD-EASY")
    for d in range(pm.as_of, pm.n_days):
        pm.clause([~pm.hard_lift(d), *(pm.run[d, k] for k in EASY_OR_QUALITY)], "R-HARD-EASY")


def add_r_48h_long(pm: PlanModel) -> None:
    """R-48H-LONG: legs need 48 hours (or the chosen 24) to be fresh for a long run or the race."""
    days_before = pm.request.long_run_buffer_hours // 24
    for target in range(pm.n_days):
        long_or_race = pm.long_or_race(target)
        for d in range(max(0, target - days_before), target + 1):
            if pm.active(d, target):
                pm.not_both(pm.legs(d), long_or_race, "R-48H-LONG")


def add_r_day_before_quality(pm: PlanModel) -> None:
    """R-DAY-BEFORE-QUALITY: avoid lifting legs the day before speed work."""
    for d in range(pm.n_days - 1):
        if pm.active(d, d + 1):
            pm.not_both(pm.legs(d), pm.run[d + 1, RunKind.QUALITY], "R-DAY-BEFORE-QUALITY")


def add_r_legs_not_consecutive(pm: PlanModel) -> None:
    """R-LEGS-NOT-CONSECUTIVE: no leg day two days in a row."""
    for d in range(pm.n_days - 1):
        if pm.active(d, d + 1):
            pm.not_both(pm.legs(d), pm.legs(d + 1), "R-LEGS-NOT-CONSECUTIVE")


def ban_r_taper_cutoff(domain: Domain) -> None:
    """R-TAPER-CUTOFF: no heavy lifting close to race day; nothing loading the legs in the last 5 days."""
    cutoff = HEAVY_CUTOFF_DAYS[domain.request.race_distance]
    for d in range(domain.as_of, domain.n_days):
        before = domain.cycle.days_before_race(d)
        if before < 0:
            continue  # after the race: R-RECOVERY's days
        if before < NO_LEGS_LAST_DAYS:
            domain.ban(d, "lift", LEG_LOADING, "R-TAPER-CUTOFF")
        elif before <= cutoff:
            domain.ban(d, "lift", [StrengthKind.HEAVY_LOWER], "R-TAPER-CUTOFF")
