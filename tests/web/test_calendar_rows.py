"""The calendar's rows and version comparisons, as plain data (no templates, no browser)."""

from datetime import date

from models.kinds import Phase, RunKind
from models.plan import DiffEntry, RunSession, Slots
from service.web.calendar import REPORT_DAYS, compare, week_rows, weekday_headers

from .web_helpers import handmade_plan, summary


def test_a_short_first_week_is_padded_so_weekdays_line_up() -> None:
    # 2027-02-24 is a Wednesday; weeks count back from Sunday's race, so week 1 is Wednesday to Sunday.
    plan = handmade_plan(weeks=9, start_date="2027-02-24", race_date="2027-04-25")
    rows = week_rows(plan, today=date(2027, 1, 1))
    assert [len(r.cells) for r in rows] == [7] * len(rows)
    assert rows[0].cells[:2] == [None, None]
    assert rows[0].cells[2] is not None and rows[0].cells[2].day.date == date(2027, 2, 24)
    assert weekday_headers(rows) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert rows[-1].phase == Phase.RACE_WEEK


def test_today_its_week_the_past_and_the_days_open_to_reports() -> None:
    rows = week_rows(handmade_plan(), today=date(2027, 3, 24))
    cells = [c for r in rows for c in r.cells if c]
    assert [r.number for r in rows if r.current] == [4]
    assert [c.day.date for c in cells if c.today] == [date(2027, 3, 24)]
    assert sum(c.past for c in cells) == 23
    reportable = [c.day.date for c in cells if c.reportable]
    assert len(reportable) == REPORT_DAYS and max(reportable) == date(2027, 3, 23)


def test_week_summaries_give_the_rows_their_flags() -> None:
    weeks = [summary(n, cutback=n == 3, break_=n == 5, return_=n == 6) for n in range(1, 9)]
    rows = week_rows(handmade_plan().model_copy(update={"weeks": weeks}), today=date(2027, 3, 1))
    assert [r.flags for r in rows][2:6] == [["cut-back"], [], ["break"], ["return"]]


def test_changed_days_carry_their_diff_entry() -> None:
    plan = handmade_plan()
    entry = DiffEntry(date=date(2027, 3, 17), before=Slots(), after=Slots(run=RunKind.EASY), reasons=["P-STABLE"])
    rows = week_rows(plan.model_copy(update={"diff": [entry]}), today=date(2027, 3, 16))
    assert [c.change for r in rows for c in r.cells if c and c.change] == [entry]


def test_compare_lists_the_days_that_differ_with_reasons() -> None:
    first = handmade_plan()
    days = [d.model_copy() for d in first.days]
    days[9] = days[9].model_copy(update={"run": RunSession(kind=RunKind.QUALITY, minutes=50)})
    reasons = DiffEntry(date=days[9].date, before=Slots(), after=Slots(run=RunKind.QUALITY), reasons=["because"])
    second = first.model_copy(update={"days": days, "version": 2, "replanned_from_version": 1, "diff": [reasons]})
    (change,) = compare(first, second)
    assert change.date == days[9].date and change.reasons == ["because"]
    assert compare(first, first) == []
    (backwards,) = compare(second, first)
    assert backwards.reasons == []  # version 1 was not re-planned from version 2: no reasons to show
