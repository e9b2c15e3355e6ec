"""Property: every generated re-plan is found, keeps every rule, and leaves the past as it happened.

200 (request, as_of, events) triples from `replan_triples()`: requests of every
shape from `plan_requests()` (mostly cut to 8-12 weeks to keep the run short),
as_of anywhere in the cycle, reports of done, missed and changed sessions, now
and then a session done where none was planned, and new unavailable dates.
About a minute or two on two cores.
"""

from hypothesis import HealthCheck, given, settings
from replan_strategies import ReplanTriple, replan_triples

from models.plan import Day
from models.validation import actual_history, check_replan
from solver.replan import replan

Kinds = tuple[object, object]


def run_minutes(day: Day) -> int | None:
    return day.run.minutes if day.run and day.run.kind != "race" else None


def kinds(day: Day) -> Kinds:
    return day.kinds


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    # The strategy solves each request once (cached); hypothesis would call that slow data generation.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(replan_triples())
def test_every_generated_replan_is_found_and_keeps_every_rule(triple: ReplanTriple) -> None:
    previous, replan_request = triple.previous, triple.replan
    new = replan(previous, replan_request)
    assert check_replan(previous, replan_request, new.days) == []
    # No day before as_of differs from what actually happened.
    history = actual_history(previous.days, replan_request)
    assert {day.date: kinds(day) for day in new.days if day.date < replan_request.as_of} == history
    # The diff lists exactly the future days whose sessions, or whose run's minutes, changed.
    changed = [
        n.date
        for o, n in zip(previous.days, new.days, strict=True)
        if n.date >= replan_request.as_of and (kinds(o) != kinds(n) or run_minutes(o) != run_minutes(n))
    ]
    assert [entry.date for entry in new.diff] == changed
    assert all(entry.reasons for entry in new.diff)
    assert (new.version, new.replanned_from_version, new.as_of) == (2, 1, replan_request.as_of)
