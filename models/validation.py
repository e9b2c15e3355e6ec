"""The independent plan checker: every hard rule of RULES.md, in plain Python.

This is the project's second opinion on every plan. It is written from the rule
text, not from the solver: a bug shared by both would otherwise pass unseen. One
function per hard rule id, named after it; `PLAN_CHECKS` lists them in RULES.md
order and `check_plan` runs them. R-HISTORY needs the previous plan, so
`check_replan` runs it before the others.

Independence policy. The checker imports nothing from `solver` or `service`,
and shares no rule with them through `models` either. From `models` it takes
only the contract (request, plan and event shapes, the kind and phase names)
and plain calendar arithmetic on dates (`Cycle`: day index, weekday, where race
day and the plan's last day fall; a test holds it to these). Everything a rule
decides, it computes itself from the request and the plan's days, in
`models.checker`: the weeks and the phase of each, recovery weeks included, the
race's cut-off days, disrupted weeks, session counts, the load defaults,
cut-back, off, break and return weeks, caps and floors. The plan's
own `week`, `phase`, `weeks` and `load` fields are informative and never read.
A test perturbs the rule constants the solver reads and shows the checker's
verdict does not move.

Re-plans (`as_of` set): days before `as_of` are history. A per-day rule is
checked only from `as_of` on; a rule on a pair or window of days is checked when
any day of it is on or after `as_of` (history binds the future); weeks wholly
before `as_of` are skipped (their minutes still set the load caps of later
weeks); in the week holding `as_of`, an upper bound becomes
`max(bound, count before as_of)`: the athlete may already have done more, the
future must add nothing beyond the bound.
"""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from models.checker.calendar import HEAVY_LOWER_CUTOFF_DAYS, LEG_FREE_LAST_DAYS
from models.checker.load import (
    check_r_cutback,
    check_r_long_share,
    check_r_ramp,
    check_r_return,
    check_r_return_no_make_up,
    check_r_run_minutes,
    check_r_taper_volume,
)
from models.checker.recovery import check_r_recovery
from models.checker.view import (
    COUNTED_STRENGTH,
    HARD_LIFTS,
    HARD_RUNS,
    LEG_LOADING,
    PlanView,
    describe_kinds,
    phase_name,
    plural,
    weekly_count,
)
from models.checker.weekly_counts import RACE_WEEK_LEAST_RUNS, quality_target, strength_target
from models.events import Event, ReplanRequest
from models.kinds import Level, Phase, RunKind, StrengthKind
from models.plan import Day, Plan, ValidateRequest, Violation
from models.request import PlanRequest

__all__ = ["PLAN_CHECKS", "PlanView", "actual_history", "check_plan", "check_replan", "validate_plan_json"]

# R-AVAIL: a strength session without minutes fills its nominal duration (RULES.md, "Session content").
NOMINAL_STRENGTH_MINUTES: dict[StrengthKind, int] = {
    StrengthKind.HEAVY_LOWER: 45,
    StrengthKind.UPPER_CORE: 40,
    StrengthKind.POWER: 30,
    StrengthKind.FULL_BODY: 30,
    StrengthKind.ISOMETRIC: 30,
    StrengthKind.MOBILITY: 15,
}

# R-STRENGTH-KIND-BY-PHASE: at least one session of these kinds a week (a lower bound).
REQUIRED_KINDS: dict[Phase, frozenset[StrengthKind]] = {
    Phase.BASE: frozenset({StrengthKind.HEAVY_LOWER}),
    Phase.BUILD: frozenset({StrengthKind.POWER}),
}
BEGINNER_REQUIRED_KINDS: dict[Phase, frozenset[StrengthKind]] = {
    **REQUIRED_KINDS,
    Phase.BUILD: frozenset({StrengthKind.POWER, StrengthKind.FULL_BODY}),
}
# ... at most this many sessions of one kind a week (an upper bound).
AT_MOST_PER_WEEK: dict[Phase, dict[StrengthKind, int]] = {Phase.BUILD: {StrengthKind.HEAVY_LOWER: 1}}
# ... never these kinds in the phase.
FORBIDDEN_KINDS: dict[Phase, frozenset[StrengthKind]] = {
    Phase.TAPER: frozenset({StrengthKind.HEAVY_LOWER, StrengthKind.POWER}),
    Phase.RACE_WEEK: COUNTED_STRENGTH,
}

