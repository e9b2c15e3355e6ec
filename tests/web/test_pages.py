"""The pages through Flask's test client: make a plan, see it, report a past day, compare, export, keys, CSRF."""

import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar

from service.settings import parse_api_keys
from service.web.views import CONTENT_SECURITY_POLICY

from .web_helpers import (
    KEYS,
    MISSED_LONG_RUN,
    TODAY,
    csrf,
    handmade_plan,
    infeasible_form,
    make_plan,
    page_app,
    plan_form,
    post_form,
    summary,
)


def page(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:1000]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def day_of(plan: dict[str, Any], when: str) -> dict[str, Any]:
    """A day of a plan as the API returns it, by its ISO date."""
    return next(day for day in plan["days"] if day["date"] == when)


def report(client: FlaskClient, plan_id: str, **fields: str) -> object:
    data = {"date": MISSED_LONG_RUN, "report": "run:missed", "base_version": "1", **fields}
    return post_form(client, f"/plans/{plan_id}/report", data)


def test_the_front_page_is_the_plan_form(web: FlaskClient) -> None:
    response = web.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    text = response.get_data(as_text=True)
    names = ("start_date", "weeks", "race_date", "runs_per_week", "current.weekly_run_minutes", "cutback_every")
    for name in (*names, "recovery_weeks"):
        assert f'name="{name}"' in text
    assert 'id="f-availability-wednesday"' in text
    assert f'value="{TODAY}"' in text  # the first day defaults to today


def test_a_plan_made_through_the_form_shows_every_week(web: FlaskClient) -> None:
    plan_id = make_plan(web)
    text = page(web, f"/plans/{plan_id}")
    assert [int(n) for n in re.findall(r'id="week-(\d+)"', text)] == list(range(1, 9))
    assert text.count('<details class="day') == 56
    assert "<svg" in text and "Weekly load" in text
    assert re.search(r'class="week phase-base[^"]*current" id="week-2"', text)
    assert re.search(rf'data-date="{TODAY}">\s*<summary aria-current="date">', text)
    assert "Version 1 of 1" in text


def test_the_front_page_lists_this_browsers_plans(web_app: Flask, web: FlaskClient) -> None:
    assert 'id="recent"' not in page(web, "/")
    first, second = make_plan(web), make_plan(web)
    page(web, f"/plans/{first}")
    page(web, f"/plans/{second}")
    links = re.findall(r'<a href="/plans/([0-9a-f]+)">10k on 25 Apr 2027</a>', page(web, "/"))
    assert links == [second, first]  # the last one opened first
    assert 'id="recent"' not in page(web_app.test_client(), "/")  # another browser has its own list


def test_invalid_fields_come_back_with_their_errors(web: FlaskClient) -> None:
    response = post_form(web, "/", plan_form(weeks="30", start_date="2027-02-30"))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert re.search(r'id="f-weeks"[^>]*aria-invalid="true"', text)
    assert 'id="e-weeks">Input should be less than or equal to 24' in text
    assert 'id="e-start-date"' in text
    assert 'value="30"' in text  # what was typed stays


def test_an_infeasible_request_links_each_conflict_to_its_field(web: FlaskClient) -> None:
    response = post_form(web, "/", infeasible_form())
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "No plan fits all of this" in text
    links = set(re.findall(r'<li>\s*<a href="#(f-[a-z0-9-]+)">', text))
    assert "f-runs-per-week" in links
    assert links & {f"f-availability-{day}" for day in ("monday", "tuesday", "wednesday", "thursday")}
    for target in links:
        assert f'id="{target}"' in text
    assert 'id="e-runs-per-week">In conflict: runs_per_week 6' in text


def test_a_missed_long_run_makes_version_2_with_its_changes(web: FlaskClient) -> None:
    plan_id = make_plan(web)
    response = report(web, plan_id)
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]  # type: ignore[attr-defined]
    text = page(web, f"/plans/{plan_id}")
    assert "Version 2 of 2" in text and "What changed in version 2" in text
    changed = re.findall(r'class="day changed[^"]*" data-date="([0-9-]+)"', text)
    assert changed and all(day >= TODAY for day in changed)
    assert "P-RECOVER-KEY: makes up the long missed on 2027-03-13" in text
    missed = re.search(rf'data-date="{MISSED_LONG_RUN}">.*?</details>', text, re.S)
    assert missed and "as reported" in missed.group(0) and 'Planned: <span class="chip s-long">' in missed.group(0)
    versions = page(web, f"/plans/{plan_id}/versions/1")
    assert "Version 1 of 2" in versions and 'name="report"' not in versions  # old versions take no reports
    compared = page(web, f"/plans/{plan_id}/compare?a=1&b=2")
    assert "Version 1 and version 2" in compared and "P-RECOVER-KEY" in compared


