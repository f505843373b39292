"""Shared checks over every bundled model, found by scanning the models folder."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import tradegame as tg
from tradegame.cli import main

MODELS = tg.list_models()


def test_there_are_models_to_check() -> None:
    assert len(MODELS) >= 10


@pytest.mark.parametrize("name", MODELS)
def test_model_loads_builds_and_solves(name: str) -> None:
    m = tg.load_model(name)
    g = m.game()
    assert g.shape == (len(m.ladders[0]), len(m.ladders[1]))
    assert g.is_exact
    eqs = tg.equilibria(g)
    assert eqs, "every finite game has an equilibrium (Nash 1951)"
    for e in eqs:
        assert tg.is_equilibrium(g, e.row, e.col)
    s = m.symbolic_game()
    assert s.subs() == g


@pytest.mark.parametrize("name", MODELS)
def test_every_parameter_has_a_source(name: str) -> None:
    m = tg.load_model(name)
    missing = [k for k in m.params if k not in m.sources]
    assert not missing, f"{name}: no source for {missing}"
    assert m.title and m.description


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("style", ["text", "json", "markdown"])
def test_run_and_show_in_every_format(name: str, style: str) -> None:
    runner = CliRunner()
    for command in ("run", "show"):
        result = runner.invoke(main, [command, name, "--format", style], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.strip()
        if style == "json":
            data = json.loads(result.stdout)
            assert json.loads(json.dumps(data)) == data
            if command == "run":
                assert data["model"] == name
                assert len(data["equilibria"]) == len(tg.equilibria(tg.load_model(name).game()))
