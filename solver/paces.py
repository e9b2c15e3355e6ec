"""Training paces from a recent race, after Jack Daniels' "Daniels' Running Formula".

A race result gives VDOT (`models.vdot`, the Daniels-Gilbert equations). Each
training pace is then a speed that VDOT predicts, read in one of three ways:

- **As a share of VDOT**, solved back through the oxygen-cost equation: easy
  63-73.5%, threshold 88%, interval 97.5%. Daniels puts easy running at about
  59-74% of VO2max, threshold at about 88% and interval at 97.5-100%; inside
  those bands the shares are calibrated on his published table, where a 10K in
  50:00 (VDOT 40) gives easy 5:53-6:38 per km, threshold 5:06 and interval 4:41
  (these shares give 5:53-6:38, 5:05 and 4:41). The same shares give threshold
  4:15 at VDOT 50 and 3:40 at VDOT 60, as his table does. The easy band starts
  at 63%, not 59%: 59% of VDOT reads some 20 s per km slower than his table.
- **As a race pace**, solving the equations for a race's time: marathon pace is
  the pace of the marathon VDOT predicts (3:49:37 at VDOT 40; the table says
  3:49:45).
- **From interval pace**: repetition pace is interval pace less 8 s per 400 m
  up to VDOT 47 and less 6 s from VDOT 50 (7 s at 48 and 49), the gap his
  table keeps at every VDOT from 34 to 85; at VDOT 40 its I is 1:52 per 400 m
  and its R 1:44, 4:20 per km (4:21 here, from an interval pace of 4:41).
  Daniels describes R as "about current mile race pace", but the mile his own
  race table predicts strays up to 7 s per km from his R pace: 7:07 at VDOT 40,
  4:25 per km.

Pure functions; everything is seconds per km inside, strings only at the edge.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from models.kinds import Phase, RaceDistance, RunKind
from models.plan import RunPace, TrainingPaces
from models.request import PlanRequest
from models.vdot import RACE_METRES, format_duration, speed_for, vdot

KM_PER_MILE = 1.609344


class Zone(StrEnum):
    EASY = "easy"
    MARATHON = "marathon"
    THRESHOLD = "threshold"
    INTERVAL = "interval"
    REPETITION = "repetition"


# Zones read as a share of VDOT: (slowest, fastest). See the module docstring for the calibration.
VDOT_SHARE: dict[Zone, tuple[float, float]] = {
    Zone.EASY: (0.63, 0.735),
    Zone.THRESHOLD: (0.88, 0.88),
    Zone.INTERVAL: (0.975, 0.975),
}
# Zones read as the pace of a race of this length at the runner's VDOT.
RACE_PACE_METRES: dict[Zone, float] = {
    Zone.MARATHON: RACE_METRES[RaceDistance.MARATHON],
}
# How much faster than interval pace repetition pace is, in seconds per 400 m, at the
# VDOTs where Daniels' table settles on it; in proportion between them.
REPETITION_GAIN: tuple[tuple[float, float], tuple[float, float]] = ((47.0, 8.0), (50.0, 6.0))


@dataclass(frozen=True)
class PaceRange:
    """Seconds per km, fastest first; a single pace has `fast == slow`."""

    fast: float
    slow: float

    @property
    def middle(self) -> float:
        return (self.fast + self.slow) / 2

    @property
    def single(self) -> bool:
        return format_pace(self.fast) == format_pace(self.slow)

    def per_km(self) -> list[str]:
        return [format_pace(self.fast)] if self.single else [format_pace(self.fast), format_pace(self.slow)]

    def per_mile(self) -> list[str]:
        # From the per-km figures the runner sees, so every view of one pace agrees to the second.
        return [per_mile(pace) for pace in self.per_km()]

    def text(self) -> str:
        """ "5:53-6:38/km" or "5:06/km", as a runner reads it on a watch."""
        return "-".join(self.per_km()) + "/km"

    def model(self) -> RunPace:
        return RunPace(min_per_km=self.per_km(), min_per_mile=self.per_mile())


@dataclass(frozen=True)
class Paces:
    vdot: float
    zones: dict[Zone, PaceRange]

    def __getitem__(self, zone: Zone) -> PaceRange:
        return self.zones[zone]

    def model(self) -> TrainingPaces:
        single = {zone: format_pace(self[zone].middle) for zone in Zone if zone is not Zone.EASY}
        return TrainingPaces(
            vdot=round(self.vdot, 1),
            easy=self[Zone.EASY].per_km(),
            marathon=single[Zone.MARATHON],
            threshold=single[Zone.THRESHOLD],
            interval=single[Zone.INTERVAL],
            repetition=single[Zone.REPETITION],
        )


def per_mile(per_km: str) -> str:
    """ "5:06" per km as per mile ("8:13"), for runners who think in miles (to the second, from whole seconds)."""
    minutes, seconds = per_km.split(":")
    return format_pace((60 * int(minutes) + int(seconds)) * KM_PER_MILE)


def format_pace(seconds_per_unit: float) -> str:
    """ "5:06": minutes and seconds per km (or per mile), rounded to the second."""
    minutes, seconds = divmod(round(seconds_per_unit), 60)
    return f"{minutes}:{seconds:02d}"


def pace_at_share(vdot_value: float, share: float) -> float:
    """Seconds per km at this share of VDOT."""
    return 60_000 / speed_for(share * vdot_value)


def predict_seconds(metres: float, vdot_value: float) -> float:
    """The race time at which `metres` gives exactly this VDOT (bisection: VDOT falls as time grows)."""
    fast, slow = 60.0, 24 * 3600.0  # a minute to a day brackets every race the equations cover
    for _ in range(60):
        middle = (fast + slow) / 2
        if vdot(metres, middle) > vdot_value:
            fast = middle
        else:
            slow = middle
    return (fast + slow) / 2


def even_pace(metres: float, vdot_value: float) -> PaceRange:
    """The pace of the race of this length that VDOT predicts, run evenly."""
    pace = predict_seconds(metres, vdot_value) / metres * 1000
    return PaceRange(pace, pace)


def predicted_time(metres: float, vdot_value: float) -> str:
    return format_duration(predict_seconds(metres, vdot_value))


def repetition_gain(vdot_value: float) -> float:
    """Seconds per km by which repetition pace is faster than interval pace at this VDOT."""
    (low, most), (high, least) = REPETITION_GAIN
    share = min(max((vdot_value - low) / (high - low), 0.0), 1.0)
    return (most + (least - most) * share) * 1000 / 400


@lru_cache(maxsize=256)
def training_paces(vdot_value: float) -> Paces:
    """Every zone's pace for a VDOT."""
    zones = {
        zone: PaceRange(pace_at_share(vdot_value, fast), pace_at_share(vdot_value, slow))
        for zone, (slow, fast) in VDOT_SHARE.items()
    }
    zones |= {zone: even_pace(metres, vdot_value) for zone, metres in RACE_PACE_METRES.items()}
    repetition = zones[Zone.INTERVAL].fast - repetition_gain(vdot_value)
    zones[Zone.REPETITION] = PaceRange(repetition, repetition)
    return Paces(vdot_value, {zone: zones[zone] for zone in Zone})