LONG_OR_RACE = frozenset({RunKind.LONG, RunKind.RACE})
HARD_LIFT_RUNS = frozenset({RunKind.EASY, RunKind.QUALITY})  # the runs a hard lift may share a day with
# R-HISTORY: a changed run with no minutes reported and none planned lasted the shortest its kind allows.
SHORTEST_RUN: dict[RunKind, int] = {RunKind.EASY: 20, RunKind.QUALITY: 30, RunKind.LONG: 30}


def check_r_one_per_day(view: PlanView) -> list[Violation]:
    # "Run hard first. Lift after.": one entry per date, and the lift follows the run (legs fresh for the run).
    found: list[Violation] = []
    seen: set[date] = set()
    previous: date | None = None
    for day in view.days:
        if not view.cycle.contains(day.date):
            found.append(
                Violation(
                    rule="R-ONE-PER-DAY",
                    dates=[day.date],
                    detail=f"{day.date} is outside the plan ({view.cycle.start} to {view.cycle.end})",
                )
            )
            continue
        if day.date in seen:
            found.append(Violation(rule="R-ONE-PER-DAY", dates=[day.date], detail=f"{day.date} appears more than once"))
        elif previous is not None and day.date < previous:
            found.append(
                Violation(
                    rule="R-ONE-PER-DAY",
                    dates=[previous, day.date],
                    detail=f"days are out of order: {day.date} comes after {previous}",
                )
            )
        seen.add(day.date)
        previous = day.date
    missing = [view.date(i) for i in range(view.cycle.n_days) if view.date(i) not in seen]
    if missing:
        found.append(
            Violation(
                rule="R-ONE-PER-DAY",
                dates=missing,
                detail=f"{plural(len(missing), 'day')} of the cycle missing from the plan, first {missing[0]}",
            )
        )
    for i in view.open_days():
        day = view.by_index.get(i)
        if day is not None and day.run is not None and day.strength is not None and not day.strength.after_run:
            found.append(
                Violation(
                    rule="R-ONE-PER-DAY",
                    dates=[day.date],
                    detail=f"{day.strength.kind} on {day.date} shares the day with a {day.run.kind} run "
                    "but is not marked after the run (run first, lift after)",
                )
            )
    return found


def _day_minutes(day: Day) -> int:
    # A run without minutes adds nothing: its length is unknown, and a budget is only broken by what is known.
    minutes = 0
    if day.run is not None and day.run.minutes is not None:
        minutes += day.run.minutes
    if day.strength is not None:
        strength = day.strength.minutes
        minutes += strength if strength is not None else NOMINAL_STRENGTH_MINUTES[day.strength.kind]
    return minutes


