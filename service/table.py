"""Plain-text views of a plan for a terminal: the weekly grid and the re-plan diff.

Pure functions: a `Plan` (or diff entries) in, a string out. Every line fits in
100 columns, so a 24-week plan reads in an ordinary terminal or a pasted email.
"""

import textwrap
from collections.abc import Iterable
from datetime import date, timedelta

from models.kinds import RunKind, StrengthKind
from models.plan import Day, DiffEntry, Plan, Slots, WeekSummary
from solver.paces import per_mile

WIDTH = 100
CELL = 8  # the widest cell is "RACE+MO*"

# One or two letters per kind so a whole week fits on one line.
RUN_CODES: dict[RunKind, str] = {
    RunKind.EASY: "E",
    RunKind.QUALITY: "Q",
    RunKind.LONG: "L",
    RunKind.RACE: "RACE",
}
STRENGTH_CODES: dict[StrengthKind, str] = {
    StrengthKind.HEAVY_LOWER: "HL",
    StrengthKind.POWER: "PW",
    StrengthKind.FULL_BODY: "FB",
    StrengthKind.UPPER_CORE: "UC",
    StrengthKind.ISOMETRIC: "IS",
    StrengthKind.MOBILITY: "MO",
}
REST = "—"
UNAVAILABLE = "x"
FIXED_MARK = "*"

LEGEND = "\n".join(
    [
        "Runs: " + ", ".join(f"{code} {kind}" for kind, code in RUN_CODES.items()),
        "Lifts: " + ", ".join(f"{code} {kind}" for kind, code in STRENGTH_CODES.items()),
        f"Q+PW: the run first, the lift after. {REST} rest, {UNAVAILABLE} unavailable date, "
        f"{FIXED_MARK} fixed commitment",
    ]
)


def slots_code(run: RunKind | None, strength: StrengthKind | None) -> str:
    """`Q+PW`, `E`, `MO`, or the rest mark: the run first, then the lift, as the day is done."""
    parts = ([RUN_CODES[run]] if run else []) + ([STRENGTH_CODES[strength]] if strength else [])
    return "+".join(parts) or REST


def day_code(day: Day, unavailable: set[date], fixed: set[date]) -> str:
    run, strength = day.kinds
    if run is None and strength is None and day.date in unavailable:
        return UNAVAILABLE
    return slots_code(run, strength) + (FIXED_MARK if day.date in fixed else "")


def _row(week: str, phase: str, starts: str, cells: Iterable[str], load: str = "") -> str:
    grid = " ".join(f"{cell:<{CELL}}" for cell in cells)
    return (f"{week:>3} {phase:<9} {starts:<6} {grid} {load}").rstrip()


# A week's load beside its row: run minutes, the long run, and what shaped the week.
WEEK_FLAGS: tuple[tuple[str, str], ...] = (
    ("cutback", "C"),
    ("break_", "B"),
    ("return_", "R"),
    ("at_floor", "F"),
)
LOAD_LEGEND = (
    "Run: the week's run minutes (the race aside); Long: its long run. "
    "C cut-back week, B break, R return week, F at the floor its runs allow"
)
RECOVERY_LEGEND = (
    "recovery: the weeks after race day, short easy runs and light lifts only, "
    "nothing but mobility the 2 days after the race (R-RECOVERY)"
)


def _load_cell(summary: WeekSummary | None) -> str:
    if summary is None:
        return ""
    flags = "".join(code for name, code in WEEK_FLAGS if getattr(summary, name))
    long = str(summary.long_run_minutes) if summary.long_run_minutes else "-"
    return f"{summary.run_minutes:>4} {long:>4} {flags}"


