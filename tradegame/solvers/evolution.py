r"""Evolution of repeated-game strategies: replicator dynamics and the Moran process.

A *population game* is what strategies earn against each other: the exact
per-period payoff of every match of the repeated game (:func:`population_game`,
built on :func:`~tradegame.solvers.play.play`). Two dynamics act on it.

Conventions, used throughout this module:

* **One population or two.** When the stage game is symmetric (square,
  ``A == B.T``, the same action names for both players; as in
  :mod:`~tradegame.solvers.tournament`) and both players discount alike, any
  individual can take either seat, so there is **one population** and one
  payoff matrix ``H[i][j]``: strategy ``i``'s payoff against ``j``. Otherwise,
  as in the chips-versus-minerals games where the United States is the row
  player and China the column player, there are **two populations**, one per
  seat: a row strategy only ever meets column strategies. Each population has
  its own matrix, own strategy first: ``payoffs[0][i][j]`` is what row
  strategy ``i`` earns against column strategy ``j``, and
  ``payoffs[1][j][i]`` what column strategy ``j`` earns against row strategy
  ``i``. Averaging over roles (each individual a row player half the time)
  would make one population out of the two, but it would mix dollars of
  United States welfare with dollars of Chinese welfare, and a country never
  plays the other's seat; so an asymmetric game always gets two populations.
* **Payoffs per period.** With ``turns`` a match's expected total is divided
  by ``turns``; without, payoffs are normalised discounted payoffs, which are
  per period already.
* **Scale** (:meth:`PopulationGame.scaled`). Per-period payoffs of a match
  are averages of stage payoffs, so each population's payoffs lie between its
  player's smallest and largest stage payoff. Both dynamics are run on payoffs
  mapped onto [0, 1] by a positive affine map fixed by the stage game alone:
  minus the player's smallest stage payoff, divided by the largest spread of a
  player's stage payoffs (largest minus smallest). So the scale does not depend
  on which strategies compete, nor on the model's unit, and payoffs of the two
  players stay in one currency. The replicator equation is unchanged by such a
  map except for the unit of time; in the Moran process it fixes what a
  selection intensity ``w`` means (any ``w`` in [0, 1) gives positive fitness).

Replicator dynamics (Taylor and Jonker [1]_; Hofbauer and Sigmund [2]_)
-----------------------------------------------------------------------
For a population with shares :math:`x` meeting shares :math:`y` (:math:`y = x`
for one population), :math:`\dot x_i = x_i\,[(M y)_i - x^\top M y]`. The shares
are integrated as logarithms, :math:`u_i = \ln x_i`, so that
:math:`\dot u_i = (M y)_i - x^\top M y` with :math:`x = \operatorname{softmax}(u)`:
every share stays positive and the shares sum to one exactly, on any horizon
(an explicit Runge-Kutta method of order 8, DOP853 [3]_, with error control).
nashpy's ``replicator_dynamics`` and ``asymmetric_replicator_dynamics``
integrate the shares themselves with ``odeint``; off the simplex the sum of the
shares is unstable when payoffs are negative, and on long horizons ``odeint``
stops early, so they serve here as the independent check over short horizons
(see the tests) rather than as the integrator.

At the end of the horizon:

* the *survivors* are the strategies whose share exceeds ``threshold``;
* the end state is a *rest point* when every survivor earns its population's
  mean payoff to within the tolerance :data:`REST_TOL` times the spread of the
  payoffs (relative to the payoffs' own spread, so any unit gives the same verdicts): the
  survivors' shares no longer move; it is also *Nash* (a saturated rest point,
  a Nash equilibrium of the population game) when no strategy, present or not,
  earns more;
* *stability* is read from the eigenvalues of the Jacobian on the tangent space
  of the simplex (or of the product of two simplices): ``"stable"`` when every
  real part is negative, ``"unstable"`` when one is positive, ``"undecided"``
  when the largest is zero (neutral directions: linearisation does not decide,
  as for strategies that earn exactly the same against everyone present); a
  real part within ``1e-9`` times the spread of the payoffs counts as zero.

The Moran process (Moran [4]_; Nowak, Sasaki, Taylor and Fudenberg [5]_)
-------------------------------------------------------------------------
A population of ``N`` individuals, ``i`` of them mutants. With payoffs
``a`` (mutant against mutant), ``b`` (mutant against resident), ``c``
(resident against mutant) and ``d`` (resident against resident), and no
self-interaction,

.. math:: F_i = \frac{a (i-1) + b (N-i)}{N-1}, \qquad G_i = \frac{c\,i + d (N-i-1)}{N-1},

and fitness is :math:`f_i = 1 - w + w F_i` for mutants and
:math:`g_i = 1 - w + w G_i` for residents, with selection intensity
:math:`w \in [0, 1]`. Each step one individual reproduces with probability
proportional to fitness and its offspring replaces one individual chosen
uniformly at random. The probability that a single mutant takes over is

.. math:: \rho = \frac{1}{1 + \sum_{k=1}^{N-1} \prod_{j=1}^{k} g_j / f_j},

exact (a :class:`fractions.Fraction`) when the payoffs and ``w`` are rational,
with no tolerance; otherwise a float.
Without selection (``w = 0``) :math:`\rho = 1/N`; selection favours the
mutant's fixation when :math:`\rho > 1/N`. With constant payoffs (``a = b``,
``c = d``) this is the fixation probability of a mutant of constant relative
fitness :math:`r = f/g`, :math:`\rho = (1 - 1/r) / (1 - 1/r^N)`: the case of one
population of a two-population game while the other population is fixed.

References
----------
.. [1] P. D. Taylor and L. B. Jonker, "Evolutionarily stable strategies and game
   dynamics", *Mathematical Biosciences* 40(1-2), 1978, pp. 145-156.
.. [2] J. Hofbauer and K. Sigmund, *Evolutionary Games and Population Dynamics*,
   Cambridge University Press, 1998.
.. [3] E. Hairer, S. P. Norsett and G. Wanner, *Solving Ordinary Differential
   Equations I*, 2nd ed., Springer, 1993 (DOP853).
.. [4] P. A. P. Moran, *The Statistical Processes of Evolutionary Theory*,
   Clarendon Press, 1962.
.. [5] M. A. Nowak, A. Sasaki, C. Taylor and D. Fudenberg, "Emergence of
   cooperation and evolutionary stability in finite populations", *Nature* 428,
   2004, pp. 646-650.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from tradegame.game import Game, to_fraction
from tradegame.solvers import _markdown as md
from tradegame.solvers._common import FloatArray
from tradegame.solvers._values import Value, json_value
from tradegame.solvers.match_inputs import (
    bind,
    check_game,
    check_noise,
    check_turns,
    match_deltas,
    resolve_spec,
)
from tradegame.solvers.play import play
from tradegame.solvers.tournament import _is_symmetric, _label

__all__ = [
    "REST_TOL",
    "Dynamics",
    "PopulationGame",
    "fixation",
    "population_game",
    "replicator",
]

#: A rest point's survivors earn the mean payoff to within this times the payoff spread.
REST_TOL = 1e-6
_EIGEN_TOL = 1e-9  # an eigenvalue's real part within this (times the spread) counts as zero
_SAMPLES_PER_DECADE = 10
_DECADES = 6  # trajectories are sampled from horizon / 10**6 to the horizon

Matrix = tuple[tuple[Value, ...], ...]


# --- the population game ------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationGame:
    """Per-period payoffs of every match between the strategies (module docstring).

    Attributes
    ----------
    names : the strategies' labels, in the order given (the same list for each population).
    players : the stage game's two players (row, column).
    payoffs : one matrix per population, own strategy first: ``payoffs[p][i][j]`` is
        what population ``p``'s strategy ``i`` earns per period against strategy ``j``
        of the other population (of the same population, when there is one).
    turns : the length of every match, or None for discounted payoffs.
    delta : the discount factors (row, column), or None with ``turns``.
    noise : the probability that an intended action is replaced.
    exact : True when every payoff is a Fraction.
    low : each population's player's smallest stage payoff.
    spread : the largest spread of a player's stage payoffs (1 when every payoff is equal).
    """

    names: tuple[str, ...]
    players: tuple[str, str]
    payoffs: tuple[Matrix, ...]
    turns: int | None
    delta: tuple[Value, Value] | None
    noise: Value
    exact: bool
    low: tuple[Value, ...]
    spread: Value

    @property
    def populations(self) -> int:
        """1 for a symmetric game, 2 otherwise."""
        return len(self.payoffs)

    @property
    def labels(self) -> tuple[str, ...]:
        """Who each population is: ``("population",)`` or the two players."""
        return ("population",) if self.populations == 1 else self.players

    def matrices(self) -> tuple[Matrix, Matrix | None]:
        """``(A, B)`` in the game convention: row payoffs, column payoffs (None for one)."""
        if self.populations == 1:
            return self.payoffs[0], None
        own = self.payoffs[1]
        return self.payoffs[0], tuple(zip(*own, strict=True))

    def scaled(self) -> tuple[Matrix, ...]:
        """:attr:`payoffs` mapped onto [0, 1] (the module docstring's scale), own strategy first.

        ``(payoff - low[p]) / spread``, exact when the payoffs are.
        """
        return tuple(
            tuple(tuple((x - low) / self.spread for x in row) for row in M)
            for M, low in zip(self.payoffs, self.low, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; fractions become strings such as ``"7/3"``.

        A fraction too long for Python to print (over 4000 digits, from long
        noisy matches) is given as a float instead.
        """
        return {
            "names": list(self.names),
            "players": list(self.players),
            "populations": self.populations,
            "payoffs": json_value(_printable(self.payoffs)),
            "turns": self.turns,
            "delta": None if self.delta is None else json_value(self.delta),
            "noise": json_value(self.noise),
            "exact": self.exact,
            "low": json_value(self.low),
            "spread": json_value(self.spread),
        }


_PRINTABLE_BITS = 13_000  # about 4000 decimal digits: below Python's int-to-str limit


def _printable(x: Any) -> Any:
    if isinstance(x, tuple | list):
        return [_printable(y) for y in x]
    if isinstance(x, Fraction) and (
        x.numerator.bit_length() > _PRINTABLE_BITS or x.denominator.bit_length() > _PRINTABLE_BITS
    ):
        return float(x)
    return x


def population_game(
    g: Game,
    strategies: Sequence[Any],
    *,
    turns: int | None = None,
    delta: Any = None,
    noise: Any = 0,
    progress: Callable[[float], None] | None = None,
) -> PopulationGame:
    r"""Play every match between ``strategies`` exactly and collect per-period payoffs.

    Parameters
    ----------
    g : Game
        The stage game (numeric or exact).
    strategies : sequence
        At least two distinct library names, labels, ``.toml`` paths,
        :class:`Strategy` or :class:`Automaton` objects.
    turns : int, optional
        Match length; payoffs are expected totals divided by ``turns``. None for
        normalised discounted payoffs at ``delta``.
    delta : number or (row, column) pair, optional
        Discount factors in (0, 1); required when ``turns`` is None.
    noise : number in [0, 1)
        The probability that an intended action is replaced.
    progress : callable, optional
        Called with the fraction of matches played.

    Returns
    -------
    PopulationGame
        One population when ``g`` is symmetric and (with discounting) both
        players have the same discount factor; two otherwise.

    Raises
    ------
    ValueError
        For fewer than two strategies, a strategy listed twice, an unknown
        strategy, bad ``turns``, ``noise`` or ``delta``.

    Examples
    --------
    >>> from tradegame.game import Game
    >>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    >>> pop = population_game(pd, ["tit-for-tat", "always-restrict"], turns=10)
    >>> pop.populations, pop.payoffs[0]
    (1, ((Fraction(3, 1), Fraction(9, 10)), (Fraction(7, 5), Fraction(1, 1))))
    """
    g = check_game(g, "population_game")
    if isinstance(strategies, str | bytes) or not isinstance(strategies, Sequence):
        raise ValueError("strategies must be a list of names, Strategy or Automaton objects")
    specs = [resolve_spec(s) for s in strategies]
    names = tuple(_label(s) for s in specs)
    if len(specs) < 2:
        raise ValueError(
            f"evolution needs at least two strategies to compete; got {len(specs)}"
            + (f" ({names[0]})" if names else "")
        )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"strategy {repeated[0]!r} is listed twice; list each strategy once")
    turns = None if turns is None else check_turns(turns)
    eps = check_noise(noise)
    deltas = match_deltas(g, delta, turns)
    one = _is_symmetric(g) and (deltas is None or deltas[0] == deltas[1])
    seats = [[bind(g, s, 0) for s in specs], [bind(g, s, 1) for s in specs]]
    n = len(specs)
    pairs = [(i, j) for i in range(n) for j in range(i if one else 0, n)]
    own: list[list[list[Any]]] = [[[None] * n for _ in range(n)] for _ in range(1 if one else 2)]
    exact, shown_noise, shown_delta = True, eps, deltas
    for k, (i, j) in enumerate(pairs):
        out = play(g, seats[0][i], seats[1][j], delta=deltas, turns=turns, noise=eps)
        exact, shown_noise, shown_delta = exact and out.exact, out.noise, out.delta
        u, v = out.payoffs
        if turns is not None:
            u, v = u / turns, v / turns
        if one:
            # the diagonal averages the two seats of a self-match, as in a tournament
            own[0][i][j], own[0][j][i] = ((u + v) / 2,) * 2 if i == j else (u, v)
        else:
            own[0][i][j], own[1][j][i] = u, v
        if progress is not None:
            progress((k + 1) / len(pairs))
    payoffs = tuple(tuple(tuple(row) for row in M) for M in own)
    if not exact:
        payoffs = tuple(tuple(tuple(float(x) for x in row) for row in M) for M in payoffs)
    low, spread = _stage_scale(g, exact, 1 if one else 2)
    return PopulationGame(
        names=names,
        players=g.players,
        payoffs=payoffs,
        turns=turns,
        delta=shown_delta,
        noise=shown_noise,
        exact=exact,
        low=low,
        spread=spread,
    )


