"""Every hard rule of RULES.md, one function each, named after its rule id.

The registry lists them in RULES.md's order; `solver.solve` adds them all.
"""

from collections.abc import Callable

from solver.rules.daily import add_r_avail, add_r_one_per_day, add_r_race
from solver.rules.history import add_r_history
from solver.rules.spacing import (
    add_r_48h_long,
    add_r_day_before_quality,
    add_r_hard_easy,
    add_r_legs_not_consecutive,
    add_r_taper_cutoff,
)
from solver.rules.weekly import (
    add_r_chill_day,
    add_r_long_weekly,
    add_r_mobility_weekly,
    add_r_quality_freq,
    add_r_runs_per_week,
    add_r_strength_freq,
    add_r_strength_kind_by_phase,
)
from solver.variables import PlanModel

HARD_RULES: dict[str, Callable[[PlanModel], None]] = {
    "R-ONE-PER-DAY": add_r_one_per_day,
    "R-AVAIL": add_r_avail,
    "R-RACE": add_r_race,
    "R-LONG-WEEKLY": add_r_long_weekly,
    "R-RUNS-PER-WEEK": add_r_runs_per_week,
    "R-QUALITY-FREQ": add_r_quality_freq,
    "R-HARD-EASY": add_r_hard_easy,
    "R-48H-LONG": add_r_48h_long,
    "R-DAY-BEFORE-QUALITY": add_r_day_before_quality,
    "R-LEGS-NOT-CONSECUTIVE": add_r_legs_not_consecutive,
    "R-STRENGTH-FREQ": add_r_strength_freq,
    "R-STRENGTH-KIND-BY-PHASE": add_r_strength_kind_by_phase,
    "R-TAPER-CUTOFF": add_r_taper_cutoff,
    "R-CHILL-DAY": add_r_chill_day,
    "R-MOBILITY-WEEKLY": add_r_mobility_weekly,
    "R-HISTORY": add_r_history,
}
