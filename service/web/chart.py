"""The load chart: weekly run and strength minutes, the target line and the phases, as SVG text.

Drawn by the server from the plan's numbers (`Plan.weeks`), so it is crisp,
printable and testable without a browser. `load_chart_svg` is a pure function
of the week summaries; a plan without them (made before the solver planned
load) gets summaries summed from its days.
"""

from collections.abc import Sequence
from html import escape
from itertools import groupby

from models.kinds import Phase
from models.plan import Plan, WeekSummary

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 22, 58
RUN_COLOUR = "#1f5fa8"
STRENGTH_COLOUR = "#8a4baf"
TARGET_COLOUR = "#1b1b1b"
PHASE_SHADES: dict[Phase, str] = {
    Phase.BASE: "#eef4ea",
    Phase.BUILD: "#fbf1e1",
    Phase.TAPER: "#e9f0f8",
    Phase.RACE_WEEK: "#f8e8ea",
    Phase.RECOVERY: "#efeaf6",
}
PHASE_NAMES: dict[Phase, str] = {
    Phase.BASE: "base",
    Phase.BUILD: "build",
    Phase.TAPER: "taper",
    Phase.RACE_WEEK: "race week",
    Phase.RECOVERY: "recovery",
}
LABEL_CHAR_WIDTH = 6.5  # an 11 px system font, generously: enough to keep a label inside the chart
LABEL_GAP = 6  # between two phase names
GRID_STEPS = (30, 60, 120, 180, 300)  # minutes between grid lines: the first that gives at most 6 lines


def week_summaries(plan: Plan) -> list[WeekSummary]:
    """The plan's weekly load, or, for a plan without it, run and strength minutes summed from its days."""
    if plan.weeks:
        return list(plan.weeks)
    cycle = plan.request.cycle
    summaries: dict[int, WeekSummary] = {}
    for day in plan.days:
        if not cycle.contains(day.date):
            continue
        week = cycle.week_of(cycle.index_of(day.date))
        summary = summaries.setdefault(
            week.number,
            WeekSummary(week=week.number, phase=week.phase, run_minutes=0, long_run_minutes=0,
                        target_run_minutes=0, strength_minutes=0),
        )  # fmt: skip
        if day.run is not None and day.run.minutes:
            summary.run_minutes += day.run.minutes
            if day.run.kind == "long":
                summary.long_run_minutes = max(summary.long_run_minutes, day.run.minutes)
        if day.strength is not None and day.strength.minutes:
            summary.strength_minutes += day.strength.minutes
    return [summaries[n] for n in sorted(summaries)]


