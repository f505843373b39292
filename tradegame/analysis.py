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
from tradegame.solvers import _markdown as md
from tradegame.solvers.classify import extreme_subgame
from tradegame.solvers.components import strategy_of as _strategy

__all__ = [
    "Analysis",
    "RepeatedAnalysis",
    "StrategyVerdict",
    "analyse",
    "analyse_repeated",
    "harm_summary",
    "strategy_verdicts",
]


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
    strategies: list[StrategyVerdict]

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
            "equilibrium_set": self.equilibrium_set(),
            "minmax": {"mixed": list(self.minmax), "pure": list(self.minmax_pure)},
            "thresholds": self._thresholds(),
            "leverage": self.leverage,
            "strategies": [v.to_dict() for v in self.strategies],
        }

    def _repr_markdown_(self) -> str:
        """The class, the equilibria, minmax and grim trigger's verdict, for notebooks.

        Exact thresholds appear as fractions; ``tradegame run`` has the whole report.
        """
        g, grim, deltas = self.game, self.grim, self.model.discounts()
        head = md.title(f"{md.text(self.model.name)}: {md.text(self.model.title)}")
        count = len(self.equilibria)
        lines = [
            f"- class: {md.text(self.game_class)}",
            f"- {count} Nash equilibri{'um' if count == 1 else 'a'}: {_equilibria_text(self)}",
            f"- named strategies that sustain the path: {_sustaining(self.strategies, deltas)}",
        ]
        i, j = self.path
        path = f"({md.text(g.actions[0][i])}, {md.text(g.actions[1][j])})"
        said = {True: "yes", False: "no", None: "-"}
        rows = [
            ["minmax (mixed)", *(md.number(x) for x in self.minmax)],
            ["minmax (pure)", *(md.number(x) for x in self.minmax_pure)],
            [f"grim trigger on {path}: critical δ", *(md.threshold(t) for t in grim.thresholds)],
            ["discount factor δ", *(md.number(d) for d in deltas or ("-", "-"))],
            ["grim trigger holds", *(said[s] if deltas else "-" for s in grim.sustainable)],
        ]
        table = md.table(["", *(md.text(p) for p in g.players)], rows)
        return "\n\n".join([head, "\n".join(lines), table])

    def equilibrium_set(self) -> dict[str, Any]:
        """Whether the equilibria are finitely many, and their maximal Nash subsets.

        ``subsets`` lists, for each maximal Nash subset, the 1-based numbers of
        the extreme equilibria it holds: every convex combination of them is an
        equilibrium too. ``components`` groups the numbers by connected component.
        """
        from tradegame.solvers.components import components, is_finite

        number = {id(e): k for k, e in enumerate(self.equilibria, start=1)}
        parts = components(self.equilibria)
        subsets = []
        for c in parts:
            for s in c.subsets:
                rows = {c.row_vertices[i] for i in s.rows}
                cols = {c.col_vertices[j] for j in s.cols}
                subsets.append(
                    [
                        number[id(e)]
                        for e in c.equilibria
                        if _strategy(e, "row") in rows and _strategy(e, "col") in cols
                    ]
                )
        return {
            "finite": is_finite(self.equilibria),
            "components": [sorted(number[id(e)] for e in c.equilibria) for c in parts],
            "subsets": sorted(subsets),
        }

    def _thresholds(self) -> dict[str, Any]:
        grim = self.grim.to_dict()
        if self.model.discounts() is None:
            # Thresholds do not depend on delta; without the model's own discount
            # factors there is no verdict to give.
            grim["delta"] = None
            grim["sustainable"] = None
        return grim