def check_r_avail(view: PlanView) -> list[Violation]:
    # The athlete's own calendar: a plan that asks for a day they cannot train is a plan they cannot follow.
    found: list[Violation] = []
    request = view.request
    unavailable = set(request.unavailable_dates)
    for i in view.open_days():
        day = view.by_index.get(i)
        if day is None or (day.run is None and day.strength is None):
            continue
        when = day.date
        if when in unavailable:
            found.append(
                Violation(
                    rule="R-AVAIL",
                    dates=[when],
                    detail=f"{view.describe(i)} on {when}, a day the athlete marked unavailable",
                )
            )
            continue
        if i == view.race_index:
            continue  # the race date is the athlete's own choice: exempt from weekday access and budgets
        weekday = view.cycle.weekday_of(i)
        access = request.availability[weekday]
        if day.run is not None and not access.run:
            found.append(
                Violation(
                    rule="R-AVAIL",
                    dates=[when],
                    detail=f"{day.run.kind} run on {when}, but the athlete cannot run on {weekday}s",
                )
            )
        if day.strength is not None and not access.strength:
            found.append(
                Violation(
                    rule="R-AVAIL",
                    dates=[when],
                    detail=f"{day.strength.kind} on {when}, but the athlete has no strength access on {weekday}s",
                )
            )
        if access.max_minutes is not None and _day_minutes(day) > access.max_minutes:
            found.append(
                Violation(
                    rule="R-AVAIL",
                    dates=[when],
                    detail=f"{view.describe(i)} on {when} takes {_day_minutes(day)} min; "
                    f"the athlete has {access.max_minutes} min on {weekday}s",
                )
            )
    for fixed in request.fixed:
        i = view.cycle.index_of(fixed.date)
        if i < view.first_open:
            continue
        for slot, wanted, got in (("run", fixed.run, view.run(i)), ("strength", fixed.strength, view.strength(i))):
            if wanted is not None and got != wanted:
                found.append(
                    Violation(
                        rule="R-AVAIL",
                        dates=[fixed.date],
                        detail=f"the athlete committed to a {wanted} {slot} on {fixed.date}, "
                        f"but the plan has {got or 'no ' + slot} there",
                    )
                )
    return found


def check_r_race(view: PlanView) -> list[Violation]:
    # The whole cycle builds to one race day, and nothing but mobility may tire the legs on it.
    found: list[Violation] = []
    race_index = view.race_index
    race_date = view.cycle.race
    for i in range(view.cycle.n_days):  # "exactly one race" binds the whole plan, history and recovery included
        if i != race_index and view.run(i) == RunKind.RACE:
            found.append(
                Violation(
                    rule="R-RACE",
                    dates=[view.date(i)],
                    detail=f"a race run on {view.date(i)}, but the race is on {race_date}",
                )
            )
    if view.run(race_index) != RunKind.RACE:
        found.append(
            Violation(
                rule="R-RACE",
                dates=[race_date],
                detail=f"race day {race_date} has no race run (it has {view.describe(race_index)})",
            )
        )
    strength = view.strength(race_index)
    if race_index >= view.first_open and strength not in (None, StrengthKind.MOBILITY):
        found.append(
            Violation(
                rule="R-RACE",
                dates=[race_date],
                detail=f"{strength} on race day {race_date}; only mobility may join the race",
            )
        )
    return found


def check_r_long_weekly(view: PlanView) -> list[Violation]:
    # One long run every week builds the engine; none in race week, where the race is the long effort.
    found: list[Violation] = []
    for week in view.open_training_weeks():
        wanted = 0 if week.phase == Phase.RACE_WEEK else 1
        found += weekly_count(
            view, "R-LONG-WEEKLY", week, "long run", lambda i: view.run(i) == RunKind.LONG, wanted, wanted
        )
    return found


def check_r_runs_per_week(view: PlanView) -> list[Violation]:
    # The athlete's own choice of running days: the plan keeps to it. Race week may run less, but the legs stay
    # used to running right up to the race ("keep a bit of movement"): min(3, runs_per_week) days, race included.
    found: list[Violation] = []
    wanted = view.request.runs_per_week
    for week in view.open_training_weeks():
        low = min(RACE_WEEK_LEAST_RUNS, wanted) if week.phase == Phase.RACE_WEEK else wanted
        race_ahead = int(week.last == view.race_index and view.is_open(view.race_index))
        found += weekly_count(
            view, "R-RUNS-PER-WEEK", week, "running day", lambda i: view.run(i) is not None, low, wanted, race_ahead
        )
    return found


