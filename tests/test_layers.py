"""Layers import only downward: model -> game -> solvers -> analysis -> report -> cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tradegame"

# each layer, and the layers it must never import
FORBIDDEN = {
    "model": ("tradegame.solvers", "tradegame.analysis", "tradegame.report", "tradegame.cli"),
    "game": ("tradegame.solvers", "tradegame.analysis", "tradegame.report", "tradegame.cli"),
    "solvers": ("tradegame.analysis", "tradegame.report", "tradegame.cli", "tradegame.model"),
    "analysis": ("tradegame.report", "tradegame.cli"),
    "explain": ("tradegame.report", "tradegame.cli"),
    "negotiation": ("tradegame.report", "tradegame.cli"),
    "compare": ("tradegame.report", "tradegame.cli"),
    "dynamic_view": ("tradegame.report", "tradegame.cli"),
    "campaign": ("tradegame.report", "tradegame.cli"),
    "sweeps": ("tradegame.report", "tradegame.cli"),
    "evolve": ("tradegame.report", "tradegame.cli"),
    "datafile": ("tradegame.game", "tradegame.model", "tradegame.solvers", "tradegame.report"),
    "exercises": (
        "tradegame.game",
        "tradegame.model",
        "tradegame.solvers",
        "tradegame.report",
        "tradegame.cli",
    ),
    "nfg": (
        "tradegame.solvers",
        "tradegame.analysis",
        "tradegame.report",
        "tradegame.cli",
        "tradegame.model",
    ),
    "report": ("tradegame.cli",),
    "plot": ("tradegame.cli", "tradegame.report", "tradegame.analysis"),
}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) in FORBIDDEN)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_upward_imports(path: Path) -> None:
    banned = FORBIDDEN[_layer(path)]
    upward = sorted(m for m in _imports(path) if m.startswith(banned))
    assert not upward, f"{path.name} imports {upward}"


def test_every_layer_has_sources() -> None:
    assert {_layer(p) for p in SOURCES} == set(FORBIDDEN)


def test_sympify_never_parses_text() -> None:
    # Model files are data: a string must never reach sympy's parser. Every sympify in
    # the package is strict, which converts numbers and expressions and rejects text.
    import re

    import sympy

    calls = [
        (path.name, line)
        for path in PACKAGE.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"\bsympify\(", line)
    ]
    assert calls, "expected the package to use sympify"
    loose = [(name, line) for name, line in calls if "strict=True" not in line]
    assert not loose, loose
    with pytest.raises(sympy.SympifyError):
        sympy.sympify("__import__('os').system('true')", strict=True)


def test_no_code_is_ever_built_from_text() -> None:
    # Model, strategy, .nfg and exercise files are data: nothing in the package
    # evaluates text or unpickles it, and symbols are made from names, never parsed.
    import re

    banned = re.compile(r"(?<![\w.])(eval|exec|compile)\(|\bpickle\b|\bparse_expr\b|\bsympy\.S\(")
    found = [
        (path.name, n, line.strip())
        for path in PACKAGE.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if banned.search(line)
    ]
    assert not found, found
