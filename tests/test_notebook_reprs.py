"""Games and results render in notebooks: Markdown tables and LaTeX math."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
import re
import sys
import typing
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.analysis import analyse, analyse_repeated
from tradegame.compare import compare
from tradegame.evolve import evolve
from tradegame.game import latex_entry
from tradegame.solvers import _markdown as nb
from tradegame.solvers.evolution import replicator
from tradegame.solvers.minmax import minmax_strategies
from tradegame.solvers.paths import Path


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


# --- shared helpers ------------------------------------------------------------------------


def table_rows(markdown: str) -> list[list[str]]:
    """The body rows of every Markdown table in ``markdown``, as lists of cells."""
    lines = markdown.splitlines()
    rows = []
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        if line.startswith("| ") and not after.startswith("|---"):  # not a header
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def row(markdown: str, label: str) -> list[str]:
    """The cells after ``label`` of the one table row that starts with it."""
    found = [r[1:] for r in table_rows(markdown) if r[0] == label]
    assert len(found) == 1, (label, markdown)
    return found[0]


def whole_rows(markdown: str) -> None:
    """Every table row has as many unescaped pipes as its table's header."""
    width = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        pipes = len(re.findall(r"(?<!\\)\|", line))
        width = pipes if width is None else width
        assert pipes == width, line


def test_markdown_numbers_are_exact_maths_and_floats_are_short() -> None:
    assert nb.number(Fraction(3, 5)) == r"$\frac{3}{5}$"
    assert nb.number(Fraction(-7, 3)) == r"$-\frac{7}{3}$"
    assert nb.number(Fraction(4)) == "4" and nb.number(np.int64(2)) == "2"
    assert nb.number(1 / 3) == "0.333333" and nb.number(0.25) == "0.25"  # floats stay floats
    assert nb.number(float("inf")) == "∞" and nb.number(None) == "-"
    assert nb.number(sympy.Rational(1, 2)) == r"$\frac{1}{2}$"
    r, t = sympy.symbols("R T")
    assert nb.number(r / t) == f"${sympy.latex(r / t)}$"
    assert nb.threshold(Fraction(10, 19)) == r"0.5263 (= $\frac{10}{19}$)"
    assert nb.threshold(Fraction(59381, 2967000)) == "0.02"  # a long fraction: the decimal
    assert nb.threshold(float("inf")) == "∞ (never)" and nb.threshold(0) == "0"
    assert nb.threshold(sympy.sqrt(2) - 1) == rf"${sympy.latex(sympy.sqrt(2) - 1)}$ (≈ 0.4142)"
    assert nb.vector([Fraction(1, 2), Fraction(1, 2)]) == r"$(\frac{1}{2},\ \frac{1}{2})$"


def test_markdown_text_escapes_what_would_break_a_table_or_open_maths() -> None:
    assert nb.text("a|b") == r"a\|b" and nb.text("$5 tariff") == r"\$5 tariff"
    assert nb.text("back\\slash *x* [l]") == r"back\\slash \*x\* \[l\]"
    assert nb.text("two\nlines") == "two lines"
    assert nb.text("substitution_time") == "substitution_time"


def test_long_tables_keep_their_first_and_last_rows() -> None:
    rows = [[str(k), str(k * k)] for k in range(20)]
    lines = nb.table(["k", "k²"], rows).splitlines()
    assert len(lines) == 2 + nb.HEAD + 1 + nb.TAIL
    assert lines[2] == "| 0 | 0 |" and lines[-1] == "| 19 | 361 |"
    assert lines[2 + nb.HEAD] == "| … | … |"
    short = nb.table(["k", "k²"], rows[: nb.HEAD + nb.TAIL + 1]).splitlines()
    assert len(short) == 2 + nb.HEAD + nb.TAIL + 1 and "…" not in "".join(short)


