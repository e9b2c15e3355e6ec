"""VDOT: the Daniels-Gilbert equations that turn a race result into an aerobic fitness number.

Jack Daniels and Jimmy Gilbert ("Oxygen Power", 1979) fitted two curves to the
results of runners from 1500 m to the marathon: the oxygen a runner uses at a
speed, and the fraction of their VO2max they can hold for a given time. A race
result divided by the one by the other is VDOT, the "effective VO2max" that the
training paces of "Daniels' Running Formula" are read from.

Here, and not in the solver, because a request is checked against it: a recent
race whose VDOT no human reaches is refused as invalid input (models <- solver).
"""

import math
import re

from models.kinds import RaceDistance

# The range of race distances the equations were fitted on; outside it they extrapolate.
MIN_RACE_METRES = 1500
MAX_RACE_METRES = 42195
# Named distances in metres (the half is half the marathon); the ultra is beyond the fit.
RACE_METRES: dict[RaceDistance, float] = {
    RaceDistance.FIVE_K: 5000,
    RaceDistance.TEN_K: 10000,
    RaceDistance.HALF: 21097.5,
    RaceDistance.MARATHON: 42195,
}

# Plausible VDOTs. Men's world records from 1500 m to the marathon sit near VDOT 85,
# so above 90 the time is a typo, not a runner. Below 15 even the easy pace the
# equations give is slower than a brisk walk, so no training pace can be read.
MIN_VDOT = 15.0
MAX_VDOT = 90.0


# Oxygen cost of running at speed v (m/min): COST_0 + COST_1 * v + COST_2 * v^2, in ml/kg/min.
COST_0, COST_1, COST_2 = -4.60, 0.182258, 0.000104


def oxygen_cost(metres_per_minute: float) -> float:
    """ml O2 per kg per minute that running at this speed costs (Daniels-Gilbert)."""
    v = metres_per_minute
    return COST_0 + COST_1 * v + COST_2 * v * v


def speed_for(oxygen: float) -> float:
    """Metres per minute that cost this much oxygen: the oxygen-cost equation solved for speed."""
    c = COST_0 - oxygen
    return (-COST_1 + math.sqrt(COST_1 * COST_1 - 4 * COST_2 * c)) / (2 * COST_2)


def sustainable_fraction(minutes: float) -> float:
    """The fraction of VO2max a runner can hold for a race lasting this long (Daniels-Gilbert)."""
    t = minutes
    return 0.8 + 0.1894393 * math.exp(-0.012778 * t) + 0.2989558 * math.exp(-0.1932605 * t)


def vdot(metres: float, seconds: float) -> float:
    """VDOT of a race: the oxygen cost of its average speed over the fraction held for its duration."""
    minutes = seconds / 60
    return oxygen_cost(metres / minutes) / sustainable_fraction(minutes)


_DURATION = re.compile(r"^(?:(\d{1,2}):([0-5]\d)|(\d{1,3})):([0-5]\d)$")  # H:MM:SS or MM:SS


def parse_duration(text: str) -> int:
    """Seconds in a finishing time written "H:MM:SS" or "MM:SS"; ValueError for anything else."""
    match = _DURATION.match(text.strip()) if text.isascii() else None
    if match is None:
        raise ValueError(f"time {text!r} is not H:MM:SS or MM:SS (seconds, and minutes after hours, as 00-59)")
    hours, minutes_after_hours, minutes, secs = match.groups()
    if hours is not None:
        return int(hours) * 3600 + int(minutes_after_hours) * 60 + int(secs)
    return int(minutes) * 60 + int(secs)


def format_duration(seconds: float) -> str:
    """A time as runners write it: "49:59" under an hour, "3:49:45" from an hour on."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
