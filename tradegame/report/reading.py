"""A one-paragraph, plain-language reading of an analysis, for students and briefings."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from tradegame.report.numbers import fmt, fmt_prob

if TYPE_CHECKING:
    from tradegame.analysis import Analysis

__all__ = ["describe_profile", "reading"]


def describe_profile(a: Analysis, eq: Any) -> str:
    """'United States plays embargo and China plays ban' (mixed: 'mixes open 3/5, ban 2/5')."""
    g = a.game
    parts = []
    for player, probs, exact in ((0, eq.row, eq.exact_row), (1, eq.col, eq.exact_col)):
        values = exact if exact is not None else probs
        support = [(g.actions[player][i], p) for i, p in enumerate(values) if float(p) > 0]
        if len(support) == 1:
            parts.append(f"{g.players[player]} plays {support[0][0]}")
        else:
            mix = ", ".join(f"{name} {fmt_prob(p)}" for name, p in support)
            parts.append(f"{g.players[player]} mixes {mix}")
    return " and ".join(parts)


def reading(a: Analysis) -> str:
    """The paragraph printed under 'Reading' by ``tradegame run``."""
    from tradegame.solvers.classify import describe

    g = a.game
    # a leading space, or nothing for the unitless classroom games
    unit = "" if a.model.unit == "payoff" else f" {a.model.unit}"
    sentences = [_class_sentence(a, describe(a.game_class))]
    sentences.append(_equilibrium_sentence(a, unit))
    pareto = _pareto_sentence(a, unit)
    if pareto:
        sentences.append(pareto)
    ratios = [row for row in a.leverage if row["ratio"] is not None and row["ratio"] > 1]
    if ratios:
        # The larger multiplier is the telling one: a small trade, a large harm.
        row = max(ratios, key=lambda r: r["ratio"])
        sentences.append(
            f"{row['player']}'s full restriction would cost {row['rival']} "
            f"{fmt(row['harm'])}{unit}, {row['ratio']:.0f} times the "
            f"{fmt(row['trade'])}{unit} "
            "of trade at stake: leverage comes from criticality, not trade value."
        )
    sentences.append(_repeated_sentence(a, g))
    strategies = _strategies_sentence(a, g)
    if strategies:
        sentences.append(strategies)
    return " ".join(sentences)


def _class_sentence(a: Analysis, description: str) -> str:
    name = a.game_class
    if a.class_game is a.game:
        return f"The stage game is {_class_phrase(name)}. {description}"
    acts = a.class_game.actions
    return (
        f"Between the extremes ({acts[0][0]}/{acts[0][1]} against {acts[1][0]}/{acts[1][1]}) "
        f"the stage game is {_class_phrase(name)}. {description}"
    )


def _class_phrase(name: str) -> str:
    """'a prisoners' dilemma', 'a game with no pure equilibrium', 'an asymmetric game'."""
    if name.startswith("asymmetric:"):
        return "an asymmetric game"
    special = {
        "no-pure-equilibrium": "a game with no pure equilibrium",
        "prisoners-dilemma": "a prisoners' dilemma",
        "other": "a game with no standard name",
        "trivial": "a trivial game (every outcome is the same to each player)",
    }
    if name in special:
        return special[name]
    words = name.replace("-", " ")
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"


def _equilibrium_sentence(a: Analysis, unit: str) -> str:
    eqs = a.equilibria
    if len(eqs) == 1:
        e = eqs[0]
        return (
            f"In the only equilibrium {describe_profile(a, e)}, "
            f"worth ({fmt(e.payoffs[0])}, {fmt(e.payoffs[1])}){unit}."
        )
    listed = "; ".join(
        f"{describe_profile(a, e)} ({fmt(e.payoffs[0])}, {fmt(e.payoffs[1])})" for e in eqs
    )
    return f"There are {len(eqs)} equilibria: {listed}."


def _pareto_sentence(a: Analysis, unit: str) -> str:
    g, (i, j) = a.game, a.path
    path_payoffs = (float(g.A[i, j]), float(g.B[i, j]))
    tol = g.tolerance()
    dominated = [
        e for e in a.equilibria if all(path_payoffs[k] > e.payoffs[k] + tol for k in range(2))
    ]
    if not dominated or len(dominated) != len(a.equilibria):
        return ""
    return (
        f"Both would be better off at ({g.actions[0][i]}, {g.actions[1][j]}), worth "
        f"({fmt(path_payoffs[0])}, {fmt(path_payoffs[1])}){unit}: mutual restriction "
        "benefits no one, which is the opening for a deal."
    )


def _repeated_sentence(a: Analysis, g: Any) -> str:
    grim = a.grim
    i, j = a.path
    where = f"({g.actions[0][i]}, {g.actions[1][j]})"
    thresholds = [float(t) for t in grim.thresholds]
    if all(t == 0 for t in thresholds):
        return f"{where} is already a stage equilibrium, so no threat is needed to sustain it."
    deltas = a.model.discounts()
    needs = " and ".join(
        f"{g.players[k]} δ ≥ {thresholds[k]:.3g}" for k in range(2) if 0 < thresholds[k] < math.inf
    )
    capped = [k for k in range(2) if grim.ceilings[k] is not None]
    never = [g.players[k] for k in range(2) if math.isinf(thresholds[k]) and k not in capped]
    if capped and not never:
        bounds = [needs] if needs else []
        bounds += [f"{g.players[k]} δ ≤ {float(grim.ceilings[k]):.3g}" for k in capped]
        who = " and ".join(g.players[k] for k in capped)
        return (
            f"In the repeated game, grim trigger sustains {where} only when "
            f"{' and '.join(bounds)}: the punishment pays {who} more than the path, "
            "so a patient enough player deviates to reach it."
        )
    if never:
        return (
            f"In the repeated game no grim-trigger threat sustains {where}: "
            f"{' and '.join(never)} gains from deviating whatever the punishment."
        )
    if deltas is None:
        return f"In the repeated game, grim trigger sustains {where} when {needs}."
    short = [g.players[k] for k in range(2) if not grim.sustainable[k]]
    if not short:
        return (
            f"In the repeated game, grim trigger sustains {where} when {needs}; at their discount "
            f"factors ({fmt(deltas[0])}, {fmt(deltas[1])}) it does, so a truce can hold."
        )
    return (
        f"In the repeated game, grim trigger would need {needs}; {' and '.join(short)} "
        f"discounts the future too much (δ = {', '.join(fmt(d) for d in deltas)}), "
        "so cooperation unravels."
    )


def _strategies_sentence(a: Analysis, g: Any) -> str:
    """Which named strategies that cooperate on the path are equilibria at the calibration."""
    if a.model.discounts() is None:
        return ""
    cooperative = [v for v in a.strategies if v.cooperates]
    if not cooperative:
        return ""
    held = [v.label for v in cooperative if v.sustained]
    i, j = a.path
    where = f"({g.actions[0][i]}, {g.actions[1][j]})"
    if not held:
        return (
            f"None of the {len(cooperative)} named strategies that play {where} is an "
            "equilibrium at these discount factors."
        )
    if len(held) == len(cooperative):
        return f"All {len(held)} named strategies that play {where} are equilibria here."
    failed = [v.label for v in cooperative if not v.sustained]
    return (
        f"Of the {len(cooperative)} named strategies that play {where}, "
        f"{len(held)} {'is an equilibrium' if len(held) == 1 else 'are equilibria'} here "
        f"({', '.join(held)}); under the others ({', '.join(failed)}) some player gains by "
        "deviating."
    )
