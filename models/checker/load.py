"""Training load: the checks of RULES.md, "Training load: how much, week by week".

How the checker reads the points the rule text leaves open (the solver follows
the same reading; both are written from it, neither from the other):

- Arithmetic is exact: a fraction cap is a cross-multiplication of integers
  (10 V <= 11 M), never a float. V[w] is the week's run minutes without the
  race, L[w] its long run's minutes (0 without one). Weeks before the cycle
  (number 0 and below) hold the starting point, `current`.
- Defaults. The smallest week S is the larger of a normal base and a normal
  build week at their shortest: runs_per_week runs with the phase's quality
  runs (base 1, build 2, a beginner 1) at 30, one long run at 40 beside a
  quality run (it must be 10 longer than every other run) or 30 without, the
  rest easy at 20. `current` defaults to max(level's weekly, S) and the level's
  long run; cutback_every to 3 for a beginner, 4 otherwise. The goal volume only
  steers the target curve (a preference), so no check reads it.
- Cut-back weeks: week numbers divisible by cutback_every, in base or build,
  never the partial first week nor the last build week.
- Off weeks: the partial first week, a week with an unavailable date, a break week.
- Break weeks, scanned in week order: a week with 4 or more unavailable dates;
  and, in a re-plan only, a full base, build or taper week wholly before as_of
  whose V is under half its threshold. The threshold is the week's return cap
  when it is a return week, else the largest V of the 4 weeks before it.
  Consecutive breaks make one run; B and B_L are the largest V and L of the 4
  weeks before the run's first week. A return week that turns out a break
  extends the run, and the return schedule starts again after it.
- Return weeks after a run of k breaks: 0.75 B then B (k = 1), or 0.50 B,
  0.75 B then B (k >= 2); long runs the same fractions of B_L. R-RAMP rests in
  return weeks; a return week in taper or race week keeps its taper cap too.
- R-CUTBACK's reference week is the nearest earlier week that is not off
  (weeks before the cycle never are); its block is the weeks after the previous
  cut-back week (or from week 1), of which the off weeks do not count.
- Floors: every volume cap is raised to F[w]: the minutes of every run done
  before as_of, plus the runs still to come at their shortest allowed length
  (easy 20, quality 30, long FL[w]), the shortest first, up to N runs in all;
  N is runs_per_week in base, build and taper, min(3, runs_per_week) - 1 in
  race week and 0 in a recovery week. (Runs done beyond N still count: the past
  cannot be undone.) FL[w] is 40 when the week holds a quality run from as_of
  on, else 30, and every long-run cap is raised to it. A cap thus never makes a
  plan impossible.
- R-RUN-MINUTES binds runs from as_of on (a done run is what it was); the
  race's own minutes are not checked. R-LONG-SHARE counts the race as one of
  the week's 3 runs and has no floor.
- A long-run cap (and R-LONG-SHARE) binds a long run on a day from as_of on:
  a long run already done is history that no cap can move, though its minutes
  are the L that later weeks are measured from.
- A week is checked when it has a day on or after as_of; history weeks are not
  checked, but their minutes set the caps of the weeks after them.
- Recovery weeks (after race day) are capped by R-RECOVERY alone: R-RAMP,
  R-CUTBACK, R-TAPER-VOLUME, R-LONG-SHARE and R-RETURN (its no-make-up ceiling
  included) stop at race week, and a recovery week is never a break or a return
  week. R-RECOVERY's volume cap is a fraction of the same P as R-TAPER-VOLUME's,
  and its floor holds only the runs done before as_of (N is 0 there).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from models.checker.calendar import PlanWeek
from models.checker.view import PlanView, phase_name
from models.checker.weekly_counts import RACE_WEEK_LEAST_RUNS, quality_target
from models.kinds import Level, Phase, RaceDistance, RunKind
from models.plan import Day, Violation
from models.request import PlanRequest

Fraction = tuple[int, int]  # numerator, denominator: caps stay exact integers

# R-RUN-MINUTES: lengths allowed, in steps of 5 minutes (warm-up and cool-down included).
MINUTE_STEP = 5
EASY_RANGE = (20, 90)
QUALITY_RANGE = (30, 90)
LONG_SHORTEST = 30
LONG_MARGIN = 10  # a long run is at least this much longer than every other run of its week
# The shortest long run beside a 30-minute quality run, by the margin above.
LONG_SHORTEST_BESIDE_QUALITY = QUALITY_RANGE[0] + LONG_MARGIN

# RULES.md, "Starting point": (weekly run minutes, long run minutes) when `current` is absent.
STARTING_POINT: dict[Level, tuple[int, int]] = {
    Level.BEGINNER: (120, 45),
    Level.INTERMEDIATE: (210, 75),
    Level.ADVANCED: (330, 100),
}
# C_L: the long run's ceiling by distance and level ("the usual 3-hour ceiling" for a marathon).
LONG_RUN_CAP: dict[RaceDistance, dict[Level, int]] = {
    RaceDistance.FIVE_K: {Level.BEGINNER: 60, Level.INTERMEDIATE: 75, Level.ADVANCED: 90},
    RaceDistance.TEN_K: {Level.BEGINNER: 75, Level.INTERMEDIATE: 90, Level.ADVANCED: 105},
    RaceDistance.HALF: {Level.BEGINNER: 105, Level.INTERMEDIATE: 120, Level.ADVANCED: 135},
    RaceDistance.MARATHON: {Level.BEGINNER: 180, Level.INTERMEDIATE: 180, Level.ADVANCED: 180},
    RaceDistance.ULTRA: {Level.BEGINNER: 210, Level.INTERMEDIATE: 240, Level.ADVANCED: 300},
}
# Higdon's and Hansons' step-back every 3rd week suits a beginner; others every 4th.
BEGINNER_CUTBACK_EVERY = 3
CUTBACK_EVERY = 4

# R-RAMP (Buist 2008, Nielsen 2014): +10% a week at most, the long run +15 minutes.
RAMP: Fraction = (11, 10)
LONG_RAMP_MINUTES = 15
# R-CUTBACK: a step-back week holds at most 80% of the week it steps back from.
CUTBACK: Fraction = (8, 10)
# R-TAPER-VOLUME (Bosquet 2007, Mujika): by taper length, week by week; race week the race aside.
TAPER_VOLUME: dict[int, tuple[Fraction, ...]] = {3: ((80, 100), (70, 100), (60, 100)), 2: ((75, 100), (60, 100))}
TAPER_LONG: dict[int, tuple[Fraction, ...]] = {3: ((75, 100), (60, 100), (50, 100)), 2: ((70, 100), (50, 100))}
RACE_WEEK_VOLUME: Fraction = (40, 100)
# R-RETURN: after one break week, then after two or more.
RETURN_SCHEDULE: dict[int, tuple[Fraction, ...]] = {  # keyed by breaks in a row, 2 standing for 2 or more
    1: ((75, 100), (1, 1)),
    2: ((50, 100), (75, 100), (1, 1)),
}
BREAK_UNAVAILABLE_DAYS = 4  # a week with this many unavailable dates is a break
BREAK_LOOKBACK_WEEKS = 4  # B: the largest week of the 4 before the break

TRAINING_PHASES = (Phase.BASE, Phase.BUILD)
BREAK_PHASES = (Phase.BASE, Phase.BUILD, Phase.TAPER)


@dataclass(frozen=True)
class Basis:
    """The starting point and settings the caps are measured from, defaults filled in."""

    weekly_run_minutes: int
    long_run_minutes: int
    long_run_cap: int
    cutback_every: int


def smallest_week(request: PlanRequest) -> int:
    """The fewest run minutes a normal base or build week can hold under R-RUN-MINUTES (the larger of the two)."""
    sizes = []
    for phase in TRAINING_PHASES:
        quality = quality_target(phase, request.level)
        easy = request.runs_per_week - 1 - quality
        long_run = LONG_SHORTEST_BESIDE_QUALITY if quality else LONG_SHORTEST
        sizes.append(easy * EASY_RANGE[0] + quality * QUALITY_RANGE[0] + long_run)
    return max(sizes)


def load_basis(request: PlanRequest) -> Basis:
    if request.current is not None:
        weekly, long_run = request.current.weekly_run_minutes, request.current.long_run_minutes
    else:
        # A default must never make a request impossible: never below the smallest week the runs allow.
        weekly, long_run = STARTING_POINT[request.level]
        weekly = max(weekly, smallest_week(request))
    if request.cutback_every is not None:
        every = request.cutback_every
    else:
        every = BEGINNER_CUTBACK_EVERY if request.level == Level.BEGINNER else CUTBACK_EVERY
    return Basis(weekly, long_run, LONG_RUN_CAP[request.race_distance][request.level], every)


@dataclass(frozen=True)
class ReturnWeek:
    """A week on the way back after a run of break weeks, and what it is measured against."""

    fraction: Fraction
    base: int  # B: the largest V of the 4 weeks before the first break
    base_long: int  # B_L: the longest long run of those weeks
    first_break: int
    last_break: int

    def why(self) -> str:
        breaks = _span("week", self.first_break, self.last_break)
        return f"back from the break in {breaks}, measured from the largest of the 4 weeks before it"


def _span(noun: str, first: int, last: int) -> str:
    return f"{noun} {first}" if first == last else f"{noun}s {first}-{last}"


def show_fraction(fraction: Fraction, of: int) -> str:
    hundredths = 100 * fraction[0] // fraction[1]
    return f"{hundredths // 100}.{hundredths % 100:02d} x {of}"


class Load:
    """Every week's run minutes and the weekly facts the load rules read, computed from the plan's days."""

    def __init__(self, view: PlanView) -> None:
        self.view = view
        self.basis = load_basis(view.request)
        self.by_number = {week.number: week for week in view.weeks}

    def runs(self, week: PlanWeek) -> list[int]:
        """The week's runs that count in its volume: every run but the race."""
        return [i for i in week.days if self.view.run(i) not in (None, RunKind.RACE)]

    def _minutes(self, i: int) -> int:
        return self.view.run_minutes(i) or 0  # a run without minutes adds nothing known (R-RUN-MINUTES says so)

    @cached_property
    def _volumes(self) -> dict[int, int]:
        return {week.number: sum(self._minutes(i) for i in self.runs(week)) for week in self.view.weeks}

    @cached_property
    def _longs(self) -> dict[int, int]:
        return {
            week.number: max((self._minutes(i) for i in week.days if self.view.run(i) == RunKind.LONG), default=0)
            for week in self.view.weeks
        }

    def volume(self, number: int) -> int:
        return self._volumes[number] if number >= 1 else self.basis.weekly_run_minutes

    def long(self, number: int) -> int:
        return self._longs[number] if number >= 1 else self.basis.long_run_minutes

    def long_days(self, week: PlanWeek) -> list[int]:
        """The week's long runs still to be run (from as_of on): one already run is history, no cap moves it."""
        return [i for i in week.days if self.view.run(i) == RunKind.LONG and self.view.is_open(i)]

    def open_long(self, week: PlanWeek) -> int:
        """The long run a cap binds: the week's long run from as_of on (0 when it is done or absent)."""
        return max((self._minutes(i) for i in self.long_days(week)), default=0)

    def checked_weeks(self) -> Iterator[PlanWeek]:
        """The weeks the rules of "Training load" check: open, up to race week (after it R-RECOVERY caps)."""
        return self.view.open_training_weeks()

    @cached_property
    def training_weeks(self) -> list[PlanWeek]:
        return [week for week in self.view.weeks if week.phase != Phase.RECOVERY]

    @cached_property
    def peak_week(self) -> int:
        """P: the week of the largest V over base and build (the earliest when several tie)."""
        return max((week.number for week in self.training_weeks if week.phase in TRAINING_PHASES), key=self.volume)

    @cached_property
    def peak_long_week(self) -> int:
        """P_L: the week of the longest long run over base and build."""
        return max((week.number for week in self.training_weeks if week.phase in TRAINING_PHASES), key=self.long)

    # ------------------------------------------------------------ floors

    def long_floor(self, week: PlanWeek) -> int:
        """The shortest long run the week allows: 10 longer than a 30-minute quality run still ahead, else 30."""
        view = self.view
        quality_ahead = any(view.run(i) == RunKind.QUALITY and view.is_open(i) for i in week.days)
        return LONG_SHORTEST_BESIDE_QUALITY if quality_ahead else LONG_SHORTEST

    def floor(self, week: PlanWeek) -> int:
        """What the runs the week must hold need at their shortest: past runs as done, the rest at their minimum."""
        view = self.view
        shortest = {RunKind.EASY: EASY_RANGE[0], RunKind.QUALITY: QUALITY_RANGE[0], RunKind.LONG: self.long_floor(week)}
        done, to_come = [], []
        for i in self.runs(week):
            kind = view.run(i)
            assert kind is not None and kind != RunKind.RACE
            if view.is_open(i):
                to_come.append(shortest[kind])
            else:
                done.append(self._minutes(i))
        required = self.required_runs(week)
        # Every run done counts as done (no cap undoes it); runs still to come only up to the runs the week must hold.
        return sum(done) + sum(sorted(to_come)[: max(0, required - len(done))])

    def required_runs(self, week: PlanWeek) -> int:
        """The runs a week must hold (the floors): none after the race, where R-RECOVERY only sets a maximum."""
        runs_per_week = self.view.request.runs_per_week
        if week.phase == Phase.RECOVERY:
            return 0
        if week.phase == Phase.RACE_WEEK:
            return min(RACE_WEEK_LEAST_RUNS, runs_per_week) - 1  # beside the race
        return runs_per_week

    # ------------------------------------------------------------ cut-back, off and break weeks

    @cached_property
    def cutback_weeks(self) -> list[int]:
        every = self.basis.cutback_every
        if every == 0:
            return []
        last_build = max(week.number for week in self.view.weeks if week.phase == Phase.BUILD)
        return [
            week.number
            for week in self.view.weeks
            if week.number % every == 0 and week.phase in TRAINING_PHASES and week.full and week.number != last_build
        ]

    def unavailable_count(self, week: PlanWeek) -> int:
        cycle = self.view.cycle
        dates = self.view.request.unavailable_dates
        return sum(1 for d in dates if cycle.contains(d) and cycle.index_of(d) in week.days)

    def is_off(self, number: int) -> bool:
        if number < 1:
            return False
        week = self.by_number[number]
        return not week.full or self.unavailable_count(week) > 0 or number in self.breaks

    @property
    def breaks(self) -> set[int]:
        return self._breaks_and_returns[0]

    @property
    def returns(self) -> dict[int, ReturnWeek]:
        return self._breaks_and_returns[1]

    def largest_before(self, number: int) -> tuple[int, int]:
        """The largest V and the longest L of the 4 weeks before a week (the starting point before the cycle)."""
        earlier = range(number - BREAK_LOOKBACK_WEEKS, number)
        return max(self.volume(n) for n in earlier), max(self.long(n) for n in earlier)

    def _is_break(self, week: PlanWeek, returning: ReturnWeek | None) -> bool:
        if self.unavailable_count(week) >= BREAK_UNAVAILABLE_DAYS:
            return True
        view = self.view
        past = view.as_of is not None and week.full and week.last < view.first_open
        if not past or week.phase not in BREAK_PHASES:
            return False
        done = self.volume(week.number)
        if returning is not None:  # under half its own return cap
            numerator, denominator = returning.fraction
            return 2 * done * denominator < numerator * returning.base
        return 2 * done < self.largest_before(week.number)[0]

    @cached_property
    def _breaks_and_returns(self) -> tuple[set[int], dict[int, ReturnWeek]]:
        breaks: set[int] = set()
        returns: dict[int, ReturnWeek] = {}
        first_break = last_break = 0  # the current run of breaks (0: none)
        base = base_long = 0
        for week in self.training_weeks:  # a return schedule ends with race week; recovery has its own caps
            number = week.number
            returning = None
            if first_break:
                schedule = RETURN_SCHEDULE[min(last_break - first_break + 1, 2)]
                position = number - last_break - 1
                if position < len(schedule):
                    returning = ReturnWeek(schedule[position], base, base_long, first_break, last_break)
                else:
                    first_break = last_break = 0
            if self._is_break(week, returning):
                if not first_break:
                    first_break = number
                    base, base_long = self.largest_before(number)
                last_break = number  # a break in the return schedule extends the run
                breaks.add(number)
            elif returning is not None:
                returns[number] = returning
        return breaks, returns

    # ------------------------------------------------------------ violations

    def over_volume(self, rule: str, week: PlanWeek, cap: int, formula: str) -> list[Violation]:
        """The week's volume against a cap already reduced to whole minutes (exactly: V > cap iff den V > num B)."""
        volume = self.volume(week.number)
        floor = self.floor(week)
        if volume <= max(cap, floor):
            return []
        # A recovery week requires no run: its floor is only what was already run before as_of.
        reason = "the least its required runs need" if self.required_runs(week) else "the minutes already run"
        allowed = _allowed(cap, floor, formula, reason)
        return [
            Violation(
                rule=rule,
                dates=[self.view.date(i) for i in self.runs(week)],
                detail=f"{self.view.week_label(week)} has {volume} run minutes; {allowed}",
            )
        ]

    def over_long(self, rule: str, week: PlanWeek, cap: int, formula: str) -> list[Violation]:
        long_run = self.open_long(week)
        floor = self.long_floor(week)
        if long_run <= max(cap, floor):
            return []
        allowed = _allowed(cap, floor, formula, "the shortest long run the week allows")
        return [
            Violation(
                rule=rule,
                dates=[self.view.date(i) for i in self.long_days(week)],
                detail=f"{self.view.week_label(week)} has a long run of {long_run} minutes; {allowed}",
            )
        ]


