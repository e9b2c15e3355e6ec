"""Training load, the part known before the solve: defaults, cut-back and break weeks, caps and targets.

The minutes themselves are decisions of the CP-SAT model (`solver.rules.load`);
this module computes, in plain Python, everything about them that depends only
on the request and on what was already done: the starting point and goal, which
weeks step back, which weeks are breaks and which return from one, the caps of
every load rule as data (`Cap`), and the target curve P-VOLUME pulls towards.

Minutes are whole numbers throughout. A fraction of a cap is kept as a
numerator and a denominator, so the model compares by cross-multiplication
(10 * V <= 11 * M) and never rounds.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from models.calendar import Cycle, Week
from models.kinds import Level, Phase, RaceDistance, RunKind
from models.plan import LoadBasis
from models.request import PlanRequest
from solver.targets import quality_target

UNIT = 5  # run minutes come in steps of 5
# R-RUN-MINUTES: the shortest and longest run of each kind (the long run's top is C_L).
RUN_LIMITS: dict[RunKind, tuple[int, int]] = {
    RunKind.EASY: (20, 90),
    RunKind.QUALITY: (30, 90),
    RunKind.LONG: (30, 300),
}
LONG_GAP = 10  # a long run is at least this much longer than every other run of its week

# The starting point by level (weekly minutes, longest recent run) when the request has none.
CURRENT_BY_LEVEL: dict[Level, tuple[int, int]] = {
    Level.BEGINNER: (120, 45),
    Level.INTERMEDIATE: (210, 75),
    Level.ADVANCED: (330, 100),
}
LEVELS: tuple[Level, ...] = (Level.BEGINNER, Level.INTERMEDIATE, Level.ADVANCED)
# The goal weekly minutes by distance, for beginner, intermediate and advanced.
GOAL_BY_DISTANCE: dict[RaceDistance, tuple[int, int, int]] = {
    RaceDistance.FIVE_K: (150, 240, 360),
    RaceDistance.TEN_K: (180, 270, 390),
    RaceDistance.HALF: (240, 330, 450),
    RaceDistance.MARATHON: (330, 420, 540),
    RaceDistance.ULTRA: (390, 480, 600),
}
# C_L: the longest long run by distance and level (3 hours is the usual marathon ceiling).
LONG_CAP_BY_DISTANCE: dict[RaceDistance, tuple[int, int, int]] = {
    RaceDistance.FIVE_K: (60, 75, 90),
    RaceDistance.TEN_K: (75, 90, 105),
    RaceDistance.HALF: (105, 120, 135),
    RaceDistance.MARATHON: (180, 180, 180),
    RaceDistance.ULTRA: (210, 240, 300),
}
GOAL_OVER_SMALLEST = Fraction(5, 4)  # the goal is at least this much above the smallest week: a plan always builds
BREAK_UNAVAILABLE_DAYS = 4  # a week with this many unavailable dates is a break

# R-RAMP: at most 10% more than the larger of the last two weeks, long run at most 15 minutes more.
RAMP = Fraction(11, 10)
RAMP_LONG_MINUTES = 15
# R-CUTBACK: a step-back week holds at most 80% of its reference week.
CUTBACK = Fraction(4, 5)
# R-TAPER-VOLUME: volume and long run of each taper week as a share of the peak; race week's volume.
TAPER_VOLUME: dict[int, tuple[Fraction, ...]] = {
    3: (Fraction(80, 100), Fraction(70, 100), Fraction(60, 100)),
    2: (Fraction(75, 100), Fraction(60, 100)),
}
TAPER_LONG: dict[int, tuple[Fraction, ...]] = {
    3: (Fraction(75, 100), Fraction(60, 100), Fraction(50, 100)),
    2: (Fraction(70, 100), Fraction(50, 100)),
}
RACE_WEEK_VOLUME = Fraction(40, 100)
# R-RECOVERY: the weeks after the race, as a share of the peak; their runs are easy, fewer and short.
RECOVERY_VOLUME: tuple[Fraction, ...] = (Fraction(30, 100), Fraction(50, 100), Fraction(65, 100), Fraction(80, 100))
RECOVERY_RUN_MINUTES = 45
RECOVERY_FREE_DAYS = 2  # the days right after the race hold no run and no counted strength
# P-VOLUME aims race week a little under its cap, so the week before the race is clearly the lightest.
RACE_WEEK_TARGET = Fraction(35, 100)
# R-RETURN: the return weeks' caps after a one-week break, and after a longer one.
RETURN_STEPS: dict[bool, tuple[Fraction, ...]] = {
    False: (Fraction(3, 4), Fraction(1)),
    True: (Fraction(1, 2), Fraction(3, 4), Fraction(1)),
}
# P-VOLUME's curve: +10% a week (the long run +10 minutes) towards the goal.
BUILD_RATE = Fraction(11, 10)
BUILD_LONG_MINUTES = 10

V, L = "V", "L"  # the two measures of a week: its run minutes and its long run


def level_index(level: Level) -> int:
    return LEVELS.index(level)


def week_floor(runs: int, quality: int) -> int:
    """The fewest minutes `runs` runs can add up to with `quality` quality runs and one long run (R-RUN-MINUTES)."""
    easy = runs - 1 - quality
    return RUN_LIMITS[RunKind.EASY][0] * easy + RUN_LIMITS[RunKind.QUALITY][0] * quality + long_floor(quality > 0)


def long_floor(with_quality: bool) -> int:
    """The shortest long run: 30 minutes, and 10 longer than the shortest other run of its week."""
    other = RUN_LIMITS[RunKind.QUALITY][0] if with_quality else RUN_LIMITS[RunKind.EASY][0]
    return max(RUN_LIMITS[RunKind.LONG][0], other + LONG_GAP)


def smallest_week(request: PlanRequest) -> int:
    """The smallest normal base or build week `runs_per_week` allows."""
    runs = request.runs_per_week
    return max(week_floor(runs, quality_target(phase, request.level)) for phase in (Phase.BASE, Phase.BUILD))


def load_basis(request: PlanRequest) -> LoadBasis:
    """The starting point, goal, long-run cap and cut-back setting, with defaults filled in."""
    level = level_index(request.level)
    smallest = smallest_week(request)
    if request.current is not None:
        weekly, long = request.current.weekly_run_minutes, request.current.long_run_minutes
    else:
        default_weekly, long = CURRENT_BY_LEVEL[request.level]
        weekly = max(default_weekly, smallest)
    goal = request.goal_weekly_run_minutes
    if goal is None:
        goal = max(GOAL_BY_DISTANCE[request.race_distance][level], round_up(GOAL_OVER_SMALLEST * smallest))
    every = request.cutback_every
    if every is None:
        every = 3 if request.level == Level.BEGINNER else 4
    return LoadBasis(
        weekly_run_minutes=weekly,
        long_run_minutes=long,
        goal_weekly_run_minutes=goal,
        long_run_cap_minutes=LONG_CAP_BY_DISTANCE[request.race_distance][level],
        cutback_every=every,
    )


@dataclass(frozen=True)
class Cap:
    """`measure` of `week` is at most `ratio` * max(measure of `refs`) + `offset`, or the week's floor if higher.

    A ref week number below 1 is a week before the cycle: it counts the starting point.
    """

    week: int
    measure: str  # V (run minutes) or L (long run minutes)
    rule: str
    ratio: Fraction
    refs: tuple[int, ...]
    offset: int = 0
    reason: str = ""

    def limit(self, measure_of: Callable[[int], int | Fraction]) -> Fraction:
        """The cap's value, unraised, for known measures of its ref weeks."""
        return self.ratio * max(measure_of(r) for r in self.refs) + self.offset