def test_the_api_sees_the_new_version(web: FlaskClient) -> None:
    plan_id = make_plan(web)
    report(web, plan_id)
    plan = web.get(f"/v1/plans/{plan_id}").get_json()
    assert plan["version"] == 2 and plan["as_of"] == TODAY and plan["replanned_from_version"] == 1


def test_a_stale_report_is_409_and_shows_the_latest(web: FlaskClient) -> None:
    plan_id = make_plan(web)
    report(web, plan_id)
    response = report(web, plan_id, base_version="1")
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert "here is version 2" in response.get_data(as_text=True)  # type: ignore[attr-defined]


def test_a_report_that_does_not_fit_is_explained(web: FlaskClient) -> None:
    plan_id = make_plan(web)
    response = report(web, plan_id, date="2027-03-20")  # not in the past
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "events must be before as_of" in response.get_data(as_text=True)  # type: ignore[attr-defined]
    response = report(web, plan_id, date="2027-03-08", report="run:done")  # a rest day: nothing to be done
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert web.get(f"/v1/plans/{plan_id}").get_json()["version"] == 1


def test_a_post_without_the_csrf_token_is_refused(web: FlaskClient) -> None:
    csrf(web)
    for token in (None, "", "forged"):
        data = plan_form() if token is None else {**plan_form(), "csrf_token": token}
        response = web.post("/", data=data)
        assert response.status_code == 400
        assert "This form has expired" in response.get_data(as_text=True)
    assert web.application.extensions["runlift.store"].plan_ids() == []


def test_the_calendar_downloads_and_the_feed_needs_no_cookie(web_app: Flask, web: FlaskClient) -> None:
    plan_id = make_plan(web)
    response = web.get(f"/plans/{plan_id}/calendar.ics")
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert Calendar.from_ical(response.data).walk("VEVENT")
    feed = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page(web, f"/plans/{plan_id}"))
    assert feed
    path = feed.group(1).replace("http://localhost", "").replace("&amp;", "&")
    calendar_app = web_app.test_client()  # no session cookie, as a calendar app
    assert calendar_app.get(path).mimetype == "text/calendar"
    assert calendar_app.get(path + "x").status_code == 404
    assert calendar_app.get(f"/plans/{plan_id}/feed.ics?token=nonsense").status_code == 404


def test_unknown_plans_are_a_404_page(web: FlaskClient) -> None:
    for path in ("/plans/0123456789abcdef0123456789abcdef", "/plans/" + "x" * 100, "/plans/a/versions/9"):
        assert "Not found" in page(web, path, 404)
    plan_id = make_plan(web)
    page(web, f"/plans/{plan_id}/compare?a=1&b=7", 404)


def sign_in(client: FlaskClient, key: str, next_page: str = "/") -> object:
    token = re.search(r'name="csrf_token" value="([^"]+)"', page(client, "/sign-in"))
    assert token
    return client.post("/sign-in", data={"api_key": key, "next": next_page, "csrf_token": token.group(1)})


