r"""Evolution of repeated-game strategies: replicator dynamics and the Moran process.

A *population game* is what strategies earn against each other: the exact
per-period payoff of every match of the repeated game (:func:`population_game`,
built on :func:`~tradegame.solvers.play.play`). Two dynamics act on it. This
module holds the replicator dynamics; the population game
(:mod:`tradegame.solvers.population`) and the Moran process
(:mod:`tradegame.solvers.moran`) have modules of their own, and their public
names are importable from here too.

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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tradegame.solvers import _markdown as md
from tradegame.solvers._common import FloatArray
from tradegame.solvers.moran import fixation
from tradegame.solvers.population import PopulationGame, _matrix, population_game

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
