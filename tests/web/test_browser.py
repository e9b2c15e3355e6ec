"""The pages in headless Chromium: what a runner does on the way out the door.

Chromium is Debian's (scripts/chromium-up installs it; nothing downloads a
browser), driven by Playwright. Skipped where it cannot start, except on CI
(CI=true), where a browser that does not start is a failure.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.web.headless import DESKTOP, PHONE, chromium, serving

from .web_helpers import KEYS, MISSED_LONG_RUN, page_app

ON_CI = os.environ.get("CI") == "true"
Page = Any  # playwright.sync_api.Page; Playwright is imported only once the browser starts


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        with chromium() as started:
            yield started
            return
    except Exception as exc:  # Playwright missing, no browser, or a browser that dies at start
        if ON_CI:
            pytest.fail(f"CI must run the browser tests, but Chromium did not start: {exc}")
        pytest.skip(f"no browser here ({exc}); scripts/chromium-up installs one")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = page_app(tmp_path_factory.mktemp("open"))
    with serving(app) as base:
        yield base


@pytest.fixture(scope="module")
def keyed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = page_app(tmp_path_factory.mktemp("keyed"), API_KEYS=",".join(KEYS))
    with serving(app) as base:
        yield base


@pytest.fixture(scope="module")
def plan_url(browser: Any, site: str) -> str:
    """A plan made through the form, as a runner would: an 8-week 10k with the long run on Saturdays."""
    page = browser.new_page(viewport=DESKTOP)
    fill_plan_form(page, site)
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/plans/[0-9a-f]+$"))
    url = str(page.url)
    page.close()
    return url


@pytest.fixture(scope="module")
def recovery_plan_url(browser: Any, site: str) -> str:
    """The same plan with 2 recovery weeks after race day (Sunday 25 April), asked for on the form."""
    page = browser.new_page(viewport=DESKTOP)
    fill_plan_form(page, site)
    page.fill("#f-recovery-weeks", "2")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/plans/[0-9a-f]+$"))
    url = str(page.url)
    page.close()
    return url


def fill_plan_form(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.fill("#f-start-date", "2027-03-01")
    page.fill("#f-weeks", "8")
    page.select_option("#f-race-distance", "10k")
    page.fill("#f-runs-per-week", "4")
    page.select_option("#f-long-run-day", "saturday")


def horizontal_overflow(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_the_plan_shows_every_week_and_the_load_chart(browser: Any, plan_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(plan_url)
    assert page.locator("li.week").count() == 8
    assert page.locator("details.day").count() == 56
    assert page.locator("svg.load-chart rect.bar.run").count() == 8
    assert page.locator("li.week.current").get_attribute("id") == "week-2"
    assert page.locator("[aria-current=date]").is_visible()
    page.close()


def test_a_tapped_day_opens_its_details(browser: Any, plan_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(plan_url)
    page.locator(f"details.day[data-date='{MISSED_LONG_RUN}'] > summary").click()
    dialog = page.locator("#day-dialog")
    dialog.wait_for(state="visible")
    assert "Saturday 13 March 2027" in dialog.inner_text()
    assert "Long run" in dialog.inner_text() and "minutes" in dialog.inner_text()
    if dialog.locator("table.exercises").count():
        assert dialog.locator("table.exercises tbody tr").count() >= 1
    dialog.locator("button.close").click()
    dialog.wait_for(state="hidden")
    page.close()


def test_a_missed_long_run_shows_version_2_with_its_changes(browser: Any, plan_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(plan_url)
    page.locator(f"details.day[data-date='{MISSED_LONG_RUN}'] > summary").click()
    page.locator("#day-dialog button[value='run:missed']").click()
    page.wait_for_load_state()
    assert "Version 2 of 2" in page.locator("p.meta").inner_text()
    changes = page.locator("#changes")
    assert "What changed in version 2" in changes.inner_text()
    assert "P-RECOVER-KEY" in changes.inner_text()
    changed = page.locator("details.day.changed")
    assert changed.count() >= 1
    assert changed.first.locator(".tag-changed").inner_text() == "changed"
    # Every version is listed, and any two compare.
    assert page.locator("ol.versions li").count() == 2
    page.locator("form.compare-form button").click()
    page.wait_for_url(re.compile(r"/compare\?a=1&b=2"))
    assert page.locator("table.compare tbody tr").count() >= 1
    page.close()


def test_a_long_run_done_longer_is_reported_with_its_minutes(browser: Any, site: str) -> None:
    """A runner who ran 97 minutes, not the planned long run's 90, types it in and taps Done."""
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    fill_plan_form(page, site)
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/plans/[0-9a-f]+$"))
    page.locator(f"details.day[data-date='{MISSED_LONG_RUN}'] > summary").click()
    dialog = page.locator("#day-dialog")
    minutes = dialog.get_by_label("Minutes run")
    assert minutes.is_visible() and minutes.get_attribute("placeholder") == "90"
    assert horizontal_overflow(page) <= 0
    minutes.fill("97")
    dialog.locator("button[value='run:done']").click()
    page.wait_for_load_state()
    assert "Version 2 of 2" in page.locator("p.meta").inner_text()
    day = page.locator(f"details.day[data-date='{MISSED_LONG_RUN}'] > summary")
    assert "Long run 97\u2032" in day.inner_text()
    page.close()


