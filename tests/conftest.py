"""Shared fixtures: model files written on the fly, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings
from modelfiles import toml_text

# derandomize: the same examples on every run, so a result never depends on luck
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True)
# A long fuzzing run: random (not derandomized) examples, many per property, e.g.
#   TRADEGAME_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_models.py tests/test_fuzz_cli.py \
#       tests/test_fuzz_files.py
# (or pytest --hypothesis-profile fuzz ..., with 2000 examples per property).
settings.register_profile(
    "fuzz",
    parent=settings.get_profile("ci"),
    derandomize=False,
    max_examples=int(os.environ.get("TRADEGAME_FUZZ_EXAMPLES") or 2000),
)
settings.load_profile("fuzz" if os.environ.get("TRADEGAME_FUZZ_EXAMPLES") else "ci")


@pytest.fixture
def write_model(tmp_path: Path):
    """Write model data (a dict or raw text) to tmp_path/NAME.toml and return the path."""

    def write(data: dict[str, Any] | str | bytes, name: str = "test-model") -> Path:
        path = tmp_path / f"{name}.toml"
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data if isinstance(data, str) else toml_text(data), encoding="utf-8")
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
