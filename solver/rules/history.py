"""R-HISTORY: when re-planning, the past is what actually happened."""

from solver.domain import Domain


def ban_r_history(domain: Domain) -> None:
    """R-HISTORY: every day before as_of is fixed to what was done, missed or changed."""
    for d in range(domain.as_of):
        run, lift = domain.history.get(d, (None, None))
        domain.keep_only(d, "run", run, "R-HISTORY")
        domain.keep_only(d, "lift", lift, "R-HISTORY")
