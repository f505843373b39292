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