def _allowed(cap: int, floor: int, formula: str, floor_reason: str) -> str:
    if cap >= floor:
        return f"at most {cap} allowed ({formula})"
    return f"at most {floor} allowed ({floor_reason}, as the cap, {formula}, is only {cap})"


def fraction_of(fraction: Fraction, of: int) -> int:
    """The largest whole number of minutes within the fraction: V <= this exactly when den V <= num B."""
    return of * fraction[0] // fraction[1]


def _which(first: int, last: int, noun: str) -> str:
    """Names the weeks a maximum was taken over, the starting point standing in for weeks before the cycle."""
    if last < 1:
        return "the starting point"
    if first < 1:
        return f"the {noun} of week {last} and the starting point"
    return f"the {noun} of weeks {first}-{last}"


# ---------------------------------------------------------------- the rules


def check_r_run_minutes(view: PlanView) -> list[Violation]:
    # Every run a real session: long enough to count, short enough to recover from, the long run the week's longest.
    found: list[Violation] = []
    load = Load(view)
    ranges = {RunKind.EASY: EASY_RANGE, RunKind.QUALITY: QUALITY_RANGE}
    long_cap = load.basis.long_run_cap
    for i in view.open_days():
        kind, minutes, when = view.run(i), view.run_minutes(i), view.date(i)
        if kind is None or kind == RunKind.RACE:
            continue  # the race lasts what the athlete takes
        if minutes is None:
            problem = "has no minutes"
        elif minutes % MINUTE_STEP:
            problem = f"is {minutes} minutes, not a multiple of {MINUTE_STEP}"
        elif kind in ranges and not ranges[kind][0] <= minutes <= ranges[kind][1]:
            problem = f"is {minutes} minutes; {kind} runs are {ranges[kind][0]}-{ranges[kind][1]}"
        elif kind == RunKind.LONG and minutes < LONG_SHORTEST:
            problem = f"is {minutes} minutes; a long run is at least {LONG_SHORTEST}"
        elif kind == RunKind.LONG and minutes > long_cap:
            race, level = view.request.race_distance, view.request.level
            problem = f"is {minutes} minutes; at most {long_cap} for a {race} race at {level} level"
        else:
            problem = ""
        if problem:
            found.append(Violation(rule="R-RUN-MINUTES", dates=[when], detail=f"the {kind} run on {when} {problem}"))
        if kind == RunKind.LONG and minutes is not None:
            week = view.week_of(i)
            for j in load.runs(week):
                other = view.run_minutes(j)
                if view.run(j) == RunKind.LONG or not view.is_open(j) or other is None:
                    continue  # a second long run is R-LONG-WEEKLY's business
                if minutes < other + LONG_MARGIN:
                    found.append(
                        Violation(
                            rule="R-RUN-MINUTES",
                            dates=sorted([when, view.date(j)]),
                            detail=f"the long run on {when} is {minutes} minutes, not {LONG_MARGIN} longer than the "
                            f"{other}-minute {view.run(j)} run on {view.date(j)} in the same week",
                        )
                    )
    return found


