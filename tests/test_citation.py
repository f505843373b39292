"""CITATION.cff is valid YAML with the keys the Citation File Format requires, and is current."""

from __future__ import annotations

from pathlib import Path

import pytest

import tradegame

ROOT = Path(__file__).resolve().parent.parent


def test_citation_file_names_this_version() -> None:
    yaml = pytest.importorskip("yaml")  # PyYAML comes with dask, in the test extra
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors", "version", "license"):
        assert key in data, key
    assert str(data["version"]) == tradegame.__version__
    assert data["authors"] and all("name" in a or "family-names" in a for a in data["authors"])
    cited = " ".join(ref["title"] for ref in data["references"])
    assert "Nashpy" in cited, "the stage-game solver library is cited"
