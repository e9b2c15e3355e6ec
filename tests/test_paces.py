"""Training paces (docs/rules.md, "Session content"): VDOT from a recent race,
the paces read from it, race predictions, and runs laid out in the minutes they are given.

The known answers are those of Daniels' published tables and the Daniels-Gilbert equations.
"""

import re
from datetime import date

import pytest

from models.kinds import Phase, RaceDistance, RunKind
from models.request import PlanRequest
from models.vdot import RACE_METRES, format_duration, parse_duration, vdot
from solver import workouts
from solver.content import paced_run_session, race_minutes
from solver.paces import (
    KM_PER_MILE,
    PaceRange,
    Zone,
    distance_km,
    plan_paces,
    predict_seconds,
    predicted_race_minutes,
    run_pace,
    training_paces,
)

BASE, BUILD, TAPER, RACE_WEEK = Phase.BASE, Phase.BUILD, Phase.TAPER, Phase.RACE_WEEK
TEN_K_IN_50 = training_paces(vdot(10_000, 50 * 60))


def seconds(pace: str) -> int:
    minutes, secs = pace.split(":")
    return 60 * int(minutes) + int(secs)


def request(**fields: object) -> PlanRequest:
    return PlanRequest(start_date=date(2027, 3, 1), **fields)


@pytest.mark.parametrize(
    ("metres", "time", "expected"),
    [(10_000, "50:00", 40.0), (5_000, "24:34", 39.1), (10_000, "40:00", 51.9)],
)
def test_vdot_of_known_races(metres: int, time: str, expected: float) -> None:
    assert vdot(metres, parse_duration(time)) == pytest.approx(expected, abs=0.1)


def test_ten_k_in_50_threshold_pace_is_5_06() -> None:
    assert abs(seconds(TEN_K_IN_50.model().threshold) - seconds("5:06")) <= 3


def test_ten_k_in_50_easy_pace_is_5_53_to_6_38() -> None:
    fast, slow = TEN_K_IN_50.model().easy
    assert abs(seconds(fast) - seconds("5:53")) <= 5
    assert abs(seconds(slow) - seconds("6:38")) <= 5


def test_ten_k_in_50_repetition_pace_is_4_21() -> None:
    """Daniels' table: I 1:52 and R 1:44 per 400 m at VDOT 40; here interval 4:41, repetition 20 s faster."""
    assert TEN_K_IN_50.model().repetition == "4:21"
    assert TEN_K_IN_50.model().interval == "4:41"


# Daniels' table: R pace per 400 m, in seconds, at some VDOTs from 34 to 85.
REPETITION_PER_400 = {34: 120, 40: 104, 45: 94, 48: 89, 50: 87, 55: 81, 60: 75, 70: 65, 85: 55}


@pytest.mark.parametrize(("vdot_value", "per_400"), REPETITION_PER_400.items())
def test_repetition_pace_is_daniels_table(vdot_value: int, per_400: int) -> None:
    """Within 3.5 s per km of the table (its 400 m times are whole seconds, 2.5 s per km apart)."""
    assert training_paces(float(vdot_value))[Zone.REPETITION].middle == pytest.approx(per_400 * 2.5, abs=3.5)


def test_marathon_predicted_for_vdot_40_is_3_49_45() -> None:
    assert abs(predict_seconds(RACE_METRES[RaceDistance.MARATHON], 40.0) - parse_duration("3:49:45")) <= 60


def test_prediction_inverts_vdot() -> None:
    for metres in (1500, 5000, 21097.5, 42195):
        assert vdot(metres, predict_seconds(metres, 47.3)) == pytest.approx(47.3, abs=1e-6)


def test_marathon_pace_is_the_predicted_marathon_pace() -> None:
    marathon = TEN_K_IN_50[Zone.MARATHON].middle
    assert marathon == pytest.approx(predict_seconds(42195, TEN_K_IN_50.vdot) / 42.195)


@pytest.mark.parametrize("vdot_value", [20.0, 30.0, 40.0, 55.0, 70.0, 85.0])
def test_zones_get_faster_in_order(vdot_value: float) -> None:
    """Easy slower than marathon, slower than threshold, interval, repetition: effort rises with each."""
    paces = training_paces(vdot_value)
    order = [paces[Zone.EASY].slow, paces[Zone.EASY].fast]
    order += [paces[zone].middle for zone in (Zone.MARATHON, Zone.THRESHOLD, Zone.INTERVAL, Zone.REPETITION)]
    assert order == sorted(order, reverse=True)


def test_fitter_runners_get_faster_paces() -> None:
    slower, fitter = training_paces(40.0), training_paces(50.0)
    assert all(fitter[zone].middle < slower[zone].middle for zone in Zone)