def paces_for(request: PlanRequest) -> Paces | None:
    """The athlete's paces, or None without a recent race (runs then carry effort cues only)."""
    race = request.recent_race
    return None if race is None else training_paces(race.vdot)


def plan_paces(request: PlanRequest) -> TrainingPaces | None:
    """The plan's `paces` block."""
    paces = paces_for(request)
    return None if paces is None else paces.model()


def race_pace(paces: Paces, distance: RaceDistance) -> PaceRange | None:
    """The goal race's even pace at today's VDOT; None for an ultra, which the equations do not cover."""
    metres = RACE_METRES.get(distance)
    return None if metres is None else even_pace(metres, paces.vdot)


# The zone a run is paced by. Base quality is hills, run by effort, so its pace is
# the easy running around the hills; build quality is intervals, taper quality tempo.
RUN_ZONE: dict[tuple[RunKind, Phase], Zone] = {
    **{(RunKind.EASY, phase): Zone.EASY for phase in Phase},
    **{(RunKind.LONG, phase): Zone.EASY for phase in Phase},
    (RunKind.QUALITY, Phase.BASE): Zone.EASY,
    (RunKind.QUALITY, Phase.BUILD): Zone.INTERVAL,
    (RunKind.QUALITY, Phase.TAPER): Zone.THRESHOLD,
    # Race week has no quality run (R-QUALITY-FREQ); a hand-made one is a taper tempo.
    (RunKind.QUALITY, Phase.RACE_WEEK): Zone.THRESHOLD,
}


def run_pace(kind: RunKind, phase: Phase, paces: Paces | None, race_distance: RaceDistance) -> PaceRange | None:
    """The target pace of a run: its main effort's zone, or the goal race's predicted pace."""
    if paces is None:
        return None
    if kind is RunKind.RACE:
        return race_pace(paces, race_distance)
    # A phase outside the table (recovery weeks after the race) runs easy.
    return paces[RUN_ZONE.get((kind, phase), Zone.EASY)]


def distance_km(minutes: float, pace: PaceRange) -> float:
    """Kilometres covered in `minutes` at the middle of the range, to 0.1 km."""
    return segments_km([(minutes, pace)])


def segments_km(segments: Iterable[tuple[float, PaceRange]]) -> float:
    """Kilometres over runs of (minutes, pace), rounded once at the end so parts do not add rounding."""
    return round(sum(minutes * 60 / pace.middle for minutes, pace in segments), 1)


def predicted_race_minutes(request: PlanRequest) -> int | None:
    """The goal race's predicted duration in whole 5-minute steps (rounded up), or None without a
    recent race or for an ultra: what the race session's minutes should be when paces are known."""
    paces = paces_for(request)
    metres = RACE_METRES.get(request.race_distance)
    if paces is None or metres is None:
        return None
    return 5 * math.ceil(round(predict_seconds(metres, paces.vdot)) / 300)  # whole seconds, as the time reads
