"""Hypothesis strategies for re-plans: a request, the plan it got, and what happened as of a date.

Requests come from `plan_requests()`, cut to 8-12 weeks when that changes
nothing else (a request without fixed sessions), so a few hundred re-plans
stay quick. Events name sessions the plan really holds before `as_of`, mostly
in the fortnight before it, where rules reach across the boundary; some also
report a session done on a slot the plan left empty (an extra run, a lift on a
rest day).

What the generator leaves out, and why: a session changed into a harder one
(a hard run, a hard or leg-loading lift) right before a day that cannot move,
race day or a fixed session. "A heavy_lower the day before race day" truly
contradicts the rules (R-48H-LONG, R-HARD-EASY across the boundary): the
solver must refuse it, and `test_replan_scenarios` checks that it does. The
same holds for a new unavailable date on race day or on a fixed session.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from random import Random

from hypothesis import strategies as st
from strategies import plan_requests

from models.events import Event, ReplanRequest
from models.kinds import HARD_RUNS, LEG_LOADING, RunKind, StrengthKind
from models.plan import Plan
from models.request import PlanRequest
from solver.solve import plan

SHORT_DAYS = (56, 84)  # 8 to 12 weeks
KEEP_LONG = 0.15  # the share of longer requests kept as they are, up to 24 weeks
RECENT_DAYS = 14  # most events fall in the fortnight before as_of
UNPLANNED_SHARE = 0.3  # re-plans that also report a session done where none was planned
BREAK_SHARE = 0.25  # re-plans after one or two whole weeks of missed runs (R-RETURN)
PINNED_REACH = 2  # a harder session reaches this many days ahead (R-48H-LONG's 48 hours)
CHANGED_RUN_KINDS = (RunKind.EASY, RunKind.QUALITY, RunKind.LONG)  # never race: the model refuses it
HARDER = frozenset({*HARD_RUNS, *LEG_LOADING})  # hard days and leg days: what spans days


@dataclass(frozen=True)
class ReplanTriple:
    request: PlanRequest
    previous: Plan
    replan: ReplanRequest

    def __repr__(self) -> str:
        # The plan follows from the request (solves are deterministic): print what reproduces the case.
        return f"ReplanTriple(request={self.request.model_dump_json()}, replan={self.replan.model_dump_json()})"


def shortened(request: PlanRequest, rng: Random) -> PlanRequest:
    """The request cut to 8-12 weeks, most of the time, unless fixed sessions pin its calendar."""
    if request.fixed or request.cycle.n_days <= SHORT_DAYS[1] or rng.random() < KEEP_LONG:
        return request
    race = request.start_date + timedelta(days=rng.randint(*SHORT_DAYS) - 1)
    data = request.model_dump(mode="json", exclude={"weeks"})
    data["race_date"] = race.isoformat()
    data["unavailable_dates"] = [d.isoformat() for d in request.unavailable_dates if d < race]
    return PlanRequest.model_validate(data)


@lru_cache(maxsize=64)
def _plan_of(request_json: str) -> Plan:
    return plan(PlanRequest.model_validate_json(request_json))


def plan_of(request: PlanRequest) -> Plan:
    """The solver's plan for a request, solved once (hypothesis replays draws while it shrinks)."""
    return _plan_of(request.model_dump_json())


def planned_sessions(
    previous: Plan, first: date, end: date, empty: bool = False
) -> list[tuple[date, str, RunKind | StrengthKind | None]]:
    """(date, session, kind) of every session planned in [first, end); with `empty`, the empty slots instead."""
    found: list[tuple[date, str, RunKind | StrengthKind | None]] = []
    for day in previous.days:
        if first <= day.date < end:
            for session, held in (("run", day.run), ("strength", day.strength)):
                if (held is None) == empty:
                    found.append((day.date, session, held.kind if held else None))
    return found


def pinned_dates(request: PlanRequest) -> set[date]:
    """Days the planner may not change: race day and the fixed sessions."""
    assert request.race_date is not None
    return {request.race_date, *(f.date for f in request.fixed)}


def contradicts_a_pin(when: date, kind: RunKind | StrengthKind, as_of: date, pinned: set[date]) -> bool:
    """Whether a harder session on `when` would clash with an unmovable day it reaches into."""
    if kind not in HARDER:
        return False
    reach = {when + timedelta(days=k) for k in range(1, PINNED_REACH + 1)}
    return any(day >= as_of for day in reach & pinned)


