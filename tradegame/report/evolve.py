"""Render ``tradegame evolve``: the population game, the replicator run, the Moran process.

Text and Markdown share the section layout of :mod:`tradegame.report.render`; JSON
carries the provenance stamp the command passes in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradegame.report.numbers import fmt, fmt_prob
from tradegame.report.render import Block, Section, Stamp, layout, to_json

if TYPE_CHECKING:
    from tradegame.evolve import Evolution

__all__ = ["render_evolution"]

_CHECKPOINTS = (0.0, 10.0, 100.0, 1_000.0, 10_000.0, 100_000.0, 1_000_000.0)


def render_evolution(e: Evolution, style: str, stamp: Stamp = None) -> str:
    """``tradegame evolve``: which strategies survive, and which mutants take over."""
    if style == "json":
        return to_json(e.to_dict(), stamp)
    sections: list[Section] = [_game_section(e), _replicator_section(e)]
    if e.fixation:
        sections.append(_moran_section(e))
    sections.append(("Survivors", [_verdict(e)]))
    title = f"{e.model.name}: evolution of {len(e.names)} strategies"
    return layout(title, sections, style, stamp)


def _legend(e: Evolution) -> str:
    return ", ".join(f"{k + 1} {name}" for k, name in enumerate(e.names))


def _matrix(values: Any, show: Any) -> tuple[list[str], list[list[str]]]:
    n = len(values)
    header = ["vs", *(str(k + 1) for k in range(len(values[0])))]
    rows = [[str(i + 1), *(show(x) for x in values[i])] for i in range(n)]
    return header, rows


def _horizon_text(e: Evolution) -> str:
    g = e.game
    if g.turns is not None:
        return f"expected payoffs per period over {g.turns} periods"
    assert g.delta is not None
    return f"normalised discounted payoffs at δ = ({fmt(g.delta[0])}, {fmt(g.delta[1])})"


def _game_section(e: Evolution) -> Section:
    g = e.game
    unit = "" if e.model.unit == "payoff" else f" ({e.model.unit})"
    noise = (
        f"; each intended action is replaced with probability {fmt_prob(g.noise)}"
        if g.noise
        else ""
    )
    if g.populations == 1:
        seats = (
            "The stage game is symmetric, so there is one population: any individual "
            "can take either seat."
        )
    else:
        seats = (
            f"The stage game is not symmetric, so there are two populations, one of "
            f"{g.players[0]} strategies and one of {g.players[1]} strategies, and each meets "
            "only the other (two-population dynamics)."
        )
    blocks: list[Block] = [
        f"Every strategy meets every strategy in exact matches: {_horizon_text(e)}{unit}"
        f"{noise}. {seats}",
        _legend(e),
    ]
    for p, matrix in enumerate(g.payoffs):
        if g.populations == 2:
            other = g.players[1 - p]
            blocks.append(
                f"{g.players[p]}: payoff of its strategy (row) against the {other} "
                "strategy (column):"
            )
        else:
            blocks.append("Payoff of the row strategy against the column strategy:")
        blocks.append(_matrix(matrix, fmt))
    return ("Population game", blocks)


def _replicator_section(e: Evolution) -> Section:
    d, g = e.dynamics, e.game
    intro = (
        "Replicator dynamics: from equal shares, each strategy's share grows at the rate "
        "by which its payoff beats its population's mean. Payoffs are scaled by the stage "
        f"game to [0, 1] (one unit is {fmt(g.spread)} {e.model.unit}); time runs to "
        f"{fmt(d.horizon)} in that unit."
    )
    times = [t for t in _CHECKPOINTS if t < d.horizon] + [d.horizon]
    header = ["strategy", *(f"t = {fmt(t)}" for t in times)]
    blocks: list[Block] = [intro]
    for p in range(len(d.names)):
        if len(d.names) == 2:
            blocks.append(f"{d.labels[p]}:")
        shares = [d.at(t)[p] for t in times]
        rows = [[name, *(_share(s[i]) for s in shares)] for i, name in enumerate(d.names[p])]
        blocks.append((header, rows))
    blocks.append(_rest_text(e))
    return ("Replicator dynamics", blocks)


def _share(x: float) -> str:
    return "0" if x < 5e-4 else f"{x:.3f}"


def _rest_text(e: Evolution) -> str:
    d = e.dynamics
    if not d.rest_point:
        return (
            "At the horizon the shares are still moving: the end state is not a rest point "
            "(run longer with --horizon)."
        )
    growing = _growing(e)
    stability = {
        "stable": "linearly stable",
        "unstable": "unstable",
        "undecided": "neither attracting nor repelling to first order (neutral directions: "
        "strategies that earn the same against everyone present)",
    }[d.stability]
    if d.nash:
        return (
            "The end state is a rest point and a Nash equilibrium of the population game: "
            f"no strategy, present or absent, earns more than the mean. It is {stability}."
        )
    return (
        "The end state is a rest point but not a Nash equilibrium of the population game: "
        f"{', '.join(growing)} would grow if reintroduced. It is {stability}."
    )


def _growing(e: Evolution) -> list[str]:
    d = e.dynamics
    out = []
    for p, names in enumerate(d.invaders()):
        who = f" ({d.labels[p]})" if len(d.names) == 2 else ""
        out += [f"{name}{who}" for name in names]
    return out


def _moran_section(e: Evolution) -> Section:
    assert e.size is not None
    if e.populations == 1:
        how = (
            "A mutant and the residents meet each other at random; both earn what the "
            "current mix gives them."
        )
    else:
        how = (
            "A mutant arises in one country's population while the other country's "
            "population plays the resident strategy, so its advantage is constant."
        )
    intro = (
        f"Moran process in a population of N = {e.size}, selection intensity "
        f"w = {fmt_prob(e.selection)} on the scaled payoffs (fitness 1 - w + w · payoff; "
        "Nowak, Sasaki, Taylor and Fudenberg 2004). Each entry is N·ρ: N times the exact "
        "probability that one mutant (row) takes over a population of residents (column). "
        f"Without selection N·ρ = 1; above 1, selection favours the mutant. {how}"
    )
    blocks: list[Block] = [intro, _legend(e)]
    for p, table in enumerate(e.fixation):
        if e.populations == 2:
            blocks.append(f"{e.labels[p]} population:")
        scaled = [[None if x is None else x * e.size for x in row] for row in table]
        blocks.append(_matrix(scaled, lambda x: "-" if x is None else f"{float(x):.2f}"))
        resistant = e.resistant(p)
        who = f"{e.labels[p]} residents" if e.populations == 2 else "Residents"
        blocks.append(
            f"{who} that every mutant takes over with less than the neutral chance: "
            + (", ".join(resistant) if resistant else "none")
            + "."
        )
    return ("Moran process", blocks)


def _verdict(e: Evolution) -> str:
    d = e.dynamics
    parts = []
    for p, survivors in enumerate(d.survivors):
        listed = ", ".join(f"{name} ({d.share(name, p):.3f})" for name in survivors)
        who = f"{d.labels[p]}: " if len(d.survivors) == 2 else ""
        parts.append(f"{who}{listed}")
    return (
        f"Strategies with a share above {d.threshold:g} at t = {fmt(d.horizon)}: "
        + "; ".join(parts)
        + "."
    )
