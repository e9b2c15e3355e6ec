"""Make the benchmark's scenario suites: `python -m benchmarks.scenarios.make [--seed N]`.

Writes `requests.json` (athlete requests) and `replans.json` (re-plans after
missed weeks, missed or changed sessions, new travel) next to this file. The
same seed gives the same files on the same OR-tools version: every random
choice comes from a generator seeded by (seed, scenario, attempt), and a
candidate the solver proves infeasible (or cannot solve in time) is replaced by
the next attempt, deterministically.

Coverage is by construction, not by luck: the scenario index cycles through
levels, equipment, runs per week, race distances and cycle lengths, so a suite
of 60 or more holds every combination the issue asks for; the random generator
picks dates, weekdays and stretches.

A re-plan scenario stores the plan it replaces (the kinds of each day, as
runlift planned them when the file was made), so every solver re-plans from
the same starting point and the events always name sessions that exist.
"""

import argparse
import json
import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

from benchmarks.peers.score import build_replan
from models.errors import InputError
from models.events import ReplanRequest
from models.kinds import WEEKDAYS, Equipment, Level, Phase, RaceDistance, RunKind, StrengthKind, Weekday
from models.plan import Plan
from models.request import PlanRequest
from solver.model import RANDOM_SEED, build
from solver.solve import assemble
from solver.variables import PlanModel

HERE = Path(__file__).resolve().parent
REQUESTS_FILE = HERE / "requests.json"
REPLANS_FILE = HERE / "replans.json"
DEFAULT_SEED = 5
N_REQUESTS = 72
N_REPLANS = 72
MAX_ATTEMPTS = 40
# Deterministic seconds CP-SAT may spend on one scenario (about as many wall seconds on a laptop).
DETERMINISTIC_BUDGET = 20.0
REPLAN_KINDS = ("missed_session", "missed_week", "changed_sessions", "travel")

LEVELS = tuple(Level)
EQUIPMENT = tuple(Equipment)
DISTANCES = tuple(RaceDistance)
LONG_DAYS = (Weekday.SUNDAY,) * 4 + (Weekday.SATURDAY,) * 3 + (Weekday.WEDNESDAY, Weekday.FRIDAY)
FIRST_START = date(2026, 1, 5)

Json = dict[str, Any]
# Given a request, its plan or None when the solver refuses it.
Planner = Callable[[PlanRequest], Plan | None]
Replanner = Callable[[Plan, ReplanRequest], Plan | None]


def _rng(seed: int, suite: str, index: int, attempt: int) -> random.Random:
    return random.Random(f"{seed}/{suite}/{index}/{attempt}")


def _weekday(d: date) -> Weekday:
    return WEEKDAYS[d.weekday()]


# -- requests -------------------------------------------------------------------