def check_r_quality_freq(view: PlanView) -> list[Violation]:
    # One hard run a week to start and to sharpen before the race, two while building, none in race week.
    found: list[Violation] = []
    for week in view.open_training_weeks():
        wanted = quality_target(week.phase, view.request.level)
        found += weekly_count(
            view, "R-QUALITY-FREQ", week, "quality run", lambda i: view.run(i) == RunKind.QUALITY, wanted, wanted
        )
    return found


def check_r_hard_easy(view: PlanView) -> list[Violation]:
    # "Hard days hard. Easy days easy.": no hard day next to another, no rest day turned into a secret hard day.
    found: list[Violation] = []
    for i in view.open_pairs():
        if view.is_hard(i) and view.is_hard(i + 1):
            found.append(
                Violation(
                    rule="R-HARD-EASY",
                    dates=[view.date(i), view.date(i + 1)],
                    detail=f"{view.date(i)} ({view.describe(i)}) and {view.date(i + 1)} ({view.describe(i + 1)}) "
                    "are two hard days in a row",
                )
            )
    for i in view.open_days():
        strength = view.strength(i)
        run = view.run(i)
        if strength in HARD_LIFTS and run not in HARD_LIFT_RUNS:
            where = "a rest day" if run is None else f"the day of the {run} run"
            found.append(
                Violation(
                    rule="R-HARD-EASY",
                    dates=[view.date(i)],
                    detail=f"{strength} on {view.date(i)} falls on {where}; "
                    "a hard lift goes on a quality or easy run day",
                )
            )
    return found


def check_r_48h_long(view: PlanView) -> list[Violation]:
    # "Keep at least 48 hours between heavy lifts and race day or long run day" (24 hours as the athlete's option):
    # tired legs on a long run are how runners get hurt.
    found: list[Violation] = []
    hours = view.request.long_run_buffer_hours
    reach = hours // 24  # days before the long run that must stay free of leg work
    for i in range(view.cycle.n_days):
        if not view.legs(i):
            continue
        for gap in range(reach + 1):
            target = i + gap
            if target >= view.cycle.n_days or view.run(target) not in LONG_OR_RACE:
                continue
            if max(i, target) < view.first_open:
                continue  # the whole window is history
            strength, run = view.strength(i), view.run(target)
            when = "on the same day as" if gap == 0 else f"{plural(gap, 'day')} before"
            found.append(
                Violation(
                    rule="R-48H-LONG",
                    dates=sorted({view.date(i), view.date(target)}),
                    detail=f"{strength} on {view.date(i)} is {when} the {run} run on {view.date(target)} "
                    f"({hours} h buffer)",
                )
            )
    return found


def check_r_day_before_quality(view: PlanView) -> list[Violation]:
    # "Avoid lifting the day before speed workouts.": sore legs do not belong on the track.
    found: list[Violation] = []
    for i in view.open_pairs():
        if view.legs(i) and view.run(i + 1) == RunKind.QUALITY:
            found.append(
                Violation(
                    rule="R-DAY-BEFORE-QUALITY",
                    dates=[view.date(i), view.date(i + 1)],
                    detail=f"{view.strength(i)} on {view.date(i)} is the day before the quality run on "
                    f"{view.date(i + 1)}",
                )
            )
    return found


def check_r_legs_not_consecutive(view: PlanView) -> list[Violation]:
    # "No leg day two days in a row. Let those muscles rebuild."
    found: list[Violation] = []
    for i in view.open_pairs():
        if view.legs(i) and view.legs(i + 1):
            found.append(
                Violation(
                    rule="R-LEGS-NOT-CONSECUTIVE",
                    dates=[view.date(i), view.date(i + 1)],
                    detail=f"leg work two days in a row: {view.strength(i)} on {view.date(i)}, "
                    f"{view.strength(i + 1)} on {view.date(i + 1)}",
                )
            )
    return found


