"""Figures: the payoff space. Checks the data a figure draws, then that it renders."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

import tradegame as tg
from tradegame.plot.payoff_space import payoff_space_data, plot_payoff_space
from tradegame.plot.style import save
from tradegame.solvers.spe_set import spe_payoffs

# ORACLES.md: the QuantEcon prisoner's dilemma at delta = 0.75 (QuantEcon test_repeated_game.py)
QE_PD = tg.Game([[9, 1], [10, 3]], [[9, 10], [1, 3]])


def test_data_is_what_the_solvers_say() -> None:
    data = payoff_space_data(QE_PD, 0.75)
    assert data["spe_kind"] == "polygon"
    expected = {(3.0, 3.0), (9.75, 3.0), (9.0, 9.0), (3.0, 9.75)}
    assert {tuple(np.round(v, 6)) for v in data["spe"]} == expected
    assert_allclose(data["cooperative"], [[9, 9]])
    assert_allclose(data["equilibria"], [[3, 3]])
    # the feasible set is the hull of the four payoff pairs
    assert {tuple(v) for v in data["feasible"]} == {(9, 9), (1, 10), (10, 1), (3, 3)}
    # the individually rational part starts at the pure minmax (3, 3)
    assert data["rational"][:, 0].min() == pytest.approx(3) and data["rational"][:, 1].min() == 3


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_renders_in_every_format(tmp_path, suffix: str) -> None:
    fig = plot_payoff_space(QE_PD, 0.75, unit="$bn/yr")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "row payoff ($bn/yr)"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "subgame-perfect payoffs (δ = 0.75)" in labels
    out = save(fig, tmp_path / f"space{suffix}")
    assert out.stat().st_size > 1000


def test_degenerate_sets_are_drawn(tmp_path) -> None:
    # ORACLES.md: matching pennies at 0.5 is empty; the coordination game a segment
    pennies = tg.Game([[1, -1], [-1, 1]])
    assert spe_payoffs(pennies, 0.5).is_empty
    fig = plot_payoff_space(pennies, 0.5)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any(label.endswith(": none") for label in labels)
    save(fig, tmp_path / "pennies.png")
    coordination = tg.Game([[4, 0], [0, 1]], [[4, 0], [0, 1]])
    data = payoff_space_data(coordination, 0.5)
    assert data["spe_kind"] == "segment"
    save(plot_payoff_space(coordination, 0.5), tmp_path / "segment.png")


def test_bad_file_names(tmp_path) -> None:
    fig = plot_payoff_space(QE_PD, 0.75)
    with pytest.raises(ValueError, match=r"unknown figure format '\.jpg'.*\.png, \.svg, \.pdf"):
        save(fig, tmp_path / "space.jpg")
    with pytest.raises(ValueError, match="does not exist"):
        save(fig, tmp_path / "missing" / "space.png")
