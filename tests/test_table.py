"""The terminal views: the weekly grid, its legend and footer, and the re-plan diff."""

from datetime import date, timedelta

import pytest
from sample_plans import sample_plan

from models.kinds import RunKind, StrengthKind
from models.plan import DiffEntry, Plan, Slots
from service.table import (
    CELL,
    LEGEND,
    RECOVERY_LEGEND,
    RUN_CODES,
    STRENGTH_CODES,
    WIDTH,
    render_diff,
    render_grid,
    render_plan,
    slots_code,
)
from solver.paces import plan_paces

# Where each weekday column starts in a grid row: after "Wk", "Phase" and "From".
FIRST_CELL = len(f"{'Wk':>3} {'Phase':<9} {'From':<6} ")


def cell(row: str, column: int) -> str:
    start = FIRST_CELL + column * (CELL + 1)
    return row[start : start + CELL].strip()


def rows(grid: str) -> list[str]:
    return grid.splitlines()[1:]  # the first line is the header


@pytest.mark.parametrize(
    ("run", "strength", "code"),
    [
        (RunKind.QUALITY, StrengthKind.POWER, "Q+PW"),
        (RunKind.EASY, StrengthKind.MOBILITY, "E+MO"),
        (RunKind.LONG, None, "L"),
        (RunKind.RACE, None, "RACE"),
        (None, StrengthKind.UPPER_CORE, "UC"),
        (None, None, "—"),
    ],
)
def test_a_day_reads_run_first_then_lift(run: RunKind | None, strength: StrengthKind | None, code: str) -> None:
    assert slots_code(run, strength) == code


def test_a_24_week_plan_fits_100_columns_with_a_row_per_week() -> None:
    plan = sample_plan(weeks=24)
    text = render_plan(plan)
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    assert [row.split()[0] for row in rows(render_grid(plan))] == [str(n) for n in range(1, 25)]


@pytest.mark.parametrize(
    ("race_date", "header"),
    [
        ("2027-06-20", ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]),  # a Sunday race
        ("2027-06-19", ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]),  # a Saturday race
    ],
)
def test_columns_are_the_weekdays_of_blocks_ending_on_race_day(race_date: str, header: list[str]) -> None:
    grid = render_grid(sample_plan(race_date=race_date))
    assert grid.splitlines()[0].split()[3:] == header
    assert cell(rows(grid)[-1], 6) == "RACE+MO"


@pytest.mark.parametrize("race_date", ["2027-06-20", "2027-06-19"])  # a Sunday race, a Saturday race
def test_recovery_weeks_are_rows_after_race_week_in_the_same_columns(race_date: str) -> None:
    plan = sample_plan(race_date=race_date, recovery_weeks=2)
    grid = rows(render_grid(plan))
    assert [row.split()[:2] for row in grid[-3:]] == [["16", "race_week"], ["17", "recovery"], ["18", "recovery"]]
    # Column 6 is the race's weekday in every row: the race, then the Sundays or Saturdays after it.
    assert [cell(row, 6) for row in grid[-3:]] == [
        "RACE+MO",
        *[slots_code(*kinds) for kinds in recovery_kinds(plan, 6)],
    ]
    # The 2 days after the race are free, in the first recovery week's first two columns.
    assert [cell(grid[-2], column) for column in (0, 1)] == ["—", "—"]
    starts = plan.request.cycle.race + timedelta(days=1)
    assert f"{starts:%b %d}" in grid[-2]  # the first recovery week starts the day after the race


def recovery_kinds(plan: Plan, column: int) -> list[tuple[RunKind | None, StrengthKind | None]]:
    """The sessions of the plan's recovery weeks on one column of the grid."""
    cycle = plan.request.cycle
    return [plan.days[week.first + column].kinds for week in cycle.recovery]


def test_a_plan_with_recovery_weeks_explains_them_and_fits_100_columns() -> None:
    text = render_plan(sample_plan(weeks=24, recovery_weeks=4))
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    assert [row.split()[0] for row in rows(render_grid(sample_plan(weeks=24, recovery_weeks=4)))] == [
        str(n) for n in range(1, 29)
    ]
    assert " ".join(RECOVERY_LEGEND.split()) in " ".join(text.split())


def test_without_recovery_weeks_race_week_is_the_last_row() -> None:
    plan = sample_plan()
    assert rows(render_grid(plan))[-1].split()[:2] == ["16", "race_week"]
    assert "recovery" not in render_plan(plan)


def test_the_partial_first_week_has_blank_leading_cells() -> None:
    # 2027-03-03 is a Wednesday and the race a Sunday: week 1 holds Wednesday to Sunday only.
    grid = render_grid(sample_plan(start_date="2027-03-03", race_date="2027-06-20"))
    first = rows(grid)[0]
    assert [cell(first, column) for column in range(7)] == ["", "", "E+MO", "E+UC", "—", "E", "L"]
    assert "Mar 03" in first


def test_unavailable_dates_and_fixed_sessions_are_marked() -> None:
    plan = sample_plan(
        unavailable_dates=["2027-03-17", "2027-03-18"],
        fixed=[{"date": "2027-03-09", "run": "quality"}],
    )
    week_2, week_3 = rows(render_grid(plan))[1:3]
    assert cell(week_2, 1) == "Q+HL*"
    assert [cell(week_3, column) for column in (2, 3)] == ["x", "x"]


def test_the_legend_explains_every_code() -> None:
    for kind, code in [*RUN_CODES.items(), *STRENGTH_CODES.items()]:
        assert f"{code} {kind}" in LEGEND


def test_the_footer_gives_the_objective_by_rule_and_the_solver_run() -> None:
    footer = render_plan(sample_plan()).split("\n\n")[-1]
    assert "Objective 7" in footer
    assert "P-STACK-HARD 7" in footer
    assert "OPTIMAL in 12 ms" in footer


def test_the_diff_lists_each_changed_day_and_wraps_long_reasons() -> None:
    diff = [
        DiffEntry(
            date=date(2027, 4, 10),
            before=Slots(run=RunKind.EASY),
            after=Slots(run=RunKind.LONG),
            reasons=["the missed long run is placed again later in the same week (P-RECOVER-KEY)"] * 3,
        ),
        DiffEntry(date=date(2027, 4, 11), before=Slots(run=RunKind.LONG, strength=None), after=Slots()),
    ]
    lines = render_diff(diff).splitlines()
    assert max(len(line) for line in lines) <= WIDTH
    assert lines[1].startswith("2027-04-10 Sat E")
    assert "L" in lines[1].split()[3]
    assert any(line.startswith("2027-04-11 Sun L") for line in lines)
    assert len(lines) > 3  # the long reasons wrapped onto extra lines


def test_an_empty_diff_says_so() -> None:
    assert render_diff([]) == "No future day changed."


def test_paces_show_per_km_and_per_mile() -> None:
    plan = sample_plan(recent_race={"distance": "10k", "time": "50:00"})
    plan.paces = plan_paces(plan.request)
    text = render_plan(plan)
    assert "Paces (VDOT 40.0), per km / per mile: easy 5:53-6:38 / 9:28-10:41, marathon 5:26 / 8:45" in text
    assert all(len(line) <= WIDTH for line in text.splitlines())
    assert "Paces" not in render_plan(sample_plan())