def _stage_scale(g: Game, exact: bool, populations: int) -> tuple[tuple[Value, ...], Value]:
    """Each player's smallest stage payoff, and the largest spread of a player's payoffs."""
    if exact:
        assert g.exact_A is not None and g.exact_B is not None
        stage = [list(g.exact_A.flat), list(g.exact_B.flat)]
    else:
        stage = [[float(x) for x in g.A.flat], [float(x) for x in g.B.flat]]
    lows = [min(v) for v in stage]
    spread = max(max(v) - lo for v, lo in zip(stage, lows, strict=True))
    if spread == 0:
        spread = Fraction(1) if exact else 1.0
    return tuple(lows[:populations]), spread


def _matrix(M: Any, what: str) -> list[list[Any]]:
    try:
        rows = [list(row) for row in M]
    except TypeError:
        raise ValueError(f"{what} must be a matrix of numbers") from None
    if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
        raise ValueError(f"{what} must be a non-empty rectangular matrix")
    for row in rows:
        for x in row:
            if isinstance(x, bool) or not isinstance(x, numbers.Real | np.number):
                raise ValueError(f"{what} holds {x!r}, which is not a number")
            if not math.isfinite(float(x)):
                raise ValueError(f"{what} holds {x!r}; payoffs must be finite")
    return rows


