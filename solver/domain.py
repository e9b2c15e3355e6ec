"""Options ruled out one day at a time, before the model is built.

Several hard rules only ever forbid single options on single days: nothing on
an unavailable date, the race on race day only, no heavy lift in the taper, the
past as it happened. Each such rule has a `ban_r_*` function that records its
bans here. A normal solve then creates no variable for a banned option (it is
the model's constant false literal, and an option left alone in its slot is
constant true), so every other constraint over it simplifies or vanishes. Build,
presolve and search all grow with the model, and this removes about a third of
it. An explaining solve creates every option and enforces each ban behind its
rule's assumption literal instead, so a refusal still names the rule and input.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from models.calendar import Cycle
from models.kinds import RunKind, StrengthKind
from models.request import PlanRequest

SlotName = Literal["run", "lift"]
Option = RunKind | StrengthKind | None  # None is the "nothing" option of a slot
OPTIONS: dict[SlotName, tuple[Option, ...]] = {
    "run": (None, *RunKind),
    "lift": (None, *StrengthKind),
}
# A day's kinds: (run kind or None, strength kind or None); a pydantic `models.plan.Slots` is what a diff shows.
DayKinds = tuple[RunKind | None, StrengthKind | None]


@dataclass(frozen=True)
class Assumption:
    """What an explaining solve may assume away: a rule id, and the user's input behind it when there is
    one (e.g. `fixed[2]`). Each has its own assumption literal, so a refusal can name the ones in conflict."""

    rule: str
    input: str | None = None


@dataclass(frozen=True)
class Ban:
    day: int
    slot: SlotName
    options: tuple[Option, ...]
    guard: Assumption


@dataclass
class Domain:
    """The bans of one request (and re-plan history), in the order the rules made them."""

    request: PlanRequest
    cycle: Cycle
    as_of: int = 0  # index of the first day that may change; days before it are history
    history: dict[int, DayKinds] = field(default_factory=dict)
    bans: list[Ban] = field(default_factory=list)
    banned: set[tuple[int, SlotName, Option]] = field(default_factory=set)

    @property
    def n_days(self) -> int:
        return self.cycle.n_days

    def ban(self, d: int, slot: SlotName, options: Iterable[Option], rule: str, input: str | None = None) -> None:
        """Rule these options out of day d's slot."""
        options = tuple(options)
        if options:
            self.bans.append(Ban(d, slot, options, Assumption(rule, input)))
            self.banned.update((d, slot, option) for option in options)

    def keep_only(self, d: int, slot: SlotName, option: Option, rule: str, input: str | None = None) -> None:
        """Day d's slot must hold this option (a fixed session, the race, the past)."""
        self.ban(d, slot, [o for o in OPTIONS[slot] if o != option], rule, input)

    def allows(self, d: int, slot: SlotName, option: Option) -> bool:
        return (d, slot, option) not in self.banned
