"""The pages under gunicorn with two workers: a session made by one worker is good at the other.

Without RUNLIFT_SECRET_KEY each worker process would sign with its own key and
every other form post would fail its CSRF check; gunicorn.conf.py makes one key
per server run, before the workers fork.
"""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from benchmarks.harness import running_service

from .web_helpers import plan_form


def test_a_session_holds_across_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNLIFT_SECRET_KEY", raising=False)
    env = {"RUNLIFT_DATABASE_PATH": str(tmp_path / "runlift.sqlite3"), "RUNLIFT_API_KEYS": ""}
    with running_service(env, workers=2, log_dir=tmp_path) as service:
        running = service.wait_for_workers(2)
        assert len(running) == 2
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with browser.open(service.url + "/", timeout=30) as response:
            token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode())
        assert token
        # An invalid form (weeks 30): each post answers 422 with its errors, never 400 for a bad token.
        body = urllib.parse.urlencode({**plan_form(weeks="30"), "csrf_token": token.group(1)}).encode()
        statuses = []
        for _ in range(12):
            try:
                browser.open(service.url + "/", data=body, timeout=30)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
        assert statuses == [422] * 12