def check_r_strength_freq(view: PlanView) -> list[Violation]:
    # Two or three lifts a week build the legs; fewer as the mileage creeps up and the race nears.
    found: list[Violation] = []
    for week in view.open_training_weeks():
        wanted = strength_target(week, view.request.level)
        found += weekly_count(view, "R-STRENGTH-FREQ", week, "counted strength session", view.counted, wanted, wanted)
    return found


def check_r_strength_kind_by_phase(view: PlanView) -> list[Violation]:
    # Build strength in base, turn it into power in build, keep only light work in taper, mobility in race week.
    found: list[Violation] = []
    required = BEGINNER_REQUIRED_KINDS if view.request.level == Level.BEGINNER else REQUIRED_KINDS
    for week in view.open_training_weeks():
        kinds = required.get(week.phase)
        if kinds:
            noun = " or ".join(sorted(kinds)) + " session"
            found += weekly_count(
                view, "R-STRENGTH-KIND-BY-PHASE", week, noun, lambda i, k=kinds: view.strength(i) in k, 1, None
            )
        for kind, most in AT_MOST_PER_WEEK.get(week.phase, {}).items():
            found += weekly_count(
                view,
                "R-STRENGTH-KIND-BY-PHASE",
                week,
                f"{kind} session",
                lambda i, k=kind: view.strength(i) == k,
                None,
                most,
            )
    for i in view.open_days():
        phase = view.week_of(i).phase  # no recovery entry: the kinds allowed after the race are R-RECOVERY's
        strength = view.strength(i)
        if strength in FORBIDDEN_KINDS.get(phase, ()):
            found.append(
                Violation(
                    rule="R-STRENGTH-KIND-BY-PHASE",
                    dates=[view.date(i)],
                    detail=f"{strength} on {view.date(i)} is not allowed in {phase_name(phase)}",
                )
            )
    return found


def check_r_taper_cutoff(view: PlanView) -> list[Violation]:
    # "No heavy lifting within 10 days of a marathon or 5-7 days for shorter races"; "no heavy work within five days".
    found: list[Violation] = []
    heavy_cutoff = HEAVY_LOWER_CUTOFF_DAYS[view.request.race_distance]
    for i in view.open_days():
        before = view.cycle.days_before_race(i)
        if before < 0:
            continue  # after the race: what the legs may do then is R-RECOVERY's business
        strength = view.strength(i)
        if strength == StrengthKind.HEAVY_LOWER and before <= heavy_cutoff:
            limit = f"within {heavy_cutoff} days of a {view.request.race_distance} race"
        elif strength in LEG_LOADING and before < LEG_FREE_LAST_DAYS:
            limit = f"in the last {LEG_FREE_LAST_DAYS} days before the race"
        else:
            continue
        found.append(
            Violation(
                rule="R-TAPER-CUTOFF",
                dates=[view.date(i)],
                detail=f"{strength} on {view.date(i)} is {plural(before, 'day')} before race day, {limit}",
            )
        )
    return found


def _is_chill(view: PlanView, i: int) -> bool:
    return view.run(i) not in HARD_RUNS and not view.counted(i)


def check_r_chill_day(view: PlanView) -> list[Violation]:
    # "Always leave space for one chill day. No tempo, no long run, no lifting."
    found: list[Violation] = []
    for week in view.open_training_weeks():
        if week.full and week.number not in view.disrupted and not any(_is_chill(view, i) for i in week.days):
            found.append(
                Violation(
                    rule="R-CHILL-DAY",
                    dates=[view.date(i) for i in week.days],
                    detail=f"{view.week_label(week)} has no chill day (no quality or long run, no lifting)",
                )
            )
    return found


def check_r_mobility_weekly(view: PlanView) -> list[Violation]:
    # "Dedicated mobility sessions once a week": the oil that keeps everything moving.
    found: list[Violation] = []
    for week in view.open_weeks():
        found += weekly_count(
            view,
            "R-MOBILITY-WEEKLY",
            week,
            "mobility session",
            lambda i: view.strength(i) == StrengthKind.MOBILITY,
            1,
            None,
        )
    return found


