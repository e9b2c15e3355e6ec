"""Make the benchmark's scenario suites: `python -m benchmarks.scenarios.make [--out DIR]`.

Writes `requests.json` (athlete requests) and `replans.json` (re-plans after
missed weeks, missed or changed sessions, new travel) next to this file, byte
for byte the same every time, whatever the solver of the day: no solver runs
here. Every random choice comes from a generator seeded by (seed, scenario,
attempt); what only a solver could say is read from `frozen.json`, written once
by `python -m benchmarks.scenarios.freeze` when the suite was made:

- which attempt of each scenario is used (a candidate the solver refused then
  was replaced by the next attempt);
- the plan each re-plan replaces (the kinds of each day, as runlift planned the
  request then), so every solver re-plans from the same starting point, the
  events name sessions that exist, and a change to the solver changes the
  benchmark's answers, never its questions.

Coverage is by construction, not by luck: the scenario index cycles through
levels, equipment, runs per week, race distances and cycle lengths, so a suite
of 60 or more holds every combination; the random generator picks dates,
weekdays and stretches.
"""

import argparse
import json
import random
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from models.kinds import WEEKDAYS, Equipment, Level, Phase, RaceDistance, RunKind, StrengthKind, Weekday
from models.request import PlanRequest

HERE = Path(__file__).resolve().parent
REQUESTS_FILE = HERE / "requests.json"
REPLANS_FILE = HERE / "replans.json"
FROZEN_FILE = HERE / "frozen.json"
REPLAN_KINDS = ("missed_session", "missed_week", "changed_sessions", "travel")

LEVELS = tuple(Level)
EQUIPMENT = tuple(Equipment)
DISTANCES = tuple(RaceDistance)
LONG_DAYS = (Weekday.SUNDAY,) * 4 + (Weekday.SATURDAY,) * 3 + (Weekday.WEDNESDAY, Weekday.FRIDAY)
FIRST_START = date(2026, 1, 5)

Json = dict[str, Any]


class StoredDay(NamedTuple):
    """One day of a stored plan: its date and the kinds of its sessions."""

    date: date
    run: str | None
    strength: str | None


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


# -- re-plans -------------------------------------------------------------------


def day_code(run: str | None, strength: str | None) -> str:
    """One day of a stored plan, short: "easy/heavy_lower", "long/-", "-/-"."""
    return f"{run or '-'}/{strength or '-'}"


def stored_days(request: Json, codes: Sequence[str]) -> list[StoredDay]:
    """A stored plan's days ("easy/heavy_lower", "-/-"), dated by the request's cycle."""
    cycle = PlanRequest.model_validate(request).cycle
    if len(codes) != cycle.n_days:
        raise ValueError(f"a stored plan of {len(codes)} days for a cycle of {cycle.n_days}")
    days = []
    for d, code in enumerate(codes):
        run, strength = code.split("/")
        days.append(StoredDay(cycle.date_of(d), None if run == "-" else run, None if strength == "-" else strength))
    return days


def make_replan(seed: int, index: int, attempt: int, days: Sequence[StoredDay]) -> tuple[str, Json]:
    """One candidate re-plan of a plan with these days: what happened up to as_of."""
    rng = _rng(seed, "replan", index, attempt)
    kind = REPLAN_KINDS[index % len(REPLAN_KINDS)]
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


def _kind_of(day: StoredDay, slot: str) -> str:
    return str(getattr(day, slot))


def replanned_request(index: int, n_requests: int) -> int:
    """The request re-plan `index` re-plans: a coprime stride, so every request's plan gets re-planned."""
    return (index * 5) % n_requests


def read_frozen(path: Path = FROZEN_FILE) -> Json:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def suites(frozen: Json) -> tuple[Json, Json]:
    """requests.json and replans.json, from the seed and what the solver said when the suite was made."""
    seed = frozen["seed"]
    made = frozen["requests"]
    requests = [make_request(seed, index, entry["attempt"]) for index, entry in enumerate(made)]
    replans = []
    for index, attempt in enumerate(frozen["replan_attempts"]):
        request_index = replanned_request(index, len(made))
        days = stored_days(requests[request_index], made[request_index]["plan"])
        kind, body = make_replan(seed, index, attempt, days)
        replans.append(
            {
                "request": request_index,
                "kind": kind,
                "attempt": attempt,
                "replan": body,
                "previous": made[request_index]["plan"],
            }
        )
    attempts = [entry["attempt"] for entry in made]
    return {"seed": seed, "requests": requests, "attempts": attempts}, {"seed": seed, "replans": replans}


def write(out: Path = HERE, frozen: Path = FROZEN_FILE) -> None:
    requests, replans = suites(read_frozen(frozen))
    out.mkdir(parents=True, exist_ok=True)
    dump(out / REQUESTS_FILE.name, requests)
    dump(out / REPLANS_FILE.name, replans)


def dump(path: Path, data: Json) -> None:
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
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write to (default: next to this file)")
    args = parser.parse_args(argv)
    write(args.out)
    print(f"wrote {REQUESTS_FILE.name} and {REPLANS_FILE.name} in {args.out} (seed {read_frozen()['seed']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
