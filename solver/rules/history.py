"""R-HISTORY: when re-planning, the past is what actually happened."""

from solver.variables import LIFT_KINDS, RUN_KINDS, PlanModel


def add_r_history(pm: PlanModel) -> None:
    """R-HISTORY: every day before as_of is fixed to what was done, missed or changed."""
    for d in range(pm.as_of):
        run, lift = pm.history.get(d, (None, None))
        options = [pm.no_run[d] if run is None else pm.run[d, run]]
        options += [pm.no_lift[d] if lift is None else pm.lift[d, lift]]
        others = [pm.run[d, k] for k in RUN_KINDS if k != run] + [pm.lift[d, k] for k in LIFT_KINDS if k != lift]
        pm.forbid([~option for option in options] + others, "R-HISTORY")