def test_plan_paces_block() -> None:
    block = plan_paces(request(recent_race={"distance": "10k", "time": "50:00"}))
    assert block is not None
    assert block.vdot == 40.0
    assert block.easy == ["5:53", "6:38"]
    assert block.marathon == "5:26" and block.interval == "4:41"
    assert plan_paces(request()) is None


def test_per_mile_is_per_km_times_a_mile() -> None:
    easy = TEN_K_IN_50[Zone.EASY]
    assert [seconds(p) for p in easy.per_mile()] == [round(seconds(p) * KM_PER_MILE) for p in easy.per_km()]
    assert easy.per_mile() == ["9:28", "10:41"]


@pytest.mark.parametrize(
    ("text", "total", "written"),
    [("50:00", 3000, "50:00"), ("0:50:00", 3000, "50:00"), ("3:49:45", 13785, "3:49:45"), ("75:30", 4530, "1:15:30")],
)
def test_finishing_times_parse_and_print(text: str, total: int, written: str) -> None:
    assert parse_duration(text) == total
    assert format_duration(total) == written


@pytest.mark.parametrize("text", ["50", "50:7", "50:60", "1:60:00", "1:2:3:4", "-5:00", "5:00.5", "abc", ""])
def test_malformed_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="time"):
        parse_duration(text)


# --- a run's pace and distance ------------------------------------------------------


def test_distance_from_the_middle_of_the_range() -> None:
    assert distance_km(60, PaceRange(300, 360)) == 10.9  # 60 min at 5:30/km
    assert distance_km(40, TEN_K_IN_50[Zone.EASY]) == 6.4


@pytest.mark.parametrize(
    ("kind", "phase", "zone"),
    [
        (RunKind.EASY, BASE, Zone.EASY),
        (RunKind.LONG, BUILD, Zone.EASY),
        (RunKind.QUALITY, BASE, Zone.EASY),  # hills by effort; the easy running around them
        (RunKind.QUALITY, BUILD, Zone.INTERVAL),
        (RunKind.QUALITY, TAPER, Zone.THRESHOLD),
    ],
)
def test_run_pace_by_kind_and_phase(kind: RunKind, phase: Phase, zone: Zone) -> None:
    assert run_pace(kind, phase, TEN_K_IN_50, RaceDistance.MARATHON) == TEN_K_IN_50[zone]


def test_no_recent_race_no_pace() -> None:
    assert run_pace(RunKind.EASY, BASE, None, RaceDistance.MARATHON) is None
    for kind in RunKind:
        session = paced_run_session(kind, BUILD, request(), 60)
        assert session.pace is None and session.distance_km is None and session.predicted_time is None
        assert session.minutes == (60 if kind is not RunKind.RACE else race_minutes(request()))
        assert session.description.strip()
        assert "/km" not in session.description


def test_easy_run_carries_pace_and_distance() -> None:
    session = paced_run_session(RunKind.EASY, BASE, request(recent_race={"distance": "10k", "time": "50:00"}), 40)
    assert session.pace is not None and session.pace.min_per_km == ["5:53", "6:38"]
    assert session.pace.min_per_mile == ["9:28", "10:41"]
    assert session.distance_km == 6.4
    assert "/km" not in session.description  # one pace: stated once, in `pace`


@pytest.mark.parametrize(
    ("distance", "km"),
    [(RaceDistance.FIVE_K, 5.0), (RaceDistance.TEN_K, 10.0), (RaceDistance.HALF, 21.1), (RaceDistance.MARATHON, 42.2)],
)
def test_race_carries_the_predicted_time(distance: RaceDistance, km: float) -> None:
    req = request(race_distance=distance, recent_race={"distance": "10k", "time": "50:00"})
    session = paced_run_session(RunKind.RACE, RACE_WEEK, req, 60)
    assert session.distance_km == km
    assert req.recent_race is not None
    assert session.predicted_time == format_duration(predict_seconds(RACE_METRES[distance], req.recent_race.vdot))
    assert session.pace is not None and len(session.pace.min_per_km) == 1


def test_marathon_from_a_10k_in_50() -> None:
    req = request(recent_race={"distance": "10k", "time": "50:00"})
    predicted = paced_run_session(RunKind.RACE, RACE_WEEK, req, 240).predicted_time
    assert predicted is not None and abs(parse_duration(predicted) - parse_duration("3:49:45")) <= 60


def test_an_ultra_has_no_prediction() -> None:
    req = request(race_distance=RaceDistance.ULTRA, recent_race={"distance": "marathon", "time": "3:30:00"})
    session = paced_run_session(RunKind.RACE, RACE_WEEK, req, 360)
    assert session.predicted_time is None and session.pace is None
    assert paced_run_session(RunKind.EASY, BASE, req, 40).pace is not None  # training paces still hold


