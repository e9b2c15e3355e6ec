"""R-RETURN in a re-plan, checked against the replaced plan: missed minutes are never made up later."""

from datetime import timedelta

from models.events import Event, ReplanRequest
from models.kinds import RunKind
from models.plan import Day, Plan
from models.request import PlanRequest
from models.validation import check_replan
from solver.replan import replan
from solver.solve import plan


def missed_easy_run(previous: Plan) -> tuple[ReplanRequest, Day]:
    """The first easy run of week 2 missed, reported the next day."""
    easy = next(d for d in previous.days if d.week == 2 and d.run and d.run.kind == RunKind.EASY)
    return ReplanRequest(
        as_of=easy.date + timedelta(days=1), events=[Event(date=easy.date, session="run", status="missed")]
    ), easy


def made_up(days: list[Day], missed: Day, replan_request: ReplanRequest) -> list[Day]:
    """The naive re-plan: the missed run is gone, and its minutes go on the next run of the week."""
    later = next(
        d
        for d in days
        if d.week == missed.week and d.date >= replan_request.as_of and d.run and d.run.kind == RunKind.EASY
    )
    extra = missed.run.minutes if missed.run else 0
    edited = []
    for day in days:
        if day.date == missed.date:
            day = day.model_copy(
                update={"run": None, "strength": day.strength and day.strength.model_copy(update={"after_run": False})}
            )
        elif day is later and day.run:
            day = day.model_copy(update={"run": day.run.model_copy(update={"minutes": (day.run.minutes or 0) + extra})})
        edited.append(day)
    return edited


def test_a_replan_that_adds_the_missed_minutes_to_a_later_run_is_flagged() -> None:
    previous = plan(PlanRequest.model_validate({"start_date": "2027-03-01", "weeks": 8}))
    replan_request, missed = missed_easy_run(previous)
    naive = made_up(previous.days, missed, replan_request)
    broken = [v for v in check_replan(previous, replan_request, naive) if v.rule == "R-RETURN"]
    assert broken and "missed minutes stay missed" in broken[0].detail


def test_the_solvers_replan_does_not_make_up_the_missed_minutes() -> None:
    previous = plan(PlanRequest.model_validate({"start_date": "2027-03-01", "weeks": 8}))
    replan_request, _missed = missed_easy_run(previous)
    assert check_replan(previous, replan_request, replan(previous, replan_request).days) == []
