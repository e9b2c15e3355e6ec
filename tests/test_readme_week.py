"""The README's example week is printed by the code (`python -m service.week_text`), word for word."""

import re
from pathlib import Path

from service.week_text import example_week

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_week_is_what_the_code_prints() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Paces and lifting that progress\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```\n(.*?)\n```", section, flags=re.DOTALL)
    assert block == example_week()


def test_example_week_shows_paces_and_sets() -> None:
    week = example_week()
    assert "Pace: 5:53-6:38/km (9:28-10:41/mi)" in week
    assert "at interval pace 4:41/km" in week and "at marathon pace 5:26/km" in week
    assert "Box jump 4x3" in week and "reps in reserve" in week and "Next week:" in week