@given(st.text(max_size=12))
@settings(max_examples=300, deadline=None)
def test_escaped_text_has_no_bare_pipe_dollar_or_newline(name: str) -> None:
    shown = nb.text(name)
    assert "\n" not in shown
    # every special is preceded by an odd run of backslashes: it is escaped
    for m in re.finditer(r"(\\*)([|$`*\[\]<])", shown):
        assert len(m.group(1)) % 2 == 1, shown


# --- results that every public function returns ----------------------------------------------

INPUTS = {"Model", "Strategy"}  # built to be passed on, not results


def _return_class(f: Any) -> Any:
    try:
        return typing.get_type_hints(f).get("return")
    except NameError:  # an annotation imported only for type checkers: look it up by name
        name = inspect.signature(f).return_annotation
        return getattr(sys.modules[f.__module__], name, None)


def test_every_public_result_renders_in_notebooks() -> None:
    checked = []
    for name in tg.__all__:
        f = getattr(tg, name)
        if isinstance(f, type) or not callable(f):
            continue
        cls = _return_class(f)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)) or cls.__name__ in INPUTS:
            continue
        assert hasattr(cls, "_repr_markdown_") or hasattr(cls, "_repr_latex_"), (name, cls)
        checked.append(cls.__name__)
    assert len(checked) >= 12, checked
    rg = tg.RepeatedGame(tg.load_model("prisoners-dilemma").game(), 0.9)
    results = [
        rg.grim_details((0, 0)),
        rg.threshold_details("grim"),
        rg.play("grim", "tit-for-tat", turns=5),
        rg.simulate("grim", "tit-for-tat", turns=5, repetitions=10, rng=0),
        rg.is_subgame_perfect("grim", "grim"),
        rg.is_nash("grim", "grim"),
        rg.spe_payoffs(),
        rg.finite_horizon(2),
    ]
    for result in results:
        shown = result._repr_markdown_()
        assert isinstance(shown, str) and shown, type(result).__name__
        whole_rows(shown)


# --- dynamic games ---------------------------------------------------------------------------


@functools.cache
def dynamic() -> Any:
    return tg.load_model("rare-earth-2025").dynamic(3)


@functools.cache
def markov() -> Any:
    return tg.markov_perfect(dynamic())


def test_markov_solution_shows_its_convergence_and_values() -> None:
    sol = markov()
    shown = sol._repr_markdown_()
    assert shown.startswith("**Markov perfect equilibrium** (selection pareto): converged")
    assert f"after {sol.iterations} iterations, residual {sol.residual:.3g}" in shown
    assert "|  | United States | China |" in shown
    assert row(shown, "value from the start") == [f"{v:.6g}" for v in sol.value()]
    assert row(shown, "discount factor δ") == [f"{d:.6g}" for d in dynamic().discount]
    assert f"{sol.values.shape[0]} grid states; {sol.mixed_states} with a mixed" in shown
    stopped = tg.markov_perfect(dynamic(), max_iter=2)
    assert "**not converged** after 2 iterations" in stopped._repr_markdown_()


def test_finite_solution_shows_its_horizon_and_values() -> None:
    sol = tg.backward_induction(dynamic(), 4)
    shown = sol._repr_markdown_()
    assert shown.startswith("**Finite-horizon equilibrium**: 4 periods by backward induction")
    assert row(shown, "value from the start") == [f"{v:.6g}" for v in sol.value()]
    assert f"{sol.mixed_states} state-periods" in shown


def test_a_long_path_keeps_its_first_and_last_periods() -> None:
    path = markov().simulate(40)
    shown = path._repr_markdown_()
    assert shown.startswith(
        f"**Equilibrium path**: 40 periods, discounted totals {nb.pair(path.total)}"
    )
    rows = table_rows(shown)
    assert len(rows) == nb.HEAD + 1 + nb.TAIL  # of 40 periods and the end state
    assert [r[0] for r in rows] == ["0", "1", "2", "3", "4", "…", "38", "39", "end"]
    assert rows[nb.HEAD] == ["…"] * (len(path.names) + 5)
    assert rows[0][1 : 1 + len(path.names)] == [f"{x:.4g}" for x in path.states[0]]
    assert rows[-1][1 : 1 + len(path.names)] == [f"{x:.4g}" for x in path.states[-1]]
    assert rows[-2][-2:] == [f"{x:.4g}" for x in path.payoffs[39]]


