"""Run minutes in the CP-SAT model: one integer per run option of every open day, and each week's sums.

A run's minutes are counted in units of 5 (R-RUN-MINUTES: every run is a
multiple of 5), so domains stay small; weekly sums are expressions in minutes,
with what was already done before `as_of` as constants. A run option that is
not chosen has 0 minutes. The load rules (`solver.rules.load`) and P-VOLUME
read the model only through the queries here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.kinds import Phase, RunKind
from solver.load import RUN_LIMITS, UNIT, Cap, LoadFrame, V, long_floor, week_floor
from solver.targets import quality_target
from solver.variables import Lit, PlanModel

LinearExpr = cp_model.LinearExprT
MINUTE_RUNS = (RunKind.EASY, RunKind.QUALITY, RunKind.LONG)  # the race's minutes are its own and count nowhere
# No week holds more than 7 runs of at most 600 minutes done (an event's bound) or planned.
WEEK_MINUTES_BOUND = 7 * 600


@dataclass
class LoadModel:
    frame: LoadFrame
    # Units (5 minutes) of each run option on each open day; 0 when the option is not chosen.
    units: dict[tuple[int, RunKind], cp_model.IntVar] = field(default_factory=dict)
    # Built once, shared by every cap and term that reads them.
    _maxima: dict[tuple[str, tuple[int, ...]], LinearExpr] = field(default_factory=dict)
    _cache: dict[tuple[str, int], LinearExpr | Lit] = field(default_factory=dict)

    def _once(self, name: str, number: int, make: Callable[[], LinearExpr | Lit]) -> LinearExpr | Lit:
        key = (name, number)
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def open_days(self, pm: PlanModel, week_number: int) -> list[int]:
        week = pm.cycle.weeks[week_number - 1]
        return [d for d in week.days if d >= pm.as_of and d != pm.cycle.race_index]

    def day_units(self, d: int, kinds: Iterable[RunKind] = MINUTE_RUNS) -> LinearExpr:
        return cp_model.LinearExpr.sum([self.units[d, k] for k in kinds if (d, k) in self.units])

    def done_days(self, pm: PlanModel, week_number: int) -> list[int]:
        week = pm.cycle.weeks[week_number - 1]
        return [d for d in week.days if d < pm.as_of]

    def volume(self, pm: PlanModel, number: int) -> LinearExpr:
        """V: the run minutes of a week, the race aside (a constant for weeks before the cycle or done)."""
        return self._once("volume", number, lambda: self._volume(pm, number))

    def _volume(self, pm: PlanModel, number: int) -> LinearExpr:
        known = self.frame.known(number, V)
        if known is not None:
            return known
        done = sum(self.frame.done.get(d, 0) for d in self.done_days(pm, number))
        planned = [self.day_units(d) for d in self.open_days(pm, number)]
        return UNIT * cp_model.LinearExpr.sum(planned) + done

    def long_units(self, pm: PlanModel, number: int) -> LinearExpr:
        """Units of the week's long run when it lies on an open day (0 otherwise)."""
        return self._once("long", number, lambda: self.day_units_sum(self.open_days(pm, number), RunKind.LONG))

    def day_units_sum(self, days: Iterable[int], kind: RunKind) -> LinearExpr:
        return cp_model.LinearExpr.sum([self.units[d, kind] for d in days if (d, kind) in self.units])

    def long_minutes(self, pm: PlanModel, number: int) -> LinearExpr:
        """L: the week's long-run minutes, done or planned."""
        known = self.frame.known(number, "L")
        if known is not None:
            return known
        done = max((self.frame.done_long.get(d, 0) for d in self.done_days(pm, number)), default=0)
        return UNIT * self.long_units(pm, number) + done

    def measure(self, pm: PlanModel, measure: str, number: int) -> LinearExpr:
        return self.volume(pm, number) if measure == V else self.long_minutes(pm, number)

    def maximum(self, pm: PlanModel, measure: str, refs: tuple[int, ...]) -> LinearExpr:
        """The largest measure over these weeks: a constant when all are settled, else a variable."""
        key = (measure, refs)
        if key not in self._maxima:
            known = self.frame.known_max(refs, measure)
            if known is not None:
                self._maxima[key] = known
            else:
                top = pm.model.new_int_var(0, WEEK_MINUTES_BOUND, f"max {measure} {refs[0]}-{refs[-1]}")
                pm.model.add_max_equality(top, [self.measure(pm, measure, n) for n in refs])
                self._maxima[key] = top
        return self._maxima[key]

    def has_long(self, pm: PlanModel, number: int) -> Lit:
        """Whether the week's long run lies on an open day."""
        return self.has_run(pm, number, RunKind.LONG)

    def has_quality(self, pm: PlanModel, number: int) -> Lit:
        """Whether the week holds a quality run on an open day."""
        return self.has_run(pm, number, RunKind.QUALITY)

    def has_run(self, pm: PlanModel, number: int, kind: RunKind) -> Lit:
        def make() -> Lit:
            days = self.open_days(pm, number)
            return pm.any_of([pm.run[d, kind] for d in days], f"has {kind} w{number}")

        return self._once(f"has {kind}", number, make)  # type: ignore[return-value]

    def normal(self, pm: PlanModel, number: int) -> bool:
        """A week whose weekly counts are exact: its floor is a constant."""
        return number not in pm.disrupted

    def long_floor(self, pm: PlanModel, number: int) -> LinearExpr:
        """The shortest the week's long run may be: 30, or 40 beside a quality run."""
        if self.normal(pm, number):
            return long_floor(self._quality_count(pm, number) > 0)
        short = long_floor(False)
        return short + (long_floor(True) - short) * self.has_quality(pm, number)

    def _quality_count(self, pm: PlanModel, number: int) -> int:
        return quality_target(pm.cycle.weeks[number - 1].phase, pm.request.level)

    def floor(self, pm: PlanModel, number: int) -> LinearExpr:
        return self._once("floor", number, lambda: self._floor(pm, number))

    def _floor(self, pm: PlanModel, number: int) -> LinearExpr:
        """The fewest run minutes the week's runs can add up to: every run done as done, the rest at their shortest.

        Runs still to come count only up to the number the week must hold
        (runs_per_week; in race week, the runs it keeps beside the race; in a
        recovery week, none), less the runs already done: adding runs never
        lifts a cap.
        """
        week = pm.cycle.weeks[number - 1]
        if week.phase == Phase.RECOVERY:
            return sum(self.frame.done.get(d, 0) for d in self.done_days(pm, number))  # no run is required
        runs = pm.request.runs_per_week
        race_week = week.phase == Phase.RACE_WEEK
        required = min(3, runs) - 1 if race_week else runs
        if self.normal(pm, number):
            if race_week:
                return RUN_LIMITS[RunKind.EASY][0] * required
            return week_floor(runs, self._quality_count(pm, number))
        done = sorted(self.frame.done[d] for d in self.done_days(pm, number) if d in self.frame.done)
        if race_week:
            return self._race_week_floor(pm, number, done, required)
        if len(done) >= required:
            return sum(done)  # the rest of the week can add no run
        days = self.open_days(pm, number)
        shortest = {k: RUN_LIMITS[k][0] for k in MINUTE_RUNS}
        terms = [
            shortest[k] * pm.run[d, k] for d in days for k in MINUTE_RUNS if pm.constant(pm.run[d, k]) is not False
        ]
        both = pm.model.new_bool_var(f"long and quality w{number}")
        long_, quality = self.has_long(pm, number), self.has_quality(pm, number)
        pm.model.add_implication(both, long_)
        pm.model.add_implication(both, quality)
        pm.model.add_bool_or([both, ~long_, ~quality])
        gap = long_floor(True) - long_floor(False)
        return cp_model.LinearExpr.sum(terms) + gap * both + sum(done)

    def _race_week_floor(self, pm: PlanModel, number: int, done: list[int], required: int) -> LinearExpr:
        """Race week's floor: the runs done, and the easy runs still to come at 20 up to the runs it must hold."""
        days = self.open_days(pm, number)
        easy = [pm.run[d, RunKind.EASY] for d in days if pm.constant(pm.run[d, RunKind.EASY]) is not False]
        room = max(0, required - len(done))
        if not easy or room == 0:
            return sum(done)
        counted = pm.model.new_int_var(0, room, f"counted easy w{number}")
        pm.model.add_min_equality(counted, [pm.total(easy), room])
        return sum(done) + RUN_LIMITS[RunKind.EASY][0] * counted

    def at_least(self, pm: PlanModel, value: int, floor: LinearExpr, name: str) -> LinearExpr:
        """max(value, floor): a constant when the floor is one."""
        if isinstance(floor, int):
            return max(value, floor)
        top = pm.model.new_int_var(0, WEEK_MINUTES_BOUND, name)
        pm.model.add_max_equality(top, [value, floor])
        return top

    def bound(self, pm: PlanModel, cap: Cap) -> LinearExpr:
        """den * cap, raised to den * the week's floor: what den * measure may be at most."""
        ratio = cap.ratio
        reference = self.maximum(pm, cap.measure, cap.refs)
        floor = self.floor(pm, cap.week) if cap.measure == V else self.long_floor(pm, cap.week)
        capped = ratio.numerator * reference + ratio.denominator * cap.offset
        raised = ratio.denominator * floor
        if isinstance(capped, int) and isinstance(raised, int):
            return max(capped, raised)
        top = pm.model.new_int_var(0, ratio.denominator * WEEK_MINUTES_BOUND, f"cap w{cap.week} {cap.rule}")
        pm.model.add_max_equality(top, [capped, raised])
        return top


def new_load_model(pm: PlanModel, frame: LoadFrame) -> LoadModel:
    """One integer per open day and run option that is not ruled out: 0 unless that run is chosen."""
    load = LoadModel(frame)
    long_cap = frame.basis.long_run_cap_minutes
    for d in range(pm.as_of, pm.n_days):
        if d == pm.cycle.race_index:
            continue
        for kind in MINUTE_RUNS:
            literal = pm.run[d, kind]
            if pm.constant(literal) is False:
                continue
            top = (long_cap if kind == RunKind.LONG else RUN_LIMITS[kind][1]) // UNIT
            units = pm.model.new_int_var(0, top, f"{kind} minutes {d}")
            if pm.constant(literal) is None:
                pm.model.add(units <= top * literal)  # no run, no minutes
            load.units[d, kind] = units
    return load
