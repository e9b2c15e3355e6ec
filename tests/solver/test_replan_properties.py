"""Property: every generated re-plan is found, keeps every rule, and leaves the past as it happened."""

from hypothesis import HealthCheck, given, settings
from replan_strategies import ReplanTriple, replan_triples

from models.validation import actual_history, check_replan
from solver.replan import replan


def kinds_by_date(days: list) -> dict:
    return {d.date: (d.run.kind if d.run else None, d.strength.kind if d.strength else None) for d in days}


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(replan_triples())
def test_every_generated_replan_is_found_and_keeps_every_rule(triple: ReplanTriple) -> None:
    previous, replan_request = triple.previous, triple.replan
    new = replan(previous, replan_request)
    assert check_replan(previous, replan_request, new.days) == []
    history = actual_history(previous.days, replan_request)
    new_kinds = kinds_by_date(new.days)
    assert {day: new_kinds[day] for day in history} == history