# --- replicator dynamics ------------------------------------------------------------------


@dataclass(frozen=True)
class Dynamics:
    """A run of the replicator dynamics (see the module docstring).

    Attributes
    ----------
    names : the strategies of each population.
    labels : who each population is (``("population",)``, or the two players).
    times : the sample times, from 0 to ``horizon``.
    shares : ``shares[p][k][i]``, the share of strategy ``i`` in population ``p`` at ``times[k]``.
    horizon : the end of the run.
    threshold : a strategy survives when its end share exceeds this.
    survivors : the surviving strategies of each population, largest share first.
    rest_point : True when the survivors' shares no longer move (to :data:`REST_TOL`).
    nash : True when, in addition, no strategy earns more than its population's mean.
    stability : ``"stable"``, ``"unstable"`` or ``"undecided"`` (linearisation).
    growth : the largest real part of the Jacobian's eigenvalues on the simplex.
    gains : ``gains[p][i]``, strategy ``i``'s payoff minus its population's mean at the end.
    tolerance : payoff differences within this count as zero (:data:`REST_TOL` times the spread).
    """

    names: tuple[tuple[str, ...], ...]
    labels: tuple[str, ...]
    times: tuple[float, ...]
    shares: tuple[tuple[tuple[float, ...], ...], ...]
    horizon: float
    threshold: float
    survivors: tuple[tuple[str, ...], ...]
    rest_point: bool
    nash: bool
    stability: str
    growth: float
    gains: tuple[tuple[float, ...], ...]
    tolerance: float

    @property
    def start(self) -> tuple[tuple[float, ...], ...]:
        """Each population's shares at time 0."""
        return tuple(s[0] for s in self.shares)

    @property
    def end(self) -> tuple[tuple[float, ...], ...]:
        """Each population's shares at the horizon."""
        return tuple(s[-1] for s in self.shares)

    def share(self, name: str, population: int = 0) -> float:
        """The end share of strategy ``name`` in ``population``."""
        return self.end[population][self.names[population].index(name)]

    def invaders(self) -> tuple[tuple[str, ...], ...]:
        """The strategies of each population that earn more than its mean at the end."""
        return tuple(
            tuple(n for n, g in zip(names, gains, strict=True) if g > self.tolerance)
            for names, gains in zip(self.names, self.gains, strict=True)
        )

    def at(self, time: float) -> tuple[tuple[float, ...], ...]:
        """The shares at the last sample time not after ``time``."""
        k = max(k for k, t in enumerate(self.times) if t <= time * (1 + 1e-12))
        return tuple(s[k] for s in self.shares)

    def _repr_markdown_(self) -> str:
        """Where the run ends: survivors, shares and gains per strategy, for notebooks."""
        rest = "a rest point" if self.rest_point else "**not** a rest point"
        nash = ", a Nash equilibrium" if self.nash else ""
        head = md.title("Replicator dynamics") + f" to t = {self.horizon:g}: {rest}{nash}, "
        head += f"{self.stability} (growth rate {self.growth:.3g})"
        return f"{head}\n\n{self._shares_markdown()}"

    def _shares_markdown(self) -> str:
        """Every strategy's start and end shares and its final gain, as a Markdown table."""
        two = len(self.names) > 1
        rows = []
        for p, names in enumerate(self.names):
            for k, name in enumerate(names):
                cells = [md.number(s[k], 4) for s in (self.start[p], self.end[p])]
                cells.append(md.number(self.gains[p][k], 4))
                survives = "yes" if name in self.survivors[p] else ""
                rows.append(
                    [*([md.text(self.labels[p])] if two else []), md.text(name), *cells, survives]
                )
        header = ["strategy", "start share", "end share", "gain over the mean", "survives"]
        return md.table([*(["population"] if two else []), *header], rows, head=len(rows))

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "names": [list(n) for n in self.names],
            "times": list(self.times),
            "shares": [[list(row) for row in s] for s in self.shares],
            "horizon": self.horizon,
            "threshold": self.threshold,
            "end": [list(e) for e in self.end],
            "survivors": [list(s) for s in self.survivors],
            "rest_point": self.rest_point,
            "nash": self.nash,
            "stability": self.stability,
            "growth": self.growth,
            "gains": [list(g) for g in self.gains],
            "invaders": [list(n) for n in self.invaders()],
        }