def load_chart_svg(weeks: Sequence[WeekSummary]) -> str:
    """An SVG chart of the weeks: bars of run and strength minutes, the target as a line, phases shaded."""
    if not weeks:
        return _svg(["<text x='50%' y='50%' text-anchor='middle'>No weeks to show</text>"], "No weekly load")
    top = max(max(w.run_minutes, w.strength_minutes, w.target_run_minutes) for w in weeks) or 60
    step = next((s for s in GRID_STEPS if top / s <= 6), GRID_STEPS[-1] * (1 + int(top // (GRID_STEPS[-1] * 6))))
    ceiling = step * (int(top // step) + 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(weeks)

    def x_of(i: int) -> float:
        return LEFT + i * slot

    def y_of(minutes: int) -> float:
        return TOP + plot_h * (1 - minutes / ceiling)

    parts: list[str] = []
    # Phases: a shaded band behind their weeks, named at the top.
    bands: list[tuple[Phase, float, float]] = []  # phase, left edge, width
    index = 0
    for phase, group in groupby(weeks, key=lambda w: w.phase):
        count = len(list(group))
        bands.append((phase, x_of(index), slot * count))
        index += count
    for phase, x, width in bands:
        parts.append(
            f"<rect class='phase' x='{x:.1f}' y='{TOP}' width='{width:.1f}' height='{plot_h}' "
            f"fill='{PHASE_SHADES[phase]}'/>"
        )
    names = [PHASE_NAMES[phase] for phase, _, _ in bands]
    right = WIDTH - RIGHT - 2
    for name, left in zip(names, label_lefts([x + 3 for _, x, _ in bands], names, right), strict=True):
        # A name pushed against the right edge is anchored there, so a narrower font still ends inside.
        at_edge = left + _label_width(name) >= right
        anchor = f"x='{right}' text-anchor='end'" if at_edge else f"x='{left:.1f}'"
        parts.append(f"<text {anchor} y='{TOP - 7}' font-size='11' fill='#333'>{escape(name)}</text>")
    # Grid lines and their minute labels.
    for minutes in range(0, ceiling + 1, step):
        y = y_of(minutes)
        parts.append(f"<line x1='{LEFT}' x2='{WIDTH - RIGHT}' y1='{y:.1f}' y2='{y:.1f}' stroke='#c8c8c8'/>")
        parts.append(f"<text x='{LEFT - 5}' y='{y + 4:.1f}' font-size='11' text-anchor='end'>{minutes}</text>")
    parts.append(
        f"<text x='12' y='{TOP + plot_h / 2:.0f}' font-size='11' text-anchor='middle' "
        f"transform='rotate(-90 12 {TOP + plot_h / 2:.0f})'>minutes</text>"
    )
    # Bars: run minutes and strength minutes side by side in each week's slot.
    bar = max(2.0, slot * 0.36)
    for i, week in enumerate(weeks):
        x = x_of(i) + slot * 0.12
        flags = _flags(week)
        label = f"Week {week.week}, {PHASE_NAMES[week.phase]}{''.join(', ' + f for f in flags)}"
        parts.append(f"<g class='week' data-week='{week.week}'><title>{escape(_week_title(week, label))}</title>")
        for value, colour, offset, kind in (
            (week.run_minutes, RUN_COLOUR, 0.0, "run"),
            (week.strength_minutes, STRENGTH_COLOUR, bar, "strength"),
        ):
            y = y_of(value)
            parts.append(
                f"<rect class='bar {kind}' x='{x + offset:.1f}' y='{y:.1f}' width='{bar:.1f}' "
                f"height='{TOP + plot_h - y:.1f}' fill='{colour}'/>"
            )
        parts.append("</g>")
        label_x = x_of(i) + slot / 2
        parts.append(
            f"<text x='{label_x:.1f}' y='{TOP + plot_h + 14}' font-size='11' text-anchor='middle'>{week.week}</text>"
        )
        if week.cutback or week.break_:
            mark = "cut" if week.cutback else "brk"
            parts.append(
                f"<text class='flag' x='{label_x:.1f}' y='{TOP + plot_h + 26}' font-size='9' "
                f"text-anchor='middle' fill='#555'>{mark}</text>"
            )
    # The target: what the build asks of each week, drawn only when the plan has one.
    if any(w.target_run_minutes for w in weeks):
        points = " ".join(f"{x_of(i) + slot / 2:.1f},{y_of(w.target_run_minutes):.1f}" for i, w in enumerate(weeks))
        parts.append(
            f"<polyline class='target' points='{points}' fill='none' stroke='{TARGET_COLOUR}' "
            "stroke-width='2' stroke-dasharray='5 3'/>"
        )
    parts.append(_legend(any(w.target_run_minutes for w in weeks)))
    return _svg(parts, _description(weeks))


def _label_width(name: str) -> float:
    return len(name) * LABEL_CHAR_WIDTH


def label_lefts(wanted: Sequence[float], names: Sequence[str], right: float) -> list[float]:
    """Where each phase name starts: at its band where it can, else moved just enough to clear its
    neighbours and the right edge. A one-week race week between taper and the recovery weeks is
    narrower than its name, so names are laid out together, not each inside its own band.
    """
    lefts = list(wanted)
    for i in range(1, len(lefts)):  # left to right: clear the name before
        lefts[i] = max(lefts[i], lefts[i - 1] + _label_width(names[i - 1]) + LABEL_GAP)
    limit = right
    for i in reversed(range(len(lefts))):  # right to left: stay inside, clear the name after
        lefts[i] = min(lefts[i], limit - _label_width(names[i]))
        limit = lefts[i] - LABEL_GAP
    return lefts


def _flags(week: WeekSummary) -> list[str]:
    return [name for name, on in (("cut-back", week.cutback), ("break", week.break_), ("return", week.return_)) if on]


def _week_title(week: WeekSummary, label: str) -> str:
    target = f", target {week.target_run_minutes}" if week.target_run_minutes else ""
    return f"{label}: run {week.run_minutes} min{target}, strength {week.strength_minutes} min"


def _legend(with_target: bool) -> str:
    y = HEIGHT - 12
    items = [
        f"<rect x='{LEFT}' y='{y - 9}' width='12' height='10' fill='{RUN_COLOUR}'/>",
        f"<text x='{LEFT + 16}' y='{y}' font-size='11'>run minutes</text>",
        f"<rect x='{LEFT + 110}' y='{y - 9}' width='12' height='10' fill='{STRENGTH_COLOUR}'/>",
        f"<text x='{LEFT + 126}' y='{y}' font-size='11'>strength minutes</text>",
        f"<text x='{LEFT + 360}' y='{y}' font-size='11'>cut: cut-back week, brk: break week</text>",
    ]
    if with_target:
        items += [
            f"<line x1='{LEFT + 240}' x2='{LEFT + 262}' y1='{y - 4}' y2='{y - 4}' stroke='{TARGET_COLOUR}' "
            "stroke-width='2' stroke-dasharray='5 3'/>",
            f"<text x='{LEFT + 266}' y='{y}' font-size='11'>target</text>",
        ]
    return f"<g class='legend'>{''.join(items)}</g>"


def _description(weeks: Sequence[WeekSummary]) -> str:
    peak = max(weeks, key=lambda w: w.run_minutes)
    cutbacks = [str(w.week) for w in weeks if w.cutback]
    race = next((w for w in weeks if w.phase is Phase.RACE_WEEK), None)
    end = f"{race.run_minutes} in race week" if race else f"{weeks[-1].run_minutes} in the last week"
    text = (
        f"Weekly load over {len(weeks)} weeks: run minutes from {weeks[0].run_minutes} in week 1 "
        f"to a peak of {peak.run_minutes} in week {peak.week}, {end}"
    )
    recovery = [w for w in weeks if w.phase is Phase.RECOVERY]
    if recovery:
        text += f"; after the race, recovery weeks of {', '.join(str(w.run_minutes) for w in recovery)}"
    return text + (f"; cut-back weeks {', '.join(cutbacks)}" if cutbacks else "")


def _svg(parts: list[str], description: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='load-chart' viewBox='0 0 {WIDTH} {HEIGHT}' "
        f"role='img' aria-labelledby='load-title load-desc' font-family='system-ui, sans-serif'>"
        f"<title id='load-title'>Weekly load</title><desc id='load-desc'>{escape(description)}</desc>"
        f"{''.join(parts)}</svg>"
    )
