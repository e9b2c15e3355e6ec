"""A run's prescription for the minutes it was given: reps, target pace and distance.

The quality session and the marathon long run are laid out from the run's own
minutes (10 minutes easy before, reps that fit, the rest easy after), so the
model may choose any length within R-RUN-MINUTES and the prescription still
adds up. With paces (a recent race) every part names its pace; without, the
same session reads in effort cues.
"""

from typing import NamedTuple

from models.kinds import Phase, RaceDistance, RunKind
from models.vdot import RACE_METRES
from solver.paces import PaceRange, Paces, Zone, predicted_time, run_pace, segments_km

WARM_UP_MINUTES = 10
COOL_DOWN_MINUTES = 10  # at least; minutes the reps leave over go here too


class Workout(NamedTuple):
    name: str
    rep_minutes: int
    recovery_minutes: int
    recovery: str  # how the recovery is run
    fewest: int
    most: int
    zone: Zone | None  # None: run by effort, whatever the paces
    effort: str  # how the reps are run when there is no pace to give


# Base: hill sprints ("sneaky strength training", as the No-BS Guide has it), effort only, full
# recovery jogging down. Build: Daniels' intervals, 3-minute bouts at interval
# pace with a shorter jog, at most 8 (about his 8%-of-the-week cap on interval
# running). Taper: cruise intervals at threshold pace, at most 3 x 10 min, so
# intensity stays while volume drops (R-TAPER-VOLUME).
QUALITY_WORKOUTS: dict[Phase, Workout] = {
    Phase.BASE: Workout("Hill repeats", 1, 2, "jog back down", 4, 10, None, "uphill at strong effort"),
    Phase.BUILD: Workout("Intervals", 3, 2, "jog", 3, 8, Zone.INTERVAL, "hard, at about 3K-5K race effort"),
    Phase.TAPER: Workout(
        "Tempo",
        10,
        3,
        "jog",
        1,
        3,
        Zone.THRESHOLD,
        "at threshold effort, comfortably hard (a pace you could hold for an hour)",
    ),
    # Race week has no quality run (R-QUALITY-FREQ); a hand-made one reads as the taper's tempo.
    Phase.RACE_WEEK: Workout(
        "Tempo",
        10,
        3,
        "jog",
        1,
        2,
        Zone.THRESHOLD,
        "at threshold effort, comfortably hard (a pace you could hold for an hour)",
    ),
}

# Marathon long runs in build finish at marathon pace (Pfitzinger, Hansons): a quarter
# of the run, 15 to 45 minutes, so race pace is rehearsed on tired legs but the run
# stays a long run, not a second race.
MARATHON_SEGMENT_SHARE = 0.25
MARATHON_SEGMENT_MINUTES = (15, 45)


class RunPrescription(NamedTuple):
    description: str
    pace: PaceRange | None
    distance_km: float | None
    predicted_time: str | None = None


def reps_that_fit(workout: Workout, minutes: int) -> int:
    """As many reps as the run's minutes hold after warm-up and cool-down, within the workout's bounds."""
    room = minutes - WARM_UP_MINUTES - COOL_DOWN_MINUTES
    fit = (room + workout.recovery_minutes) // (workout.rep_minutes + workout.recovery_minutes)
    return max(workout.fewest, min(workout.most, fit))