def test_a_short_path_shows_every_period_and_the_mixtures() -> None:
    path = markov().simulate(3, start=[0.5, 0.5, 0.5, 0.5])
    rows = table_rows(path._repr_markdown_())
    assert [r[0] for r in rows] == ["0", "1", "2", "end"]
    d = len(path.names)
    for t in range(3):
        for cell, probs, names in (
            (rows[t][d + 1], path.row[t], path.actions[0]),
            (rows[t][d + 2], path.col[t], path.actions[1]),
        ):
            shown = [f"{a} {p:.3g}" for a, p in zip(names, probs, strict=True) if p > 1e-9]
            assert cell == (shown[0].rsplit(" ", 1)[0] if len(shown) == 1 else ", ".join(shown))
    assert any("," in r[d + 1] or "," in r[d + 2] for r in rows[:3]), "the start mixes"


@given(st.lists(st.text(min_size=1, max_size=8), min_size=6, max_size=6, unique=True))
@settings(max_examples=200, deadline=None)
def test_any_names_give_whole_path_rows(names: list[str]) -> None:
    path = Path(
        states=np.zeros((3, 2)),
        row=np.array([[1.0, 0.0], [0.5, 0.5]]),
        col=np.array([[0.0, 1.0], [0.25, 0.75]]),
        payoffs=np.zeros((2, 2)),
        names=(names[0], names[1]),
        actions=((names[2], names[3]), (names[4], names[5])),
        discount=(0.9, 0.9),
    )
    shown = path._repr_markdown_()
    whole_rows(shown)
    assert all(len(r) == 2 + 1 + 4 for r in table_rows(shown))
    assert table_rows(shown)[0][3] == nb.text(names[2])


def test_a_dynamic_match_shows_values_endings_and_its_periods() -> None:
    match = tg.play_dynamic(dynamic(), "maximum-pressure", "calibrated")
    shown = match._repr_markdown_()
    assert shown.startswith("**maximum-pressure(n=2) against calibrated** in the dynamic game")
    assert f"{match.periods} periods played" in shown
    assert row(shown, "discounted value") == [f"{v:.6g}" for v in match.values]
    assert row(shown, "restrictions end") == ["never", "never"]
    rows = table_rows(shown)
    assert rows[-1][0] == "end" and ["…"] * len(rows[-1]) in rows


def test_leverage_regions_count_points_and_list_them_over_one_parameter() -> None:
    base = tg.load_model("rare-earth-2025-leverage")

    def build(cost: float) -> Any:
        return base.with_params({"minerals.reputation_cost": cost}).dynamic(resolution=3)

    found = tg.leverage_regions(build, {"minerals.reputation_cost": [1, 20]}, player=1)
    shown = found._repr_markdown_()
    assert shown.startswith("**Leverage regions** of player 1 over minerals.reputation_cost")
    assert f"leverage window: {int(found.in_window.sum())} of 2 points" in shown
    regions = [
        "window" if w else "self-harm" if h else "neither"
        for w, h in zip(found.in_window, found.self_harm, strict=True)
    ]
    assert [r[-1] for r in table_rows(shown)] == regions
    assert [r[2] for r in table_rows(shown)] == [f"{v:.4g}" for v in found.value_eq]


# --- stage and repeated games ----------------------------------------------------------------