def replicator(
    A: Any,
    B: Any = None,
    *,
    names: Sequence[Any] | None = None,
    labels: Sequence[str] | None = None,
    start: Any = None,
    horizon: float = 100_000.0,
    threshold: float = 1e-3,
) -> Dynamics:
    r"""Integrate the replicator dynamics of one population (``A``) or two (``A``, ``B``).

    Parameters
    ----------
    A : matrix
        One population: the square matrix ``A[i][j]``, strategy ``i``'s payoff
        against ``j``. Two populations: the row population's payoffs.
    B : matrix, optional
        The column population's payoffs in the game convention (``B[i][j]`` when
        row strategy ``i`` meets column strategy ``j``), the same shape as ``A``.
    names : sequence of str, or a pair of them, optional
        Strategy labels (one list for both populations, or one per population).
    labels : sequence of str, optional
        Who the populations are, for display.
    start : shares, or a pair of share vectors, optional
        Where the populations start; uniform by default. Shares must be
        non-negative and sum to one; a strategy absent at the start stays absent.
    horizon : float
        How long to run, in the unit of time of the payoffs as given (for
        payoffs on the [0, 1] scale of :meth:`PopulationGame.scaled`, a unit of
        time is what a payoff difference of one stage-payoff spread takes to
        multiply a ratio of shares by e).
    threshold : float
        A strategy survives when its end share exceeds this.

    Returns
    -------
    Dynamics

    Raises
    ------
    ValueError
        For matrices that are not numbers, of the wrong shape or with fewer than
        two strategies, bad shares, a horizon that is not positive or a threshold
        outside (0, 1).

    Examples
    --------
    Hawk and dove, with a cost of fighting above the prize: the shares settle
    where both earn the same, half hawks for prize 2 and cost 4.

    >>> d = replicator([[-1, 2], [0, 1]], names=["hawk", "dove"], horizon=100)
    >>> [round(x, 6) for x in d.end[0]], d.rest_point, d.nash, d.stability
    ([0.5, 0.5], True, True, 'stable')
    """
    mats = [_matrix(A, "A")]
    if B is None:
        if len(mats[0]) != len(mats[0][0]):
            raise ValueError(
                "one population needs a square payoff matrix; give B for two populations"
            )
    else:
        mats.append(_matrix(B, "B"))
        if (len(mats[1]), len(mats[1][0])) != (len(mats[0]), len(mats[0][0])):
            raise ValueError("A and B must have the same shape")
        mats[1] = [list(col) for col in zip(*mats[1], strict=True)]  # own strategy first
    sizes = [len(M) for M in mats]
    if min(sizes) < 2:
        raise ValueError("replicator dynamics need at least two strategies in each population")
    horizon_f = float(horizon)
    if not math.isfinite(horizon_f) or horizon_f <= 0:
        raise ValueError(f"horizon must be a positive number; got {horizon!r}")
    threshold_f = float(threshold)
    if not 0 < threshold_f < 1:
        raise ValueError(f"threshold must be a share strictly between 0 and 1; got {threshold!r}")
    M = [np.array([[float(x) for x in row] for row in S], dtype=float) for S in mats]
    spread = max(float(S.max() - S.min()) for S in M) or 1.0
    x0 = _start(start, sizes)
    # 0, then _SAMPLES_PER_DECADE times per decade up to the horizon; decades fall exactly
    steps = _DECADES * _SAMPLES_PER_DECADE
    times = np.array(
        [0.0]
        + [horizon_f / 10 ** ((steps - k) / _SAMPLES_PER_DECADE) for k in range(steps)]
        + [horizon_f]
    )
    path = _integrate(M, x0, times)
    end = [p[-1] for p in path]
    gains = _gains(M, end)
    alive = [[e > threshold_f for e in x] for x in end]
    tol, eigen_tol = REST_TOL * spread, _EIGEN_TOL * spread
    rest = all(
        abs(g) <= tol
        for gp, ap in zip(gains, alive, strict=True)
        for g, a in zip(gp, ap, strict=True)
        if a
    )
    nash = rest and all(g <= tol for gp in gains for g in gp)
    growth = _growth(M, end, gains)
    stability = (
        "stable" if growth < -eigen_tol else "unstable" if growth > eigen_tol else "undecided"
    )
    strategy_names = _names(names, sizes)
    survivors = tuple(
        tuple(
            strategy_names[p][i]
            for i in sorted(range(sizes[p]), key=lambda i: -end[p][i])
            if alive[p][i]
        )
        for p in range(len(sizes))
    )
    shown_labels = (
        tuple(labels)
        if labels is not None
        else (("population",) if len(sizes) == 1 else ("row", "column"))
    )
    if len(shown_labels) != len(sizes):
        raise ValueError(f"labels must name {len(sizes)} population(s); got {labels!r}")
    return Dynamics(
        names=strategy_names,
        labels=shown_labels,
        times=tuple(float(t) for t in times),
        shares=tuple(tuple(tuple(float(v) for v in row) for row in p) for p in path),
        horizon=horizon_f,
        threshold=threshold_f,
        survivors=survivors,
        rest_point=rest,
        nash=nash,
        stability=stability,
        growth=growth,
        gains=tuple(tuple(float(g) for g in gp) for gp in gains),
        tolerance=tol,
    )