def check_r_ramp(view: PlanView) -> list[Violation]:
    # Buist 2008, Nielsen 2014: injuries follow jumps in volume; +10% a week, the long run +15 minutes.
    found: list[Violation] = []
    load = Load(view)
    for week in load.checked_weeks():
        n = week.number
        if week.phase not in TRAINING_PHASES or n in load.returns:
            continue
        # The larger of two weeks, so a week after a cut-back may return to the level before it.
        before = max(load.volume(n - 1), load.volume(n - 2))
        formula = f"{show_fraction(RAMP, before)}, {_which(n - 2, n - 1, 'larger')}"
        found += load.over_volume("R-RAMP", week, fraction_of(RAMP, before), formula)
        longest = max(load.long(n - 1), load.long(n - 2))
        formula = f"{LONG_RAMP_MINUTES} more than {longest}, {_which(n - 2, n - 1, 'longer')}"
        found += load.over_long("R-RAMP", week, longest + LONG_RAMP_MINUTES, formula)
    return found


def check_r_cutback(view: PlanView) -> list[Violation]:
    # Higdon, Hansons: a step-back week lets the body absorb the weeks before it.
    found: list[Violation] = []
    load = Load(view)
    checked = {week.number for week in load.checked_weeks()}
    previous = 0
    for n in load.cutback_weeks:
        week = load.by_number[n]
        block = [j for j in range(previous + 1, n) if not load.is_off(j)]
        block_start, previous = previous + 1, n
        if n not in checked:
            continue
        reference = n - 1
        while load.is_off(reference):
            reference -= 1
        ref_name = f"week {reference}" if reference >= 1 else "the starting point"
        found += load.over_volume(
            "R-CUTBACK",
            week,
            fraction_of(CUTBACK, load.volume(reference)),
            f"{show_fraction(CUTBACK, load.volume(reference))}, {ref_name}'s run minutes",
        )
        found += load.over_long(
            "R-CUTBACK",
            week,
            fraction_of(CUTBACK, load.long(reference)),
            f"{show_fraction(CUTBACK, load.long(reference))}, {ref_name}'s long run",
        )
        if block:
            lightest = min(block, key=load.volume)
            found += load.over_volume(
                "R-CUTBACK",
                week,
                load.volume(lightest),
                f"no more than week {lightest}, the lightest of its block, weeks {block_start}-{n - 1}",
            )
    return found


