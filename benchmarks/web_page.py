"""Weight and render time of the plan page for a 24-week plan, in headless Chromium.

    .venv/bin/python -m benchmarks.web_page              # 10 loads; needs scripts/chromium-up
    .venv/bin/python -m benchmarks.web_page --loads 20 --json

A 24-week advanced marathon plan (the longest cycle, the most sessions) with one
re-plan, so the page carries a diff and two versions. Prints the bytes sent for
the page (HTML, stylesheet, script: nothing else is loaded) and, over --loads
fresh loads with an empty cache, the server's time to answer and the time from
navigation to the load event, both as median and worst. Budget: under 300 KB,
and a render under 1 s.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from typing import Any

from service.app import create_app
from service.web.headless import DESKTOP, chromium, serving

REQUEST = {
    "start_date": "2027-01-04",
    "weeks": 24,
    "race_distance": "marathon",
    "level": "advanced",
    "runs_per_week": 6,
    "long_run_day": "sunday",
    "rest_days": ["monday"],
}
TODAY = "2027-06-16"  # the Wednesday of week 24: two weeks of past days carry report forms, one run was missed
MISSED = "2027-06-15"
BUDGET_BYTES = 300 * 1024
BUDGET_RENDER_MS = 1000


def measure(loads: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {"DATABASE_PATH": f"{folder}/runlift.sqlite3", "API_KEYS": "", "TODAY": TODAY, "MIGRATE": True}
        )
        client = app.test_client()
        plan = client.post("/v1/plans", json=REQUEST).get_json()
        path = f"/plans/{plan['id']}"
        replan = {"as_of": TODAY, "events": [{"date": MISSED, "session": "run", "status": "missed"}]}
        assert client.post(f"/v1{path}/replan", json=replan).status_code == 201

        server_ms = []
        for _ in range(loads):
            started = time.perf_counter()
            html = client.get(path).data
            server_ms.append((time.perf_counter() - started) * 1000)
        assets = {name: client.get(f"/static/web/{name}").data for name in ("runlift.css", "runlift.js")}

        render_ms, transferred = [], []
        with serving(app) as base, chromium() as browser:
            for _ in range(loads):
                context = browser.new_context(viewport=DESKTOP)  # a fresh context: nothing cached
                page = context.new_page()
                page.goto(base + path, wait_until="load")
                timing = page.evaluate(
                    """() => {
                        const nav = performance.getEntriesByType('navigation')[0];
                        const res = performance.getEntriesByType('resource');
                        return {load: nav.loadEventEnd - nav.startTime,
                                bytes: nav.encodedBodySize + res.reduce((n, r) => n + r.encodedBodySize, 0),
                                requests: 1 + res.length};
                    }"""
                )
                render_ms.append(timing["load"])
                transferred.append(timing["bytes"])
                context.close()
        app.extensions["runlift.store"].close()
    page_bytes = len(html) + sum(len(body) for body in assets.values())
    return {
        "weeks": REQUEST["weeks"],
        "html_bytes": len(html),
        "css_bytes": len(assets["runlift.css"]),
        "js_bytes": len(assets["runlift.js"]),
        "page_bytes": page_bytes,
        "browser_bytes": max(transferred),
        "server_ms_median": round(statistics.median(server_ms), 1),
        "server_ms_max": round(max(server_ms), 1),
        "render_ms_median": round(statistics.median(render_ms), 1),
        "render_ms_max": round(max(render_ms), 1),
        "loads": loads,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=10, help="page loads to time (default 10)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = measure(max(1, args.loads))
    if args.json:
        print(json.dumps(figures))
    else:
        f = figures
        print(f"plan page, {f['weeks']}-week plan with 2 versions, {f['loads']} loads in headless Chromium")
        print(
            f"  weight: {f['page_bytes'] / 1024:.1f} KB (HTML {f['html_bytes'] / 1024:.1f} KB, "
            f"CSS {f['css_bytes'] / 1024:.1f} KB, JS {f['js_bytes'] / 1024:.1f} KB; budget {BUDGET_BYTES // 1024} KB)"
        )
        print(f"  server answer: median {f['server_ms_median']} ms, worst {f['server_ms_max']} ms")
        print(
            f"  navigation to load event: median {f['render_ms_median']} ms, worst {f['render_ms_max']} ms "
            f"(target under {BUDGET_RENDER_MS} ms)"
        )
    within = figures["page_bytes"] < BUDGET_BYTES
    if not within:
        print(f"the page weighs {figures['page_bytes']} bytes, over the {BUDGET_BYTES}-byte budget", file=sys.stderr)
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
