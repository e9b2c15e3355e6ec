"""How a week's minutes split between its quality and easy runs, once the model has chosen them.

No rule sets the split: the model fixes each week's run minutes, its long run
and every day's sessions, and any split that keeps the week's total, each
run's lengths (R-RUN-MINUTES), each day's budget (R-AVAIL) and the evenness of
its easy runs (P-EVEN) is as good as any other under the rules. Left to the
search, the split would be arbitrary (a 30-minute interval session beside
55-minute easy runs); asking the search for a preferred split made it several
times slower. So the split is settled here, in plain Python, after the solve:
quality runs at their usual length for the phase, as far as the week allows,
and the easy runs share the rest as evenly as their days allow.

Nothing a rule or a soft rule measures changes: a week whose balanced split
would be more or less even than the model's (P-EVEN) keeps the model's split.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from models.kinds import Phase, RunKind
from solver.load import LONG_GAP, RUN_LIMITS, UNIT

# The usual length of a quality run, warm-up, reps and cool-down included.
USUAL_QUALITY_MINUTES: dict[Phase, int] = {Phase.BASE: 45, Phase.BUILD: 55, Phase.TAPER: 45, Phase.RACE_WEEK: 45}
EVEN_WITHIN = 15  # P-EVEN


@dataclass(frozen=True)
class Run:
    """One run of the week that may change length: its kind, minutes and the most its day allows."""

    kind: RunKind
    minutes: int
    most: int


def even(minutes: Sequence[int]) -> bool:
    return len(minutes) < 2 or max(minutes) - min(minutes) <= EVEN_WITHIN


def balance_week(runs: Sequence[Run], phase: Phase) -> list[int]:
    """New minutes for these quality and easy runs, in order; the old ones when no better split fits."""
    old = [run.minutes for run in runs]
    total = sum(old)
    quality = [i for i, run in enumerate(runs) if run.kind == RunKind.QUALITY]
    easy = [i for i, run in enumerate(runs) if run.kind == RunKind.EASY]
    if not quality or not easy:
        return old
    shortest = [RUN_LIMITS[run.kind][0] for run in runs]
    new = list(shortest)
    usual = USUAL_QUALITY_MINUTES[phase]
    for i in quality:
        new[i] = max(shortest[i], min(usual, runs[i].most))
    left = total - sum(new)
    # The easy runs fill up evenly, 5 minutes at a time, the shortest first; what
    # they cannot hold goes back to the quality runs.
    for group in (easy, quality):
        while left > 0:
            room = [i for i in group if new[i] + UNIT <= runs[i].most]
            if not room:
                break
            i = min(room, key=lambda j: (new[j], j))
            new[i] += UNIT
            left -= UNIT
    if left < 0:  # the quality runs at their usual length leave less than the easy runs need
        for i in sorted(quality, key=lambda j: -new[j]):
            give = min(-left, new[i] - shortest[i])
            new[i] -= give
            left += give
    if left != 0 or any(not shortest[i] <= new[i] <= runs[i].most for i in range(len(runs))):
        return old
    if even([old[i] for i in easy]) != even([new[i] for i in easy]):
        return old  # P-EVEN booked the model's split; the plan must say what it booked
    return new


def most_minutes(budget: int | None, lift_minutes: int, long_minutes: int | None) -> int:
    """The longest a quality or easy run may be on a day: its kind's top, the day's budget, the long run's gap."""
    most = RUN_LIMITS[RunKind.EASY][1]
    if budget is not None:
        most = min(most, budget - lift_minutes)
    if long_minutes is not None:
        most = min(most, long_minutes - LONG_GAP)
    return most
