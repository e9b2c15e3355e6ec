"""A week in words: a recovery week says what it is for, and the days right after the race stay free."""

from sample_plans import sample_plan

from models.plan import Plan
from service.week_text import week_text


def week_of(plan: Plan, number: int) -> str:
    cycle = plan.request.cycle
    week = cycle.weeks[number - 1]
    return week_text(plan.days[week.first : week.last + 1], None, cycle)


def test_a_recovery_week_opens_with_what_it_is_for() -> None:
    plan = sample_plan(weeks=8, recovery_weeks=2)
    first, second = week_of(plan, 9), week_of(plan, 10)
    assert first.startswith("Recovery week 1 of 2 after the race: short easy runs")
    assert second.startswith("Recovery week 2 of 2 after the race")
    assert "resetting, not rebuilding" in " ".join(first.split())


def test_the_two_days_after_the_race_say_they_stay_free() -> None:
    plan = sample_plan(weeks=8, recovery_weeks=1)
    lines = week_of(plan, 9).splitlines()
    monday = lines.index(next(line for line in lines if line.startswith("Mon 26 Apr")))
    assert lines[monday : monday + 4] == [
        "Mon 26 Apr  Rest",
        "              The first day after the race: no run, and no lifting beyond mobility.",
        "Tue 27 Apr  Rest",
        "              The second day after the race: no run, and no lifting beyond mobility.",
    ]
    assert "day after the race" not in "\n".join(lines[monday + 4 :])


def test_weeks_up_to_race_day_have_no_recovery_words() -> None:
    plan = sample_plan(weeks=8, recovery_weeks=2)
    assert all("after the race" not in week_of(plan, n) for n in range(1, 9))
