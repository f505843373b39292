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
from typing import TYPE_CHECKING, Any

import numpy as np

from tradegame.model.model import Model

if TYPE_CHECKING:  # pragma: no cover
    from tradegame.dynamic_view import DynamicView

__all__ = ["DynamicDeal", "Negotiation", "SplitStep", "negotiate", "negotiate_dynamic"]


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


@dataclass(frozen=True)
class SplitStep:
    """The deal if talks open after ``years`` of dispute, as substitution matures.

    ``dependence`` is each good's buyers' dependence at that point (row
    player's good first); ``disagreement`` the per-period value of the dispute
    going on from there; ``deal`` the Nash split (None when no commitment gives
    both a gain).
    """

    years: int
    dependence: tuple[float, float]
    disagreement: tuple[float, float]
    deal: tuple[float, float] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": self.years,
            "dependence": list(self.dependence),
            "disagreement": list(self.disagreement),
            "deal": None if self.deal is None else list(self.deal),
        }


@dataclass(frozen=True)
class DynamicDeal:
    r"""Bargaining in the dynamic game, from the Markov perfect equilibrium's values.

    Every payoff is per period, :math:`(1 - \delta_i)` times a discounted value,
    so that it compares with stage payoffs.

    Attributes
    ----------
    view : DynamicView
        The solved dynamic game.
    disagreement : pair of float
        The equilibrium's values at the start: what failing talks leave.
    commitments : list of (str, (float, float))
        What holding each action profile forever from the start is worth: the
        agreements on the table (the frontier is their convex hull).
    openness : pair of float
        The value of mutual openness forever.
    deal : Bargain
        The Nash split over the commitments from ``disagreement``, with weights
        from patience (equal weights without discount factors).
    weights : pair of float
    dispute_play : str
        The profile of the dispute followed by the split path.
    split : list of SplitStep
        The deal if talks open after 0, 1, 2, ... years of that dispute.
    """

    view: DynamicView
    disagreement: tuple[float, float]
    commitments: list[tuple[str, tuple[float, float]]]
    openness: tuple[float, float]
    deal: Any  # tradegame.solvers.bargaining.Bargain
    weights: tuple[float, float]
    dispute_play: str
    split: list[SplitStep]

    @property
    def surplus(self) -> tuple[float, float]:
        """What mutual openness gains each player over the disagreement point."""
        return (
            self.openness[0] - self.disagreement[0],
            self.openness[1] - self.disagreement[1],
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.view.model.name,
            "disagreement": list(self.disagreement),
            "first_play": list(self.view.first_play),
            "openness": list(self.openness),
            "surplus": list(self.surplus),
            "commitments": [{"play": k, "values": list(v)} for k, v in self.commitments],
            "weights": list(self.weights),
            "deal": self.deal.to_dict(),
            "dispute_play": self.dispute_play,
            "split": [step.to_dict() for step in self.split],
        }


def negotiate_dynamic(
    model: Model,
    view: DynamicView | None = None,
    years: int = 8,
    progress: Any = None,
) -> DynamicDeal:
    """Bargaining in ``model``'s dynamic game, and how the deal moves as a dispute drags on.

    The disagreement point is the Markov perfect equilibrium's value at the
    start. The agreements are commitments to hold an action profile forever
    (with public randomisation between them). The split path follows the
    stage game's retaliation equilibrium (the dispute) for 0, 1, ... ``years``
    years: at each point the disagreement is the value of the dispute going on
    from there, so it moves as the target's dependence erodes.
    """
    from tradegame.dynamic_view import dynamic_view
    from tradegame.solvers.bargaining import nash_bargaining
    from tradegame.solvers.stage import equilibria
    from tradegame.solvers.stochastic import profile_values

    if isinstance(years, bool) or not isinstance(years, int) or years < 0:
        raise ValueError(f"years must be a whole number >= 0; got {years!r}")
    if view is None:
        view = dynamic_view(model, progress=progress)
    dyn = view.solution.game
    m, n = dyn.shape
    per_period = np.array([1 - dyn.discount[0], 1 - dyn.discount[1]])
    held = {(i, j): profile_values(dyn, i, j) for i in range(m) for j in range(n)}

    def commitments_at(point: Any) -> dict[tuple[int, int], tuple[float, float]]:
        out = {}
        for key, V in held.items():
            v = dyn.interpolate(V, np.asarray(point, dtype=float)[None])[0] * per_period
            out[key] = (float(v[0]), float(v[1]))
        return out

    deltas = model.discounts()
    weights = patience_weights(deltas) if deltas is not None else (0.5, 0.5)
    start = commitments_at(dyn.start)
    d = (float(per_period[0] * view.values[0]), float(per_period[1] * view.values[1]))
    deal = nash_bargaining(list(start.values()), d, weight=weights[0])

    g = model.game()
    dispute = min(equilibria(g), key=lambda e: e.payoffs[0] + e.payoffs[1])
    i, j = int(np.argmax(dispute.row)), int(np.argmax(dispute.col))
    names = dyn.actions
    split = []
    point = np.array(dyn.start, dtype=float)
    for t in range(years + 1):
        here = commitments_at(point)
        d_t = here[(i, j)]
        bargain = nash_bargaining(list(here.values()), d_t, weight=weights[0])
        dependence = _dependence(dyn, point)
        split.append(
            SplitStep(
                years=t,
                dependence=dependence,
                disagreement=d_t,
                deal=(float(bargain.payoffs[0]), float(bargain.payoffs[1]))
                if bargain.feasible
                else None,
            )
        )
        point = dyn.next_state(point, i, j)
    return DynamicDeal(
        view=view,
        disagreement=d,
        commitments=[(f"({names[0][a]}, {names[1][b]})", v) for (a, b), v in start.items()],
        openness=start[(0, 0)],
        deal=deal,
        weights=weights,
        dispute_play=f"({names[0][i]}, {names[1][j]})",
        split=split,
    )


def _dependence(dyn: Any, point: Any) -> tuple[float, float]:
    """Each good's dependence at a state (row player's good first; NaN if not a state)."""
    derived = dyn.derived(np.asarray(point, dtype=float)[None]) if dyn.derived else {}
    keys = [k for k in derived if k.startswith("dependence_")]
    if len(keys) != 2:
        return (math.nan, math.nan)
    return (float(derived[keys[0]][0]), float(derived[keys[1]][0]))


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