def random_events(previous: Plan, as_of: date, rng: Random, missed_only: bool = False) -> list[Event]:
    """Reports on sessions the plan held before as_of (up to 6), now and then a session done
    where none was planned; or exactly one missed session."""
    start = previous.request.start_date
    first = max(start, as_of - timedelta(days=rng.choice([RECENT_DAYS, RECENT_DAYS, (as_of - start).days])))
    sessions = planned_sessions(previous, first, as_of)
    if missed_only:
        return [
            Event(date=when, session=s, status="missed") for when, s, _ in rng.sample(sessions, min(1, len(sessions)))
        ]
    chosen = rng.sample(sessions, rng.randint(0, min(6, len(sessions))))
    empty = planned_sessions(previous, first, as_of, empty=True)
    if empty and rng.random() < UNPLANNED_SHARE:
        chosen += rng.sample(empty, rng.randint(1, min(2, len(empty))))
    pinned = pinned_dates(previous.request)
    events = []
    for when, session, planned in chosen:
        status = "changed" if planned is None else rng.choice(["done", "missed", "changed"])
        # Now and then the athlete says how long the run really was.
        minutes = rng.choice([None, None, rng.randrange(10, 150, 5), rng.randint(0, 200)]) if session == "run" else None
        if status != "changed":
            events.append(
                Event(date=when, session=session, status=status, minutes=None if status == "missed" else minutes)
            )
            continue
        options = CHANGED_RUN_KINDS if session == "run" else tuple(StrengthKind)
        kinds = [k for k in options if k != planned and not contradicts_a_pin(when, k, as_of, pinned)]
        if kinds:
            kind = rng.choice(kinds)
            events.append(Event(date=when, session=session, status="changed", actual_kind=kind, minutes=minutes))
    return events


def missed_weeks(previous: Plan, rng: Random) -> ReplanRequest | None:
    """A break: every run of 1 or 2 whole weeks before as_of missed (a sick week, an injury), as_of the next Monday
    of the plan's weeks; None when the plan has no such weeks to miss."""
    weeks = [w for w in previous.request.cycle.weeks if w.full and w.phase != "race_week"]
    length = rng.choice([1, 2])
    starts = [i for i in range(len(weeks) - length) if weeks[i + length - 1].number == weeks[i].number + length - 1]
    if not starts:
        return None
    first = rng.choice(starts)
    cycle = previous.request.cycle
    days = [cycle.date_of(d) for w in weeks[first : first + length] for d in w.days]
    events = [
        Event(date=day.date, session="run", status="missed") for day in previous.days if day.date in days and day.run
    ]
    as_of = cycle.date_of(weeks[first + length - 1].last + 1)
    return ReplanRequest(as_of=as_of, events=events)


def new_unavailable_dates(request: PlanRequest, as_of: date, rng: Random) -> list[date]:
    """Up to 4 new days away, on or after as_of, never on race day or a fixed session."""
    cycle, pinned = request.cycle, pinned_dates(request)
    free = [d for i in range(cycle.index_of(as_of), cycle.n_days) if (d := cycle.date_of(i)) not in pinned]
    return sorted(rng.sample(free, min(len(free), rng.randint(1, 4))))


def random_triple(request: PlanRequest, rng: Random, missed_only: bool = False) -> ReplanTriple:
    """A re-plan of the request's plan as of a random day after the first.

    `missed_only`: exactly one missed session and no new dates (the stability benchmark's case).
    """
    request = shortened(request, rng)
    previous = plan_of(request)
    if not missed_only and rng.random() < BREAK_SHARE:
        broken = missed_weeks(previous, rng)
        if broken is not None:
            return ReplanTriple(request, previous, broken)
    cycle = request.cycle
    as_of = cycle.date_of(rng.randrange(1, cycle.n_days))
    events = random_events(previous, as_of, rng, missed_only)
    unavailable = [] if missed_only or rng.random() < 0.7 else new_unavailable_dates(request, as_of, rng)
    return ReplanTriple(request, previous, ReplanRequest(as_of=as_of, events=events, unavailable_dates=unavailable))


@st.composite
def replan_triples(draw: st.DrawFn, missed_only: bool = False) -> ReplanTriple:
    """Triples from `plan_requests()`; the choices inside the plan come from a seeded Random.

    Hypothesis draws bounded integers (and its own randoms) near their ends far
    more often than in the middle: as_of would mostly be one of the first days.
    A seeded Random picks days and sessions evenly, and a failing case still
    replays exactly (a str seed hashes the same in every process).
    """
    request = draw(plan_requests())
    # Hypothesis repeats a few seeds (0 above all): the request goes into the seed too.
    seed = draw(st.integers(0, 2**32 - 1))
    return random_triple(request, Random(f"{seed} {request.model_dump_json()}"), missed_only)
