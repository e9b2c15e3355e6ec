"""The pages in a real browser, for the browser tests, the screenshots and the page benchmark.

`serving(app)` runs the Flask app on a free loopback port in a thread (werkzeug's
own server); `chromium()` starts Debian's Chromium (scripts/chromium-up installs
it) through Playwright. Playwright is a test dependency and is imported only
here, when a browser is wanted: the service itself never needs it. Nothing here
downloads a browser: Playwright is pointed at the system one.
"""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from flask import Flask
from werkzeug.serving import make_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = os.environ.get("RUNLIFT_CHROMIUM", "/usr/bin/chromium")
# CI is root (Chromium's sandbox needs a user namespace it cannot have there), and this
# machine has no internet: nothing may try to update, sync or phone home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",  # a small /dev/shm in containers crashes tabs
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app on http://127.0.0.1:PORT until the block ends; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="runlift-web", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@contextmanager
def chromium() -> Iterator["Browser"]:
    """Headless Chromium from the system; raises when Playwright or the browser is missing."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        raise FileNotFoundError(f"{CHROMIUM} is missing: run scripts/chromium-up")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