def _names(names: Sequence[Any] | None, sizes: list[int]) -> tuple[tuple[str, ...], ...]:
    if names is None:
        return tuple(tuple(str(k + 1) for k in range(n)) for n in sizes)
    if len(names) == len(sizes) and all(
        not isinstance(x, str) and isinstance(x, Sequence) for x in names
    ):
        lists = [tuple(str(x) for x in group) for group in names]
    else:
        lists = [tuple(str(x) for x in names)] * len(sizes)
    for group, n in zip(lists, sizes, strict=True):
        if len(group) != n:
            raise ValueError(f"expected {n} strategy names; got {len(group)}")
    return tuple(lists)


def _start(start: Any, sizes: list[int]) -> list[FloatArray]:
    if start is None:
        return [np.full(n, 1.0 / n) for n in sizes]
    groups = start if len(sizes) == 2 else [start]
    if len(groups) != len(sizes):
        raise ValueError("start must hold one share vector per population")
    out = []
    for group, n in zip(groups, sizes, strict=True):
        try:
            x = np.array([float(v) for v in group], dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"start shares must be numbers; got {group!r}") from None
        if len(x) != n:
            raise ValueError(f"start needs {n} shares; got {len(x)}")
        if not np.all(np.isfinite(x)) or np.any(x < 0) or abs(x.sum() - 1) > 1e-9:
            raise ValueError(f"start shares must be >= 0 and sum to 1; got {list(group)!r}")
        out.append(x / x.sum())
    return out


