"""Shared fixtures: model files written on the fly, and a CLI runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings
from modelfiles import toml_text

# derandomize: the same examples on every run, so a result never depends on luck
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True)
settings.load_profile("ci")


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