# --- quality sessions laid out in their minutes --------------------------------------

PACED = request(recent_race={"distance": "10k", "time": "50:00"})


@pytest.mark.parametrize("minutes", range(30, 95, 5))
@pytest.mark.parametrize("phase", [BASE, BUILD, TAPER])
def test_quality_session_fits_its_minutes(phase: Phase, minutes: int) -> None:
    """Reps, recoveries and the easy running before and after add up to the run's minutes."""
    workout = workouts.QUALITY_WORKOUTS[phase]
    reps = workouts.reps_that_fit(workout, minutes)
    assert workout.fewest <= reps <= workout.most
    busy = reps * workout.rep_minutes + (reps - 1) * workout.recovery_minutes
    text = paced_run_session(RunKind.QUALITY, phase, PACED, minutes).description
    assert text.startswith(f"{workout.name}: {reps} x ")
    found = re.search(r"(\d+) min easy before, (\d+) min after", text)
    assert found is not None
    before, after = map(int, found.groups())
    assert before >= workouts.WARM_UP_MINUTES
    assert before + busy + after == minutes


def test_build_intervals_name_interval_pace() -> None:
    session = paced_run_session(RunKind.QUALITY, BUILD, PACED, 60)
    assert "at interval pace 4:41/km" in session.description
    assert session.pace is not None and session.pace.min_per_km == ["4:41"]
    assert session.distance_km is not None and 9 < session.distance_km < 12


def test_taper_tempo_names_threshold_pace() -> None:
    session = paced_run_session(RunKind.QUALITY, TAPER, PACED, 45)
    threshold = TEN_K_IN_50.model().threshold
    assert session.description.startswith("Tempo: 2 x 10 min at threshold pace " + threshold)


def test_base_hills_go_by_effort() -> None:
    text = paced_run_session(RunKind.QUALITY, BASE, PACED, 45).description
    assert text.startswith("Hill repeats: 9 x 60 s uphill at strong effort")
    assert "by effort, not pace" in text


def test_more_minutes_more_reps_up_to_the_cap() -> None:
    reps = [workouts.reps_that_fit(workouts.QUALITY_WORKOUTS[BUILD], m) for m in range(30, 95, 5)]
    assert reps == sorted(reps) and reps[0] < reps[-1] == workouts.QUALITY_WORKOUTS[BUILD].most


def test_marathon_long_run_in_build_has_a_marathon_pace_finish() -> None:
    session = paced_run_session(RunKind.LONG, BUILD, PACED, 120)
    assert "the last 30 min at marathon pace 5:26/km" in session.description
    easy_only = distance_km(120, TEN_K_IN_50[Zone.EASY])
    assert session.distance_km is not None and session.distance_km > easy_only  # the fast finish covers more


@pytest.mark.parametrize("distance", [RaceDistance.FIVE_K, RaceDistance.HALF])
def test_shorter_races_keep_the_steady_finish(distance: RaceDistance) -> None:
    req = request(race_distance=distance, recent_race={"distance": "10k", "time": "50:00"})
    assert "marathon pace" not in paced_run_session(RunKind.LONG, BUILD, req, 90).description


@pytest.mark.parametrize("minutes", [30, 60, 150, 180])
def test_marathon_segment_is_a_quarter_within_bounds(minutes: int) -> None:
    segment = workouts.marathon_segment_minutes(minutes)
    assert 15 <= segment <= 45 and segment % 5 == 0


def test_predicted_race_minutes_round_up_to_five() -> None:
    assert predicted_race_minutes(request(recent_race={"distance": "10k", "time": "50:00"})) == 230  # 3:49:3x
    ten_k = request(race_distance=RaceDistance.TEN_K, recent_race={"distance": "10k", "time": "50:00"})
    assert predicted_race_minutes(ten_k) == 50
    assert predicted_race_minutes(request()) is None
    assert predicted_race_minutes(request(race_distance=RaceDistance.ULTRA, recent_race=ten_k.recent_race)) is None


def test_the_race_lasts_its_predicted_time() -> None:
    """R-RUN-MINUTES: the race has its predicted duration, from the recent race when there is one."""
    session = paced_run_session(RunKind.RACE, RACE_WEEK, PACED, None)
    assert session.minutes == predicted_race_minutes(PACED) == 230


def test_a_day_without_minutes_still_renders() -> None:
    session = paced_run_session(RunKind.QUALITY, BUILD, PACED, None)
    assert session.minutes is None and session.description.startswith("Intervals")
