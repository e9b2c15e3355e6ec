"""R-RECOVERY: the weeks after race day, as RULES.md "After the race" states them.

Seed 000's post-race weeks are "back to easy movement ... yoga, band work, and
low-load strength like wall sits or core holds. You're resetting, not
rebuilding"; Higdon starts with a week of almost no running. These weeks follow
this rule instead of the phase rules' weekly counts and load caps (those checks
stop at race week); R-MOBILITY-WEEKLY and the day rules (R-ONE-PER-DAY,
R-AVAIL, R-HARD-EASY and the other spacing rules) are checked there by their
own functions, across race day.

How the checker reads what the rule leaves open:

- P is the peak R-TAPER-VOLUME uses: the largest V over base and build (done
  minutes in a re-plan's history weeks). Recovery week k is the k-th week after
  race week.
- The volume cap has a floor like every load cap, but no run is required after
  the race, so the floor is 0 for runs still to come: only minutes already run
  before a re-plan's as_of can lift it. Four 20-minute runs may thus be too
  many for recovery week 1.
- Per-day clauses (run kind, lift kind, the 2 quiet days, 45 minutes) bind days
  from as_of on; the weekly run count keeps its bound in the week holding as_of
  as every weekly count does (the past may exceed it, the future adds nothing).
"""

from collections.abc import Iterator

from models.checker.calendar import PlanWeek
from models.checker.load import Fraction, Load, fraction_of, show_fraction
from models.checker.view import COUNTED_STRENGTH, PlanView, plural, weekly_count
from models.kinds import RunKind, StrengthKind
from models.plan import Violation

RULE = "R-RECOVERY"
# "Back to easy movement": no quality, long (or race) run after the race.
RECOVERY_RUNS = frozenset({RunKind.EASY})
# "Low-load strength like wall sits or core holds", and band work.
RECOVERY_LIFTS = frozenset({StrengthKind.ISOMETRIC, StrengthKind.UPPER_CORE, StrengthKind.MOBILITY})
# Higdon's "zero week" starts with days of rest: no run and no counted strength on the 2 days after the race.
QUIET_DAYS_AFTER_RACE = 2
LONGEST_RUN = 45
# One running day fewer than the athlete's week, but never none allowed.
FEWER_RUNS = 1
LEAST_RUNS_ALLOWED = 1
# Weekly run minutes at most these fractions of P in recovery weeks 1-4.
RECOVERY_VOLUME: tuple[Fraction, ...] = ((30, 100), (50, 100), (65, 100), (80, 100))


def _open_recovery_days(view: PlanView) -> Iterator[tuple[PlanWeek, int]]:
    """The days after the race from as_of on, with their week."""
    for week in view.open_recovery_weeks():
        for i in week.days:
            if view.is_open(i):
                yield week, i


def recovery_easy_runs_only(view: PlanView) -> list[Violation]:
    # Resetting, not rebuilding: no quality or long run (and no second race) after the race.
    return [
        Violation(
            rule=RULE,
            dates=[view.date(i)],
            detail=f"{run} run on {view.date(i)} in {view.week_label(week)}; after the race only easy runs",
        )
        for week, i in _open_recovery_days(view)
        if (run := view.run(i)) is not None and run not in RECOVERY_RUNS
    ]


def recovery_light_lifts_only(view: PlanView) -> list[Violation]:
    # Wall sits, core holds and band work: nothing that loads the legs while they recover from the race.
    allowed = ", ".join(sorted(RECOVERY_LIFTS))
    return [
        Violation(
            rule=RULE,
            dates=[view.date(i)],
            detail=f"{lift} on {view.date(i)} in {view.week_label(week)}; after the race only {allowed}",
        )
        for week, i in _open_recovery_days(view)
        if (lift := view.strength(i)) is not None and lift not in RECOVERY_LIFTS
    ]


def recovery_quiet_days_after_race(view: PlanView) -> list[Violation]:
    # The first days after a race are for rest: no run and no counted strength, mobility at most.
    found: list[Violation] = []
    for gap in range(1, QUIET_DAYS_AFTER_RACE + 1):
        i = view.race_index + gap
        if i >= view.cycle.n_days or not view.is_open(i):
            continue
        if view.run(i) is not None or view.strength(i) in COUNTED_STRENGTH:
            found.append(
                Violation(
                    rule=RULE,
                    dates=[view.date(i)],
                    detail=f"{view.describe(i)} on {view.date(i)}, {plural(gap, 'day')} after the race; "
                    f"the {QUIET_DAYS_AFTER_RACE} days after it hold no run and no lifting but mobility",
                )
            )
    return found


def recovery_fewer_runs(view: PlanView) -> list[Violation]:
    # Fewer running days than a training week; no minimum, as no run is required after the race.
    most = max(LEAST_RUNS_ALLOWED, view.request.runs_per_week - FEWER_RUNS)
    found: list[Violation] = []
    for week in view.open_recovery_weeks():
        found += weekly_count(view, RULE, week, "running day", lambda i: view.run(i) is not None, None, most)
    return found


def recovery_short_runs(view: PlanView) -> list[Violation]:
    # Short easy runs only; a race after race day is R-RACE's, and its minutes are what the athlete takes.
    return [
        Violation(
            rule=RULE,
            dates=[view.date(i)],
            detail=f"the {view.run(i)} run on {view.date(i)} is {minutes} minutes; "
            f"after the race a run is at most {LONGEST_RUN}",
        )
        for _week, i in _open_recovery_days(view)
        if view.run(i) != RunKind.RACE and (minutes := view.run_minutes(i)) is not None and minutes > LONGEST_RUN
    ]


def recovery_volume(view: PlanView) -> list[Violation]:
    # Back to regular easy running step by step: a growing share of the peak week, week by week.
    load = Load(view)
    peak = load.volume(load.peak_week)
    found: list[Violation] = []
    for week in view.open_recovery_weeks():
        fraction = RECOVERY_VOLUME[week.phase_week - 1]
        formula = f"recovery week {week.phase_week}: {show_fraction(fraction, peak)}, the peak in week {load.peak_week}"
        found += load.over_volume(RULE, week, fraction_of(fraction, peak), formula)
    return found


def check_r_recovery(view: PlanView) -> list[Violation]:
    # "You're resetting, not rebuilding": easy runs, light lifts, two quiet days, then a slow way back.
    return (
        recovery_quiet_days_after_race(view)
        + recovery_easy_runs_only(view)
        + recovery_light_lifts_only(view)
        + recovery_fewer_runs(view)
        + recovery_short_runs(view)
        + recovery_volume(view)
    )