@dataclass(frozen=True)
class BreakRun:
    """A break from its first break week to its last (a break in its return schedule extends it),
    and the return weeks that follow it."""

    first: int
    last: int

    @property
    def steps(self) -> tuple[Fraction, ...]:
        return RETURN_STEPS[self.last > self.first]

    @property
    def refs(self) -> tuple[int, ...]:
        """B is the largest week of the 4 before the break."""
        return tuple(range(self.first - 4, self.first))

    def step_of(self, week: int) -> Fraction | None:
        offset = week - self.last - 1
        return self.steps[offset] if 0 <= offset < len(self.steps) else None


@dataclass
class LoadFrame:
    """Everything about a request's minutes that is known before the solve."""

    request: PlanRequest
    cycle: Cycle
    basis: LoadBasis
    as_of: int = 0  # index of the first open day
    # Run minutes done before as_of, by day index (the race excluded), and the long run's.
    done: Mapping[int, int] = field(default_factory=dict)
    done_long: Mapping[int, int] = field(default_factory=dict)
    # In a re-plan, the most run minutes each week may hold: missed minutes are never made up (R-RETURN).
    ceilings: Mapping[int, int] = field(default_factory=dict)

    @cached_property
    def weeks(self) -> tuple[Week, ...]:
        return self.cycle.weeks

    @cached_property
    def training_weeks(self) -> tuple[Week, ...]:
        """Race week and the weeks before it; no recovery week is a break or returns from one (R-RECOVERY caps them)."""
        return self.weeks[: self.cycle.n_training_weeks]

    @cached_property
    def unavailable_count(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for day in self.request.unavailable_dates:
            number = self.cycle.week_of(self.cycle.index_of(day)).number
            counts[number] = counts.get(number, 0) + 1
        return counts

    def is_history(self, week: Week) -> bool:
        return week.last < self.as_of

    def known(self, number: int, measure: str) -> int | None:
        """The measure of a week whose minutes are settled: before the cycle, or wholly done."""
        if number < 1:
            return self.basis.weekly_run_minutes if measure == V else self.basis.long_run_minutes
        week = self.weeks[number - 1]
        if not self.is_history(week):
            return None
        source = self.done if measure == V else self.done_long
        values = [source.get(d, 0) for d in week.days]
        return sum(values) if measure == V else max(values)

    def known_max(self, refs: Iterable[int], measure: str) -> int | None:
        values = [self.known(number, measure) for number in refs]
        return None if any(v is None for v in values) else max(values)  # type: ignore[type-var]

    @cached_property
    def cutbacks(self) -> frozenset[int]:
        """Every cutback_every-th week of base and build, but not a partial first week or the last build week."""
        every = self.basis.cutback_every
        if every == 0:
            return frozenset()
        build_weeks = [w.number for w in self.weeks if w.phase == Phase.BUILD]
        last_build = build_weeks[-1] if build_weeks else 0
        return frozenset(
            w.number
            for w in self.weeks
            if w.number % every == 0 and w.phase in (Phase.BASE, Phase.BUILD) and w.full and w.number != last_build
        )

    @cached_property
    def _breaks_and_returns(self) -> tuple[frozenset[int], dict[int, tuple[BreakRun, Fraction]]]:
        """Break weeks, and the return weeks after them with the break they return from and their share of B.

        A break week has 4 or more unavailable dates or, done before as_of, under
        half its threshold: its return cap if it is a return week, else the
        largest of the 4 weeks before it. A break in a return schedule extends
        that run of breaks (B stays what it was before the first) and the
        schedule starts again after it. All of it depends only on what was done
        and on the request, so every later re-plan finds the same breaks.
        """
        breaks: set[int] = set()
        returns: dict[int, tuple[BreakRun, Fraction]] = {}
        run: BreakRun | None = None
        for week in self.training_weeks:
            n = week.number
            step = run.step_of(n) if run is not None else None
            if run is not None and step is None:
                run = None  # back from it: R-RAMP again
            if self._is_break(week, run, step):
                run = BreakRun(n, n) if run is None else BreakRun(run.first, n)
                breaks.add(n)
            elif run is not None and step is not None:  # a return week
                returns[n] = (run, step)
        return frozenset(breaks), returns

    def _is_break(self, week: Week, run: BreakRun | None, step: Fraction | None) -> bool:
        if self.unavailable_count.get(week.number, 0) >= BREAK_UNAVAILABLE_DAYS:
            return True
        if not (self.is_history(week) and week.full and week.phase != Phase.RACE_WEEK):
            return False
        done = self.known(week.number, V)
        refs = run.refs if run is not None else tuple(range(week.number - 4, week.number))
        largest = self.known_max(refs, V)
        assert done is not None and largest is not None  # every earlier week is done
        threshold = step * largest if step is not None else Fraction(largest)
        return 2 * done < threshold

    @property
    def break_weeks(self) -> frozenset[int]:
        return self._breaks_and_returns[0]

    @property
    def returns(self) -> dict[int, tuple[BreakRun, Fraction]]:
        """Return weeks by number: the break they return from, and the share of B they may hold."""
        return self._breaks_and_returns[1]

    @cached_property
    def off_weeks(self) -> frozenset[int]:
        """The partial first week, weeks with an unavailable date, and break weeks."""
        off = {w.number for w in self.weeks if not w.full}
        off |= set(self.unavailable_count)
        return frozenset(off | self.break_weeks)

    def reference_week(self, number: int) -> int:
        """The nearest earlier week that is not an off week (weeks before the cycle never are)."""
        ref = number - 1
        while ref >= 1 and ref in self.off_weeks:
            ref -= 1
        return ref

    def block(self, cutback: int) -> list[int]:
        """The weeks since the previous cut-back week, before this one, that are not off weeks."""
        earlier = [c for c in self.cutbacks if c < cutback]
        start = max(earlier, default=0) + 1
        return [n for n in range(start, cutback) if n not in self.off_weeks]

    @cached_property
    def peak_weeks(self) -> tuple[int, ...]:
        return tuple(w.number for w in self.weeks if w.phase in (Phase.BASE, Phase.BUILD))

    @cached_property
    def caps(self) -> tuple[Cap, ...]:
        """Every load cap of the open weeks, by rule: R-RAMP, R-CUTBACK, R-TAPER-VOLUME, R-RETURN, R-RECOVERY."""
        caps: list[Cap] = []
        for week in self.weeks:
            if self.is_history(week):
                continue
            caps += self._week_caps(week)
        return tuple(caps)

    def _ramp(self, week: Week) -> list[Cap]:
        if week.phase not in (Phase.BASE, Phase.BUILD) or week.number in self.returns:
            return []
        refs = (week.number - 2, week.number - 1)
        return [
            Cap(week.number, V, "R-RAMP", RAMP, refs, reason="10% over the larger of the last two weeks"),
            Cap(week.number, L, "R-RAMP", Fraction(1), refs, RAMP_LONG_MINUTES, "15 min over the last two long runs"),
        ]

    def _cutback(self, week: Week) -> list[Cap]:
        if week.number not in self.cutbacks:
            return []
        ref = (self.reference_week(week.number),)
        caps = [
            Cap(week.number, V, "R-CUTBACK", CUTBACK, ref, reason="80% of the week it steps back from"),
            Cap(week.number, L, "R-CUTBACK", CUTBACK, ref, reason="80% of the long run it steps back from"),
        ]
        for other in self.block(week.number):
            caps.append(Cap(week.number, V, "R-CUTBACK", Fraction(1), (other,), reason="no more than its block"))
        return caps

    def _taper(self, week: Week) -> list[Cap]:
        if week.phase == Phase.RACE_WEEK:
            return [Cap(week.number, V, "R-TAPER-VOLUME", RACE_WEEK_VOLUME, self.peak_weeks, reason="of the peak")]
        if week.phase != Phase.TAPER:
            return []
        length = self.cycle.phase_lengths[Phase.TAPER]
        k = week.phase_week - 1
        return [
            Cap(week.number, V, "R-TAPER-VOLUME", TAPER_VOLUME[length][k], self.peak_weeks, reason="of the peak"),
            Cap(
                week.number, L, "R-TAPER-VOLUME", TAPER_LONG[length][k], self.peak_weeks, reason="of the peak long run"
            ),
        ]

    def _recovery(self, week: Week) -> list[Cap]:
        if week.phase != Phase.RECOVERY:
            return []
        share = RECOVERY_VOLUME[week.phase_week - 1]
        return [Cap(week.number, V, "R-RECOVERY", share, self.peak_weeks, reason="of the peak, after the race")]

    def _return(self, week: Week) -> list[Cap]:
        if week.number not in self.returns:
            return []
        run, step = self.returns[week.number]
        reason = f"return after the break of weeks {run.first}-{run.last}"
        return [Cap(week.number, m, "R-RETURN", step, run.refs, reason=reason) for m in (V, L)]

    # -- P-VOLUME's target curve -------------------------------------------------

    @cached_property
    def targets(self) -> dict[int, tuple[int, int]]:
        """Each week's target (run minutes, long run minutes), in steps of 5.

        From the starting point, +10% a week (the long run +10 minutes) towards
        the goal and C_L; a cut-back week aims at 80% without moving the level
        on; a week with unavailable days aims at its share of the level; after a
        break, the return weeks aim at their caps. The taper and race week aim
        at their shares of the peak target. Every target is then held to every
        cap of its week, worked out on the targets before it, and rounded down
        to 5 minutes: a plan that meets its targets meets its caps, so the curve
        is one the rules allow and the solver never pays for a target it cannot reach.
        """
        basis = self.basis
        level_v, level_l = basis.weekly_run_minutes, basis.long_run_minutes
        goal, long_cap = basis.goal_weekly_run_minutes, basis.long_run_cap_minutes
        aims: dict[int, tuple[int, int]] = {n: (level_v, level_l) for n in range(-3, 1)}
        peak: tuple[int, int] = (level_v, level_l)
        length = self.cycle.phase_lengths[Phase.TAPER]
        for week in self.weeks:
            n = week.number
            available = Fraction(7 - self.unavailable_count.get(n, 0), 7) * Fraction(len(week.days), 7)
            volume: Fraction | int
            long: Fraction | int
            if week.phase == Phase.TAPER:
                k = week.phase_week - 1
                volume, long = TAPER_VOLUME[length][k] * peak[0], TAPER_LONG[length][k] * peak[1]
            elif week.phase == Phase.RACE_WEEK:
                volume, long = RACE_WEEK_TARGET * peak[0], 0
            elif week.phase == Phase.RECOVERY:
                volume, long = RECOVERY_VOLUME[week.phase_week - 1] * peak[0], 0
            elif n in self.returns:
                run, step = self.returns[n]
                volume = step * max(aims[r][0] for r in run.refs)
                long = step * max(aims[r][1] for r in run.refs)
            elif n in self.cutbacks:
                volume, long = CUTBACK * level_v * available, CUTBACK * level_l
            else:
                if n not in self.break_weeks:
                    grown_v = level_v if level_v >= goal else min(goal, level_v * BUILD_RATE)
                    grown_l = level_l if level_l >= long_cap else min(long_cap, level_l + BUILD_LONG_MINUTES)
                    level_v, level_l = round_down(grown_v), round_down(grown_l)
                volume, long = level_v * available, level_l * min(1, 2 * available)
            for cap in self._week_caps(week):
                index = 0 if cap.measure == V else 1
                reached = cap.limit(lambda r, index=index: aims[r][index])
                if cap.measure == V:
                    volume = min(volume, reached)
                else:
                    long = min(long, reached)
            aims[n] = self._shaped(week, volume, long)
            normal = n not in self.off_weeks and n not in self.cutbacks and n not in self.returns
            if week.phase in (Phase.BASE, Phase.BUILD) and normal:
                # The level follows what the caps let the plan reach, not what was missed.
                level_v, level_l = min(level_v, aims[n][0]), min(level_l, aims[n][1])
            if self.is_history(week):
                # What was done stands for the aim: later weeks build from it, as the caps do.
                aims[n] = (self.known(n, V), self.known(n, L))  # type: ignore[assignment]
            elif n in self.ceilings:
                aims[n] = self._shaped(week, min(aims[n][0], self.ceilings[n]), aims[n][1])
            if week.phase in (Phase.BASE, Phase.BUILD):
                peak = (max(peak[0], aims[n][0]), max(peak[1], aims[n][1]))
        return {w.number: aims[w.number] for w in self.weeks}

    def _week_caps(self, week: Week) -> list[Cap]:
        return self._ramp(week) + self._cutback(week) + self._taper(week) + self._return(week) + self._recovery(week)

    def _shaped(self, week: Week, volume: Fraction | int, long: Fraction | int) -> tuple[int, int]:
        """A target the week can meet: its long run within C_L and at most half of it, its runs within
        their lengths. Weeks with fewer days than runs keep the aim of their days, unraised."""
        runs = self.request.runs_per_week
        most, longest = self.capacity(week)
        volume = min(round_down(volume), most)
        long = min(round_down(long), self.basis.long_run_cap_minutes, longest)
        if week.phase == Phase.RACE_WEEK:
            return max(volume, RUN_LIMITS[RunKind.EASY][0] * (min(3, runs) - 1)), 0
        if week.phase == Phase.RECOVERY:
            return volume, 0
        if week.number in self.off_weeks:
            return volume, min(long, round_down(Fraction(volume, 2)))
        floor = week_floor(runs, quality_target(week.phase, self.request.level))
        volume = max(volume, floor)
        # The long run leaves the other runs at least their shortest, and is at most half the week.
        others_floor = floor - long_floor(True)
        long = max(long_floor(True), min(long, round_down(Fraction(volume, 2)), volume - others_floor))
        other = min(RUN_LIMITS[RunKind.EASY][1], long - LONG_GAP)
        return min(volume, long + (runs - 1) * other), long

    def capacity(self, week: Week) -> tuple[int, int]:
        """The most run minutes the week's days can hold, and its longest possible long run.

        From the athlete's calendar: days away and weekdays without running hold
        nothing, a day's budget caps its run (lifts aside, so this is an upper
        bound). A target beyond it could never be met, and only slow the search.
        """
        race_day = self.cycle.race_index
        days = []
        for d in week.days:
            access = self.request.availability[self.cycle.weekday_of(d)]
            if d == race_day or self.cycle.date_of(d) in self.request.unavailable_dates or not access.run:
                continue
            if 0 < d - race_day <= RECOVERY_FREE_DAYS:
                continue
            days.append(10_000 if access.max_minutes is None else access.max_minutes)
        days.sort(reverse=True)
        if not days:
            return 0, 0
        if week.phase == Phase.RECOVERY:
            runs = days[: recovery_runs(self.request.runs_per_week)]
            return round_down(sum(min(budget, RECOVERY_RUN_MINUTES) for budget in runs)), 0
        long_top = min(days[0], self.basis.long_run_cap_minutes)
        other_top = RUN_LIMITS[RunKind.EASY][1]
        others = [min(budget, other_top) for budget in days[1 : self.request.runs_per_week]]
        return round_down(long_top + sum(others)), round_down(long_top)

    def _settled_or_aim(self, aims: dict[int, tuple[int, int]], number: int, index: int) -> int:
        known = self.known(number, (V, L)[index]) if number >= 1 else None
        return known if known is not None else aims.get(number, aims[0])[index]


def recovery_runs(runs_per_week: int) -> int:
    """R-RECOVERY: the most runs a recovery week holds."""
    return max(1, runs_per_week - 1)


def round_down(minutes: Fraction | int) -> int:
    """Down to a multiple of 5 minutes."""
    return int(minutes // UNIT) * UNIT


def round_up(minutes: Fraction | int) -> int:
    """Up to a multiple of 5 minutes."""
    return -int(-minutes // UNIT) * UNIT


def load_frame(
    request: PlanRequest,
    as_of: int = 0,
    done: Mapping[int, int] | None = None,
    done_long: Mapping[int, int] | None = None,
    ceilings: Mapping[int, int] | None = None,
) -> LoadFrame:
    return LoadFrame(request, request.cycle, load_basis(request), as_of, done or {}, done_long or {}, ceilings or {})