def quality_run(phase: Phase, minutes: int, paces: Paces | None) -> RunPrescription:
    """Easy running, reps at the phase's pace (hills by effort), easy running: all inside `minutes`."""
    workout = QUALITY_WORKOUTS.get(phase, QUALITY_WORKOUTS[Phase.RACE_WEEK])  # no quality after the race either
    reps = reps_that_fit(workout, minutes)
    work = reps * workout.rep_minutes
    recovery = (reps - 1) * workout.recovery_minutes
    # What the reps leave is easy running, split around them; the warm-up never drops under 10 min.
    easy_minutes = max(minutes - work - recovery, 0)
    before = max(WARM_UP_MINUTES, 5 * (easy_minutes // 10))
    after = max(easy_minutes - before, 0)
    rep = f"{workout.rep_minutes * 60} s" if workout.rep_minutes == 1 else f"{workout.rep_minutes} min"
    zone_pace = paces[workout.zone] if paces is not None and workout.zone is not None else None
    effort = workout.effort
    if zone_pace is not None:
        length = rep_distance(workout.rep_minutes, zone_pace)
        effort = f"at {workout.zone} pace {zone_pace.text()} (about {length} each)"
    if reps == 1:
        recover = ""
    elif workout.zone is None:
        recover = f", {workout.recovery}"
    else:
        recover = f", {workout.recovery} {workout.recovery_minutes} min between"
    text = f"{workout.name}: {reps} x {rep} {effort}{recover}; {before} min easy before, {after} min after"
    if paces is None:
        return RunPrescription(text, None, None)
    easy = paces[Zone.EASY]
    if zone_pace is None:
        # Hills go by effort: the clock lies on a slope. Over the ground the run is about easy pace.
        text += f". Run the hills by effort, not pace; easy running at {easy.text()}"
        return RunPrescription(text, easy, segments_km([(minutes, easy)]))
    jog = PaceRange(easy.slow, easy.slow)
    parts = [(before + after, easy), (work, zone_pace), (recovery, jog)]
    return RunPrescription(text + f"; easy running at {easy.text()}", zone_pace, segments_km(parts))


def rep_distance(rep_minutes: int, pace: PaceRange) -> str:
    """A rep's length on a track or a watch: "650 m" (to 50 m), or "2.0 km" from a kilometre on."""
    metres = rep_minutes * 60 / pace.middle * 1000
    return f"{metres / 1000:.1f} km" if metres >= 1000 else f"{round(metres / 50) * 50} m"


def marathon_segment_minutes(minutes: int) -> int:
    """The marathon-pace finish of a build long run, in steps of 5 minutes."""
    low, high = MARATHON_SEGMENT_MINUTES
    return max(low, min(high, 5 * round(minutes * MARATHON_SEGMENT_SHARE / 5)))


def marathon_long_run(minutes: int, paces: Paces | None) -> RunPrescription:
    segment = marathon_segment_minutes(minutes)
    if paces is None:
        text = f"Long run: {minutes - segment} min easy, then the last {segment} min at marathon effort"
        return RunPrescription(text, None, None)
    easy, marathon = paces[Zone.EASY], paces[Zone.MARATHON]
    text = (
        f"Long run: {minutes - segment} min easy at {easy.text()}, "
        f"then the last {segment} min at marathon pace {marathon.text()}"
    )
    return RunPrescription(text, easy, segments_km([(minutes - segment, easy), (segment, marathon)]))


def paced_run(
    kind: RunKind, phase: Phase, minutes: int, paces: Paces | None, race_distance: RaceDistance, plain: str
) -> RunPrescription:
    """Any run: `plain` is its description without paces (the phase's easy, long or race text).

    The description carries paces only where a run has more than one (reps and the running
    around them, a marathon-pace finish); a run at one pace states it in `pace` alone.
    """
    if kind is RunKind.QUALITY:
        return quality_run(phase, minutes, paces)
    if kind is RunKind.LONG and phase is Phase.BUILD and race_distance is RaceDistance.MARATHON:
        return marathon_long_run(minutes, paces)
    pace = run_pace(kind, phase, paces, race_distance)
    if paces is None or pace is None:
        return RunPrescription(plain, None, None)
    if kind is RunKind.RACE:
        metres = RACE_METRES[race_distance]
        return RunPrescription(plain, pace, round(metres / 1000, 1), predicted_time(metres, paces.vdot))
    # One pace for the whole run: it sits in `pace`, not repeated in the words.
    return RunPrescription(plain, pace, segments_km([(minutes, pace)]))