def test_minmax_shows_exact_values_and_punishments() -> None:
    exact = minmax_strategies(tg.Game([[3, 0], [0, 2]], [[2, 0], [0, 3]]))
    shown = exact._repr_markdown_()
    assert row(shown, "minmax value") == [nb.number(v) for v in exact.exact_values]
    assert row(shown, "minmax value") == [r"$\frac{6}{5}$", r"$\frac{6}{5}$"]
    assert row(shown, "punishing strategy")[0] == r"$(\frac{2}{5},\ \frac{3}{5})$"
    floats = minmax_strategies(tg.Game([[math.pi, 0], [0, 2]], [[2, 0], [0, 3]]))
    shown = floats._repr_markdown_()
    assert r"\frac" not in shown
    assert row(shown, "minmax value") == [f"{v:.6g}" for v in floats.values]
    assert "(pure punishments)" in minmax_strategies(exact_game(), pure=True)._repr_markdown_()


def exact_game() -> tg.Game:
    return tg.Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))


def test_grim_analysis_shows_exact_and_symbolic_thresholds() -> None:
    grim = tg.RepeatedGame(exact_game(), Fraction(9, 10)).grim_details(("C", "C"))
    shown = grim._repr_markdown_()
    assert shown.startswith("**Grim trigger** on (C, C), punished by (D, D)")
    assert row(shown, "critical $\\delta^*$") == [r"0.5 (= $\frac{1}{2}$)"] * 2
    assert row(shown, "best deviation $d$") == ["5 (D)", "5 (D)"]
    assert row(shown, "discount factor δ") == [r"$\frac{9}{10}$"] * 2
    symbolic = tg.load_model("prisoners-dilemma").symbolic_game()
    grim = tg.RepeatedGame(symbolic, 0.9).grim_details((0, 0))
    shown = grim._repr_markdown_()
    assert row(shown, "critical $\\delta^*$") == [f"${latex_entry(t)}$" for t in grim.thresholds]
    assert row(shown, "path payoff $v$") == ["$R$", "$R$"]


def test_threshold_details_show_the_sets_where_the_criterion_holds() -> None:
    details = tg.RepeatedGame(exact_game(), 0.9).threshold_details("tit-for-tat", ("C", "C"))
    shown = details._repr_markdown_()
    assert "of tit-for-tat against tit-for-tat (nash)" in shown
    assert row(shown, "holds for δ in") == [r"$[\frac{2}{3}, 1)$"] * 2
    assert row(shown, "critical $\\delta^*$") == [nb.threshold(t) for t in details.thresholds]
    never = tg.RepeatedGame(exact_game(), 0.9).threshold_details("always-open", ("C", "C"))
    assert row(never._repr_markdown_(), "holds for δ in") == ["nowhere", "nowhere"]


def test_verdict_estimate_and_finite_horizon_render() -> None:
    rg = tg.RepeatedGame(exact_game(), Fraction(9, 10))
    fails = rg.is_subgame_perfect("tit-for-tat", "tit-for-tat", ("C", "C"))
    shown = fails._repr_markdown_()
    assert shown.startswith(r"**Subgame perfect** at δ = ($\frac{9}{10}$, $\frac{9}{10}$): no")
    assert f"gains {nb.number(fails.deviation.gain)} by playing" in shown
    assert rg.is_nash("grim", "grim", ("C", "C"))._repr_markdown_().endswith(": yes")
    estimate = rg.simulate("grim", "tit-for-tat", noise=0.1, repetitions=20, rng=1)
    shown = estimate._repr_markdown_()
    assert row(shown, "mean payoff") == [f"{m:.6g}" for m in estimate.mean]
    assert row(shown, "standard error") == [f"{s:.2g}" for s in estimate.stderr]
    assert "of 20 matches, discounted at δ" in shown and "noise 0.1" in shown
    game = tg.Game([[4, 0, 0], [5, 1, 0], [0, 0, 3]], [[4, 5, 0], [0, 1, 0], [0, 0, 3]])
    finite = tg.RepeatedGame(game, 0.9).finite_horizon(3)
    shown = finite._repr_markdown_()
    assert f"{len(finite.payoffs)} subgame-perfect payoff vectors" in shown
    rows = table_rows(shown)
    assert len(rows) == nb.HEAD + 1 + nb.TAIL and rows[-1][1:] == [
        nb.number(x) for x in finite.payoffs[-1]
    ]
    assert "is sustained in period 1" in shown