# Every hard rule that a plan alone can be checked against, in RULES.md order. R-HISTORY needs the
# previous plan and is run by `check_replan`.
PLAN_CHECKS: dict[str, Callable[[PlanView], list[Violation]]] = {
    "R-ONE-PER-DAY": check_r_one_per_day,
    "R-AVAIL": check_r_avail,
    "R-RACE": check_r_race,
    "R-LONG-WEEKLY": check_r_long_weekly,
    "R-RUNS-PER-WEEK": check_r_runs_per_week,
    "R-QUALITY-FREQ": check_r_quality_freq,
    "R-HARD-EASY": check_r_hard_easy,
    "R-48H-LONG": check_r_48h_long,
    "R-DAY-BEFORE-QUALITY": check_r_day_before_quality,
    "R-LEGS-NOT-CONSECUTIVE": check_r_legs_not_consecutive,
    "R-STRENGTH-FREQ": check_r_strength_freq,
    "R-STRENGTH-KIND-BY-PHASE": check_r_strength_kind_by_phase,
    "R-TAPER-CUTOFF": check_r_taper_cutoff,
    "R-CHILL-DAY": check_r_chill_day,
    "R-MOBILITY-WEEKLY": check_r_mobility_weekly,
    "R-RUN-MINUTES": check_r_run_minutes,
    "R-RAMP": check_r_ramp,
    "R-CUTBACK": check_r_cutback,
    "R-TAPER-VOLUME": check_r_taper_volume,
    "R-LONG-SHARE": check_r_long_share,
    "R-RETURN": check_r_return,
    "R-RECOVERY": check_r_recovery,
}


def check_plan(request: PlanRequest, days: list[Day], as_of: date | None = None) -> list[Violation]:
    """Every violation of every hard rule, in rule order; [] for a valid plan."""
    view = PlanView(request, days, as_of)
    return [violation for check in PLAN_CHECKS.values() for violation in check(view)]


History = dict[date, tuple[RunKind | None, StrengthKind | None]]


def actual_history(previous_days: list[Day], replan: ReplanRequest) -> History:
    """What really happened on each day before `as_of`: planned and unreported is done, missed is gone."""
    events = {(event.date, event.session): event for event in replan.events}
    history: History = {}
    for day in previous_days:
        if day.date >= replan.as_of or day.date in history:
            continue
        planned_run = day.run.kind if day.run is not None else None
        planned_strength = day.strength.kind if day.strength is not None else None
        run = _what_happened(planned_run, events.get((day.date, "run")))
        strength = _what_happened(planned_strength, events.get((day.date, "strength")))
        assert run is None or isinstance(run, RunKind)  # Event checks that actual_kind fits its session
        assert strength is None or isinstance(strength, StrengthKind)
        history[day.date] = (run, strength)
    return history


def _what_happened(planned: RunKind | StrengthKind | None, event: Event | None) -> RunKind | StrengthKind | None:
    if event is None or event.status == "done":
        return planned
    if event.status == "missed":
        return None
    return event.actual_kind


def actual_run_minutes(previous_days: list[Day], replan: ReplanRequest) -> dict[date, int | None]:
    """The minutes of each run that really happened before `as_of` (a missed run is gone, so absent).

    A reported `minutes` is what was done; without it a run lasted what was planned, and a changed
    run on a day with nothing planned lasted the shortest its kind allows.
    """
    events = {event.date: event for event in replan.events if event.session == "run"}
    history = actual_history(previous_days, replan)
    planned = {day.date: day.run for day in reversed(previous_days)}
    minutes: dict[date, int | None] = {}
    for when, (run, _) in history.items():
        if run is None:
            continue
        event, planned_run = events.get(when), planned[when]
        if event is not None and event.minutes is not None:
            minutes[when] = event.minutes
        elif planned_run is not None:
            minutes[when] = planned_run.minutes
        else:
            minutes[when] = SHORTEST_RUN[run]
    return minutes


