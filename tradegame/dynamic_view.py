"""What the dynamic game concludes about a model: its equilibrium path and who holds leverage.

Pipeline: model -> :meth:`Model.dynamic` -> :func:`markov_perfect` ->
the equilibrium path from the model's start, and :func:`leverage_at` for each
player as the restrictor -> :class:`DynamicView`. ``tradegame compare`` and
``tradegame bargain`` read the dynamic game through this one object, so both
report the same solve.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tradegame.model.model import Model
from tradegame.solvers.markov import MarkovSolution, markov_perfect
from tradegame.solvers.paths import Path, simulate_path
from tradegame.solvers.regions import LeverageVerdict, leverage_at

__all__ = ["DynamicView", "dynamic_view", "verdict_text"]

# Share of the work in the equilibrium solve; the rest is the two never-restricting solves.
_SOLVE_SHARE = 0.6


@dataclass(frozen=True, eq=False)
class DynamicView:
    """The Markov perfect equilibrium of a model's dynamic game, its path and leverage verdicts.

    Attributes
    ----------
    model : Model
    solution : MarkovSolution
    path : Path
        The equilibrium path from the model's start state.
    verdicts : pair of LeverageVerdict
        Each player as the restrictor at the start state: the leverage window,
        the self-harm region, or neither.
    """

    model: Model
    solution: MarkovSolution
    path: Path
    verdicts: tuple[LeverageVerdict, LeverageVerdict]

    @property
    def values(self) -> tuple[float, float]:
        """Both players' discounted values at the start state."""
        return self.solution.value()

    @property
    def average_values(self) -> tuple[float, float]:
        r"""The values per period, :math:`(1 - \delta_i) V_i`: comparable with stage payoffs."""
        deltas = self.solution.game.discount
        return (
            (1 - deltas[0]) * self.values[0],
            (1 - deltas[1]) * self.values[1],
        )

    @property
    def first_play(self) -> tuple[str | None, str | None]:
        """The actions of the first period (None for a player who mixes)."""
        return self.path.profile(0)

    @property
    def restrictions_end(self) -> int | None:
        """The first period (counting from 1) after which both stay open to the path's end.

        0 when the path is open throughout; None when some restriction lasts
        to the last period followed.
        """
        path = self.path
        opened = [
            bool(path.row[t, 0] > 1 - 1e-9 and path.col[t, 0] > 1 - 1e-9)
            for t in range(path.periods)
        ]
        if not opened[-1]:
            return None
        return max((t + 1 for t, ok in enumerate(opened) if not ok), default=0)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe summary (the full policy is in ``solution.to_dict()``)."""
        s = self.solution
        return {
            "model": self.model.name,
            "converged": s.converged,
            "iterations": s.iterations,
            "residual": s.residual,
            "selection": s.selection,
            "values": list(self.values),
            "average_values": list(self.average_values),
            "first_play": list(self.first_play),
            "restrictions_end": self.restrictions_end,
            "verdicts": [v.to_dict() for v in self.verdicts],
            "path": self.path.to_dict(),
        }


def verdict_text(verdict: LeverageVerdict) -> str:
    """``"leverage window"``, ``"self-harm"`` or ``"neither"``."""
    if verdict.in_window:
        return "leverage window"
    return "self-harm" if verdict.self_harm else "neither"


def dynamic_view(
    model: Model,
    resolution: int = 9,
    periods: int = 10,
    selection: str = "pareto",
    progress: Callable[[float], None] | None = None,
) -> DynamicView:
    """Solve ``model``'s dynamic game and judge each player's restriction at the start.

    Parameters
    ----------
    model : Model
        A coercion model with dynamic parameters (see ``docs/explanation/dynamic.md``).
    resolution : int
        Grid points per state dimension.
    periods : int
        The length of the equilibrium path to follow.
    selection : str
        The equilibrium selection rule of :func:`markov_perfect`.
    progress : callable, optional
        Called with the fraction of the work done.
    """
    dyn = model.dynamic(resolution=resolution)
    report = progress or (lambda fraction: None)
    solution = markov_perfect(dyn, selection=selection, progress=lambda f: report(_SOLVE_SHARE * f))
    verdicts = []
    for player in (0, 1):
        verdicts.append(leverage_at(dyn, player, solution=solution))
        report(_SOLVE_SHARE + (1 - _SOLVE_SHARE) * (player + 1) / 2)
    path = simulate_path(dyn, solution, periods=periods)
    return DynamicView(model, solution, path, (verdicts[0], verdicts[1]))
