"""Print the README's example outputs from the code, and put them in README.md.

    .venv/bin/python scripts/readme_examples.py           # rewrite every example block of README.md
    .venv/bin/python scripts/readme_examples.py --check   # exit 1 and name the blocks that are stale

An example block in README.md sits between `<!-- example: NAME -->` and
`<!-- /example -->`; everything between the markers is this script's output
for NAME, fence included. The text around the blocks is left alone. The plan
table is what `runlift plan` prints; the HTTP answers come from the Flask app
itself, through its test client, on a throwaway SQLite file: the same code a
curl against `./dev serve` reaches. tests/test_readme.py fails when README.md
and this script differ.
"""

import argparse
import contextlib
import io
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from models.plan import Plan
from service.app import create_app
from service.cli import main as runlift
from service.table import render_grid
from service.week_text import example_week, week_text

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples"
# "Solver: OPTIMAL in 31 ms." becomes "... in N ms.": the one figure that changes from run to run.
SOLVE_TIME = re.compile(r"(Solver: [A-Z_]+ in )[0-9.]+ ms")
BLOCK = re.compile(r"(<!-- example: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- /example -->)", re.DOTALL)

# Six runs a week with Monday, Wednesday and Friday closed to running: no plan exists.
NO_PLAN_REQUEST: dict[str, Any] = {
    "start_date": "2027-03-01",
    "runs_per_week": 6,
    "availability": {"monday": {"run": False}, "wednesday": {"run": False}, "friday": {"run": False}},
}


def fenced(language: str, text: str) -> str:
    return f"```{language}\n{text.rstrip()}\n```\n"


def example_request() -> str:
    return fenced("json", (EXAMPLES / "first-marathon-home.json").read_text(encoding="utf-8"))


def plan_table() -> str:
    """What `runlift plan examples/first-marathon-home.json` prints, the solve time aside (it varies)."""
    return fenced("", SOLVE_TIME.sub(r"\1N ms", run_cli("plan", str(EXAMPLES / "first-marathon-home.json"))))


def replan_events() -> str:
    return fenced("json", (EXAMPLES / "replan-weekend-away.json").read_text(encoding="utf-8"))


def replan_changes() -> str:
    """The end of what `runlift replan plan.json examples/replan-weekend-away.json` prints: the changes."""
    with tempfile.TemporaryDirectory() as folder:
        plan_file = Path(folder) / "plan.json"
        plan_file.write_text(run_cli("plan", str(EXAMPLES / "first-marathon-home.json"), "--format", "json"))
        printed = run_cli("replan", str(plan_file), str(EXAMPLES / "replan-weekend-away.json"))
    return fenced("", printed[printed.index("Changes from version") :])


def run_cli(*args: str) -> str:
    """What `runlift ARGS` prints on stdout; an exit status other than 0 is an error here."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = runlift(list(args))
    if code != 0:
        raise RuntimeError(f"runlift {' '.join(args)} exited {code}")
    return out.getvalue()


def compact_json(data: dict[str, Any]) -> str:
    """JSON with one key a line, each item of a list of objects on a line of its own, as a reader scans it."""
    lines = ["{"]
    for n, (key, value) in enumerate(data.items()):
        comma = "," if n < len(data) - 1 else ""
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            items = ",\n".join(f"    {json.dumps(item)}" for item in value)
            lines.append(f"  {json.dumps(key)}: [\n{items}\n  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}{comma}")
    return "\n".join([*lines, "}"])


@contextlib.contextmanager
def service() -> Iterator[FlaskClient]:
    """The HTTP app, open (no API keys) on a SQLite file that is gone afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{folder}/runlift.sqlite3"
        app = create_app({"TESTING": True, "DATABASE_URL": database, "API_KEYS": "", "MIGRATE": True})
        try:
            yield app.test_client()
        finally:
            app.extensions["runlift.store"].close()


def no_plan_request() -> str:
    return fenced("json", compact_json(NO_PLAN_REQUEST))


def no_plan_answer() -> str:
    with service() as client:
        response = client.post("/v1/plans", json=NO_PLAN_REQUEST)
    if response.status_code != 422:
        raise RuntimeError(f"expected 422 for the impossible request, got {response.status_code}")
    return fenced("json", compact_json(response.get_json()))


