"""`runlift`: plan, re-plan and validate from the shell, and serve the HTTP API.

Exit codes are those of docs/api.md ("Errors"): 0 ok, 1 violations found by
`validate`, 2 malformed JSON or an invalid request, 3 infeasible, 4 timeout; 70
is a bug of ours. A user's mistake gets a short message on stderr, never a
traceback. The benchmarks sit a layer above the service and have their own entry
point (`python -m benchmarks`, `./dev bench`), so nothing here imports them.
"""

import argparse
import json
import os
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from models.errors import InputError
from models.events import ReplanRequest
from models.plan import Plan
from models.request import PlanRequest
from service.table import render_diff, render_plan
from solver.errors import InfeasibleError, SolverTimeout

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INVALID = 2
EXIT_INFEASIBLE = 3
EXIT_TIMEOUT = 4
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug of ours, never the input's fault
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a reader that stopped early (`| head`)

# gunicorn.conf.py sits at the repository root, next to the packages.
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BIND = "127.0.0.1:8000"
APP = "service.app:create_app()"

M = TypeVar("M", bound=BaseModel)


class CliError(Exception):
    """A refusal to show the user: its message goes to stderr, its code is the exit status."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def read_json(path: str) -> Any:
    """The parsed JSON of a file, or of stdin for `-`."""
    label = "stdin" if path == "-" else path
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise CliError(f"cannot read {label}: {reason}", EXIT_INVALID) from err
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise CliError(
            f"{label} is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}", EXIT_INVALID
        ) from err
    except (ValueError, RecursionError) as err:
        # Valid syntax the parser still refuses: a number of thousands of digits, nesting thousands deep.
        raise CliError(f"{label} is not usable JSON: {str(err).split(';')[0]}", EXIT_INVALID) from err


def format_validation_error(err: ValidationError) -> list[str]:
    """Pydantic's errors as `field.path: message` lines, the paths a user can find in the file."""
    lines = []
    for error in err.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {message}")
    return lines


def invalid(label: str, what: str, err: ValidationError) -> CliError:
    details = "\n".join(f"  {line}" for line in format_validation_error(err))
    return CliError(f"{label} is not a valid {what}:\n{details}", EXIT_INVALID)