def _integrate(M: list[FloatArray], x0: list[FloatArray], times: FloatArray) -> list[FloatArray]:
    """Shares at ``times``, integrating log-shares of the strategies present at the start."""
    from scipy.integrate import solve_ivp

    present = [np.flatnonzero(x > 0) for x in x0]
    cuts = np.cumsum([0, *(len(s) for s in present)])
    sub = [
        M[p][np.ix_(present[p], present[(p + 1) % len(M) if len(M) == 2 else p])]
        for p in range(len(M))
    ]

    def shares(u: FloatArray) -> list[FloatArray]:
        out = []
        for p in range(len(M)):
            z = u[cuts[p] : cuts[p + 1]]
            e = np.exp(z - z.max())
            out.append(e / e.sum())
        return out

    def field(_t: float, u: FloatArray) -> FloatArray:
        x = shares(u)
        parts = []
        for p in range(len(M)):
            f = sub[p] @ x[(p + 1) % 2 if len(M) == 2 else p]
            parts.append(f - x[p] @ f)
        return np.concatenate(parts)

    u0 = np.concatenate([np.log(x[s]) for x, s in zip(x0, present, strict=True)])
    sol = solve_ivp(
        field, (0.0, times[-1]), u0, method="DOP853", t_eval=times, rtol=1e-10, atol=1e-10
    )
    if not sol.success:  # pragma: no cover - the field is bounded and smooth
        raise RuntimeError(f"replicator integration failed: {sol.message}")
    path = []
    for p in range(len(M)):
        full = np.zeros((len(times), len(x0[p])))
        for k in range(len(times)):
            full[k, present[p]] = shares(sol.y[:, k])[p]
        path.append(full)
    return path