def test_analysis_shows_class_equilibria_minmax_and_exact_thresholds() -> None:
    a = analyse(tg.load_model("rare-earth-2025"))
    shown = a._repr_markdown_()
    assert shown.startswith("**rare-earth-2025: ")
    assert f"- class: {a.game_class}" in shown
    assert "- 1 Nash equilibrium: (embargo, ban)" in shown
    assert row(shown, "minmax (mixed)") == [f"{x:.6g}" for x in a.minmax]
    critical = row(shown, "grim trigger on (open, open): critical δ")
    assert critical[0] == r"0.6802 (= $\frac{487}{716}$)"
    assert row(shown, "grim trigger holds") == ["yes" if s else "no" for s in a.grim.sustainable]
    assert "|  | United States | China |" in shown


def test_repeated_analysis_lists_every_named_strategy() -> None:
    r = analyse_repeated(tg.load_model("prisoners-dilemma"), None)
    shown = r._repr_markdown_()
    labels = [v.label for v in r.strategies]
    rows = [x for x in table_rows(shown) if x[0] in labels]
    assert len(rows) == len(r.strategies)  # all of them: none is cut
    grim = row(shown, "grim")
    assert grim[1:3] == [r"0.5 (= $\frac{1}{2}$)"] * 2 and grim[3] == "yes"
    assert r"\sqrt{5}" in row(shown, "limited-punishment(k=2)")[1]
    assert f"a {r.spe.kind} with {len(r.spe.vertices)} vertices" in shown


def test_comparison_lists_what_differs_and_counts_the_rest() -> None:
    pd = tg.load_model("prisoners-dilemma")
    c = compare(pd, pd.with_params({"T": 8}), dynamic=False)
    shown = c._repr_markdown_()
    assert f"1 parameter and {len(c.differences)} of {len(c.conclusions)} conclusions" in shown
    assert row(shown, "T") == ["5", "8"]
    for k in c.differences:
        assert row(shown, k.topic) == [k.first, k.second]
    assert f"agree on the other {len(c.conclusions) - len(c.differences)} conclusions" in shown


# --- bargaining, reputation, evolution, sweeps --------------------------------------------


def test_rubinstein_shows_exact_shares() -> None:
    result = tg.rubinstein(0.9, 0.9)
    shown = result._repr_markdown_()
    assert shown.startswith("**Rubinstein bargaining**: immediate agreement, row proposes first")
    assert row(shown, "share") == [r"$\frac{10}{19}$", r"$\frac{9}{19}$"]
    assert row(shown, "discount factor δ") == [r"$\frac{9}{10}$"] * 2
    none = tg.rubinstein(0.9, 0.9, outside=(0.6, 0.6))._repr_markdown_()
    assert "no agreement" in none and row(none, "share") == [r"$\frac{3}{5}$"] * 2


def test_bargains_and_split_paths() -> None:
    bargain = tg.nash_bargaining([(0, 1), (1, 0)], (0, 0), weight=Fraction(3, 10))
    shown = bargain._repr_markdown_()
    assert row(shown, "payoff") == [r"$\frac{3}{10}$", r"$\frac{7}{10}$"]
    assert row(shown, "gain") == [nb.number(g) for g in bargain.gains]
    assert "no point gives both" in tg.nash_bargaining([(0, 1), (1, 0)], (2, 2))._repr_markdown_()
    path = tg.split_path([(Fraction(k, 10), 0) for k in range(12)], [(0, 1), (1, 0)])
    rows = table_rows(path._repr_markdown_())
    assert len(rows) == nb.HEAD + 1 + nb.TAIL
    assert rows[0] == ["0", "(0, 0)", r"($\frac{1}{2}$, $\frac{1}{2}$)", "yes"]
    assert rows[-1] == ["11", r"($\frac{11}{10}$, 0)", r"($\frac{11}{10}$, 0)", "no"]