def render_grid(plan: Plan) -> str:
    """One row per week (7-day blocks counted back from race day, then any recovery weeks), one column per weekday."""
    request = plan.request
    cycle = request.cycle
    unavailable = set(request.unavailable_dates)
    fixed = {f.date for f in request.fixed}
    by_date = {day.date: day for day in plan.days}
    # The race ends its block and recovery weeks are whole blocks after it, so every row's
    # last column is the race's weekday.
    first_column = cycle.race - timedelta(days=6)
    header_days = [(first_column + timedelta(days=i)).strftime("%a") for i in range(7)]
    summaries = {summary.week: summary for summary in plan.weeks}
    lines = [_row("Wk", "Phase", "From", header_days, " Run Long" if summaries else "")]
    for week in cycle.weeks:
        block_start = cycle.date_of(week.last) - timedelta(days=6)
        cells = []
        for offset in range(7):
            day = by_date.get(block_start + timedelta(days=offset))
            cells.append(day_code(day, unavailable, fixed) if day else "")
        starts = cycle.date_of(week.first).strftime("%b %d")
        lines.append(_row(str(week.number), str(week.phase), starts, cells, _load_cell(summaries.get(week.number))))
    return "\n".join(lines)


def render_footer(plan: Plan) -> str:
    terms = ", ".join(f"{rule} {value}" for rule, value in plan.objective.terms.items())
    solver = plan.solver
    wall = solver.get("wall_time_ms")
    wall_text = f"{wall:.0f} ms" if isinstance(wall, int | float) else "n/a"
    lines = [
        f"Plan version {plan.version}, {plan.status}. Objective {plan.objective.value}: {terms or 'no terms'}.",
        f"Solver: {solver.get('status', 'unknown')} in {wall_text}.",
    ]
    return "\n".join(textwrap.fill(line, WIDTH, subsequent_indent="  ") for line in lines)


def render_paces(plan: Plan) -> str:
    """The training paces per km and per mile (empty without a recent race: effort cues only)."""
    paces = plan.paces
    if paces is None:
        return ""
    zones = [("easy", "-".join(paces.easy), "-".join(per_mile(p) for p in paces.easy))]
    zones += [
        (name, pace, per_mile(pace))
        for name, pace in [
            ("marathon", paces.marathon),
            ("threshold", paces.threshold),
            ("interval", paces.interval),
            ("repetition", paces.repetition),
        ]
    ]
    line = f"Paces (VDOT {paces.vdot:.1f}), per km / per mile: " + ", ".join(
        f"{name} {km} / {mile}" for name, km, mile in zones
    )
    return textwrap.fill(line, WIDTH, subsequent_indent="  ")


def render_plan(plan: Plan) -> str:
    """The grid, its legend, the paces (with a recent race) and a footer with the objective and the solver's run."""
    legend = LEGEND + ("\n" + textwrap.fill(LOAD_LEGEND, WIDTH) if plan.weeks else "")
    if plan.request.recovery_weeks:
        legend += "\n" + textwrap.fill(RECOVERY_LEGEND, WIDTH)
    blocks = [render_grid(plan), legend, render_paces(plan), render_footer(plan)]
    return "\n\n".join(block for block in blocks if block)


def _diff_side(slots: Slots) -> str:
    return slots_code(slots.run, slots.strength)


def render_diff(diff: list[DiffEntry]) -> str:
    """Date, before, after and why, one row per changed day; long reasons wrap under their column."""
    if not diff:
        return "No future day changed."
    reasons_at = 15 + 2 * (CELL + 2)
    header = f"{'Date':<14} {'Before':<{CELL + 1}} {'After':<{CELL + 1}} Reasons"
    lines = [header]
    for entry in diff:
        before, after = _diff_side(entry.before), _diff_side(entry.after)
        prefix = f"{entry.date:%Y-%m-%d %a} {before:<{CELL + 1}} {after:<{CELL + 1}} "
        reasons = "; ".join(entry.reasons) or "-"
        wrapped = textwrap.wrap(reasons, WIDTH - reasons_at) or [""]
        lines.append(prefix + wrapped[0])
        lines.extend(" " * reasons_at + more for more in wrapped[1:])
    return "\n".join(lines)