def load(model: type[M], data: Any, label: str, what: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise invalid(label, what, err) from err


def print_plan(plan: Plan, fmt: str) -> None:
    if fmt == "json":
        print(plan.model_dump_json(indent=2))
    elif fmt == "ics":
        # Imported here: the calendar export is only needed for this format.
        from service.calendar_ics import plan_to_ics

        ics = plan_to_ics(plan)
        sys.stdout.write(ics.decode() if isinstance(ics, bytes) else ics)
    else:
        print(render_plan(plan))


def cmd_plan(args: argparse.Namespace) -> int:
    data = read_json(args.request)
    if args.time_limit is not None and isinstance(data, dict):
        # Set before validation so the contract's 0.1-30 s range applies to the flag too.
        data["time_limit_seconds"] = args.time_limit
    request = load(PlanRequest, data, _label(args.request), "plan request")
    from solver.solve import plan

    print_plan(plan(request), args.format)
    return EXIT_OK


def cmd_replan(args: argparse.Namespace) -> int:
    if args.plan == args.events == "-":
        raise CliError("only one of PLAN.json and EVENTS.json can come from stdin", EXIT_INVALID)
    previous = load(Plan, read_json(args.plan), _label(args.plan), "plan")
    events = load(ReplanRequest, read_json(args.events), _label(args.events), "re-plan request")
    cycle = previous.request.cycle
    if [day.date for day in previous.days] != [cycle.date_of(i) for i in range(cycle.n_days)]:
        # A stored plan always is; a file may have been cut or edited by hand.
        message = f"{_label(args.plan)} is not a whole plan: it needs one day for every date of the cycle,"
        raise CliError(f"{message} {cycle.start} to {cycle.end}, in order", EXIT_INVALID)
    label = _label(args.events)
    if events.base_version is not None and events.base_version != previous.version:
        # The API answers 409 here; from files, the user simply paired the wrong two.
        message = f"{label} was written for version {events.base_version}, but {_label(args.plan)} is version"
        raise CliError(f"{message} {previous.version}", EXIT_INVALID)
    from solver.replan import replan

    try:
        new = replan(previous, events)
    except InputError as err:
        where = ".".join(map(str, err.loc)) or "(top level)"
        raise CliError(f"{label} does not fit the plan:\n  {where}: {err.msg}", EXIT_INVALID) from err
    print_plan(new, args.format)
    if args.format == "table":
        print(f"\nChanges from version {new.replanned_from_version or previous.version} (as of {events.as_of}):")
        print(render_diff(new.diff))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    data = read_json(args.plan)
    from models.validation import validate_plan_json

    try:
        violations = validate_plan_json(data)
    except ValidationError as err:
        raise invalid(_label(args.plan), "plan", err) from err
    if not violations:
        print("no violations")
        return EXIT_OK
    for violation in violations:
        print(f"{violation.rule}  {format_dates(violation.dates)}  {violation.detail}")
    return EXIT_VIOLATIONS


def format_dates(dates: list[date]) -> str:
    """`2027-04-12 to 2027-04-18` for a run of three or more days in a row, so a whole week is one item."""
    spans: list[list[date]] = []
    for day in sorted(set(dates)):
        if spans and day - spans[-1][-1] == timedelta(days=1):
            spans[-1].append(day)
        else:
            spans.append([day])
    items = [f"{s[0]} to {s[-1]}" if len(s) >= 3 else ", ".join(map(str, s)) for s in spans]
    return ", ".join(items) or "-"


def cmd_serve(args: argparse.Namespace) -> int:
    """gunicorn behind nginx (service/front.py); gunicorn alone with --no-front or without nginx."""
    from service.front import Supervisor, nginx_binary
    from service.settings import ConfigError, load, loopback_only

    try:
        settings = load(os.environ)
    except ConfigError as err:
        raise CliError(str(err), EXIT_INVALID) from err
    command = [sys.executable, "-m", "gunicorn"]
    config = ROOT / "gunicorn.conf.py"
    if config.is_file():
        command += ["-c", str(config)]
    if args.workers is not None:
        command += ["--workers", str(args.workers)]
    nginx = None if args.no_front else nginx_binary()
    if nginx is None:
        if not args.no_front:
            print(
                "runlift: nginx not found: serving without the buffering front, so slow clients can hold the "
                "workers; install nginx before exposing the service",
                file=sys.stderr,
            )
        command += ["--bind", args.bind, APP]
        # Replace this process: signals from the terminal or a supervisor reach gunicorn directly.
        os.execvp(command[0], command)
        return EXIT_OK  # only reached when execvp is replaced in tests
    listen = loopback_only(args.bind) if settings.open else args.bind
    if listen != args.bind:
        print(f"runlift: no API keys configured: listening on {listen}, not {args.bind}", file=sys.stderr)
    return Supervisor([*command, APP], listen, settings, nginx).run()


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    """Apply the schema migrations to the configured database (RUNLIFT_DATABASE_URL or _PATH)."""
    from service import migrations
    from service.settings import ConfigError, load

    try:
        url = load(os.environ).database_url
    except ConfigError as err:
        raise CliError(str(err), EXIT_INVALID) from err
    print(f"database schema at revision {migrations.upgrade(url)}")
    return EXIT_OK


def _label(path: str) -> str:
    return "stdin" if path == "-" else path


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="runlift", description="Training plans for runners who lift.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    plan = commands.add_parser("plan", help="make a plan from a request")
    plan.add_argument("request", metavar="REQUEST.json", help="a PlanRequest file, or - for stdin")
    plan.add_argument("--format", choices=["table", "json", "ics"], default="table")
    plan.add_argument("--time-limit", type=float, metavar="S", help="the search's wall-clock ceiling, seconds (0.1-30)")
    plan.set_defaults(handler=cmd_plan)

    replan = commands.add_parser("replan", help="re-plan after missed or changed sessions")
    replan.add_argument("plan", metavar="PLAN.json", help="a plan as printed by `runlift plan --format json`")
    replan.add_argument("events", metavar="EVENTS.json", help="a ReplanRequest file")
    replan.add_argument("--format", choices=["table", "json"], default="table")
    replan.set_defaults(handler=cmd_replan)

    validate = commands.add_parser("validate", help="check a plan against every hard rule")
    validate.add_argument("plan", metavar="PLAN.json", help="a plan file, or - for stdin")
    validate.set_defaults(handler=cmd_validate)

    serve = commands.add_parser("serve", help="run the HTTP service under gunicorn")
    serve.add_argument("--bind", default=DEFAULT_BIND, help=f"host:port (default {DEFAULT_BIND})")
    serve.add_argument("--workers", type=_positive, help="gunicorn workers (default from gunicorn.conf.py)")
    serve.add_argument(
        "--no-front", action="store_true", help="gunicorn alone, without nginx in front (loopback and tests only)"
    )
    serve.set_defaults(handler=cmd_serve)

    db = commands.add_parser("db", help="database administration")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    upgrade = db_commands.add_parser("upgrade", help="apply the schema migrations (the service also does at start-up)")
    upgrade.set_defaults(handler=cmd_db_upgrade)

    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # argparse's usage errors and --help
        return exit.code if isinstance(exit.code, int) else EXIT_INVALID
    try:
        return args.handler(args)
    except CliError as err:
        print(f"runlift: {err.message}", file=sys.stderr)
        return err.code
    except BrokenPipeError:
        # The reader is gone; point stdout at nothing so the interpreter's final flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except InfeasibleError as err:
        # The conflicts name the rules and the user's fields; the message only repeats them in prose.
        lines = [f"  {c.rule}: {c.detail}" + (f" (input: {c.input})" if c.input else "") for c in err.conflicts]
        heading = "no plan satisfies the rules; these conflict:" if lines else err.message
        print("\n".join([f"runlift: {heading}", *lines]), file=sys.stderr)
        return EXIT_INFEASIBLE
    except SolverTimeout as err:
        print(
            f"runlift: {err}; allow more time (time_limit_seconds, at most 30) or loosen the request", file=sys.stderr
        )
        return EXIT_TIMEOUT
    except Exception as err:
        # A bug of ours: one line for the user (the tests fail on this exit code), no traceback.
        print(f"runlift: internal error ({type(err).__name__}: {err}); please report it", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