def check_r_taper_volume(view: PlanView) -> list[Violation]:
    # Bosquet 2007, Mujika: volume comes down 40-60% before the race; frequency and intensity stay.
    found: list[Violation] = []
    load = Load(view)
    peak, peak_long = load.peak_week, load.peak_long_week
    for week in load.checked_weeks():
        if week.phase == Phase.RACE_WEEK:
            fraction = RACE_WEEK_VOLUME
        elif week.phase == Phase.TAPER:
            fraction = TAPER_VOLUME[week.phase_length][week.phase_week - 1]
        else:
            continue
        place = f"{phase_name(week.phase)}" if week.phase == Phase.RACE_WEEK else f"taper week {week.phase_week}"
        volume_peak = load.volume(peak)
        found += load.over_volume(
            "R-TAPER-VOLUME",
            week,
            fraction_of(fraction, volume_peak),
            f"{place}: {show_fraction(fraction, volume_peak)}, the peak in week {peak}",
        )
        if week.phase == Phase.TAPER:
            long_fraction = TAPER_LONG[week.phase_length][week.phase_week - 1]
            long_peak = load.long(peak_long)
            found += load.over_long(
                "R-TAPER-VOLUME",
                week,
                fraction_of(long_fraction, long_peak),
                f"{place}: {show_fraction(long_fraction, long_peak)}, the longest long run, in week {peak_long}",
            )
    return found