@dataclass(frozen=True)
class StrategyVerdict:
    """One named strategy, played by both players on the cooperative path.

    ``thresholds`` are the critical discount factors under ``criterion``;
    ``holds`` says, per player, whether its own discount factor lies in the set
    where the criterion holds (None when the model gives no discount factors).
    """

    label: str
    criterion: str
    thresholds: tuple[Any, Any]
    holds: tuple[bool | None, bool | None]
    cooperates: bool  # the profile plays the path in every period
    details: Any  # tradegame.solvers.thresholds.ThresholdDetails

    @property
    def sustained(self) -> bool | None:
        """True when both players' conditions hold at their discount factors."""
        if None in self.holds:
            return None
        return all(self.holds)

    def to_dict(self) -> dict[str, Any]:
        out = self.details.to_dict()
        return {
            "strategy": self.label,
            "criterion": self.criterion,
            "thresholds": out["thresholds"],
            "thresholds_float": out["thresholds_float"],
            "holds": list(self.holds),
            "sustained": self.sustained,
            "cooperates": self.cooperates,
            "binding": out["binding"],
        }


def strategy_verdicts(
    g: Game,
    deltas: tuple[Any, Any] | None,
    path: tuple[int, int] = (0, 0),
    names: list[str] | None = None,
) -> list[StrategyVerdict]:
    """Thresholds of every named strategy (or of ``names``) on ``path``, and the verdicts.

    A verdict asks whether a player's discount factor lies in the set of
    discount factors where the strategy's criterion holds, not merely above
    the threshold: tit-for-tat, for one, can hold on an isolated point.
    """
    from tradegame.solvers.repeated import RepeatedGame
    from tradegame.solvers.strategies import resolve, sides, strategies, strategy
    from tradegame.solvers.strategies.product import product_chain

    seats = sides(g.actions, path)
    rg = RepeatedGame(g, deltas if deltas is not None else (Fraction(1, 2), Fraction(1, 2)))
    out = []
    for name in names if names is not None else strategies():
        chosen = strategy(name) if "(" not in name else None
        details = rg.threshold_details(chosen if chosen is not None else name, path)
        holds: tuple[bool | None, bool | None] = (None, None)
        if deltas is not None:
            holds = (
                any(deltas[0] in i for i in details.holds[0]),
                any(deltas[1] in i for i in details.holds[1]),
            )
        label = chosen.label if chosen is not None else name
        spec = chosen if chosen is not None else resolve(name)
        chain = product_chain(g.subs() if g.is_symbolic else g, *(spec.bind(x) for x in seats))
        cooperates = _stays_on(chain, path)
        verdict = StrategyVerdict(
            label, details.criterion, details.thresholds, holds, cooperates, details
        )
        out.append(verdict)
    return out


def _equilibria_text(a: Analysis) -> str:
    """The equilibria in words: ``(open, open), mixed``."""
    g, parts = a.game, []
    for e in a.equilibria:
        if e.is_pure:
            i, j = int(e.row.argmax()), int(e.col.argmax())
            parts.append(f"({md.text(g.actions[0][i])}, {md.text(g.actions[1][j])})")
        else:
            parts.append("mixed")
    return ", ".join(parts) or "none"


def _sustaining(verdicts: list[StrategyVerdict], deltas: Any) -> str:
    """The named strategies that stay on the path and are sustained at ``deltas``."""
    if deltas is None:
        return "no discount factors in the model"
    held = [md.text(v.label) for v in verdicts if v.cooperates and v.sustained]
    return ", ".join(held) or "none"


def _stays_on(chain: Any, path: tuple[int, int]) -> bool:
    """Whether play from the chain's start realises ``path`` in every period, surely."""
    state, seen = chain.start, set()
    while state not in seen:
        seen.add(state)
        if chain.profile[state] != {path: 1}:
            return False
        state = next(y for y, p in enumerate(chain.P[state]) if p == 1)
    return True


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
        strategies=strategy_verdicts(g, model.discounts(), profile),
    )


