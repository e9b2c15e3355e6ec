"""The form becomes the same PlanRequest as the API's JSON; errors find their way back to their fields."""

import pytest
from werkzeug.datastructures import MultiDict

from models.kinds import WEEKDAYS
from service.web.form import field_for_loc, field_id, read_form, request_data

from .web_helpers import plan_form


def posted(**fields: str | None) -> MultiDict[str, str]:
    data = plan_form(**fields)
    return MultiDict([(name, value) for name, value in data.items()])


def test_a_filled_form_is_the_request_the_api_would_get() -> None:
    form = posted(**{"current.weekly_run_minutes": "180", "current.long_run_minutes": "70", "cutback_every": "3"})
    form.add("rest_days", "friday")
    _, request = read_form(form)
    assert request is not None
    assert request.weeks == 8 and request.runs_per_week == 4 and request.long_run_day == "saturday"
    assert request.rest_days == ["monday", "friday"]
    assert request.current is not None and request.current.weekly_run_minutes == 180
    assert request.cutback_every == 3 and request.long_run_buffer_hours == 48
    assert all(request.availability[day].run and request.availability[day].strength for day in WEEKDAYS)


def test_recovery_weeks_from_the_form_extend_the_cycle_past_race_day() -> None:
    _, request = read_form(posted(recovery_weeks="2"))
    assert request is not None and request.recovery_weeks == 2
    assert (request.cycle.end - request.cycle.race).days == 14


def test_blank_fields_take_the_models_defaults() -> None:
    _, request = read_form(MultiDict({"start_date": "2027-03-01"}))
    assert request is not None
    assert (request.weeks, request.race_distance, request.runs_per_week) == (16, "marathon", 5)
    assert request.current is None and request.goal_weekly_run_minutes is None and request.cutback_every is None
    assert request.recovery_weeks == 0
    # An unticked box is a "no": the form always says what each weekday allows.
    assert not request.availability["monday"].run


def test_weekday_limits_dates_and_fixed_sessions() -> None:
    form = posted(
        **{
            "availability.tuesday.run": None,
            "availability.friday.max_minutes": "45",
            "unavailable_dates": "2027-03-20, 2027-03-21\n2027-03-22",
            "fixed[0].date": "2027-03-24",
            "fixed[0].run": "quality",
            "fixed[3].date": "2027-03-10",
            "fixed[3].strength": "mobility",
        }
    )
    data = request_data(form)
    assert data["availability"]["tuesday"]["run"] is False
    assert data["availability"]["friday"]["max_minutes"] == "45"
    assert data["unavailable_dates"] == ["2027-03-20", "2027-03-21", "2027-03-22"]
    # In date order, as the model keeps them: a conflict's fixed[0] is the first row the form shows again.
    assert data["fixed"] == [{"date": "2027-03-10", "strength": "mobility"}, {"date": "2027-03-24", "run": "quality"}]
    _, request = read_form(form)
    assert request is not None and request.availability["friday"].max_minutes == 45


def test_fixed_rows_come_back_in_the_models_order() -> None:
    form, request = read_form(
        posted(**{"fixed[1].date": "2027-03-24", "fixed[1].run": "quality", "fixed[3].date": "2027-03-10"})
    )
    assert request is None  # the 10 March row pins nothing
    assert form.value("fixed[0].date") == "2027-03-10" and form.value("fixed[1].date") == "2027-03-24"
    assert form.value("fixed[1].run") == "quality" and not form.value("fixed[3].date")
    assert list(form.errors) == ["fixed[0]"]  # the error names the row the form now shows first
    assert form.fixed_rows() == 4


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"weeks": "30"}, "weeks", "less than or equal to 24"),
        ({"start_date": "soon"}, "start_date", "valid date"),
        ({"runs_per_week": "many"}, "runs_per_week", "valid integer"),
        ({"availability.monday.max_minutes": "-5"}, "availability.monday.max_minutes", "greater than or equal to 0"),
        ({"unavailable_dates": "2027-13-01"}, "unavailable_dates", "valid date"),
        ({"unavailable_dates": "2028-01-01"}, "unavailable_dates", "outside the cycle"),
        ({"race_date": "2027-02-01"}, "race_date", "race_date"),
        ({"fixed[0].date": "2027-03-03"}, "fixed[0]", "pins a run"),
        ({"fixed[0].date": "2027-03-03", "fixed[0].run": "sprint"}, "fixed[0].run", "Input should be"),
        ({"current.weekly_run_minutes": "100"}, "current.long_run_minutes", "Field required"),
        ({"long_run_buffer_hours": "36"}, "long_run_buffer_hours", "24 or 48"),
        ({"recovery_weeks": "5"}, "recovery_weeks", "less than or equal to 4"),
        ({"recovery_weeks": "-1"}, "recovery_weeks", "greater than or equal to 0"),
        ({"recovery_weeks": "two"}, "recovery_weeks", "valid integer"),
    ],
)
def test_errors_sit_next_to_their_field(fields: dict[str, str], field: str, words: str) -> None:
    form, request = read_form(posted(**fields))
    assert request is None
    assert field in form.errors, form.errors
    assert any(words in message for message in form.errors[field]), form.errors


@pytest.mark.parametrize(
    ("loc", "message", "field"),
    [
        (("availability", "wednesday", "run"), "", "availability.wednesday.run"),
        (("fixed", 2), "", "fixed[2]"),
        (("unavailable_dates", 4), "", "unavailable_dates"),
        (("rest_days", 0), "", "rest_days"),
        ((), "Value error, unavailable_dates outside the cycle: 2028-01-01", "unavailable_dates"),
        ((), "Value error, something else entirely", ""),
    ],
)
def test_field_for_loc(loc: tuple[str | int, ...], message: str, field: str) -> None:
    assert field_for_loc(loc, message) == field


def test_field_ids_are_safe_html_ids() -> None:
    assert field_id("fixed[2]") == "f-fixed-2"
    assert field_id("availability.wednesday") == "f-availability-wednesday"
    assert field_id("current.weekly_run_minutes") == "f-current-weekly-run-minutes"
    assert field_id("") == "f-form"