def test_chain_store_and_reputation_bound() -> None:
    chain = tg.chain_store(12, Fraction(1, 10), Fraction(1, 2), 2)
    shown = chain._repr_markdown_()
    rows = table_rows(shown)
    assert len(rows) == nb.HEAD + 1 + nb.TAIL
    assert [r[0] for r in rows] == ["12", "11", "10", "9", "8", "…", "3", "2", "1"]
    assert rows[-1][1] == nb.number(chain.stages[-1].reputation) == r"$\frac{1}{2}$"
    assert f"first {chain.deterred} markets" in shown
    game = tg.Game([[2, 0], [3, 1]], [[1, 0], [0, 1]], actions=(["high", "low"], ["buy", "no"]))
    bound = tg.reputation_bound(game, "high", Fraction(1, 10), Fraction(99, 100))
    shown = bound._repr_markdown_()
    assert f"at least {nb.number(bound.bound)}" in shown and r"\frac{970299}{500000}" in shown
    assert row(shown, "most surprises $N$") == [str(bound.N)]
    assert row(shown, "best responses to it") == ["buy"]


def test_replicator_and_evolution_show_every_strategy() -> None:
    run = replicator([[-1, 2], [0, 1]], names=["hawk", "dove"], horizon=100)
    shown = run._repr_markdown_()
    assert shown.startswith("**Replicator dynamics** to t = 100")
    assert row(shown, "hawk") == [
        f"{run.start[0][0]:.4g}",
        f"{run.end[0][0]:.4g}",
        f"{run.gains[0][0]:.4g}",
        "yes",
    ]
    names = ["grim", "tit-for-tat", "always-restrict"]
    e = evolve(tg.load_model("prisoners-dilemma"), names, turns=20, size=10)
    shown = e._repr_markdown_()
    assert shown.startswith("**prisoners-dilemma: evolution of 3 strategies**")
    assert [r[0] for r in table_rows(shown)] == names
    assert "survivors: " + ", ".join(e.survivors[0]) in shown
    assert r"w = $\frac{1}{10}$" in shown


def test_sweep_table_escapes_cells_and_keeps_first_and_last_points() -> None:
    table = tg.sweep(
        tg.load_model("prisoners-dilemma"), {"T": [4, 5, 6, 7], "R": [2.5, 3, 3.5]}, engine="serial"
    )
    shown = table._repr_markdown_()
    assert shown.startswith(
        "**Sweep of prisoners-dilemma**: 12 points over T (4 values), R (3 values)"
    )
    whole_rows(shown)
    rows = table_rows(shown)
    assert len(rows) == nb.HEAD + 1 + nb.TAIL
    assert all(len(r) == len(table.spec.columns) for r in rows)
    assert r"(defect, defect) 1\|1" in shown  # the | of the equilibria column, escaped
    last = list(table.rows())[-1]
    assert rows[-1][:2] == ["7", "3.5"] and rows[-1][-1] == (
        "yes" if last["grim.sustained"] else "no"
    )


def test_strategy_names_cannot_break_the_match_and_tournament_tables(tmp_path) -> None:
    pd = tg.load_model("prisoners-dilemma").game()
    table = tg.tournament(pd, ["grim", "tit-for-tat"])
    object.__setattr__(table, "names", ("a|b", "c|d"))
    for line in table._repr_markdown_().splitlines()[2:]:
        assert len(re.findall(r"(?<!\\)\|", line)) == 4, line
    outcome = tg.RepeatedGame(pd, 0.9).play(tg.strategy("grim"), tg.strategy("tit-for-tat"))
    object.__setattr__(outcome, "names", ("x|y", "z"))
    first = outcome._repr_markdown_().splitlines()[0]
    assert len(re.findall(r"(?<!\\)\|", first)) == 4 and "x\\|y" in first