def check_r_history(previous: Plan, replan: ReplanRequest, new_days: list[Day]) -> list[Violation]:
    # The mission: re-solving after missed sessions never rewrites what the athlete actually did, and the new
    # plan shows what was done (the load caps of later weeks are measured from it).
    found: list[Violation] = []
    history = actual_history(previous.days, replan)
    minutes_done = actual_run_minutes(previous.days, replan)
    new_by_date: dict[date, Day] = {}
    for day in new_days:
        new_by_date.setdefault(day.date, day)
    old_by_date = {day.date: day for day in reversed(previous.days)}
    # A missed or changed session may be rewritten (and its partner's after_run with it); the rest stays as planned.
    rewritten = {event.date for event in replan.events if event.status != "done"}
    # A run reported done with its minutes shows them; its description may follow, nothing else may change.
    timed = {event.date for event in replan.events if event.status == "done" and event.minutes is not None}
    for when, (run, strength) in sorted(history.items()):
        day = new_by_date.get(when)
        if day is None:
            found.append(
                Violation(rule="R-HISTORY", dates=[when], detail=f"{when} is history but missing from the new plan")
            )
            continue
        got = day.kinds
        if got != (run, strength):
            found.append(
                Violation(
                    rule="R-HISTORY",
                    dates=[when],
                    detail=f"on {when} the new plan shows {describe_kinds(*got)}, "
                    f"but what happened was {describe_kinds(run, strength)}",
                )
            )
            continue
        if day.run is not None and day.run.minutes != minutes_done[when]:
            found.append(
                Violation(
                    rule="R-HISTORY",
                    dates=[when],
                    detail=f"the {day.run.kind} run on {when} shows {day.run.minutes} minutes, "
                    f"but {minutes_done[when]} were done",
                )
            )
            continue
        old = old_by_date[when]
        if when in timed and when not in rewritten:
            kept = day.strength == old.strength  # the run's kind and minutes were checked above
        else:
            kept = when in rewritten or (day.run, day.strength) == (old.run, old.strength)
        if not kept:
            found.append(
                Violation(
                    rule="R-HISTORY",
                    dates=[when],
                    detail=f"the sessions on {when} were rewritten (minutes, order or content) though {when} is "
                    f"before as_of {replan.as_of}",
                )
            )
    return found


def merged_request(request: PlanRequest, extra_unavailable: Iterable[date]) -> PlanRequest:
    """The request with a re-plan's new unavailable dates added."""
    dates = sorted(set(request.unavailable_dates) | set(extra_unavailable))
    return request.model_copy(update={"unavailable_dates": dates})


def check_replan(previous: Plan, replan: ReplanRequest, new_days: list[Day]) -> list[Violation]:
    """R-HISTORY against the previous plan, then every other rule from as_of on."""
    request = merged_request(previous.request, replan.unavailable_dates)
    no_make_up = check_r_return_no_make_up(PlanView(request, new_days, replan.as_of), previous.days)
    return check_r_history(previous, replan, new_days) + check_plan(request, new_days, as_of=replan.as_of) + no_make_up


VALIDATE_KEYS = frozenset(ValidateRequest.model_fields)


def validate_plan_json(data: dict[str, Any]) -> list[Violation]:
    """Check a Plan JSON (as `runlift plan --format json` prints it) or a ValidateRequest body.

    Raises pydantic.ValidationError when the data is neither.
    """
    if isinstance(data, dict) and set(data) - VALIDATE_KEYS:
        plan = Plan.model_validate(data)
        return check_plan(plan.request, plan.days, plan.as_of)
    body = ValidateRequest.model_validate(data)
    return check_plan(body.request, body.days, body.as_of)
