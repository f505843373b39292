"""The Model: validated parameters of one named model, and the games they define.

A Model is immutable. :meth:`Model.with_params` returns a new, re-validated
Model; :meth:`Model.game` and :meth:`Model.symbolic_game` build the stage game,
numerically (exact fractions where the parameters are decimals) or in sympy
symbols.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradegame.datafile import did_you_mean
from tradegame.game import Game, to_fraction
from tradegame.model.payoffs import payoff_matrices, unmitigated_share
from tradegame.model.spec import MODEL_PARAMS, PLAYER_PARAMS, ModelError, ParamSpec

if TYPE_CHECKING:  # pragma: no cover
    from tradegame.model.dynamics import DynamicGame

__all__ = ["MAX_STATES", "Ladder", "Model"]

#: The most grid states a dynamic game may have: each takes about a kilobyte to solve.
MAX_STATES = 1_000_000

# A ladder: rung names with their intensities (None for a matrix game's actions).
Ladder = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Model:
    """A validated model: a parameterised coercion game, or a plain matrix game.

    Build one with :func:`tradegame.load_model`. ``params`` maps dotted keys
    (``"minerals.substitution_time"``) to values; ``sources`` maps the same
    keys to citations.
    """

    name: str
    kind: str
    title: str
    description: str
    unit: str
    players: tuple[str, str]
    labels: tuple[str, str]
    ladders: tuple[Ladder, Ladder]
    params: Mapping[str, Any]
    sources: Mapping[str, str]
    path: Path | None = None
    source: str = ""
    cells: tuple[list[list[Any]], list[list[Any]]] | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        changed = f", overrides={dict(self.overrides)}" if self.overrides else ""
        return f"Model({self.name!r}, kind={self.kind!r}, players={self.labels}{changed})"

    @property
    def actions(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Action names of the row and the column player."""
        return (tuple(a for a, _ in self.ladders[0]), tuple(a for a, _ in self.ladders[1]))

    def spec(self, key: str) -> ParamSpec | None:
        """The schema entry of a parameter key, or None for a matrix game's own parameters."""
        if self.kind == "matrix":
            return PLAYER_PARAMS["discount"] if key == "discount" else None
        if key in MODEL_PARAMS:
            return MODEL_PARAMS[key]
        return PLAYER_PARAMS.get(key.split(".", 1)[1]) if "." in key else None

    def unit_of(self, key: str) -> str:
        """The unit of a parameter, with the model's money unit filled in."""
        spec = self.spec(key)
        if spec is None:
            return self.unit
        return self.unit if spec.unit == "money" else spec.unit

    def with_params(self, overrides: Mapping[str, Any]) -> Model:
        """A new Model with some parameters replaced, validated like the file.

        Examples
        --------
        >>> from tradegame import load_model
        >>> m = load_model("rare-earth-2025").with_params({"minerals.substitution_time": 1.5})
        >>> float(m.params["minerals.substitution_time"])
        1.5
        """
        from tradegame.model.load import check_number

        params = dict(self.params)
        for key, value in overrides.items():
            if key not in params:
                raise ModelError(
                    self.source, key, value, "unknown parameter" + did_you_mean(key, params)
                )
            params[key] = check_number(self.source, key, value, self.spec(key))
        return replace(self, params=params, overrides={**self.overrides, **overrides})

    def with_sources(self, sources: Mapping[str, str]) -> Model:
        """A copy with ``sources`` attached (used by the loader)."""
        return replace(self, sources=dict(sources))

    def discounts(self) -> tuple[Any, Any] | None:
        """The players' discount factors ``(row, col)``, or None if the model sets none."""
        if self.kind == "matrix":
            d = self.params.get("discount")
            return None if d is None else (d, d)
        return (
            self.params[f"{self.players[0]}.discount"],
            self.params[f"{self.players[1]}.discount"],
        )

    # --- games ---------------------------------------------------------------
    def game(self) -> Game:
        """The numeric stage game, exact (fractions) when every parameter is a decimal."""
        values = {key: _exact_or_float(v) for key, v in self.params.items()}
        return self._build(values, _exact_or_float, clamp=None, point=None)

    def symbolic_game(self, abbreviate: bool = False) -> Game:
        """The same stage game with a sympy symbol for every parameter.

        The game's ``point`` holds the model's values, so ``g.subs()`` gives
        back :meth:`game`. With ``abbreviate=True`` (coercion models), the harm
        each player's full restriction does to its rival is one symbol,
        ``H_<player>``, defined by :meth:`abbreviations`; formulas then read
        like the docs.
        """
        import sympy

        symbols = self.symbols()
        point = {symbols[k]: self.params[k] for k in symbols}
        harms: tuple[Any, Any] = (None, None)
        if abbreviate and self.kind == "coercion":
            harms = tuple(sympy.Symbol(f"H_{pid}", nonnegative=True) for pid in self.players)
            values = {s: sympy.Rational(str(v)) for s, v in point.items()}
            for h in harms:
                point[h] = self.expand(h).subs(values)

        clamp = _sympy_clamp

        def rational(x: Any) -> Any:
            fraction = to_fraction(x)
            return (
                sympy.Rational(fraction.numerator, fraction.denominator)
                if fraction is not None
                else sympy.Float(x)
            )

        return self._build(symbols, rational, clamp=clamp, point=point, full_harms=harms)

    def abbreviations(self) -> dict[Any, Any]:
        """Coercion models: ``{H_p: harm of p's full restriction, x_p: its unmitigated share}``.

        ``H_p`` is written in terms of ``x_p``; symbols are those of :meth:`symbols`.
        An empty dict for a matrix model. :meth:`expand` substitutes them away.
        """
        import sympy

        if self.kind != "coercion":
            return {}
        symbols = self.symbols()
        out: dict[Any, Any] = {}
        for pid in self.players:
            good = {name: symbols[f"{pid}.{name}"] for name in PLAYER_PARAMS}
            x = sympy.Symbol(f"x_{pid}", nonnegative=True)
            share = unmitigated_share(good, symbols["period"], _sympy_clamp)
            full = good["consumption"] * good["dependence"]
            full = full * (x * good["criticality"] + (1 - x) * good["substitution_premium"])
            out[sympy.Symbol(f"H_{pid}", nonnegative=True)] = full
            out[x] = share
        return out

    def expand(self, expr: Any) -> Any:
        """``expr`` with the :meth:`abbreviations` ``H_p`` and ``x_p`` written out."""
        definitions = self.abbreviations()
        harms = {k: v for k, v in definitions.items() if str(k).startswith("H_")}
        shares = {k: v for k, v in definitions.items() if str(k).startswith("x_")}
        return expr.subs(harms).subs(shares)

    def symbols(self) -> dict[str, Any]:
        """A sympy symbol for each parameter key, named as in the docs (``tau_minerals``)."""
        import sympy

        out: dict[str, Any] = {}
        for key in self.params:
            spec = self.spec(key)
            if spec is None:
                out[key] = sympy.Symbol(key, real=True)
                continue
            name = spec.symbol if "." not in key else f"{spec.symbol}_{key.split('.', 1)[0]}"
            if spec.low > 0 or (spec.low == 0 and spec.open_low):
                out[key] = sympy.Symbol(name, positive=True)
            elif spec.low >= 0:
                out[key] = sympy.Symbol(name, nonnegative=True)
            else:
                out[key] = sympy.Symbol(name, real=True)
        return out

    def _build(
        self,
        values: Mapping[str, Any],
        number: Any,
        clamp: Any,
        point: Any,
        full_harms: tuple[Any, Any] = (None, None),
    ) -> Game:
        if self.kind == "matrix":
            assert self.cells is not None
            A, B = (
                [[values[c] if isinstance(c, str) else number(c) for c in row] for row in M]
                for M in self.cells
            )
        else:
            row, col = (
                {name: values[f"{pid}.{name}"] for name in PLAYER_PARAMS} for pid in self.players
            )
            ladders = [[number(x) for _, x in ladder] for ladder in self.ladders]
            kwargs: dict[str, Any] = {"full_harms": full_harms}
            if clamp is not None:
                kwargs["clamp"] = clamp
            A, B = payoff_matrices(
                row,
                col,
                ladders[0],
                ladders[1],
                values["period"],
                values["harm_convexity"],
                **kwargs,
            )
        return Game(A, B, actions=self.actions, players=self.labels, point=point)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description: name, kind, players, ladders, parameters and sources."""
        return {
            "name": self.name,
            "kind": self.kind,
            "title": self.title,
            "unit": self.unit,
            "players": list(self.players),
            "labels": list(self.labels),
            "ladders": [
                {name: (None if x is None else float(x)) for name, x in ladder}
                for ladder in self.ladders
            ],
            "params": {k: float(v) for k, v in self.params.items()},
            "overrides": {k: float(v) for k, v in self.overrides.items()},
            "sources": dict(self.sources),
        }

    def dynamic(self, resolution: int | Mapping[str, int] = 9) -> DynamicGame:
        """The dynamic game of MODEL.md section 5 on a grid of states.

        ``resolution`` is the number of grid nodes per state dimension (or
        ``{"pressure": n, "dependence": n}``). The result is accepted by the
        stochastic-game solvers (``markov_perfect``, ``backward_induction``,
        ``simulate_path``); see :mod:`tradegame.model.dynamics`.

        Examples
        --------
        >>> from tradegame import load_model
        >>> load_model("rare-earth-2025").dynamic(resolution=5).n_states
        625
        """
        from tradegame.model.dynamics import dynamic_game

        values = resolution.values() if isinstance(resolution, Mapping) else [resolution]
        if any(isinstance(v, int) and v > MAX_STATES for v in values):
            raise ModelError(
                self.source,
                "resolution",
                resolution,
                f"at most {MAX_STATES:,} grid states in all: use a lower resolution",
            )
        game = dynamic_game(self, resolution)
        states = math.prod(len(grid) for grid in game.grids)  # exact: no integer overflow
        if states > MAX_STATES:
            sizes = " x ".join(str(len(grid)) for grid in game.grids)
            raise ModelError(
                self.source,
                "resolution",
                resolution,
                f"the dynamic game would have {sizes} = {states:,} grid states; at most "
                f"{MAX_STATES:,} (about a gigabyte of memory): use a lower resolution",
            )
        return game


def _exact_or_float(x: Any) -> Fraction | float:
    fraction = to_fraction(x)
    return fraction if fraction is not None else float(x)


def _sympy_clamp(x: Any) -> Any:
    import sympy

    return sympy.Min(sympy.Max(x, 0), 1)