def make_request(seed: int, index: int, attempt: int) -> Json:
    """One candidate athlete request (as posted: only the fields an athlete would set)."""
    rng = _rng(seed, "request", index, attempt)
    runs = 3 + index % 5
    weeks = 8 + (index * 7) % 17
    start = FIRST_START + timedelta(days=rng.randrange(365))
    body: Json = {
        "start_date": start.isoformat(),
        "race_distance": DISTANCES[(index // 6) % len(DISTANCES)].value,
        "level": LEVELS[index % 3].value,
        "equipment": EQUIPMENT[(index // 3) % 2].value,
        "runs_per_week": runs,
    }
    if index % 4 == 1:
        # A race date that makes a cycle of whole weeks plus a partial first week.
        weeks = max(weeks, 9)
        n_days = 7 * weeks - rng.randint(1, 6)
        body["race_date"] = (start + timedelta(days=n_days - 1)).isoformat()
    else:
        body["weeks"] = weeks
        n_days = 7 * weeks
    race = start + timedelta(days=n_days - 1)
    long_day = rng.choice(LONG_DAYS)
    body["long_run_day"] = long_day.value
    others = [d for d in WEEKDAYS if d != long_day]
    body["rest_days"] = [d.value for d in rng.sample(others, rng.choice((0, 1, 1, 2)))]
    tightness = (index // 5) % 3
    if tightness:
        body["availability"] = _availability(rng, runs, long_day, tight=tightness == 2)
    if rng.random() < 0.25:
        body["long_run_buffer_hours"] = 24
    busy: set[date] = set()
    if index % 4 in (2, 3):
        busy = _unavailable(rng, start, race)
        body["unavailable_dates"] = sorted(d.isoformat() for d in busy)
    if index % 3 == 0:
        body["fixed"] = _fixed(rng, PlanRequest.model_validate(body), busy)
    return body


def _availability(rng: random.Random, runs: int, long_day: Weekday, tight: bool) -> Json:
    """Weekdays without run or strength access and minute budgets, never on the long-run day."""
    weekdays = [d for d in WEEKDAYS if d != long_day]
    access: dict[Weekday, Json] = {}
    no_run = rng.sample(weekdays, min(7 - runs, rng.randint(1, 2) if tight else 1))
    no_lift = rng.sample(weekdays, rng.randint(2, 3) if tight else 1)
    budgets = rng.sample(weekdays, rng.randint(2, 3) if tight else 2)
    for day in no_run:
        access.setdefault(day, {})["run"] = False
    for day in no_lift:
        access.setdefault(day, {})["strength"] = False
    for day in budgets:
        access.setdefault(day, {})["max_minutes"] = rng.choice((45, 60, 75, 90) if tight else (60, 75, 90, 120))
    return {day.value: access[day] for day in WEEKDAYS if day in access}


def _unavailable(rng: random.Random, start: date, race: date) -> set[date]:
    """A travel stretch of 3-10 days and a few single busy days, none in the last week."""
    n_days = (race - start).days + 1
    length = rng.randint(3, 10)
    first = rng.randrange(0, n_days - 7 - length)
    days = {start + timedelta(days=first + k) for k in range(length)}
    for _ in range(rng.randint(0, 3)):
        days.add(start + timedelta(days=rng.randrange(0, n_days - 7)))
    return days


def _fixed(rng: random.Random, request: PlanRequest, busy: set[date]) -> list[Json]:
    """Commitments of the kinds athletes have: a club track night, a yoga class, a group long run."""
    cycle = request.cycle
    long_day = request.long_run_day
    free = [d for d in WEEKDAYS if d != long_day]
    fixed: dict[date, Json] = {}
    pattern = rng.choice(("track_night", "yoga", "singles"))
    for d in range(cycle.n_days - 1):
        day = cycle.date_of(d)
        if day in busy:
            continue
        phase = cycle.week_of(d).phase
        if pattern == "track_night" and phase is Phase.BUILD and _weekday(day) == free[1]:
            fixed[day] = {"run": RunKind.QUALITY.value}
        elif pattern == "yoga" and phase is not Phase.RACE_WEEK and _weekday(day) == free[3]:
            fixed[day] = {"strength": StrengthKind.MOBILITY.value}
    if pattern == "singles":
        base_days = [
            d for d in range(cycle.n_days) if cycle.week_of(d).phase is Phase.BASE and cycle.date_of(d) not in busy
        ]
        group_long = [d for d in base_days if cycle.weekday_of(d) == long_day]
        if group_long:
            fixed[cycle.date_of(rng.choice(group_long))] = {"run": RunKind.LONG.value}
        easy_day = rng.choice(base_days)
        easy_with_core = {"run": RunKind.EASY.value, "strength": StrengthKind.UPPER_CORE.value}
        fixed.setdefault(cycle.date_of(easy_day), easy_with_core)
    return [{"date": day.isoformat(), **slots} for day, slots in sorted(fixed.items())]


def make_requests(seed: int, n: int, planner: Planner) -> tuple[list[Json], list[int], list[Plan]]:
    """n requests the solver can plan, the attempt that made each, and its plan."""
    requests: list[Json] = []
    attempts: list[int] = []
    plans: list[Plan] = []
    for index in range(n):
        for attempt in range(MAX_ATTEMPTS):
            body = make_request(seed, index, attempt)
            result = planner(PlanRequest.model_validate(body))
            if result is not None:
                requests.append(body)
                attempts.append(attempt)
                plans.append(result)
                break
        else:
            raise RuntimeError(f"no feasible request for scenario {index} in {MAX_ATTEMPTS} attempts")
    return requests, attempts, plans


# -- re-plans -------------------------------------------------------------------


def day_code(run: str | None, strength: str | None) -> str:
    """One day of a stored plan, short: "easy/heavy_lower", "long/-", "-/-"."""
    return f"{run or '-'}/{strength or '-'}"


def _codes(plan: Plan) -> list[str]:
    return [
        day_code(d.run.kind.value if d.run else None, d.strength.kind.value if d.strength else None) for d in plan.days
    ]


def make_replan(seed: int, index: int, attempt: int, plan: Plan) -> tuple[str, Json]:
    """One candidate re-plan of `plan`: what happened up to as_of."""
    rng = _rng(seed, "replan", index, attempt)
    kind = REPLAN_KINDS[index % len(REPLAN_KINDS)]
    days = plan.days
    n = len(days)
    sessions: list[tuple[int, str]] = []
    while not sessions:  # a week before as_of with something planned (not a travel week)
        as_of_index = rng.randrange(14, n - 10)
        last_week = range(as_of_index - 7, as_of_index)
        sessions = [(d, slot) for d in last_week for slot in ("run", "strength") if getattr(days[d], slot) is not None]
    as_of = days[as_of_index].date
    events: list[Json] = []
    unavailable: list[date] = []

    def event(d: int, slot: str, status: str, actual: str | None = None) -> Json:
        body: Json = {"date": days[d].date.isoformat(), "session": slot, "status": status}
        if actual is not None:
            body["actual_kind"] = actual
        return body

    if kind in ("missed_session", "travel"):
        key = [(d, s) for d, s in sessions if _kind_of(days[d], s) in KEY_KINDS] or sessions
        d, slot = rng.choice(key)
        events.append(event(d, slot, "missed"))
    if kind == "missed_week":
        events += [event(d, slot, "missed") for d, slot in sessions]
        if rng.random() < 0.5:
            # Still ill: the next few days are off too.
            unavailable = [days[as_of_index + k].date for k in range(rng.randint(1, 3))]
    if kind == "changed_sessions":
        for d, slot in rng.sample(sessions, min(len(sessions), rng.randint(1, 2))):
            planned = _kind_of(days[d], slot)
            events.append(event(d, slot, "changed", rng.choice(CHANGES[planned])))
    if kind == "travel":
        first = as_of_index + rng.randint(0, 4)
        stretch = [days[k].date for k in range(first, min(first + rng.randint(3, 7), n - 1))]
        unavailable = sorted(set(unavailable) | set(stretch))
    # The days before as_of that were done as planned are reported as done, as an app would.
    reported = {(e["date"], e["session"]) for e in events}
    events += [event(d, s, "done") for d, s in sessions if (days[d].date.isoformat(), s) not in reported]
    events.sort(key=lambda e: (e["date"], e["session"]))
    body: Json = {"as_of": as_of.isoformat(), "events": events}
    if unavailable:
        body["unavailable_dates"] = [d.isoformat() for d in unavailable]
    return kind, body


KEY_KINDS = {RunKind.LONG.value, RunKind.QUALITY.value, StrengthKind.HEAVY_LOWER.value}
# What an athlete does instead of the planned session.
CHANGES: dict[str, tuple[str, ...]] = {
    RunKind.EASY.value: (RunKind.QUALITY.value, RunKind.LONG.value),
    RunKind.QUALITY.value: (RunKind.EASY.value, RunKind.LONG.value),
    RunKind.LONG.value: (RunKind.EASY.value, RunKind.QUALITY.value),
    RunKind.RACE.value: (RunKind.EASY.value,),
    StrengthKind.HEAVY_LOWER.value: (StrengthKind.UPPER_CORE.value, StrengthKind.POWER.value),
    StrengthKind.POWER.value: (StrengthKind.HEAVY_LOWER.value, StrengthKind.MOBILITY.value),
    StrengthKind.FULL_BODY.value: (StrengthKind.HEAVY_LOWER.value, StrengthKind.UPPER_CORE.value),
    StrengthKind.UPPER_CORE.value: (StrengthKind.FULL_BODY.value, StrengthKind.MOBILITY.value),
    StrengthKind.ISOMETRIC.value: (StrengthKind.MOBILITY.value, StrengthKind.FULL_BODY.value),
    StrengthKind.MOBILITY.value: (StrengthKind.UPPER_CORE.value, StrengthKind.POWER.value),
}


def _kind_of(day: Any, slot: str) -> str:
    return str(getattr(day, slot).kind.value)


def make_replans(seed: int, n: int, plans: list[Plan], replanner: Replanner) -> list[Json]:
    """n re-plans the solver can answer, spread over the requests."""
    out: list[Json] = []
    for index in range(n):
        request_index = (index * 5) % len(plans)  # coprime stride: every request's plan gets re-planned
        plan = plans[request_index]
        for attempt in range(MAX_ATTEMPTS):
            kind, body = make_replan(seed, index, attempt, plan)
            if replanner(plan, ReplanRequest.model_validate(body)) is not None:
                out.append(
                    {
                        "request": request_index,
                        "kind": kind,
                        "attempt": attempt,
                        "replan": body,
                        "previous": _codes(plan),
                    }
                )
                break
        else:
            raise RuntimeError(f"no feasible re-plan for scenario {index} in {MAX_ATTEMPTS} attempts")
    return out


# -- the solver, as the generator uses it ------------------------------------------


def solve_deterministic(pm: PlanModel) -> Plan | None:
    """runlift's model solved under a deterministic time budget, so the files do not depend on machine speed."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = RANDOM_SEED
    solver.parameters.max_deterministic_time = DETERMINISTIC_BUDGET
    status = solver.solve(pm.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return assemble(pm, solver.value, solver.status_name(status), {"engine": "cp-sat"})


def runlift_planner(request: PlanRequest) -> Plan | None:
    return solve_deterministic(build(request))


def runlift_replanner(previous: Plan, replan: ReplanRequest) -> Plan | None:
    try:
        model = build_replan(previous, replan)
    except InputError:
        return None
    return solve_deterministic(model.pm)


def write(seed: int = DEFAULT_SEED, n_requests: int = N_REQUESTS, n_replans: int = N_REPLANS) -> None:
    requests, attempts, plans = make_requests(seed, n_requests, runlift_planner)
    replans = make_replans(seed, n_replans, plans, runlift_replanner)
    _dump(REQUESTS_FILE, {"seed": seed, "requests": requests, "attempts": attempts})
    _dump(REPLANS_FILE, {"seed": seed, "replans": replans})


def _dump(path: Path, data: Json) -> None:
    """JSON with one scenario a line: diffs between two generations stay readable."""
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            items = ",\n  ".join(json.dumps(item) for item in value)
            parts.append(f"{json.dumps(key)}: [\n  {items}\n ]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value)}")
    path.write_text("{\n " + ",\n ".join(parts) + "\n}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--requests", type=int, default=N_REQUESTS)
    parser.add_argument("--replans", type=int, default=N_REPLANS)
    args = parser.parse_args(argv)
    write(args.seed, args.requests, args.replans)
    print(f"wrote {REQUESTS_FILE.name} and {REPLANS_FILE.name} (seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
