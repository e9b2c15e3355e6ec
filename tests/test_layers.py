"""Layers look down only: models <- solver <- service, with benchmarks and scripts on top.

Every import statement of every module counts, those inside functions too: a
lazy import is still a dependency, it only fails later.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The package at each level may import its own level and any lower one, never a higher one.
LAYERS: dict[str, int] = {"models": 0, "solver": 1, "service": 2, "benchmarks": 3, "scripts": 3, "tests": 4}


def imported_packages(source: str, package: str) -> set[str]:
    """The top-level packages a module of `package` imports (a relative import stays in `package`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add(package if node.level else (node.module or "").split(".")[0])
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_every_layer_has_modules() -> None:
    for package in ("models", "solver", "service", "benchmarks"):
        assert modules(package), package


@pytest.mark.parametrize("package", ["models", "solver", "service", "benchmarks", "scripts"])
def test_no_module_imports_a_higher_layer(package: str) -> None:
    level = LAYERS[package]
    upward = [
        f"{path.relative_to(ROOT)} imports {imported}"
        for path in modules(package)
        for imported in sorted(imported_packages(path.read_text(encoding="utf-8"), package))
        if LAYERS.get(imported, -1) > level
    ]
    assert upward == []


def test_the_check_sees_imports_inside_functions() -> None:
    """A lazy import is found like any other (the way `service/cli.py` once reached for the benchmarks)."""
    source = "import json\n\ndef bench() -> None:\n    from benchmarks.run import main\n    from . import table\n"
    assert imported_packages(source, "service") == {"json", "benchmarks", "service"}