def _gains(M: list[FloatArray], x: list[FloatArray]) -> list[FloatArray]:
    """Each strategy's payoff minus its population's mean payoff at shares ``x``."""
    out = []
    for p in range(len(M)):
        f = M[p] @ x[(p + 1) % 2 if len(M) == 2 else p]
        out.append(f - x[p] @ f)
    return out


def _growth(M: list[FloatArray], x: list[FloatArray], gains: list[FloatArray]) -> float:
    """The largest real part of the Jacobian's eigenvalues on the tangent space."""
    if len(M) == 1:
        A, s = M[0], x[0]
        f = A @ s
        J = np.diag(gains[0]) + np.outer(s, np.ones(len(s))) * (A - f[None, :] - (A.T @ s)[None, :])
    else:
        A, Bt = M  # Bt[j][i]: column strategy j's payoff against row strategy i
        s, y = x
        n, m = len(s), len(y)
        fa, fb = A @ y, Bt @ s
        J = np.zeros((n + m, n + m))
        J[:n, :n] = np.diag(gains[0]) - np.outer(s, fa)
        J[:n, n:] = s[:, None] * (A - (s @ A)[None, :])
        J[n:, n:] = np.diag(gains[1]) - np.outer(y, fb)
        J[n:, :n] = y[:, None] * (Bt - (y @ Bt)[None, :])
    basis = _tangent([len(v) for v in x])
    eigen = np.linalg.eigvals(basis.T @ J @ basis)
    return float(np.max(eigen.real))


