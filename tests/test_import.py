"""`import tradegame` stays light: no sympy, matplotlib or scipy until they are needed."""

from __future__ import annotations

import subprocess
import sys


def test_import_loads_no_heavy_module() -> None:
    code = (
        "import sys, tradegame; "
        "print(','.join(m for m in ('sympy', 'matplotlib', 'scipy', 'nashpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_help_loads_no_heavy_module() -> None:
    code = (
        "import sys; from tradegame.cli import main; "
        "print(','.join(m for m in ('sympy', 'matplotlib', 'scipy', 'nashpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_names_resolve() -> None:
    import tradegame

    for name in tradegame.__all__:
        assert getattr(tradegame, name) is not None


def test_public_names_match_the_lazy_map() -> None:
    import tradegame

    assert set(tradegame.__all__) == {"__version__", *tradegame._LAZY}


def test_every_subpackage_ships_in_the_wheel() -> None:
    # pyproject lists packages explicitly (models/ is mapped in as tradegame._bundled),
    # so a new subpackage missing from the list would be left out of the wheel.
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    listed = set(
        tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(root).parts)
        for p in (root / "tradegame").rglob("__init__.py")
    }
    assert found <= listed, sorted(found - listed)
