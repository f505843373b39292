r"""The return to the negotiating table: what ``tradegame bargain`` reports.

Pipeline: model -> stage game -> bargaining solvers -> :class:`Negotiation`.

* **Disagreement.** If talks fail, the players are back in the retaliation
  equilibrium: the stage equilibrium with the smallest payoff sum (the only
  one, in every rare-earth model).
* **What there is to share.** Any payoff pair of the feasible set (the convex
  hull of the stage payoffs: public randomisation, or a schedule that
  alternates outcomes) can be agreed. The surplus of de-escalation is what
  mutual openness gains each player over the disagreement point.
* **Bargaining power from patience.** In Rubinstein's alternating offers with
  short periods, the split tends to the Nash solution with weights
  :math:`w_i = r_j / (r_i + r_j)`, where :math:`r_i = -\ln \delta_i` is player
  i's rate of impatience (Binmore, Rubinstein and Wolinsky 1986): patient
  decades against election cycles.
* **Two answers.** The Nash solution over the feasible set, at equal weights
  and at patience weights; and Rubinstein's split of the de-escalation surplus
  as if it were transferable money, with the first offer from the row player.

References
----------
.. [1] J. Nash, "The bargaining problem", *Econometrica* 18(2), 1950, pp. 155-162.
.. [2] A. Rubinstein, "Perfect equilibrium in a bargaining model", *Econometrica*
   50(1), 1982, pp. 97-109.
.. [3] K. Binmore, A. Rubinstein and A. Wolinsky, "The Nash bargaining solution in
   economic modelling", *RAND Journal of Economics* 17(2), 1986, pp. 176-188.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tradegame.model.model import Model

__all__ = ["Negotiation", "negotiate"]


@dataclass(frozen=True)
class Negotiation:
    """Disagreement, surplus, weights and the bargaining solutions for one model."""

    model: Model
    disagreement: tuple[Any, Any]
    disagreement_play: str
    openness: tuple[Any, Any]
    openness_play: str
    weights: tuple[float, float] | None
    nash_equal: Any  # tradegame.solvers.bargaining.Bargain
    nash_patience: Any  # Bargain, or None without discount factors
    rubinstein: Any  # tradegame.solvers.rubinstein.RubinsteinResult, or None
    surplus: tuple[Any, Any]

    @property
    def total_surplus(self) -> Any:
        return self.surplus[0] + self.surplus[1]

    def to_dict(self) -> dict[str, Any]:
        def num(x: Any) -> Any:
            return str(x) if isinstance(x, Fraction) else float(x)

        return {
            "model": self.model.name,
            "disagreement": [num(x) for x in self.disagreement],
            "disagreement_play": self.disagreement_play,
            "openness": [num(x) for x in self.openness],
            "openness_play": self.openness_play,
            "surplus": [num(x) for x in self.surplus],
            "total_surplus": num(self.total_surplus),
            "weights": None if self.weights is None else list(self.weights),
            "nash_equal_weights": self.nash_equal.to_dict(),
            "nash_patience_weights": (
                None if self.nash_patience is None else self.nash_patience.to_dict()
            ),
            "rubinstein": None if self.rubinstein is None else self.rubinstein.to_dict(),
        }


def negotiate(model: Model, path: tuple[int | str, int | str] = (0, 0)) -> Negotiation:
    """Bargaining over the stage game of ``model``, from its retaliation equilibrium."""
    from tradegame.solvers.bargaining import nash_bargaining
    from tradegame.solvers.rubinstein import rubinstein
    from tradegame.solvers.stage import equilibria

    g = model.game()
    exact = g.exact_A is not None and g.exact_B is not None
    A, B = (g.exact_A, g.exact_B) if exact else (g.A, g.B)
    assert A is not None and B is not None
    m, n = g.shape
    points = [(A[i, j], B[i, j]) for i in range(m) for j in range(n)]
    eqs = equilibria(g)
    worst = min(eqs, key=lambda e: e.payoffs[0] + e.payoffs[1])
    d = worst.exact_payoffs if worst.exact_payoffs is not None else worst.payoffs
    i, j = g.action_index(0, path[0]), g.action_index(1, path[1])
    openness = (A[i, j], B[i, j])
    surplus = (openness[0] - d[0], openness[1] - d[1])
    deltas = model.discounts()
    weights = patience_weights(deltas) if deltas is not None else None
    nash_equal = nash_bargaining(points, d, weight=Fraction(1, 2))
    nash_patience = None if weights is None else nash_bargaining(points, d, weight=weights[0])
    split = None
    if deltas is not None and surplus[0] + surplus[1] > 0:
        split = rubinstein(deltas[0], deltas[1])
    return Negotiation(
        model=model,
        disagreement=(d[0], d[1]),
        disagreement_play=_play(g, worst),
        openness=openness,
        openness_play=f"({g.actions[0][i]}, {g.actions[1][j]})",
        weights=weights,
        nash_equal=nash_equal,
        nash_patience=nash_patience,
        rubinstein=split,
        surplus=surplus,
    )


def patience_weights(deltas: tuple[Any, Any]) -> tuple[float, float]:
    """Bargaining power ``(w_row, w_col)`` from impatience rates ``r = -ln(delta)``."""
    r_row, r_col = (-math.log(float(x)) for x in deltas)
    w_row = r_col / (r_row + r_col)
    return (w_row, 1 - w_row)


def _play(g: Any, e: Any) -> str:
    parts = []
    for k, probs in enumerate((e.row, e.col)):
        support = [(g.actions[k][a], p) for a, p in enumerate(probs) if p > 0]
        if len(support) == 1:
            parts.append(support[0][0])
        else:
            parts.append(" / ".join(f"{name} {float(p):.2f}" for name, p in support))
    return f"({parts[0]}, {parts[1]})"