def test_with_keys_the_page_asks_for_one_and_a_key_sees_only_its_plans(keyed_web_app: Flask) -> None:
    alpha, beta = keyed_web_app.test_client(), keyed_web_app.test_client()
    response = alpha.get("/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert sign_in(alpha, "wrong").status_code == 401  # type: ignore[attr-defined]
    assert sign_in(alpha, KEYS[0]).status_code == 303  # type: ignore[attr-defined]
    plan_id = make_plan(alpha)
    assert page(alpha, f"/plans/{plan_id}")
    sign_in(beta, KEYS[1])
    assert "Not found" in page(beta, f"/plans/{plan_id}", 404)
    assert beta.get(f"/plans/{plan_id}/calendar.ics").status_code == 404
    # The same key reaches the same plan through the API.
    api = keyed_web_app.test_client()
    assert api.get(f"/v1/plans/{plan_id}", headers={"Authorization": f"Bearer {KEYS[0]}"}).status_code == 200
    assert api.get(f"/v1/plans/{plan_id}", headers={"Authorization": f"Bearer {KEYS[1]}"}).status_code == 404


def test_the_session_cookie_is_signed_httponly_and_samesite(keyed_web_app: Flask) -> None:
    client = keyed_web_app.test_client()
    response = sign_in(client, KEYS[0])
    cookie = response.headers["Set-Cookie"]  # type: ignore[attr-defined]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert KEYS[0] not in cookie.split(";")[0]  # not in plain text, at least


def test_a_key_removed_from_the_configuration_stops_working(keyed_web_app: Flask) -> None:
    client = keyed_web_app.test_client()
    sign_in(client, KEYS[0])
    keyed_web_app.config["API_KEYS"] = parse_api_keys(KEYS[1])
    assert client.get("/").status_code == 302


def test_signing_in_only_redirects_within_the_site(keyed_web_app: Flask) -> None:
    for target in ("//elsewhere.example/", "https://elsewhere.example/", "javascript:alert(1)", "/\\elsewhere.example"):
        client = keyed_web_app.test_client()
        assert sign_in(client, KEYS[0], target).headers["Location"] == "/"  # type: ignore[attr-defined]


def test_without_keys_sign_in_is_not_needed(web: FlaskClient) -> None:
    assert web.get("/sign-in").status_code == 303


def test_only_the_last_two_weeks_take_reports(web: FlaskClient) -> None:
    plan_id = make_plan(web)
    text = page(web, f"/plans/{plan_id}")
    reported = re.findall(r'name="date" value="([0-9-]+)"', text)
    assert reported == [f"2027-03-{day:02d}" for day in range(1, 14)]  # today is 14 March: the 13 days before


def test_a_plan_with_weekly_load_shows_cut_backs_and_the_target(web_app: Flask, web: FlaskClient) -> None:
    weeks = [summary(n, cutback=n == 3, target_run_minutes=150 + 10 * n) for n in range(1, 9)]
    plan = handmade_plan().model_copy(update={"id": "cafe01", "weeks": weeks})
    web_app.extensions["runlift.store"].create_plan("cafe01", "", plan.model_dump_json())
    text = page(web, "/plans/cafe01")
    assert re.search(r'class="week phase-base cutback[^"]*" id="week-3"', text)
    assert '<span class="tag tag-cutback">cut-back</span>' in text
    assert "class='target'" in text and "cut-back weeks 3" in text


def test_a_pace_shows_as_a_range_or_one_value(web_app: Flask) -> None:
    # Runs carry a pace once the request gives a recent race: a range fastest first, or one value.
    with web_app.test_request_context():
        macros = web_app.jinja_env.get_template("_day.html").module
        assert str(macros.pace_text({"min_per_km": ["5:53", "6:38"]})) == "5:53\u20136:38 min/km"  # type: ignore[attr-defined]
        assert str(macros.pace_text({"min_per_km": ["4:41"]})) == "4:41 min/km"  # type: ignore[attr-defined]


def test_a_recent_race_through_the_form_gives_the_plan_its_paces(web: FlaskClient) -> None:
    race = {"recent_race.distance": "10k", "recent_race.time": "50:00", "recent_race.date": "2027-02-14"}
    response = post_form(web, "/", plan_form(**race))
    assert response.status_code == 303, response.get_data(as_text=True)
    plan_id = response.headers["Location"].rsplit("/", 1)[1]
    assert "5:53" in page(web, f"/plans/{plan_id}")  # VDOT 40's easy pace, per km


def test_a_recent_race_too_long_ago_is_refused_beside_its_fields(web: FlaskClient) -> None:
    race = {"recent_race.distance": "10k", "recent_race.time": "50:00", "recent_race.date": "2026-06-01"}
    response = post_form(web, "/", plan_form(**race))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert re.search(r'id="e-recent-race-[a-z]+"', text)
    assert 'value="50:00"' in text


def test_recovery_weeks_show_after_race_week_with_their_band_and_what_they_are_for(
    web_app: Flask, web: FlaskClient
) -> None:
    plan = handmade_plan(recovery_weeks=2).model_copy(update={"id": "cafe02"})
    web_app.extensions["runlift.store"].create_plan("cafe02", "", plan.model_dump_json())
    text = page(web, "/plans/cafe02")
    assert [int(n) for n in re.findall(r'id="week-(\d+)"', text)] == list(range(1, 11))
    assert re.findall(r'class="week phase-(\w+)[^"]*" id="week-(?:8|9|10)"', text) == [
        "race_week",
        "recovery",
        "recovery",
    ]
    assert text.count('<details class="day') == 70  # through the last recovery day
    assert '<span class="band band-recovery">recovery</span>' in text
    assert "then 2 recovery weeks to 9 May" in text
    first_after = re.search(r'data-date="2027-04-26">(.*?)</details>', text, re.DOTALL)
    assert first_after and "Recovery week 1 of 2 after the race" in first_after.group(1)
    assert "The first day after the race" in first_after.group(1)
    assert "Recovery week 2 of 2" in text


def test_without_recovery_weeks_no_recovery_band(web: FlaskClient) -> None:
    text = page(web, f"/plans/{make_plan(web)}")
    assert "band-recovery" not in text and "Recovery week" not in text
    assert '<span class="band band-race_week">race week</span>' in text


def test_in_a_recovery_week_a_missed_run_is_reported_and_the_rest_follows(tmp_path: Path) -> None:
    # Today is the Monday of the second recovery week: the first one's days take reports.
    app = page_app(tmp_path, TODAY="2027-05-03")
    web = app.test_client()
    plan_id = make_plan(web, recovery_weeks="2")
    first = web.get(f"/v1/plans/{plan_id}").get_json()
    easy = next(d["date"] for d in first["days"] if d["date"] > "2027-04-25" and d["run"])
    text = page(web, f"/plans/{plan_id}")
    assert re.search(r'class="week phase-recovery current" id="week-10"', text)
    assert f'name="date" value="{easy}"' in text  # the recovery day carries its report form
    response = report(web, plan_id, date=easy)
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]  # type: ignore[attr-defined]
    second = web.get(f"/v1/plans/{plan_id}").get_json()
    assert second["version"] == 2 and second["as_of"] == "2027-05-03"
    assert day_of(second, easy)["run"] is None
    assert len(second["days"]) == len(first["days"])
    app.extensions["runlift.store"].close()


