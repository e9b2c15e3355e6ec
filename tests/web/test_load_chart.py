"""The load chart is a pure function of the week summaries: checked here on hand-made weeks, without a browser."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from itertools import pairwise

import pytest

from models.calendar import Cycle
from models.kinds import Phase
from models.plan import WeekSummary
from service.web.chart import LABEL_CHAR_WIDTH, PHASE_NAMES, PHASE_SHADES, RIGHT, WIDTH, load_chart_svg, week_summaries

from .web_helpers import handmade_plan, summary

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # the page embeds it as is: it must be well-formed XML


def bars(root: ET.Element, kind: str) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == f"bar {kind}"]


def test_one_run_bar_and_one_strength_bar_a_week_heights_in_proportion() -> None:
    weeks = [summary(1, run_minutes=100, strength_minutes=50), summary(2, run_minutes=200, strength_minutes=100)]
    root = parse(load_chart_svg(weeks))
    runs, lifts = bars(root, "run"), bars(root, "strength")
    assert len(runs) == len(lifts) == 2
    heights = [float(r.get("height", "0")) for r in (*runs, *lifts)]
    assert heights[1] == 2 * heights[0]
    assert heights[2] == heights[0] / 2
    assert all(float(r.get("x", "0")) < float(lift.get("x", "0")) for r, lift in zip(runs, lifts, strict=True))


def test_the_target_is_a_line_through_every_week() -> None:
    weeks = [summary(n, target_run_minutes=100 + 10 * n) for n in range(1, 6)]
    target = parse(load_chart_svg(weeks)).find(f".//{SVG}polyline[@class='target']")
    assert target is not None
    points = [tuple(map(float, p.split(","))) for p in target.get("points", "").split()]
    assert len(points) == 5
    assert [y for _, y in points] == sorted((y for _, y in points), reverse=True)  # rising target: y falls


def test_no_target_line_when_no_week_has_one() -> None:
    root = parse(load_chart_svg([summary(1, target_run_minutes=0), summary(2, target_run_minutes=0)]))
    assert root.find(f".//{SVG}polyline") is None


def test_phases_are_shaded_and_named_in_order() -> None:
    phases = [Phase.BASE, Phase.BASE, Phase.BUILD, Phase.TAPER, Phase.RACE_WEEK]
    svg = load_chart_svg([summary(n, phase) for n, phase in enumerate(phases, start=1)])
    shades = [r for r in parse(svg).iter(f"{SVG}rect") if r.get("class") == "phase"]
    assert len(shades) == 4
    assert float(shades[0].get("width", "0")) == 2 * float(shades[1].get("width", "0"))
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert texts.index("base") < texts.index("build") < texts.index("taper") < texts.index("race week")


def test_cut_back_weeks_are_marked_in_words() -> None:
    svg = load_chart_svg([summary(1), summary(2), summary(3, cutback=True), summary(4)])
    flags = [t for t in parse(svg).iter(f"{SVG}text") if t.get("class") == "flag"]
    assert [f.text for f in flags] == ["cut"]
    assert "cut-back weeks 3" in svg
    assert "Week 3, base, cut-back: run 200 min, target 210, strength 90 min" in svg


def test_the_scale_covers_the_largest_value() -> None:
    root = parse(load_chart_svg([summary(1, run_minutes=1500, target_run_minutes=1400)]))
    (run,) = bars(root, "run")
    assert float(run.get("y", "0")) > 0  # the bar starts inside the chart


def test_no_weeks_draws_a_note_not_an_error() -> None:
    assert "No weeks to show" in load_chart_svg([])


def test_a_plan_without_summaries_sums_its_days() -> None:
    weeks = week_summaries(handmade_plan(weeks=8))
    assert [w.week for w in weeks] == list(range(1, 9))
    assert all(w.run_minutes == 130 and w.long_run_minutes == 90 and w.strength_minutes == 30 for w in weeks)
    assert all(w.target_run_minutes == 0 for w in weeks)
    assert weeks[0].phase == Phase.BASE and weeks[-1].phase == Phase.RACE_WEEK


def test_a_plan_with_summaries_keeps_them() -> None:
    plan = handmade_plan().model_copy(update={"weeks": [summary(n) for n in range(1, 9)]})
    assert week_summaries(plan) == plan.weeks


def test_a_one_week_last_phase_keeps_its_name_inside() -> None:
    weeks = [summary(n, Phase.BASE) for n in range(1, 24)] + [summary(24, Phase.RACE_WEEK)]
    (label,) = [t for t in parse(load_chart_svg(weeks)).iter(f"{SVG}text") if t.text == "race week"]
    assert label.get("text-anchor") == "end"


def phase_weeks(training: int, recovery: int) -> list[WeekSummary]:
    """Week summaries with the phases a cycle of these lengths has (Cycle lays them out)."""
    cycle = Cycle(date(2027, 3, 1), date(2027, 3, 1) + timedelta(weeks=training, days=-1), recovery)
    return [summary(week.number, week.phase) for week in cycle.weeks]


def phase_labels(svg: str) -> list[ET.Element]:
    return [t for t in parse(svg).iter(f"{SVG}text") if t.text in PHASE_NAMES.values()]


def test_recovery_weeks_are_a_band_of_their_own_after_race_week() -> None:
    svg = load_chart_svg(phase_weeks(8, 2))
    shades = [r for r in parse(svg).iter(f"{SVG}rect") if r.get("class") == "phase"]
    assert [r.get("fill") for r in shades] == [PHASE_SHADES[p] for p in Phase]
    assert len(set(PHASE_SHADES.values())) == len(PHASE_SHADES)  # a colour of its own, beside its name
    race_week, recovery = shades[-2:]
    assert float(recovery.get("width", "0")) == 2 * float(race_week.get("width", "0"))
    assert [t.text for t in phase_labels(svg)] == [PHASE_NAMES[p] for p in Phase]
    assert "Week 10, recovery: run 200 min" in svg
    assert "after the race, recovery weeks of 200, 200" in svg


@pytest.mark.parametrize("recovery", range(5))
@pytest.mark.parametrize("training", [8, 11, 12, 16, 24])
def test_phase_names_never_overlap_and_stay_inside(training: int, recovery: int) -> None:
    labels = phase_labels(load_chart_svg(phase_weeks(training, recovery)))
    spans = []
    for label in labels:
        width = len(label.text or "") * LABEL_CHAR_WIDTH
        x = float(label.get("x", "0"))
        left = x - width if label.get("text-anchor") == "end" else x
        spans.append((left, left + width))
    assert len(spans) == 4 + (recovery > 0)
    assert all(left >= 0 and right <= WIDTH - RIGHT for left, right in spans)
    assert all(a_right < b_left for (_, a_right), (b_left, _) in pairwise(spans))


def test_a_plan_without_summaries_sums_its_recovery_weeks_too() -> None:
    weeks = week_summaries(handmade_plan(weeks=8, recovery_weeks=2))
    assert [(w.week, w.phase) for w in weeks][-3:] == [(8, Phase.RACE_WEEK), (9, Phase.RECOVERY), (10, Phase.RECOVERY)]
