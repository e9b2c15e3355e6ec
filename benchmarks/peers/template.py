"""The template baseline: what a typical plan app does, with no search.

It lays a fixed weekly template per phase onto the calendar, anchored on the
athlete's long-run day, then patches: fixed commitments go on their dates
(swapping with the template session they displace), the rest day moves to
the athlete's preferred day, and every session that lands on a day the
athlete cannot train (unavailable, no run or strength access, minute budget
too small) moves to the nearest free day of the same week, or is dropped.

The templates come from the published guides the rule catalogue cites
(docs/rules.md, "Sources"): the No-BS Guide's example week for the quads (lift
after the run on hard days, "Saturday: long run ... legs had a full day since
lifting", "Monday: easy run or full rest"), its 16-week strength flow (heavy
base, plyometrics in build, a 20-minute circuit in taper, mobility only in race
week) and ISSA's balanced week (tempo, speed work, easy runs, Sunday long run).
Laid onto a plain calendar they keep every hard rule; what they cannot do is
adapt, and that is what the benchmark measures.
"""

import time
from dataclasses import dataclass

from models.calendar import Cycle, Week
from models.events import ReplanRequest
from models.kinds import HARD_LIFTS, HARD_RUNS, LEG_LOADING, WEEKDAYS, Level, Phase, RunKind, StrengthKind
from models.plan import Day, Objective, PhaseSpan, Plan
from models.request import PlanRequest
from models.validation import actual_history, merged_request
from solver import content
from solver.load import load_basis
from solver.solve import Decoded, render_days

EASY, QUALITY, LONG, RACE = RunKind.EASY, RunKind.QUALITY, RunKind.LONG, RunKind.RACE
HEAVY, POWER, FULL, UPPER, MOBILITY = (
    StrengthKind.HEAVY_LOWER,
    StrengthKind.POWER,
    StrengthKind.FULL_BODY,
    StrengthKind.UPPER_CORE,
    StrengthKind.MOBILITY,
)

# Runs by days before the long run (0 is the long-run day), in the order a coach
# keeps them when the athlete runs fewer days: long run, quality, then easy runs
# spread through the week. Offset 6, the day after the long run, is the rest day
# ("Monday: easy run or full rest") and gets a run only at 7 runs a week.
RUN_PRIORITY: dict[Phase, list[tuple[int, RunKind]]] = {
    Phase.BASE: [(0, LONG), (5, QUALITY), (3, EASY), (1, EASY), (4, EASY), (2, EASY), (6, EASY)],
    Phase.BUILD: [(0, LONG), (5, QUALITY), (3, QUALITY), (1, EASY), (4, EASY), (2, EASY), (6, EASY)],
    Phase.TAPER: [(0, LONG), (5, QUALITY), (3, EASY), (1, EASY), (4, EASY), (2, EASY), (6, EASY)],
}
# Race week is anchored on race day (offset 0): the race, then easy runs and a shakeout.
RACE_WEEK_RUNS: list[tuple[int, RunKind]] = [
    (0, RACE),
    (3, EASY),
    (5, EASY),
    (1, EASY),
    (4, EASY),
    (2, EASY),
    (6, EASY),
]

# Strength by days before the long run. Hard lifts go after the quality runs
# (the No-BS Guide: "Hard days = strength days"), nothing leg-loading in the two days
# before the long run, and mobility with an easy run mid-week.
STRENGTH_TEMPLATE: dict[str, dict[int, StrengthKind]] = {
    "base_3": {5: HEAVY, 4: MOBILITY, 3: FULL, 1: UPPER},
    "base_2": {5: HEAVY, 4: MOBILITY, 3: UPPER},
    "build": {5: POWER, 4: MOBILITY, 3: HEAVY},
    "taper": {5: FULL, 4: MOBILITY},
    "race_week": {4: MOBILITY},
}


@dataclass
class DayPlan:
    run: RunKind | None = None
    strength: StrengthKind | None = None
    fixed_run: bool = False
    fixed_strength: bool = False