def test_a_run_done_longer_than_planned_carries_its_minutes(web: FlaskClient) -> None:
    plan_id = make_plan(web)
    planned = day_of(web.get(f"/v1/plans/{plan_id}").get_json(), MISSED_LONG_RUN)["run"]
    assert planned["kind"] == "long" and planned["minutes"] != 97
    text = page(web, f"/plans/{plan_id}")
    assert re.search(rf'name="run_minutes"[^>]*placeholder="{planned["minutes"]}"', text)  # what was planned
    response = report(web, plan_id, report="run:done", run_minutes="97")
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]  # type: ignore[attr-defined]
    done = day_of(web.get(f"/v1/plans/{plan_id}").get_json(), MISSED_LONG_RUN)["run"]
    assert (done["kind"], done["minutes"]) == ("long", 97)
    assert re.search(rf'data-date="{MISSED_LONG_RUN}">.*?Long run 97\u2032', page(web, f"/plans/{plan_id}"), re.S)


def test_a_run_done_instead_carries_its_kind_and_minutes(web: FlaskClient) -> None:
    plan_id = make_plan(web)
    response = report(web, plan_id, report="run:changed", run_kind="easy", run_minutes=" 30 ")
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]  # type: ignore[attr-defined]
    done = day_of(web.get(f"/v1/plans/{plan_id}").get_json(), MISSED_LONG_RUN)["run"]
    assert (done["kind"], done["minutes"]) == ("easy", 30)


def test_minutes_typed_beside_a_missed_run_are_left_out(web: FlaskClient) -> None:
    # A missed run counts 0 minutes whatever the box says; the report still goes through.
    plan_id = make_plan(web)
    assert report(web, plan_id, run_minutes="45").status_code == 303  # type: ignore[attr-defined]
    assert day_of(web.get(f"/v1/plans/{plan_id}").get_json(), MISSED_LONG_RUN)["run"] is None


def test_minutes_that_are_not_minutes_are_refused_by_name(web: FlaskClient) -> None:
    plan_id = make_plan(web)
    for typed, says in (("abc", "valid integer"), ("-5", "greater than or equal to 0"), ("601", "less than")):
        response: Any = report(web, plan_id, report="run:done", run_minutes=typed)
        assert response.status_code == 422
        text = response.get_data(as_text=True)
        assert "That report could not be used: Minutes run: Input should be" in text and says in text
    assert web.get(f"/v1/plans/{plan_id}").get_json()["version"] == 1
