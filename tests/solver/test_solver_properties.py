"""Property: every valid request gets a plan, and the independent checker finds nothing wrong with it."""

from hypothesis import HealthCheck, given, settings
from strategies import plan_requests

from models.kinds import HARD_RULE_TEXT
from models.request import PlanRequest
from models.validation import check_plan
from solver.errors import InfeasibleError
from solver.solve import plan


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_requests())
def test_every_generated_request_gets_a_plan_the_checker_accepts(request: PlanRequest) -> None:
    result = plan(request)
    assert [d.date for d in result.days] == [request.cycle.date_of(i) for i in range(request.cycle.n_days)]
    assert check_plan(request, result.days) == []
    assert result.objective.value == sum(result.objective.terms.values())


USER_INPUTS = ("availability.", "fixed[", "unavailable_dates", "runs_per_week")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_requests(tight=True))
def test_a_tight_request_gets_a_valid_plan_or_a_refusal_naming_its_inputs(request: PlanRequest) -> None:
    """The rules alone always admit a plan, so a refusal must name the user's inputs that close it off."""
    try:
        result = plan(request)
    except InfeasibleError as refusal:
        assert refusal.conflicts
        assert any(c.input and c.input.startswith(USER_INPUTS) for c in refusal.conflicts), refusal.message
        assert all(c.rule in HARD_RULE_TEXT for c in refusal.conflicts)
    else:
        assert check_plan(request, result.days) == []
