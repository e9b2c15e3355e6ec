"""Every hard rule of the rule catalogue (docs/rules.md), named after its rule id.

A rule has up to two parts: `ban_r_*` rules options out one day at a time
(`solver.domain`), and `add_r_*` adds the constraints between options. The
registry lists the rules in the catalogue's order; `solver.model.build` applies
every ban, then adds every constraint.
"""

from collections.abc import Callable
from dataclasses import dataclass

from solver.domain import Domain
from solver.rules.daily import add_r_avail, add_r_one_per_day, ban_r_avail, ban_r_race
from solver.rules.history import ban_r_history
from solver.rules.load import (
    add_r_cutback,
    add_r_long_share,
    add_r_ramp,
    add_r_return,
    add_r_run_minutes,
    add_r_taper_volume,
)
from solver.rules.recovery import add_r_recovery, ban_r_recovery
from solver.rules.spacing import (
    add_r_48h_long,
    add_r_day_before_quality,
    add_r_hard_easy,
    add_r_legs_not_consecutive,
    ban_r_taper_cutoff,
)
from solver.rules.weekly import (
    add_r_chill_day,
    add_r_long_weekly,
    add_r_mobility_weekly,
    add_r_quality_freq,
    add_r_runs_per_week,
    add_r_strength_freq,
    add_r_strength_kind_by_phase,
    ban_r_long_weekly,
    ban_r_quality_freq,
    ban_r_strength_kind_by_phase,
)
from solver.variables import PlanModel


@dataclass(frozen=True)
class HardRule:
    bans: Callable[[Domain], None] | None = None
    add: Callable[[PlanModel], None] | None = None


HARD_RULES: dict[str, HardRule] = {
    "R-ONE-PER-DAY": HardRule(add=add_r_one_per_day),
    "R-AVAIL": HardRule(ban_r_avail, add_r_avail),
    "R-RACE": HardRule(ban_r_race),
    "R-LONG-WEEKLY": HardRule(ban_r_long_weekly, add_r_long_weekly),
    "R-RUNS-PER-WEEK": HardRule(add=add_r_runs_per_week),
    "R-QUALITY-FREQ": HardRule(ban_r_quality_freq, add_r_quality_freq),
    "R-HARD-EASY": HardRule(add=add_r_hard_easy),
    "R-48H-LONG": HardRule(add=add_r_48h_long),
    "R-DAY-BEFORE-QUALITY": HardRule(add=add_r_day_before_quality),
    "R-LEGS-NOT-CONSECUTIVE": HardRule(add=add_r_legs_not_consecutive),
    "R-STRENGTH-FREQ": HardRule(add=add_r_strength_freq),
    "R-STRENGTH-KIND-BY-PHASE": HardRule(ban_r_strength_kind_by_phase, add_r_strength_kind_by_phase),
    "R-TAPER-CUTOFF": HardRule(ban_r_taper_cutoff),
    "R-CHILL-DAY": HardRule(add=add_r_chill_day),
    "R-MOBILITY-WEEKLY": HardRule(add=add_r_mobility_weekly),
    "R-HISTORY": HardRule(ban_r_history),
    "R-RUN-MINUTES": HardRule(add=add_r_run_minutes),
    "R-RAMP": HardRule(add=add_r_ramp),
    "R-CUTBACK": HardRule(add=add_r_cutback),
    "R-TAPER-VOLUME": HardRule(add=add_r_taper_volume),
    "R-LONG-SHARE": HardRule(add=add_r_long_share),
    "R-RETURN": HardRule(add=add_r_return),
    "R-RECOVERY": HardRule(ban_r_recovery, add_r_recovery),
}