def test_without_javascript_a_day_unfolds_in_place(browser: Any, plan_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(plan_url)
    day = page.locator("details.day[data-date='2027-03-12']")
    day.locator("summary").click()
    assert day.get_attribute("open") is not None
    assert day.locator(".detail").is_visible() and "Friday 12 March 2027" in day.locator(".detail").inner_text()
    assert day.locator("button[value='run:done'], button[value='run:changed']").first.is_visible()
    context.close()


def test_the_calendar_downloads(browser: Any, plan_url: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
    page.goto(plan_url)
    with page.expect_download() as download:
        page.click("text=Download calendar (.ics)")
    saved = tmp_path / "plan.ics"
    download.value.save_as(saved)
    text = saved.read_text()
    assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text
    assert "/feed.ics?token=" in page.locator("#feed-url").input_value()
    page.close()


def test_an_infeasible_request_shows_its_conflicts_by_the_fields(browser: Any, site: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    fill_plan_form(page, site)
    page.fill("#f-runs-per-week", "6")
    for day in ("monday", "tuesday", "wednesday", "thursday"):
        page.uncheck(f"input[name='availability.{day}.run']")
    page.click("button.primary")
    page.wait_for_load_state()
    conflicts = page.locator("#conflicts")
    assert "No plan fits all of this" in conflicts.inner_text()
    assert "In conflict" in page.locator("#f-runs-per-week-box .error").inner_text()
    assert page.locator("tr.has-error").count() >= 1
    conflicts.locator("a[href='#f-runs-per-week']").click()
    assert page.evaluate("location.hash") == "#f-runs-per-week"
    page.close()


def test_two_keys_do_not_see_each_others_plans(browser: Any, keyed_site: str) -> None:
    alpha, beta = browser.new_context(viewport=DESKTOP), browser.new_context(viewport=DESKTOP)
    mine = sign_in(alpha.new_page(), keyed_site, KEYS[0])
    mine.goto(keyed_site + "/")
    fill_plan_form(mine, keyed_site)
    mine.click("button.primary")
    mine.wait_for_url(re.compile(r"/plans/[0-9a-f]+$"))
    theirs = sign_in(beta.new_page(), keyed_site, KEYS[1])
    response = theirs.goto(mine.url)
    assert response is not None and response.status == 404
    assert "Not found" in theirs.inner_text("h1")
    alpha.close()
    beta.close()


def sign_in(page: Page, base: str, key: str) -> Page:
    page.goto(base + "/")
    assert "/sign-in" in page.url
    page.fill("#f-api-key", key)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def test_on_a_phone_nothing_overflows_and_taps_are_big_enough(browser: Any, plan_url: str, site: str) -> None:
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    for url in (plan_url, site + "/", plan_url + "/compare?a=1&b=2"):
        page.goto(url)
        assert horizontal_overflow(page) <= 0, url
    page.goto(plan_url)
    small = page.evaluate(
        """[...document.querySelectorAll('summary, button, a.button, select, input:not([type=checkbox])')]
             .filter(e => e.offsetParent !== null)
             .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height])
             .filter(([, h]) => h < 44)"""
    )
    assert small == []
    page.locator("details.day > summary").first.tap()
    assert page.locator("#day-dialog").is_visible()
    assert horizontal_overflow(page) <= 0
    page.close()


def border_colour(page: Page, selector: str) -> str:
    return str(page.eval_on_selector(selector, "e => getComputedStyle(e).borderLeftColor"))


def test_recovery_weeks_follow_race_week_as_a_band_of_their_own(browser: Any, recovery_plan_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(recovery_plan_url)
    assert "then 2 recovery weeks to 9 May" in page.locator("p.meta").inner_text()
    assert page.locator("li.week").count() == 10
    assert page.locator("details.day").count() == 70  # through Sunday 9 May
    recovery = page.locator("li.week.phase-recovery")
    assert [recovery.nth(i).get_attribute("id") for i in range(recovery.count())] == ["week-9", "week-10"]
    assert recovery.first.locator(".phase-name").inner_text().lower() == "recovery"
    # Its colour is its own, and the legend names it: the swatch has the colour of the recovery weeks' edge.
    band = page.locator("ul.phases .band-recovery")
    assert band.inner_text() == "recovery"
    assert border_colour(page, "ul.phases .band-recovery") == border_colour(page, "#week-9")
    assert border_colour(page, "#week-9") != border_colour(page, "#week-8")
    # The load chart draws the recovery weeks too, shaded and named.
    assert page.locator("svg.load-chart rect.bar.run").count() == 10
    assert page.locator("svg.load-chart text", has_text="recovery").count() == 1
    page.close()


def test_a_recovery_day_opens_with_what_its_week_is_for(browser: Any, recovery_plan_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(recovery_plan_url)
    run_day = page.locator("#week-9 details.day:has(.chip.s-easy)").first
    when = run_day.get_attribute("data-date")
    run_day.locator("summary").click()
    dialog = page.locator("#day-dialog")
    dialog.wait_for(state="visible")
    text = dialog.inner_text()
    assert "Week 9, recovery" in text and "Easy run" in text, when
    assert "Recovery week 1 of 2 after the race" in dialog.locator(".recovery-note").inner_text()
    dialog.locator("button.close").click()
    # The day after the race is free, and says so.
    page.locator("details.day[data-date='2027-04-26'] > summary").click()
    dialog.wait_for(state="visible")
    assert "The first day after the race" in dialog.inner_text()
    assert dialog.locator(".chip.s-easy, .chip.s-quality, .chip.s-long").count() == 0
    page.close()
