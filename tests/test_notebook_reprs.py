"""Games and results render in notebooks: Markdown tables and LaTeX math."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.game import latex_entry


def balanced(tex: str) -> bool:
    depth = 0
    for k, c in enumerate(tex):
        if c in "{}" and (k == 0 or tex[k - 1] != "\\"):
            depth += 1 if c == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def test_latex_entries() -> None:
    assert latex_entry(Fraction(-3, 5)) == r"-\frac{3}{5}"
    assert latex_entry(4) == "4" and latex_entry(0.25) == r"\frac{1}{4}"
    assert latex_entry(math.pi) == "3.14159"
    r, t = sympy.symbols("R T")
    assert latex_entry(r / t) == sympy.latex(r / t)


def test_game_renders_fractions_and_symbols() -> None:
    g = tg.Game([[Fraction(1, 2), 0], [1, 2]], [[0, 1], [2, Fraction(-7, 3)]])
    tex = g._repr_latex_()
    assert r"\frac{1}{2}" in tex and r"-\frac{7}{3}" in tex and balanced(tex)
    symbolic = tg.load_model("prisoners-dilemma").symbolic_game()
    md = symbolic._repr_markdown_()
    assert "$R,\\; R$" in md  # the symbols, as math
    assert len(md.splitlines()) == 2 + symbolic.shape[0]


@given(st.lists(st.text(min_size=1, max_size=8), min_size=4, max_size=4))
@settings(max_examples=200, deadline=None)
def test_any_action_names_give_balanced_latex_and_whole_markdown_rows(names: list[str]) -> None:
    if len(set(names[:2])) < 2 or len(set(names[2:])) < 2:
        return  # action names must differ within a player
    g = tg.Game([[1, 2], [3, 4]], [[4, 3], [2, 1]], actions=(names[:2], names[2:]))
    tex = g._repr_latex_()
    assert balanced(tex)
    text_cells = re.findall(r"\\text\{((?:[^{}\\]|\\.|\\[a-z]+\{\})*)\}", tex)
    assert len(text_cells) == 4, "every action name is one text cell"
    for line in g._repr_markdown_().splitlines():
        assert len(re.findall(r"(?<!\\)\|", line)) == 4, line  # 3 cells, escaped pipes inside


def test_equilibrium_latex_is_exact_when_the_game_is() -> None:
    mixed = tg.equilibria(tg.Game([[3, 0], [0, 2]], [[2, 0], [0, 3]]))[-1]
    assert r"\frac{3}{5}" in mixed._repr_latex_()
    floats = tg.equilibria(tg.Game([[math.pi, 0], [0, 2]], [[2, 0], [0, math.e]]))[-1]
    assert r"\frac" not in floats._repr_latex_()
    assert f"{floats.row[0]:.6g}" in floats._repr_latex_()


def test_tournament_table_is_markdown() -> None:
    names = ["grim", "tit-for-tat", "always-restrict"]
    table = tg.tournament(tg.load_model("prisoners-dilemma").game(), names)
    lines = table._repr_markdown_().splitlines()
    assert len(lines) == 2 + len(names)
    assert lines[2].startswith("| 1 |")


def test_payoff_set_and_match_render_as_markdown() -> None:
    pd = tg.load_model("prisoners-dilemma").game()
    rg = tg.RepeatedGame(pd, 0.9)
    payoff_set = rg.spe_payoffs()
    md = payoff_set._repr_markdown_()
    assert md.startswith(f"**{payoff_set.kind}**")
    assert md.count("\n| ") == 1 + len(payoff_set.vertices)  # header and one row per vertex
    match = rg.play(tg.strategy("tit-for-tat"), tg.strategy("suspicious-tit-for-tat"))
    md = match._repr_markdown_()
    assert f"| {match.payoffs[0]} | {match.payoffs[1]} |" in md  # exact fractions
    assert "Moves: [(cooperate,defect) (defect,cooperate)] for ever" in md
    finite = rg.play(tg.strategy("grim"), tg.strategy("always-restrict"), turns=10)
    assert "Moves: (cooperate,defect) then [(defect,defect)] for ever" in finite._repr_markdown_()
