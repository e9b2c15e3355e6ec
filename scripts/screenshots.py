"""Regenerate the README's screenshots of the plan page: docs/web-plan-desktop.png and docs/web-plan-phone.png.

    .venv/bin/python scripts/screenshots.py      # after ./dev test or ./dev serve made .venv; needs scripts/chromium-up

The README's example plan (examples/first-marathon-home.json), "today" fixed to
Wednesday of week 3, and Tuesday's quality run reported missed through the page,
so the shots show version 2 with its changed days. The app runs in this process
on a loopback port with a throwaway SQLite file; headless Chromium takes the shots.
"""

import json
import sys
import tempfile
import urllib.request
from pathlib import Path

from service.app import create_app
from service.web.headless import DESKTOP, PHONE, chromium, serving

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
REQUEST = REPO / "examples" / "first-marathon-home.json"
TODAY = "2027-03-17"
MISSED = "2027-03-16"  # Tuesday's quality run


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        config = {"DATABASE_PATH": f"{folder}/runlift.sqlite3", "API_KEYS": "", "SECRET_KEY": "screenshots-signing-key"}
        app = create_app({**config, "TODAY": TODAY, "MIGRATE": True})
        with serving(app) as base, chromium() as browser:
            plan_url = base + "/plans/" + create_plan(base)
            page = browser.new_page(viewport=DESKTOP)
            page.goto(plan_url)
            page.locator(f"details.day[data-date='{MISSED}'] > summary").click()
            page.locator("#day-dialog button[value='run:missed']").click()
            page.wait_for_load_state()
            page.screenshot(path=DOCS / "web-plan-desktop.png", full_page=True, clip=_clip(page, 1800))
            phone = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
            phone.goto(plan_url + "#week-3")
            phone.screenshot(path=DOCS / "web-plan-phone.png")
        app.extensions["runlift.store"].close()
    for name in ("web-plan-desktop.png", "web-plan-phone.png"):
        print(f"wrote docs/{name} ({(DOCS / name).stat().st_size // 1024} KB)")
    return 0


def create_plan(base: str) -> str:
    body = REQUEST.read_bytes()
    request = urllib.request.Request(f"{base}/v1/plans", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return str(json.load(response)["id"])


def _clip(page: object, height: int) -> dict[str, float]:
    full = page.evaluate("document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    return {"x": 0, "y": 0, "width": DESKTOP["width"], "height": min(full, height)}


if __name__ == "__main__":
    sys.exit(main())
