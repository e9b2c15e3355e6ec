"""The search's limits: time_limit_seconds is a wall-clock ceiling, a timeout says what stopped the
search, and CP-SAT's settings can be overridden for tuning (RUNLIFT_CPSAT_PARAMS)."""

from datetime import date

import pytest

from models.request import PlanRequest
from solver.errors import SolverTimeout
from solver.model import DETERMINISTIC_PER_SECOND, PARAMS_VARIABLE, new_solver, parameter_overrides
from solver.solve import plan

SMALL = PlanRequest(start_date=date(2027, 3, 1), weeks=8, time_limit_seconds=2.0)


def test_the_time_limit_is_the_wall_clock_ceiling_of_every_pass() -> None:
    assert new_solver(2.5).parameters.max_time_in_seconds == 2.5


def test_overrides_reach_the_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PARAMS_VARIABLE, "use_sat_inprocessing:true, linearization_level:2")
    parameters = new_solver(1).parameters
    assert parameters.use_sat_inprocessing is True
    assert parameters.linearization_level == 2
    assert parameters.num_workers == 1  # what the overrides leave alone stays as set


def test_overrides_cannot_lift_the_ceiling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PARAMS_VARIABLE, "max_time_in_seconds:100")
    assert new_solver(1).parameters.max_time_in_seconds == 1


def test_no_overrides_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PARAMS_VARIABLE, raising=False)
    parameters = new_solver(1).parameters
    assert parameters.use_sat_inprocessing is False
    assert parameters.linearization_level == 0


@pytest.mark.parametrize("text", ["no_such_field:1", "num_workers:many", "num_workers 1", "num_workers"])
def test_an_override_that_is_not_a_setting_is_refused_by_name(text: str) -> None:
    with pytest.raises(ValueError, match=PARAMS_VARIABLE) as refused:
        parameter_overrides(text)
    assert repr(text) in str(refused.value)


def test_a_timeout_reports_the_budget_and_the_seconds_it_took(monkeypatch: pytest.MonkeyPatch) -> None:
    # No conflict allowed: the search gives up at once, long before its budget or the clock.
    monkeypatch.setenv(PARAMS_VARIABLE, "max_number_of_conflicts:0")
    with pytest.raises(SolverTimeout) as stopped:
        plan(SMALL)
    timeout = stopped.value
    assert timeout.time_limit_seconds == 2.0
    assert timeout.deterministic_budget == pytest.approx(2.0 * DETERMINISTIC_PER_SECOND)
    assert timeout.deterministic_used is not None and timeout.wall_seconds is not None
    assert timeout.deterministic_used < timeout.deterministic_budget
    assert timeout.wall_seconds < 2.0
    assert str(timeout).startswith("no plan found: the search stopped after")
    assert f"of its {2.0 * DETERMINISTIC_PER_SECOND:.2f} deterministic units" in str(timeout)
    assert "of the 2 s limit" in str(timeout)


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        (
            (0.75, 0.75, 1.8),
            "no plan found: the search stopped after its budget of 0.75 deterministic units (1.8 s of the 5 s limit)",
        ),
        (
            (0.75, 0.4, 5.0),
            "no plan found: the search reached its wall-clock limit of 5 s after 0.40 of its 0.75 deterministic units",
        ),
        ((None, None, None), "no plan found within the time limit of 5 s"),
    ],
)
def test_the_timeout_message_says_what_stopped_the_search(
    figures: tuple[float | None, float | None, float | None], message: str
) -> None:
    assert str(SolverTimeout(5.0, *figures)) == message