def check_r_long_share(view: PlanView) -> list[Violation]:
    # One run must not carry the week: the long run is at most half of a week of 3 or more runs.
    found: list[Violation] = []
    load = Load(view)
    for week in load.checked_weeks():
        runs = sum(1 for i in week.days if view.run(i) is not None)  # the race counts as a run here
        long_run, volume = load.open_long(week), load.volume(week.number)
        if runs >= 3 and load.long_days(week) and 2 * long_run > volume:
            found.append(
                Violation(
                    rule="R-LONG-SHARE",
                    dates=[view.date(i) for i in load.long_days(week)],
                    detail=f"{view.week_label(week)} has a long run of {long_run} minutes in {volume} run minutes; "
                    f"the long run is at most half of the week ({volume // 2})",
                )
            )
    return found


def check_r_return(view: PlanView) -> list[Violation]:
    # After time off the body has lost some of its fitness: come back in steps, never make up missed work.
    found: list[Violation] = []
    load = Load(view)
    for week in load.checked_weeks():
        returning = load.returns.get(week.number)
        if returning is None:
            continue
        why = returning.why()
        found += load.over_volume(
            "R-RETURN",
            week,
            fraction_of(returning.fraction, returning.base),
            f"{show_fraction(returning.fraction, returning.base)}, {why}",
        )
        found += load.over_long(
            "R-RETURN",
            week,
            fraction_of(returning.fraction, returning.base_long),
            f"{show_fraction(returning.fraction, returning.base_long)}, {why}",
        )
    return found


def check_r_return_no_make_up(view: PlanView, previous_days: Iterable[Day]) -> list[Violation]:
    # Missed work is never made up: from as_of on, a week holds no more run minutes than were done in it
    # before as_of and the replaced plan still had in it (or the least its runs need).
    if view.as_of is None:
        return []
    load = Load(view)
    before = {day.date: day for day in previous_days}
    found: list[Violation] = []
    for week in load.checked_weeks():
        done = sum(_run_minutes(view.by_index.get(i)) for i in week.days if i < view.first_open)
        left = sum(_run_minutes(before.get(view.date(i))) for i in week.days if i >= view.first_open)
        found += load.over_volume(
            "R-RETURN",
            week,
            done + left,
            f"{done} done before {view.as_of} and the {left} the replaced plan had left: missed minutes stay missed",
        )
    return found


def _run_minutes(day: Day | None) -> int:
    if day is None or day.run is None or day.run.kind == RunKind.RACE:
        return 0
    return day.run.minutes or 0