def http_session() -> str:
    """The README's curl sequence, each command followed by what the service answers it."""
    marathon = json.loads((EXAMPLES / "first-marathon-home.json").read_text(encoding="utf-8"))
    weekend_away = json.loads((EXAMPLES / "replan-weekend-away.json").read_text(encoding="utf-8"))
    lines: list[str] = []
    with service() as client:
        created = client.post("/v1/plans", json=marathon)
        plan_id = created.get_json()["id"]
        location = created.headers["Location"].replace(plan_id, "$id")
        lines += [
            "id=$(curl -s -X POST localhost:8000/v1/plans -H 'Content-Type: application/json' \\",
            "       -d @examples/first-marathon-home.json"
            " | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"id\"])')",
            f"# {created.status_code}, Location: {location}, version {created.get_json()['version']}",
        ]
        latest = client.get(f"/v1/plans/{plan_id}")
        lines += [
            "curl -s localhost:8000/v1/plans/$id",
            f"# {latest.status_code}, the latest: version {version(latest)}",
        ]
        replanned = client.post(f"/v1/plans/{plan_id}/replan", json=weekend_away)
        body = replanned.get_json()
        lines += [
            "curl -s -X POST localhost:8000/v1/plans/$id/replan -H 'Content-Type: application/json' \\",
            "       -d @examples/replan-weekend-away.json",
            f"# {replanned.status_code}, version {body['version']} with a diff of {len(body['diff'])} changed days",
        ]
        first = client.get(f"/v1/plans/{plan_id}/versions/1")
        unchanged = first.get_json()["days"] == created.get_json()["days"]
        lines += [
            "curl -s localhost:8000/v1/plans/$id/versions/1",
            f"# {first.status_code}, version {version(first)}" + (", unchanged" if unchanged else ", CHANGED"),
        ]
        calendar = client.get(f"/v1/plans/{plan_id}/calendar.ics")
        events = calendar.get_data(as_text=True).count("BEGIN:VEVENT")
        lines += [
            "curl -s -o plan.ics localhost:8000/v1/plans/$id/calendar.ics",
            f"# {calendar.status_code}, {calendar.mimetype}: {events} events, one per session, stable UIDs",
        ]
        document = client.get("/openapi.json")
        lines += [
            "curl -s localhost:8000/openapi.json",
            f"# {document.status_code}, OpenAPI {document.get_json()['openapi']}, generated from the pydantic models",
        ]
        missing = client.get("/v1/plans/no-such-plan")
        lines += [
            "curl -s localhost:8000/v1/plans/no-such-plan",
            f"# {missing.status_code}, {missing.get_data(as_text=True)}",
        ]
    return fenced("bash", "\n".join(lines))


def paces_week() -> str:
    """One week with paces and this week's sets, as `service.week_text` writes it."""
    return fenced("", example_week())


def recovery_weeks() -> str:
    """The table's rows from race week on, then the first recovery week in words, of
    `runlift plan examples/half-with-recovery-weeks.json`."""
    plan = Plan.model_validate_json(
        run_cli("plan", str(EXAMPLES / "half-with-recovery-weeks.json"), "--format", "json")
    )
    cycle = plan.request.cycle
    header, *rows = render_grid(plan).splitlines()
    week = cycle.recovery[0]
    words = week_text(plan.days[week.first : week.last + 1], None, cycle)
    return fenced("", "\n".join([header, *rows[cycle.race_week.number - 1 :], "", words]))


def version(response: Any) -> int:
    return int(response.get_json()["version"])


PRODUCERS: dict[str, Callable[[], str]] = {
    "plan-request": example_request,
    "plan-table": plan_table,
    "replan-events": replan_events,
    "replan-changes": replan_changes,
    "no-plan-request": no_plan_request,
    "no-plan-answer": no_plan_answer,
    "http-session": http_session,
    "paces-week": paces_week,
    "recovery-weeks": recovery_weeks,
}


def regenerate(readme: str) -> str:
    """README text with every example block replaced by the script's output for it."""
    names = [match["name"] for match in BLOCK.finditer(readme)]
    unknown = sorted(set(names) - set(PRODUCERS))
    missing = sorted(set(PRODUCERS) - set(names))
    if unknown or missing:
        raise ValueError(f"README example blocks: unknown {unknown}, missing {missing}")
    outputs = {name: PRODUCERS[name]() for name in dict.fromkeys(names)}
    return BLOCK.sub(lambda m: m.group(1) + outputs[m["name"]] + m.group(4), readme)


def stale_blocks(current: str, fresh: str) -> list[str]:
    mine = {m["name"]: m["body"] for m in BLOCK.finditer(current)}
    return [m["name"] for m in BLOCK.finditer(fresh) if mine.get(m["name"]) != m["body"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if README.md is stale")
    args = parser.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    fresh = regenerate(current)
    if args.check:
        stale = stale_blocks(current, fresh)
        if stale:
            print(f"README.md examples out of date: {', '.join(stale)}", file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        README.write_text(fresh, encoding="utf-8")
        print(f"README.md: rewrote {', '.join(stale_blocks(current, fresh))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
