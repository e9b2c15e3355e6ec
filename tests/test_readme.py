"""The project explains itself, and its explanations cannot drift.

- Every example block of README.md is what scripts/readme_examples.py prints from the code.
- The README's module map names what the tree holds, no more and no less.
- The docs link only inside the repository, to files that exist, and no comment or
  docstring sends a reader to a file, an issue or a session a clone does not have.
"""

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from models.kinds import HARD_RULE_TEXT, SOFT_RULE_TEXT

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
SCRIPT = ROOT / "scripts" / "readme_examples.py"


def load_script() -> ModuleType:
    # scripts/ is a folder of tools, not a package: load the file itself.
    spec = importlib.util.spec_from_file_location("readme_examples", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_examples_are_what_the_code_prints() -> None:
    script = load_script()
    current = README.read_text(encoding="utf-8")
    stale = script.stale_blocks(current, script.regenerate(current))
    assert stale == [], (
        f"README.md examples out of date: {', '.join(stale)}. "
        "Run `.venv/bin/python scripts/readme_examples.py` and review the diff."
    )


def test_every_example_block_has_a_producer() -> None:
    names = {m["name"] for m in load_script().BLOCK.finditer(README.read_text(encoding="utf-8"))}
    assert names == set(load_script().PRODUCERS)


# -- the module map --------------------------------------------------------------------------

# A module, document or folder name; a folder may be nested (`migrations/versions/`), and a name
# with a further suffix (`script.py.mako`) is no module.
TOKEN = re.compile(r"(?<![\w/.-])([\w-]+(?:/[\w-]+)*(?:\.(?:py|md|json|png)|/))(?![\w/.])")
# What the map need not name: package markers, entry points, caches and the benchmark's output (ignored by git).
UNNAMED = {"__init__.py", "__main__.py", "__pycache__", "conftest.py", "results"}
# Folders mapped by their purpose, not file by file.
SUMMARISED = {"tests", "examples"}


def layout() -> dict[str, list[str]]:
    """Per top-level folder, the lines of the README's layout block that describe it."""
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- layout:", 1)[1].split("```", 2)[1]
    sections: dict[str, list[str]] = {}
    current = ""
    for line in block.splitlines():
        if line and not line.startswith(" "):
            current = TOKEN.findall(line)[0].rstrip("/")
            line = line[len(current) + 1 :]
        if current:
            sections.setdefault(current, []).append(line)
    return sections


def test_every_name_in_the_module_map_exists() -> None:
    missing = []
    for folder, lines in layout().items():
        assert (ROOT / folder).is_dir(), folder
        for line in lines:
            tokens = TOKEN.findall(line)
            # "  api/  blueprints: plans.py, ..." names files inside the folder that starts its line.
            inner = ROOT / folder / tokens[0] if tokens and tokens[0].endswith("/") else ROOT / folder
            for token in tokens:
                if not (ROOT / folder / token).exists() and not (inner / token).exists():
                    missing.append(f"{folder}/{token}")
    assert missing == [], "README's Layout names what the tree does not hold"


def test_every_module_is_in_the_module_map() -> None:
    sections = layout()
    assert {"models", "solver", "service", "benchmarks", "scripts", "docs"} <= set(sections)
    unnamed = []
    for folder, lines in sections.items():
        if folder in SUMMARISED:
            continue
        words = set(re.findall(r"[\w.-]+", " ".join(lines).replace("/", " ")))
        for path in sorted((ROOT / folder).rglob("*")):
            relative = path.relative_to(ROOT / folder)
            if any(part in UNNAMED for part in relative.parts) or path.suffix == ".pyc":
                continue
            if path.name not in words:
                unnamed.append(f"{folder}/{relative}")
    assert unnamed == [], "modules missing from README's Layout"


# -- links and references -----------------------------------------------------------------------

LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("document", [README, *DOCS], ids=lambda p: p.name)
def test_links_stay_in_the_repository_and_resolve(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        resolved = (document.parent / target).resolve()
        if ROOT not in resolved.parents or not resolved.exists():
            broken.append(target)
    assert broken == []


def test_docs_hold_the_rule_catalogue_and_the_api_reference() -> None:
    assert {p.name for p in DOCS} >= {"rules.md", "api.md"}


# Pointers a clone cannot follow: the project's spec folder outside the repository, the source
# articles by file name, issue and session numbers. Built from pieces so that this file does not
# match the plain grep for them.
OUTSIDE_REFERENCE = re.compile("|".join([r"\.\./shared", "seed" + " 00", "issue" + " #", "session" + " [0-9]"]))


# Not edited here, by agreement with its owner, who is rewriting its comments.
def test_no_comment_points_outside_the_repository() -> None:
    found = []
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if path.suffix not in (".py", ".md") or relative.parts[0].startswith("."):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE_REFERENCE.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


# -- the rule catalogue -------------------------------------------------------------------------

# The training-load and recovery rules, catalogued before the solver names them in models.kinds.
CATALOGUED_AHEAD = {
    "R-RUN-MINUTES",
    "R-RAMP",
    "R-CUTBACK",
    "R-TAPER-VOLUME",
    "R-LONG-SHARE",
    "R-RETURN",
    "R-RECOVERY",
    "P-VOLUME",
    "P-EVEN",
}


def test_the_catalogue_has_a_row_for_every_rule_id() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| ([RP]-[A-Z0-9-]+) \|", text, re.MULTILINE))
    assert rows >= set(HARD_RULE_TEXT) | set(SOFT_RULE_TEXT) | CATALOGUED_AHEAD
    assert rows <= set(HARD_RULE_TEXT) | set(SOFT_RULE_TEXT) | CATALOGUED_AHEAD, "a catalogue row for an unknown id"
