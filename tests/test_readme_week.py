"""The README's example week (scripts/readme_examples.py prints it from `service.week_text`) shows what
a runner reads: paces per km and per mile, reps at their pace, sets x reps and the effort to keep."""

from service.week_text import example_week


def test_example_week_shows_paces_and_sets() -> None:
    week = example_week()
    assert "Pace: 5:53-6:38/km (9:28-10:41/mi)" in week
    assert "at interval pace 4:41/km" in week and "at marathon pace 5:26/km" in week
    assert "Box jump 4x3" in week and "reps in reserve" in week and "Next week:" in week
