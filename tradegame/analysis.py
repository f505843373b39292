"""The whole stage-and-repeated analysis of one model: what ``tradegame run`` reports.

Pipeline: model -> game -> solvers -> :class:`Analysis`. The report layer
renders an Analysis as text, Markdown or JSON; it computes nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tradegame.game import Game
from tradegame.model.model import Model

__all__ = ["Analysis", "analyse", "harm_summary"]


@dataclass(frozen=True)
class Analysis:
    """Everything ``tradegame run`` reports about one model."""

    model: Model
    game: Game
    game_class: str
    class_game: Game  # the 2x2 game the class names (the game itself, or its extreme actions)
    equilibria: list[Any]
    minmax: tuple[float, float]
    minmax_pure: tuple[float, float]
    path: tuple[int, int]
    grim: Any  # tradegame.solvers.repeated.GrimAnalysis
    leverage: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape of ``tradegame run --format json``."""
        from tradegame import __version__

        g = self.game
        return {
            "tradegame": __version__,
            "model": self.model.name,
            "title": self.model.title,
            "kind": self.model.kind,
            "unit": self.model.unit,
            "params": self.model.to_dict()["params"],
            "overrides": self.model.to_dict()["overrides"],
            "game": g.to_dict(),
            "class": self.game_class,
            "class_actions": [list(self.class_game.actions[0]), list(self.class_game.actions[1])],
            "equilibria": [e.to_dict() for e in self.equilibria],
            "minmax": {"mixed": list(self.minmax), "pure": list(self.minmax_pure)},
            "thresholds": self._thresholds(),
            "leverage": self.leverage,
        }

    def _thresholds(self) -> dict[str, Any]:
        grim = self.grim.to_dict()
        if self.model.discounts() is None:
            # Thresholds do not depend on delta; without the model's own discount
            # factors there is no verdict to give.
            grim["delta"] = None
            grim["sustainable"] = None
        return grim


def extreme_subgame(g: Game) -> Game:
    """The 2x2 game of each player's first and last action (open and full restriction)."""
    if g.shape == (2, 2):
        return g
    rows, cols = [0, g.shape[0] - 1], [0, g.shape[1] - 1]
    if g.exact_A is not None and g.exact_B is not None:
        A, B = g.exact_A[rows][:, cols], g.exact_B[rows][:, cols]
    else:
        A, B = g.A[rows][:, cols], g.B[rows][:, cols]
    actions = ([g.actions[0][i] for i in rows], [g.actions[1][j] for j in cols])
    return Game(A, B, actions=(actions[0], actions[1]), players=g.players)


def harm_summary(model: Model) -> list[dict[str, Any]]:
    """Each player's full-restriction harm to its rival, against the trade at stake.

    Leverage is not trade value (MODEL.md §9, fact 4): the ratio of harm to
    trade shows how criticality multiplies a small trade into large damage.
    """
    if model.kind != "coercion":
        return []
    from tradegame.model.payoffs import harm

    rows = []
    p = model.params
    for me, rival in (model.players, model.players[::-1]):
        good = {k.split(".", 1)[1]: v for k, v in p.items() if k.startswith(me + ".")}
        trade = float(good["consumption"]) * float(good["dependence"])
        damage = float(harm(good, 1, p["period"], p["harm_convexity"]))
        rows.append(
            {
                "player": model.labels[model.players.index(me)],
                "rival": model.labels[model.players.index(rival)],
                "trade": trade,
                "harm": damage,
                "ratio": damage / trade if trade else None,
            }
        )
    return rows


def analyse(model: Model, path: tuple[int | str, int | str] = (0, 0)) -> Analysis:
    """Solve a model's stage game and its grim-trigger thresholds along ``path``."""
    from tradegame.solvers.classify import classify
    from tradegame.solvers.minmax import minmax
    from tradegame.solvers.repeated import RepeatedGame
    from tradegame.solvers.stage import equilibria

    g = model.game()
    sub = extreme_subgame(g)
    profile = (g.action_index(0, path[0]), g.action_index(1, path[1]))
    # Any delta gives the same thresholds; the verdict is dropped when the model has none.
    deltas = model.discounts() or (Fraction(1, 2), Fraction(1, 2))
    grim = RepeatedGame(g, delta=deltas).grim_details(path=profile)
    return Analysis(
        model=model,
        game=g,
        game_class=classify(sub),
        class_game=sub,
        equilibria=equilibria(g),
        minmax=minmax(g),
        minmax_pure=minmax(g, pure=True),
        path=profile,
        grim=grim,
        leverage=harm_summary(model),
    )