def _strength_key(cycle: Cycle, week: Week, level: Level) -> str:
    if week.phase is Phase.BASE:
        early = week.phase_week <= -(-cycle.phase_lengths[Phase.BASE] // 2)
        return "base_3" if early and level is not Level.BEGINNER else "base_2"
    return week.phase.value


def _offset(cycle: Cycle, d: int, anchor_weekday: int) -> int:
    """Days from day d forward to the next anchor weekday (0 on the anchor itself)."""
    return (anchor_weekday - cycle.date_of(d).weekday()) % 7


def lay_templates(request: PlanRequest) -> list[DayPlan]:
    """The phase templates on the calendar, before any patching."""
    cycle = request.cycle
    long_weekday = WEEKDAYS.index(request.long_run_day)
    race_weekday = request.race_date.weekday() if request.race_date else 6
    days = [DayPlan() for _ in range(cycle.n_days)]
    for week in cycle.weeks:
        if week.phase is Phase.RACE_WEEK:
            runs = dict(RACE_WEEK_RUNS[: request.runs_per_week])
            anchor = race_weekday
        else:
            priority = RUN_PRIORITY[week.phase]
            if week.phase is Phase.BUILD and request.level is Level.BEGINNER:
                # Beginners get one quality run a week at most (R-QUALITY-FREQ).
                priority = [(off, EASY if off == 3 else kind) for off, kind in priority]
            runs = dict(priority[: request.runs_per_week])
            anchor = long_weekday
        lifts = STRENGTH_TEMPLATE[_strength_key(cycle, week, request.level)]
        for d in week.days:
            off = _offset(cycle, d, anchor)
            days[d].run = runs.get(off)
            days[d].strength = lifts.get(off)
    return days


# A published plan's minutes (Higdon, Hansons): easy and quality runs of a set length per phase, the long
# run 10 minutes longer every week from the athlete's longest recent run, every 3rd week a step back to
# 80%, and a fixed taper. It knows nothing of the week's total, so it can break the load rules.
EASY_MINUTES: dict[Phase, int] = {Phase.BASE: 40, Phase.BUILD: 45, Phase.TAPER: 35, Phase.RACE_WEEK: 30}
QUALITY_MINUTES: dict[Phase, int] = {Phase.BASE: 45, Phase.BUILD: 60, Phase.TAPER: 45, Phase.RACE_WEEK: 45}
LONG_STEP = 10
STEP_BACK_EVERY = 3
STEP_BACK = 0.8
TAPER_LONG = (0.75, 0.6, 0.5)


def long_run_minutes(request: PlanRequest) -> dict[int, int]:
    """The template's long run by week number."""
    basis = load_basis(request)
    longest = basis.long_run_minutes
    by_week: dict[int, int] = {}
    for week in request.cycle.weeks:
        if week.phase in (Phase.BASE, Phase.BUILD):
            if week.number % STEP_BACK_EVERY == 0:
                by_week[week.number] = 5 * round(STEP_BACK * longest / 5)
                continue
            longest = min(longest + LONG_STEP, basis.long_run_cap_minutes)
            by_week[week.number] = longest
        elif week.phase == Phase.TAPER:
            share = TAPER_LONG[min(week.phase_week, len(TAPER_LONG)) - 1]
            by_week[week.number] = 5 * round(share * longest / 5)
    return by_week


def run_minutes(request: PlanRequest, d: int, run: RunKind, long_runs: dict[int, int]) -> int:
    week = request.cycle.week_of(d)
    if run is RunKind.RACE:
        return content.race_minutes(request)
    if run is RunKind.LONG:
        return long_runs.get(week.number, max(long_runs.values(), default=60))
    return (QUALITY_MINUTES if run is RunKind.QUALITY else EASY_MINUTES)[week.phase]


class Patcher:
    """Moves sessions off days the athlete cannot use, the way a plan app does: nearest free day first."""

    def __init__(self, request: PlanRequest, days: list[DayPlan], first_open: int = 0) -> None:
        self.request = request
        self.cycle = request.cycle
        self.days = days
        self.first_open = first_open
        self.unavailable = {self.cycle.index_of(d) for d in request.unavailable_dates}
        self.race = self.cycle.race_index
        self.long_runs = long_run_minutes(request)  # worked out once: fits() asks for every candidate day

    def fits(self, d: int, run: RunKind | None, lift: StrengthKind | None) -> bool:
        """Whether the athlete can do these sessions on day d (R-AVAIL as the app knows it)."""
        if d in self.unavailable:
            return run is None and lift is None
        if d == self.race:
            return True
        access = self.request.availability[self.cycle.weekday_of(d)]
        if (run and not access.run) or (lift and not access.strength):
            return False
        budget = access.max_minutes
        if budget is None:
            return True
        run_min = run_minutes(self.request, d, run, self.long_runs) if run else 0
        return run_min + (content.strength_minutes(lift) if lift else 0) <= budget

    def _day(self, d: int) -> DayPlan:
        return self.days[d] if 0 <= d < len(self.days) else DayPlan()

    def _is_hard(self, d: int) -> bool:
        day = self._day(d)
        return day.run in HARD_RUNS or day.strength in HARD_LIFTS

    def _legs(self, d: int) -> bool:
        return self._day(d).strength in LEG_LOADING

    def _problems(self, t: int, kind: RunKind | StrengthKind) -> int:
        """How many of the guides' timing tips a session on day t would break.

        The tips an app's author reads in the No-BS Guide: hard days away from hard days,
        no lifting the day before speed work or within 48 hours of the long run,
        no leg day twice in a row, hard lifts after a run. The app prefers days
        that break none; it does not search for a better week.
        """
        buffer = 3 if self.request.long_run_buffer_hours == 48 else 2
        hard_next_door = self._is_hard(t - 1) or self._is_hard(t + 1)
        count = 0
        if kind in HARD_RUNS or kind in HARD_LIFTS:
            count += hard_next_door
        if kind is QUALITY:
            count += self._legs(t - 1)
        if kind is LONG:
            count += any(self._legs(t - k) for k in range(buffer))
        if kind in LEG_LOADING:
            count += self._legs(t - 1) or self._legs(t + 1)
            count += self._day(t + 1).run is QUALITY
            count += any(self._day(t + k).run in (LONG, RACE) for k in range(buffer))
        if kind in HARD_LIFTS:
            count += self._day(t).run not in (EASY, QUALITY)
        return count

    def _target(self, d: int, kind: RunKind | StrengthKind) -> int | None:
        """The nearest day of the same week that takes this session, preferring days that break no timing tip.

        A run always finds a place if the week has room; a lift that would break a
        tip everywhere finds none (strength is the first thing a plan gives up).
        """
        slot = "run" if isinstance(kind, RunKind) else "strength"
        options = []
        for t in self.cycle.week_of(d).days:
            if t == d or t < self.first_open or t == self.race:
                continue
            day = self.days[t]
            if getattr(day, slot) is not None:
                continue
            run = kind if isinstance(kind, RunKind) else day.run
            lift = kind if isinstance(kind, StrengthKind) else day.strength
            if self.fits(t, run, lift):
                options.append((self._problems(t, kind), abs(t - d), t < d, t))
        if not options:
            return None
        best = min(options)
        return None if slot == "strength" and best[0] else best[-1]

    def move(self, d: int, slot: str) -> None:
        kind: RunKind | StrengthKind = getattr(self.days[d], slot)
        setattr(self.days[d], slot, None)
        target = self._target(d, kind)
        if target is None and kind in LEG_LOADING:
            # No good day for legs this week: an upper-body session keeps the habit without the risk.
            kind = UPPER
            target = self._target(d, kind)
        if target is not None:
            setattr(self.days[target], slot, kind)

    def patch(self) -> None:
        for d in range(self.first_open, self.cycle.n_days):
            day = self.days[d]
            if self.fits(d, day.run, day.strength):
                continue
            # The lift goes first: often the run alone fits the day (a short budget, no gym).
            if day.strength is not None and not day.fixed_strength:
                self.move(d, "strength")
            if not self.fits(d, day.run, day.strength) and day.run is not None and not day.fixed_run:
                self.move(d, "run")
                # A hard lift never stays behind on a day without its run (R-HARD-EASY): it goes too.
                if day.strength in HARD_LIFTS and not day.fixed_strength:
                    self.move(d, "strength")


def _place_fixed(request: PlanRequest, days: list[DayPlan]) -> None:
    """Commitments go on their dates; the template session of that kind in the week swaps places with them."""
    cycle = request.cycle
    for fixed in request.fixed:
        d = cycle.index_of(fixed.date)
        week = cycle.week_of(d)
        for slot, kind in (("run", fixed.run), ("strength", fixed.strength)):
            if kind is None:
                continue
            displaced = getattr(days[d], slot)
            twin = next(
                (t for t in week.days if t != d and getattr(days[t], slot) == kind and not _is_fixed(days[t], slot)),
                None,
            )
            if twin is not None:
                setattr(days[twin], slot, displaced)
            elif displaced is None and slot == "run":
                # An extra running day: drop the week's last-priority easy run to keep the count.
                _drop_one_easy(days, week, exclude=d)
            setattr(days[d], slot, kind)
            setattr(days[d], f"fixed_{slot}", True)


def _is_fixed(day: DayPlan, slot: str) -> bool:
    return bool(getattr(day, f"fixed_{slot}"))


def _drop_one_easy(days: list[DayPlan], week: Week, exclude: int) -> None:
    easy = [t for t in week.days if t != exclude and days[t].run is EASY and not days[t].fixed_run]
    if easy:
        t = easy[-1]
        days[t].run = None
        if days[t].strength in HARD_LIFTS:
            days[t].strength = None


def _prefer_rest_days(request: PlanRequest, days: list[DayPlan]) -> None:
    """Move the template's rest day onto the athlete's preferred one when that day holds only light work."""
    cycle = request.cycle
    preferred = set(request.rest_days)
    race = cycle.race_index

    def light(day: DayPlan) -> bool:
        movable = not (day.fixed_run or day.fixed_strength)
        return movable and day.run in (EASY, None) and day.strength in (MOBILITY, None)

    for week in cycle.weeks:
        spare = [t for t in week.days if t != race and days[t] == DayPlan() and cycle.weekday_of(t) not in preferred]
        for t in week.days:
            if spare and cycle.weekday_of(t) in preferred and days[t] != DayPlan() and light(days[t]):
                r = spare.pop(0)
                days[r], days[t] = days[t], days[r]


def _to_days(request: PlanRequest, days: list[DayPlan]) -> list[Day]:
    """Sessions with runlift's own content, and the template's own minutes."""
    long_runs = long_run_minutes(request)
    minutes = [run_minutes(request, d, day.run, long_runs) if day.run else None for d, day in enumerate(days)]
    return render_days(request, Decoded([(day.run, day.strength) for day in days], minutes))


def template_days(request: PlanRequest) -> list[Day]:
    """The template baseline's plan for a request."""
    days = lay_templates(request)
    _place_fixed(request, days)
    _prefer_rest_days(request, days)
    Patcher(request, days).patch()
    return _to_days(request, days)


def template_replan(previous: Plan, replan: ReplanRequest) -> list[Day]:
    """A plan app's re-plan: the past is what happened, the future stays, new unavailable days are patched."""
    request = merged_request(previous.request, replan.unavailable_dates)
    cycle = request.cycle
    history = actual_history(previous.days, replan)
    days = []
    for day in previous.days:
        run, lift = history.get(day.date, (_run_kind(day), _lift_kind(day)))
        days.append(DayPlan(run=run, strength=lift))
    Patcher(request, days, first_open=max(0, cycle.index_of(replan.as_of))).patch()
    return _to_days(request, days)


def _run_kind(day: Day) -> RunKind | None:
    return day.run.kind if day.run else None


def _lift_kind(day: Day) -> StrengthKind | None:
    return day.strength.kind if day.strength else None


def as_plan(request: PlanRequest, days: list[Day], wall_time_ms: float, objective: Objective | None = None) -> Plan:
    """A Plan around the baseline's days, so the runner treats every peer alike."""
    return Plan(
        status="feasible",
        request=request,
        phases=[PhaseSpan(name=p, start_date=s, end_date=e) for p, s, e in request.cycle.phase_spans()],
        days=days,
        objective=objective or Objective(value=0, terms={}),
        solver={"engine": "template", "status": "HEURISTIC", "wall_time_ms": round(wall_time_ms, 3)},
    )


def plan(request: PlanRequest) -> Plan:
    started = time.perf_counter()
    days = template_days(request)
    return as_plan(request, days, 1000 * (time.perf_counter() - started))