def _tangent(sizes: list[int]) -> FloatArray:
    """An orthonormal basis of the vectors whose entries sum to zero in each population."""
    blocks = []
    for n in sizes:
        _, _, vh = np.linalg.svd(np.ones((1, n)))
        blocks.append(vh[1:].T)  # n x (n - 1), orthogonal to the ones vector
    total = sum(b.shape[0] for b in blocks)
    basis = np.zeros((total, sum(b.shape[1] for b in blocks)))
    r = c = 0
    for b in blocks:
        basis[r : r + b.shape[0], c : c + b.shape[1]] = b
        r, c = r + b.shape[0], c + b.shape[1]
    return basis


# --- the Moran process --------------------------------------------------------------------


def fixation(payoffs: Any, size: int, selection: Any) -> Value:
    r"""The probability that one mutant takes over a Moran population of ``size``.

    Parameters
    ----------
    payoffs : 2x2 matrix
        ``[[a, b], [c, d]]``: mutant against mutant, mutant against resident,
        resident against mutant, resident against resident.
    size : int
        The population size N, at least 2.
    selection : number in [0, 1]
        The intensity of selection w: fitness is ``1 - w + w * payoff``.

    Returns
    -------
    Fraction or float
        :math:`\rho` of the module docstring (Nowak et al. 2004, equation 1): a
        Fraction when the payoffs and ``selection`` are rational.

    Raises
    ------
    ValueError
        For a matrix that is not 2x2 numbers, ``size`` below 2, ``selection``
        outside [0, 1], or a fitness that is not positive.

    Examples
    --------
    Neutral drift, and a mutant that earns twice as much as the residents
    (constant fitness 2 against 1, in a population of 3):

    >>> fixation([[1, 1], [1, 1]], 10, 1)
    Fraction(1, 10)
    >>> fixation([[2, 2], [1, 1]], 3, 1)      # (1 - 1/2) / (1 - 1/8)
    Fraction(4, 7)
    """
    rows = _matrix(payoffs, "payoffs")
    if len(rows) != 2 or len(rows[0]) != 2:
        raise ValueError("payoffs must be a 2x2 matrix [[a, b], [c, d]]")
    if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 2:
        raise ValueError(f"the population size N must be a whole number >= 2; got {size!r}")
    n = int(size)
    w_exact = None if isinstance(selection, bool) else to_fraction(selection)
    if w_exact is None and (
        isinstance(selection, bool) or not isinstance(selection, numbers.Real | np.floating)
    ):
        raise ValueError(f"selection must be a number in [0, 1]; got {selection!r}")
    w_value = float(selection) if w_exact is None else w_exact
    if not 0 <= w_value <= 1:
        raise ValueError(f"selection must be a number in [0, 1]; got {selection!r}")
    values = [to_fraction(x) for row in rows for x in row]
    exact = w_exact is not None and all(v is not None for v in values)
    if exact:
        a, b, c, d = (v for v in values if v is not None)
        w: Value = w_exact
    else:
        a, b, c, d = (float(x) for row in rows for x in row)
        w = float(w_value)
    # fitness times (N - 1): f[i-1] for the mutants, g[i-1] for the residents, i = 1..N-1
    f = [(1 - w) * (n - 1) + w * (a * (i - 1) + b * (n - i)) for i in range(1, n)]
    g = [(1 - w) * (n - 1) + w * (c * i + d * (n - i - 1)) for i in range(1, n)]
    if min(f) <= 0 or min(g) <= 0:
        raise ValueError(
            f"fitness 1 - w + w * payoff must be positive; with selection {selection} the "
            "payoffs must exceed 1 - 1/w (rescale them to [0, 1])"
        )
    if not exact:
        total = 0.0  # Horner: sum_k prod_{j<=k} r_j = r_1 (1 + r_2 (1 + ... r_{N-1}))
        for fi, gi in zip(reversed(f), reversed(g), strict=True):
            total = gi / fi * (1 + total)
        return 1 / (1 + total) if math.isfinite(total) else 0.0
    # the same over the integers: fitness over a common denominator, one reduction at the end
    den = math.lcm(*(Fraction(v).denominator for v in (*f, *g)))
    fi_int = [int(v * den) for v in f]
    gi_int = [int(v * den) for v in g]
    p, q = 0, 1  # the tail sum as p / q
    for fi, gi in zip(reversed(fi_int), reversed(gi_int), strict=True):
        p, q = gi * (q + p), fi * q
    return Fraction(q, q + p)
