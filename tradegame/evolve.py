r"""Which repeated-game strategies survive evolution: what ``tradegame evolve`` reports.

Pipeline: model -> stage game -> exact matches between the strategies
(:func:`~tradegame.solvers.evolution.population_game`) -> replicator dynamics
and the Moran process (:mod:`tradegame.solvers.evolution`) -> :class:`Evolution`.

* **Payoffs.** Every strategy meets every strategy in the model's stage game,
  played exactly: per-period payoffs, discounted at the model's discount
  factors, or averaged over ``turns`` periods; with ``noise``, each intended
  action is replaced with that probability.
* **Populations.** A symmetric stage game with equal discount factors (the
  prisoner's dilemma) has one population: anyone can sit in either seat. The
  chips-versus-minerals games are asymmetric, so the United States' strategies
  and China's strategies form two populations, each adapting to the other
  (two-population replicator dynamics). Averaging the two seats into one
  population would treat a country as if it were the other country half the
  time, and add the two countries' welfare; the two-population form does
  neither.
* **Replicator dynamics.** From equal shares (or ``start``), the shares grow
  with the gap between a strategy's payoff and its population's mean, on
  payoffs scaled by the stage game to [0, 1]; the report gives the end state at
  ``horizon``, the survivors (share above ``threshold``), whether the end is a
  rest point, whether it is a Nash equilibrium of the population game (no
  absent strategy could invade), and its linear stability.
* **Moran process.** In a finite population of ``size`` individuals with
  selection intensity ``selection``, the exact probability that a single
  mutant of one strategy takes over a population of another (Nowak, Sasaki,
  Taylor and Fudenberg 2004), compared with the neutral :math:`1/N`. With one
  population both strategies' payoffs depend on the mix; with two, the mutant
  arises in one country's population while the other country's population
  plays the resident strategy, so the mutant's fitness advantage is constant.

References
----------
.. [1] P. D. Taylor and L. B. Jonker, "Evolutionarily stable strategies and game
   dynamics", *Mathematical Biosciences* 40(1-2), 1978, pp. 145-156.
.. [2] M. A. Nowak, A. Sasaki, C. Taylor and D. Fudenberg, "Emergence of
   cooperation and evolutionary stability in finite populations", *Nature* 428,
   2004, pp. 646-650.
.. [3] M. Nowak and K. Sigmund, "A strategy of win-stay, lose-shift that
   outperforms tit-for-tat in the Prisoner's Dilemma game", *Nature* 364, 1993,
   pp. 56-58.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tradegame.game import to_fraction
from tradegame.model.model import Model
from tradegame.solvers import _markdown as md
from tradegame.solvers._values import Value, json_value
from tradegame.solvers.evolution import Dynamics, PopulationGame

__all__ = ["Evolution", "evolve"]

Fixations = tuple[tuple[tuple[Value | None, ...], ...], ...]


@dataclass(frozen=True)
class Evolution:
    """The population game of a model's strategies, and how evolution acts on it.

    Attributes
    ----------
    model : the model.
    game : the exact per-period payoffs between the strategies.
    dynamics : the replicator run on the scaled payoffs.
    size : the Moran population size N, or None when the Moran process was skipped.
    selection : the Moran selection intensity w (None when skipped).
    fixation : ``fixation[p][i][j]``, the probability that one mutant of strategy ``i``
        takes over population ``p`` of strategy ``j`` residents (None for ``i == j``);
        Fractions when the payoffs are exact. Empty when skipped.
    """

    model: Model
    game: PopulationGame
    dynamics: Dynamics
    size: int | None
    selection: Value | None
    fixation: Fixations

    @property
    def names(self) -> tuple[str, ...]:
        return self.game.names

    @property
    def populations(self) -> int:
        return self.game.populations

    @property
    def labels(self) -> tuple[str, ...]:
        """Who each population is: ``("population",)`` or the two players."""
        return self.game.labels

    @property
    def survivors(self) -> tuple[tuple[str, ...], ...]:
        """The strategies left in each population at the end of the replicator run."""
        return self.dynamics.survivors

    @property
    def neutral(self) -> Fraction | None:
        """``1/N``: a mutant's chance of taking over without selection."""
        return None if self.size is None else Fraction(1, self.size)

    def rho(self, mutant: str, resident: str, population: int = 0) -> Value:
        """The probability that one ``mutant`` takes over a population of ``resident``."""
        if not self.fixation:
            raise ValueError("the Moran process was not computed (size=None)")
        i, j = self.names.index(mutant), self.names.index(resident)
        if i == j:
            raise ValueError("a mutant must differ from the resident strategy")
        value = self.fixation[population][i][j]
        assert value is not None
        return value

    def resistant(self, population: int = 0) -> tuple[str, ...]:
        """Residents whose population every single mutant takes over with less than 1/N."""
        if not self.fixation or self.neutral is None:
            return ()
        table, n = self.fixation[population], len(self.names)
        return tuple(
            self.names[j]
            for j in range(n)
            if all(table[i][j] < self.neutral for i in range(n) if i != j)  # type: ignore[operator]
        )

    def _repr_markdown_(self) -> str:
        """Survivors, shares and the Moran residents that resist every mutant, for notebooks."""
        d = self.dynamics
        head = md.title(f"{md.text(self.model.name)}: evolution of {len(self.names)} strategies")
        rest = "a rest point" if d.rest_point else "**not** a rest point"
        survivors = "; ".join(", ".join(md.text(n) for n in s) for s in self.survivors)
        lines = [f"- replicator dynamics to t = {d.horizon:g}: {rest}, {d.stability}; "]
        lines[0] += f"survivors: {survivors or 'none'}"
        if self.size is not None and self.fixation:
            resist = "; ".join(
                ", ".join(md.text(n) for n in self.resistant(p)) or "none"
                for p in range(self.populations)
            )
            lines.append(
                f"- Moran process, N = {self.size}, w = {md.number(self.selection)}: residents "
                f"that every single mutant takes over with less than 1/N: {resist}"
            )
        return "\n\n".join([head, "\n".join(lines), d._shares_markdown()])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description: payoffs exact (as strings), fixation as floats."""
        moran: dict[str, Any] | None = None
        if self.fixation and self.size is not None:
            moran = {
                "size": self.size,
                "selection": json_value(self.selection),
                "neutral": 1 / self.size,
                "fixation": [
                    [[None if x is None else float(x) for x in row] for row in table]
                    for table in self.fixation
                ],
                "resistant": [list(self.resistant(p)) for p in range(self.populations)],
            }
        return {
            "model": self.model.name,
            "title": self.model.title,
            "populations": self.populations,
            "labels": list(self.labels),
            "game": self.game.to_dict(),
            "replicator": self.dynamics.to_dict(),
            "moran": moran,
        }


def evolve(
    model: Model,
    strategies: Sequence[Any] | None = None,
    noise: Any = 0,
    turns: int | None = None,
    delta: Any = None,
    *,
    size: int | None = 20,
    selection: Any = Fraction(1, 10),
    horizon: float = 100_000.0,
    threshold: float = 1e-3,
    start: Any = None,
    progress: Callable[[float], None] | None = None,
) -> Evolution:
    r"""Evolve ``strategies`` in ``model``'s repeated game: replicator dynamics and Moran.

    Parameters
    ----------
    model : Model
        A loaded model (:func:`tradegame.load_model`).
    strategies : sequence, optional
        At least two distinct strategies (names, labels such as ``"truce(punish=4)"``,
        ``.toml`` paths, Strategy or Automaton objects); every named strategy by default.
    noise : number in [0, 1)
        The probability that an intended action is replaced.
    turns : int, optional
        Play matches of ``turns`` periods (per-period averages); by default
        matches are infinite and discounted.
    delta : number or (row, column) pair, optional
        Discount factors for discounted matches; the model's by default.
    size : int or None
        The Moran population size N (at least 2); None skips the Moran process.
    selection : number in [0, 1)
        The Moran selection intensity w, on payoffs scaled to [0, 1].
    horizon : float
        How long the replicator dynamics run, in units of time on the scaled payoffs.
    threshold : float
        A strategy survives when its end share exceeds this.
    start : shares, or a pair of share vectors, optional
        The starting shares (uniform by default).
    progress : callable, optional
        Called with the fraction of matches played.

    Returns
    -------
    Evolution

    Raises
    ------
    ValueError
        For fewer than two strategies, an unknown strategy, ``noise`` outside
        [0, 1), bad ``turns``, a model without discount factors and no ``turns``,
        ``size`` below 2, ``selection`` outside [0, 1), and bad ``horizon``,
        ``threshold`` or ``start``.

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.evolve import evolve
    >>> pd = tg.load_model("prisoners-dilemma")
    >>> e = evolve(pd, ["tit-for-tat", "win-stay-lose-shift", "always-open"], noise=0.01,
    ...            turns=200, size=None)
    >>> e.survivors, e.dynamics.stability
    ((('win-stay-lose-shift',),), 'stable')
    """
    from tradegame.solvers.evolution import fixation, population_game, replicator
    from tradegame.solvers.strategies import strategies as library

    if not isinstance(model, Model):
        raise ValueError(f"evolve needs a tradegame Model; got {type(model).__name__}")
    entries = list(library()) if strategies is None else strategies
    if turns is None and delta is None:
        delta = model.discounts()
        if delta is None:
            raise ValueError(
                f"{model.name} has no discount factors: give turns for matches of a fixed length"
            )
    size = _check_size(size)
    w = _check_selection(selection) if size is not None else None
    game = population_game(
        model.game(), entries, turns=turns, delta=delta, noise=noise, progress=progress
    )
    scaled = game.scaled()
    if game.populations == 1:
        dynamics = replicator(
            scaled[0],
            names=game.names,
            labels=game.labels,
            start=start,
            horizon=horizon,
            threshold=threshold,
        )
    else:
        dynamics = replicator(
            scaled[0],
            tuple(zip(*scaled[1], strict=True)),
            names=game.names,
            labels=game.labels,
            start=start,
            horizon=horizon,
            threshold=threshold,
        )
    tables: Fixations = ()
    if size is not None:
        n = len(game.names)
        out = []
        for S in scaled:
            table: list[list[Value | None]] = [[None] * n for _ in range(n)]
            for i in range(n):
                for j in range(n):
                    if i == j:
                        continue
                    if game.populations == 1:
                        pair = [[S[i][i], S[i][j]], [S[j][i], S[j][j]]]
                    else:  # the other population all plays j: constant payoffs
                        pair = [[S[i][j], S[i][j]], [S[j][j], S[j][j]]]
                    table[i][j] = fixation(pair, size, w)
            out.append(tuple(tuple(row) for row in table))
        tables = tuple(out)
    return Evolution(
        model=model,
        game=game,
        dynamics=dynamics,
        size=size,
        selection=w,
        fixation=tables,
    )


def _check_size(size: Any) -> int | None:
    if size is None:
        return None
    if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 2:
        raise ValueError(f"the Moran population size N must be a whole number >= 2; got {size!r}")
    return int(size)


def _check_selection(selection: Any) -> Value:
    exact = None if isinstance(selection, bool) else to_fraction(selection)
    value: Value = exact
    if exact is None:
        try:
            value = float(selection)
        except (TypeError, ValueError):
            value = None
    if value is None or isinstance(selection, bool) or not 0 <= value < 1:
        raise ValueError(f"selection must be a number in [0, 1); got {selection!r}")
    return value
