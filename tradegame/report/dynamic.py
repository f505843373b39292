"""Render a dynamic-game solution and its equilibrium path: ``tradegame dynamic``.

JSON carries the provenance stamp the command passes in.
"""

from __future__ import annotations

from typing import Any

from tradegame.report.numbers import fmt
from tradegame.report.render import Block, Section, Stamp, layout, to_json

__all__ = ["render_dynamic"]

_SHOWN = ("dependence_chips", "trust_chips", "dependence_minerals", "trust_minerals")


def render_dynamic(model: Any, solution: Any, path: Any, style: str, stamp: Stamp = None) -> str:
    """The solver's report (converged, iterations, residual) and the path as a table."""
    if style == "json":
        return to_json(
            {"model": model.name, "solution": solution.to_dict(), "path": path.to_dict()}, stamp
        )
    players = model.labels
    status = "converged" if solution.converged else "did not converge"
    summary: list[Block] = [
        f"Markov perfect equilibrium by value iteration ({solution.selection} selection): "
        f"{status} after {solution.iterations} iterations, residual "
        f"{solution.residual:.3g}."
    ]
    if getattr(solution, "cycling", False):
        summary.append("Warning: the selected policy cycles; the values may not be an equilibrium.")
    if getattr(solution, "stalled", False):
        summary.append(
            "Warning: the values stopped settling (the residual did not halve over many "
            "iterations); they may not be an equilibrium. Try another --resolution."
        )
    shown = [name for name in _SHOWN if name in path.derived]
    header = [
        "period",
        players[0],
        players[1],
        *shown,
        f"{players[0]} payoff",
        f"{players[1]} payoff",
    ]
    rows = []
    for t in range(path.periods):
        rows.append(
            [
                str(t + 1),
                _action(path.actions[0], path.row[t]),
                _action(path.actions[1], path.col[t]),
                *(f"{float(path.derived[name][t]):.3f}" for name in shown),
                fmt(path.payoffs[t, 0]),
                fmt(path.payoffs[t, 1]),
            ]
        )
    total = path.total
    sections: list[Section] = [
        ("Solution", summary),
        (
            "Equilibrium path",
            [
                (header, rows),
                f"Discounted totals over {path.periods} periods: "
                f"({fmt(total[0])}, {fmt(total[1])}) {model.unit}.",
            ],
        ),
    ]
    return layout(f"{model.name}: the dynamic game", sections, style, stamp)


def _action(names: tuple[str, ...], probs: Any) -> str:
    support = [(names[k], float(p)) for k, p in enumerate(probs) if p > 1e-9]
    if len(support) == 1:
        return support[0][0]
    return " / ".join(f"{name} {p:.2f}" for name, p in support)