@dataclass(frozen=True)
class RepeatedAnalysis:
    """What ``tradegame repeated`` reports: punishments, thresholds, verdicts, payoff sets.

    ``spe`` is the subgame-perfect payoff set, or None with ``spe_note`` saying
    why it was not computed (unequal discount factors).
    """

    model: Model
    game: Game
    deltas: tuple[Any, Any]
    path: tuple[int, int]
    minmax: tuple[float, float]
    minmax_pure: tuple[float, float]
    strategies: list[StrategyVerdict]
    spe: Any  # tradegame.solvers.spe_set.PayoffSet or None
    spe_note: str
    worst: tuple[float, float] | None

    def _repr_markdown_(self) -> str:
        """Minmax, every named strategy's thresholds and verdict, and the SPE set, for notebooks."""
        g = self.game
        head = md.title(f"{md.text(self.model.name)}: the repeated game")
        head += f" at δ = {md.pair(self.deltas)}"
        players = [md.text(p) for p in g.players]
        minmax = md.table(
            ["", *players],
            [
                ["minmax (mixed)", *(md.number(x) for x in self.minmax)],
                ["minmax (pure)", *(md.number(x) for x in self.minmax_pure)],
            ],
        )
        said = {True: "yes", False: "no", None: "-"}
        rows = [
            [md.text(v.label), v.criterion, *map(md.threshold, v.thresholds), said[v.sustained]]
            for v in self.strategies
        ]
        header = ["strategy", "criterion", *(f"δ* {p}" for p in players), "sustained"]
        strategies = md.table(header, rows, head=len(rows))
        if self.spe is None:
            spe = f"Subgame-perfect payoffs: {md.text(self.spe_note)}."
        else:
            spe = (
                f"Subgame-perfect payoffs: a {self.spe.kind} with {len(self.spe.vertices)} vertices"
            )
            if self.worst is not None:
                spe += f"; the worst for each player {md.pair(self.worst)}"
            spe += "." + (f" {md.text(self.spe_note)}." if self.spe_note else "")
        return "\n\n".join([head, minmax, strategies, spe])

    def to_dict(self) -> dict[str, Any]:
        from tradegame import __version__

        return {
            "tradegame": __version__,
            "model": self.model.name,
            "delta": [str(d) for d in self.deltas],
            "path": [self.game.actions[0][self.path[0]], self.game.actions[1][self.path[1]]],
            "minmax": {"mixed": list(self.minmax), "pure": list(self.minmax_pure)},
            "strategies": [v.to_dict() for v in self.strategies],
            "spe_payoffs": None if self.spe is None else self.spe.to_dict(),
            "spe_note": self.spe_note,
            "worst_payoffs": None if self.worst is None else list(self.worst),
        }


def analyse_repeated(
    model: Model, deltas: tuple[Any, Any] | None, path: tuple[int | str, int | str] = (0, 0)
) -> RepeatedAnalysis:
    """The repeated game of ``model`` at ``deltas`` (default: the model's own)."""
    from tradegame.solvers.minmax import minmax
    from tradegame.solvers.spe_set import spe_payoffs

    deltas = deltas if deltas is not None else model.discounts()
    if deltas is None:
        raise ValueError(f"{model.name} has no discount factors: give --delta D")
    g = model.game()
    profile = (g.action_index(0, path[0]), g.action_index(1, path[1]))
    spe, worst, note = None, None, ""
    if Fraction(str(deltas[0])) != Fraction(str(deltas[1])):
        note = (
            f"not computed: the discount factors differ ({deltas[0]}, {deltas[1]}), and with "
            "unequal discount factors the payoff set need not be a polygon; give --delta D "
            "for a common one"
        )
    else:
        spe = spe_payoffs(g, deltas[0])
        # the optimal penal code values are the set's lowest coordinates
        worst = (
            None
            if spe.is_empty
            else (float(spe.vertices[:, 0].min()), float(spe.vertices[:, 1].min()))
        )
        if not spe.converged:
            note = "the iteration did not converge: the set shown contains the true one"
    return RepeatedAnalysis(
        model=model,
        game=g,
        deltas=(deltas[0], deltas[1]),
        path=profile,
        minmax=minmax(g),
        minmax_pure=minmax(g, pure=True),
        strategies=strategy_verdicts(g, (deltas[0], deltas[1]), profile),
        spe=spe,
        spe_note=note,
        worst=worst,
    )
