r"""Subgame-perfect equilibria of a finitely repeated game, by backward induction.

Conventions
-----------
* Indices follow :mod:`tradegame.game`: ``A[i, j]`` is the row player's payoff
  and ``B[i, j]`` the column player's; player 0 is the row player.
* The stage game is played in periods :math:`t = 1, \dots, T` with perfect
  monitoring, and players use pure strategies.
* Payoffs are discounted sums, *not* normalised: a stream
  :math:`u_1, \dots, u_T` is worth :math:`\sum_{t=1}^{T} \delta_i^{t-1} u_{i,t}`
  to player :math:`i`. With :math:`\delta = 1` (the default) that is the total.
  A *continuation payoff* from period :math:`t` counts periods :math:`t..T`,
  discounted to period :math:`t`.
* A profile is reported as a pair of action names ``(row action, col action)``.

Method
------
Let :math:`E_t` be the set of subgame-perfect equilibrium (SPE) payoff vectors
of the game that starts in period :math:`t`. Then :math:`E_{T+1} = \{(0, 0)\}`
and, with :math:`m_{t+1,i} = \min_{w \in E_{t+1}} w_i`,

.. math::

    E_t = \{\, u(a) + \delta w :\ a \text{ a pure profile},\ w \in E_{t+1},\
    u_i(a) + \delta_i w_i \ge \max_d u_i(d, a_{-i}) + \delta_i m_{t+1,i}
    \text{ for } i = 0, 1 \,\}.

Every subgame that starts in period :math:`t+1` is the same
:math:`(T-t)`-period game, so any of its SPE may follow any history. By the
one-shot deviation principle, a profile :math:`a` followed by the SPE
continuation :math:`w` is an SPE of the game from period :math:`t` exactly
when no player gains by deviating in period :math:`t` alone, and the harshest
continuation that can follow a deviation by player :math:`i` is the SPE
continuation worst for :math:`i`. These are the reward and punishment paths of
Benoît and Krishna [1]_; Abreu [2]_ uses the same worst punishments for the
infinite horizon.

A profile is *sustainable* in period :math:`t` when some :math:`w \in E_{t+1}`
satisfies the two inequalities above. Every sustainable profile is played in
period :math:`t` on the path of some SPE of the whole game: play a stage
equilibrium in periods :math:`1..t-1` (it satisfies the inequalities with any
continuation), then the profile, then its reward path.

Exact arithmetic
----------------
The sets :math:`E_t` are finite (at most :math:`(mn)^{T-t+1}` vectors) and are
kept exactly, without duplicates, as integers over a common denominator per
period. Exact games are solved in fractions; a numeric game is solved exactly on
the binary values of its floats (the values
:func:`tradegame.solvers.stage.pure_equilibria` compares) and reported in
floats. A discount factor written as a short decimal such as ``0.9`` is read as
the fraction ``9/10``, as :class:`tradegame.game.Game` reads its entries. There is
no tolerance: an incentive constraint that holds with equality holds.
With discounting the sets can grow geometrically; past ``max_vectors`` vectors
(:data:`MAX_VECTORS` by default) :func:`finite_horizon` stops with a
``ValueError``.

Limitations
-----------
Pure strategies only. Mixed stage equilibria (from
:func:`tradegame.solvers.stage.equilibria`) are counted and reported but are
not used as continuations: they could make punishments harsher and sustain
more. Every pure SPE found here stays an SPE when mixed strategies are allowed.
A stage game with no pure equilibrium has no pure SPE, and the result says so.

References
----------
.. [1] J.-P. Benoît and V. Krishna, "Finitely repeated games",
   *Econometrica* 53(4), 1985, pp. 905-922.
.. [2] D. Abreu, "On the theory of infinitely repeated games with discounting",
   *Econometrica* 56(2), 1988, pp. 383-396.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from tradegame.game import Game, to_fraction
from tradegame.solvers import _markdown as md
from tradegame.solvers._values import Value, json_value, text

__all__ = ["MAX_VECTORS", "FiniteHorizon", "Witness", "finite_horizon"]

#: The default cap on the number of payoff vectors in one continuation set.
MAX_VECTORS = 100_000

Names = tuple[str, str]
Pair = tuple[int, int]  # scaled integer payoffs, or a profile (i, j)


def _pair(values: Any) -> str:
    return "(" + ", ".join(text(x) for x in values) + ")"


def _path_text(path: tuple[Names, ...]) -> str:
    return "[" + ", ".join(f"({r}, {c})" for r, c in path) + "]"


def _floats(values: Any) -> list[Any]:
    return [json_value(float(x)) for x in values]


@dataclass(frozen=True)
class Witness:
    r"""A non-equilibrium profile sustained by reward and punishment paths.

    Attributes
    ----------
    period : int
        The earliest period in which a profile that is not a stage equilibrium
        is sustainable; ``profile`` is the first such profile in index order.
    profile : pair of str
        The profile :math:`a` played in ``period``.
    gains : pair of values
        Each player's one-shot gain :math:`\max_d u_i(d, a_{-i}) - u_i(a)`.
    path : tuple of profiles
        An SPE path for periods :math:`1..T`: a stage equilibrium before
        ``period``, then ``profile``, then ``reward``.
    reward : tuple of profiles
        The path for periods after ``period`` that follows ``profile``: of the
        continuations that sustain it, the one with the largest sum of payoffs.
    reward_payoffs : pair of values
        The continuation payoffs :math:`w` of ``reward``, from period ``period + 1``.
    punishments : pair of tuples of profiles
        For each player, the SPE path after a deviation by that player: the
        SPE continuation worst for the deviator.
    punishment_payoffs : pair of values
        The deviator's continuation payoff :math:`m_i` on its punishment path.
        The profile is sustained because, for both players,
        ``gains[i] <= delta[i] * (reward_payoffs[i] - punishment_payoffs[i])``.
    """

    period: int
    profile: Names
    gains: tuple[Value, Value]
    path: tuple[Names, ...]
    reward: tuple[Names, ...]
    reward_payoffs: tuple[Value, Value]
    punishments: tuple[tuple[Names, ...], tuple[Names, ...]]
    punishment_payoffs: tuple[Value, Value]

    def __repr__(self) -> str:
        return (
            f"Witness(period={self.period}, profile=({self.profile[0]}, {self.profile[1]}), "
            f"gains={_pair(self.gains)}, reward={_path_text(self.reward)}, "
            f"reward_payoffs={_pair(self.reward_payoffs)}, "
            f"punishments=({_path_text(self.punishments[0])}, "
            f"{_path_text(self.punishments[1])}), "
            f"punishment_payoffs={_pair(self.punishment_payoffs)})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; fractions appear as strings such as ``"3/2"``."""
        out: dict[str, Any] = {
            "period": self.period,
            "profile": list(self.profile),
            "path": [list(a) for a in self.path],
            "reward": [list(a) for a in self.reward],
            "punishments": [[list(a) for a in p] for p in self.punishments],
        }
        for name in ("gains", "reward_payoffs", "punishment_payoffs"):
            out[name] = json_value(getattr(self, name))
            out[f"{name}_float"] = _floats(getattr(self, name))
        return out


@dataclass(frozen=True)
class FiniteHorizon:
    r"""The pure-strategy SPE of the stage game repeated ``periods`` times.

    Attributes
    ----------
    periods : int
        The number of periods :math:`T`.
    delta : pair of values
        The discount factors used (``1`` means totals).
    payoffs : tuple of pairs
        The SPE payoff vectors :math:`E_1`, sorted; fractions for an exact game
        with rational discount factors, floats otherwise. Empty when there is
        no pure SPE.
    best, worst : pair of values, or None
        Each player's largest and smallest payoff in ``payoffs``; None when empty.
    sustainable : dict
        For each period ``t`` in ``1..T``, the list of profiles (pairs of action
        names, in index order) played in period ``t`` on some SPE path.
    stage_equilibria : tuple of profiles
        The pure equilibria of the stage game.
    mixed_stage_equilibria : int
        How many extreme stage equilibria are not pure (not used here).
    unique_stage_equilibrium : bool
        True when the stage game has exactly one equilibrium, and it is pure.
    witness : Witness or None
        When a profile that is not a stage equilibrium is sustainable in some
        period: how (see :class:`Witness`).
    explanation : str
        The result in words.
    set_sizes : tuple of int
        The number of vectors in :math:`E_t` for ``t = 1..T``.
    """

    periods: int
    delta: tuple[Value, Value]
    payoffs: tuple[tuple[Value, Value], ...]
    best: tuple[Value, Value] | None
    worst: tuple[Value, Value] | None
    sustainable: dict[int, list[Names]]
    stage_equilibria: tuple[Names, ...]
    mixed_stage_equilibria: int
    unique_stage_equilibrium: bool
    witness: Witness | None
    explanation: str = field(repr=False)
    set_sizes: tuple[int, ...] = field(repr=False)

    @property
    def is_empty(self) -> bool:
        """True when there is no pure-strategy SPE."""
        return not self.payoffs

    def _repr_markdown_(self) -> str:
        """The subgame-perfect payoffs (the first and last of many), for notebooks."""
        plural = "" if self.periods == 1 else "s"
        head = md.title("Finite horizon") + f": the stage game repeated {self.periods} time{plural}"
        head += ", totals" if all(d == 1 for d in self.delta) else f" at δ = {md.pair(self.delta)}"
        if self.is_empty:
            return head + ": no pure-strategy subgame-perfect equilibrium"
        count = len(self.payoffs)
        head += f": {count} subgame-perfect payoff vector{'' if count == 1 else 's'}"
        rows = [[str(k + 1), *(md.number(x) for x in v)] for k, v in enumerate(self.payoffs)]
        table = md.table(["#", "row", "col"], rows)
        if self.witness is not None:
            w = self.witness
            profile = f"({md.text(w.profile[0])}, {md.text(w.profile[1])})"
            note = f"Beyond stage equilibria: {profile} is sustained in period {w.period}."
        elif self.unique_stage_equilibrium:
            note = "The stage game's unique equilibrium is played in every period."
        else:
            note = "Only stage equilibria are played."
        return f"{head}\n\n{table}\n\n{note}"

    def __repr__(self) -> str:
        shown = (
            "[" + ", ".join(_pair(v) for v in self.payoffs) + "]"
            if len(self.payoffs) <= 8
            else f"<{len(self.payoffs)} vectors>"
        )
        bounds = "None" if self.best is None else _pair(self.best)
        lows = "None" if self.worst is None else _pair(self.worst)
        return (
            f"FiniteHorizon(periods={self.periods}, delta={_pair(self.delta)}, "
            f"payoffs={shown}, best={bounds}, worst={lows}, "
            f"unique_stage_equilibrium={self.unique_stage_equilibrium}, witness={self.witness!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; every numeric field ``X`` also has ``X_float``."""
        out: dict[str, Any] = {
            "periods": self.periods,
            "delta": json_value(self.delta),
            "delta_float": _floats(self.delta),
            "payoffs": [json_value(v) for v in self.payoffs],
            "payoffs_float": [_floats(v) for v in self.payoffs],
            "empty": self.is_empty,
            "best": None if self.best is None else json_value(self.best),
            "best_float": None if self.best is None else _floats(self.best),
            "worst": None if self.worst is None else json_value(self.worst),
            "worst_float": None if self.worst is None else _floats(self.worst),
            "sustainable": {str(t): [list(a) for a in s] for t, s in self.sustainable.items()},
            "stage_equilibria": [list(a) for a in self.stage_equilibria],
            "mixed_stage_equilibria": self.mixed_stage_equilibria,
            "unique_stage_equilibrium": self.unique_stage_equilibrium,
            "witness": None if self.witness is None else self.witness.to_dict(),
            "explanation": self.explanation,
            "set_sizes": list(self.set_sizes),
        }
        return out


def _whole_number(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1; got {value!r}")
    return int(value)


def _check_discounts(delta: Any, players: tuple[str, str]) -> tuple[list[Fraction], bool]:
    """The discount factors as exact fractions, and whether they were given exactly."""
    if hasattr(delta, "__len__") and not isinstance(delta, str | bytes):
        if len(delta) != 2:
            raise ValueError(
                "delta must be a number in (0, 1] or a (row, col) pair of them; "
                f"got a sequence of {len(delta)} values"
            )
    else:
        delta = (delta, delta)
    fractions, exact = [], True
    for value, player in zip(delta, players, strict=True):
        if getattr(value, "free_symbols", None):
            raise ValueError(
                f"delta of {player} must be a number in (0, 1]; got the expression {value}"
            )
        is_real = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if not (is_real or getattr(value, "is_number", False)):
            raise ValueError(f"delta of {player} must be a number in (0, 1]; got {value!r}")
        as_float = float(value)
        if math.isnan(as_float) or not 0 < as_float <= 1:
            raise ValueError(f"delta of {player} must be in (0, 1]; got {value!r}")
        fraction = to_fraction(value)
        if fraction is None:  # an inexact float: solve on its binary value
            fraction, exact = Fraction(as_float), False
        if fraction > 1:  # a rational just above 1, whose float is 1.0
            raise ValueError(f"delta of {player} must be in (0, 1]; got {value!r}")
        fractions.append(fraction)
    return fractions, exact


class _Induction:
    """Backward induction on integer-scaled continuation sets.

    A continuation payoff :math:`v_i` from period ``t`` is stored as the integer
    ``v_i * L * q_i**(T - t)``, with ``L`` the common denominator of the stage
    payoffs and ``delta_i = p_i / q_i``; then ``u + delta * w`` becomes
    ``U * q**(T - t) + p * W`` in integers.
    """

    def __init__(self, g: Game, periods: int, delta: list[Fraction], cap: int) -> None:
        A = g.exact_A if g.exact_A is not None else g.A
        B = g.exact_B if g.exact_B is not None else g.B
        m, n = g.shape
        u = {(i, j): (Fraction(A[i, j]), Fraction(B[i, j])) for i in range(m) for j in range(n)}
        self.L = math.lcm(*(x.denominator for pair in u.values() for x in pair))
        self.profiles = sorted(u)
        self.U = {a: (int(x * self.L), int(y * self.L)) for a, (x, y) in u.items()}
        self.gain = {
            (i, j): (
                max(self.U[d, j][0] for d in range(m)) - self.U[i, j][0],
                max(self.U[i, d][1] for d in range(n)) - self.U[i, j][1],
            )
            for i, j in self.profiles
        }
        self.p = (delta[0].numerator, delta[1].numerator)
        self.q = (delta[0].denominator, delta[1].denominator)
        self.T = periods
        self.sets: dict[int, set[Pair]] = {periods + 1: {(0, 0)}}
        self.lows: dict[int, Pair] = {periods + 1: (0, 0)}  # each player's minimum in sets[t]
        self.sustainable: dict[int, list[Pair]] = {}
        for t in range(periods, 0, -1):
            self._step(t, cap)

    def _powers(self, t: int) -> Pair:
        return (self.q[0] ** (self.T - t), self.q[1] ** (self.T - t))

    def _thresholds(self, t: int, a: Pair) -> Pair:
        """The least ``p_i * w_i`` (scaled) that keeps player i on ``a`` in period t."""
        low, qe = self.lows[t + 1], self._powers(t)
        return (
            self.gain[a][0] * qe[0] + self.p[0] * low[0],
            self.gain[a][1] * qe[1] + self.p[1] * low[1],
        )

    def _step(self, t: int, cap: int) -> None:
        if not self.sets[t + 1]:  # no pure stage equilibrium: nothing can follow
            self.sets[t], self.sustainable[t] = set(), []
            return
        (p0, p1), (q0, q1) = self.p, self._powers(t)
        scaled = [(p0 * w0, p1 * w1) for w0, w1 in self.sets[t + 1]]
        out: set[Pair] = set()
        played: list[Pair] = []
        for a in self.profiles:
            th0, th1 = self._thresholds(t, a)
            c0, c1 = self.U[a][0] * q0, self.U[a][1] * q1
            new = {(c0 + x, c1 + y) for x, y in scaled if x >= th0 and y >= th1}
            if new:
                played.append(a)
                out |= new
            if len(out) > cap:
                raise ValueError(
                    f"more than {cap} subgame-perfect continuation payoff vectors from period "
                    f"{t} of {self.T}, over the cap max_vectors={cap}; use fewer periods"
                )
        self.sets[t] = out
        self.sustainable[t] = played
        if out:
            self.lows[t] = (min(v[0] for v in out), min(v[1] for v in out))

    def admits(self, t: int, a: Pair, w: Pair) -> bool:
        th = self._thresholds(t, a)
        return self.p[0] * w[0] >= th[0] and self.p[1] * w[1] >= th[1]

    def value(self, t: int, v: Pair) -> tuple[Fraction, Fraction]:
        """The payoffs of the scaled vector ``v`` from period ``t``."""
        qe = self._powers(t)
        return (Fraction(v[0], self.L * qe[0]), Fraction(v[1], self.L * qe[1]))

    def path(self, t: int, v: Pair) -> list[Pair]:
        """Profiles for periods ``t..T`` of an SPE path with continuation payoffs ``v``."""
        out: list[Pair] = []
        while t <= self.T:
            qe = self._powers(t)
            for a in self.profiles:
                r0, r1 = v[0] - self.U[a][0] * qe[0], v[1] - self.U[a][1] * qe[1]
                if r0 % self.p[0] or r1 % self.p[1]:
                    continue
                w = (r0 // self.p[0], r1 // self.p[1])
                if w in self.sets[t + 1] and self.admits(t, a, w):
                    out.append(a)
                    v, t = w, t + 1
                    break
            else:  # pragma: no cover - every vector in a set was built this way
                raise RuntimeError(f"no profile decomposes {v} in period {t}")
        return out


def finite_horizon(
    g: Game, periods: int, delta: Any = 1, *, max_vectors: int = MAX_VECTORS
) -> FiniteHorizon:
    r"""The pure-strategy subgame-perfect equilibria of ``g`` repeated ``periods`` times.

    Parameters
    ----------
    g : Game
        An exact or numeric stage game (evaluate a symbolic one with :meth:`Game.subs`).
    periods : int
        The number of periods :math:`T \ge 1`.
    delta : number or pair of numbers, default 1
        The discount factor in :math:`(0, 1]`, or a ``(row, col)`` pair of them.
        ``1`` gives undiscounted totals.
    max_vectors : int, keyword-only
        The most payoff vectors one continuation set :math:`E_t` may hold.

    Returns
    -------
    FiniteHorizon
        Computed by the backward induction of the module docstring. When the
        stage game has a unique equilibrium, and it is pure, the result checks
        (rather than assumes) that the only SPE repeats it in every period.

    Raises
    ------
    ValueError
        If ``g`` is not a numeric game, ``periods`` is not a whole number
        ``>= 1``, a discount factor is not in :math:`(0, 1]`, or a continuation
        set exceeds ``max_vectors``.

    Examples
    --------
    >>> from tradegame.game import Game
    >>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    >>> result = finite_horizon(pd, 3)
    >>> result.payoffs, result.sustainable[1]
    (((Fraction(3, 1), Fraction(3, 1)),), [('D', 'D')])
    """
    from tradegame.solvers.stage import equilibria

    if not isinstance(g, Game):
        raise ValueError(f"finite_horizon needs a tradegame Game; got {type(g).__name__}")
    if g.is_symbolic:
        raise ValueError(
            "finite_horizon needs numbers, but this game is symbolic: evaluate with .subs() first"
        )
    T = _whole_number(periods, "periods")
    cap = _whole_number(max_vectors, "max_vectors")
    fractions, exact_delta = _check_discounts(delta, g.players)
    exact = g.is_exact and exact_delta

    def number(x: Fraction) -> Value:
        return x if exact else float(x)

    def names(a: Pair) -> Names:
        return (g.actions[0][a[0]], g.actions[1][a[1]])

    run = _Induction(g, T, fractions, cap)
    payoffs = tuple(
        (number(x), number(y)) for x, y in (run.value(1, v) for v in sorted(run.sets[1]))
    )
    pure = [a for a in run.profiles if run.gain[a] == (0, 0)]
    mixed = sum(not e.is_pure for e in equilibria(g))
    witness = _witness(run, pure, names, number) if len(pure) > 1 else None
    return FiniteHorizon(
        periods=T,
        delta=(number(fractions[0]), number(fractions[1])),
        payoffs=payoffs,
        best=(max(v[0] for v in payoffs), max(v[1] for v in payoffs)) if payoffs else None,
        worst=(min(v[0] for v in payoffs), min(v[1] for v in payoffs)) if payoffs else None,
        sustainable={t: [names(a) for a in run.sustainable[t]] for t in range(1, T + 1)},
        stage_equilibria=tuple(names(a) for a in pure),
        mixed_stage_equilibria=mixed,
        unique_stage_equilibrium=len(pure) == 1 and mixed == 0,
        witness=witness,
        explanation=_explain(run, pure, mixed, witness, names, g.players),
        set_sizes=tuple(len(run.sets[t]) for t in range(1, T + 1)),
    )


def _witness(run: _Induction, pure: list[Pair], names: Any, number: Any) -> Witness | None:
    """Reward and punishment paths for the earliest sustainable non-equilibrium profile."""
    for t in range(1, run.T + 1):
        found = [a for a in run.sustainable[t] if a not in pure]
        if found:
            break
    else:
        return None
    a, nxt = found[0], run.sets[t + 1]
    scale = run._powers(t + 1)  # payoffs of both players in the same units, for the sum

    def total(w: Pair) -> int:
        return w[0] * scale[1] + w[1] * scale[0]

    reward = max((w for w in nxt if run.admits(t, a, w)), key=lambda w: (total(w), w))
    punish = [min(nxt, key=lambda w: (w[0], w[1])), min(nxt, key=lambda w: (w[1], w[0]))]
    rewarded = [names(b) for b in run.path(t + 1, reward)]
    gains = (Fraction(run.gain[a][0], run.L), Fraction(run.gain[a][1], run.L))
    w = run.value(t + 1, reward)
    return Witness(
        period=t,
        profile=names(a),
        gains=(number(gains[0]), number(gains[1])),
        path=tuple([names(pure[0])] * (t - 1) + [names(a)] + rewarded),
        reward=tuple(rewarded),
        reward_payoffs=(number(w[0]), number(w[1])),
        punishments=(
            tuple(names(b) for b in run.path(t + 1, punish[0])),
            tuple(names(b) for b in run.path(t + 1, punish[1])),
        ),
        punishment_payoffs=(
            number(run.value(t + 1, punish[0])[0]),
            number(run.value(t + 1, punish[1])[1]),
        ),
    )


def _explain(
    run: _Induction,
    pure: list[Pair],
    mixed: int,
    witness: Witness | None,
    names: Any,
    players: tuple[str, str],
) -> str:
    def show(a: Pair) -> str:
        return "({}, {})".format(*names(a))

    T, plural = run.T, "s" if run.T > 1 else ""
    if not pure:
        return (
            f"The stage game has no pure equilibrium (it has {mixed} mixed one"
            f"{'s' if mixed != 1 else ''}), so there is no pure-strategy subgame-perfect "
            "equilibrium: the last period has no pure equilibrium to play. Mixed stage "
            "equilibria are not used as continuations here."
        )
    if len(pure) == 1:
        only = pure[0]
        repeats = len(run.sets[1]) == 1 and all(
            run.sustainable[t] == [only] for t in range(1, T + 1)
        )
        head = (
            f"The stage game has a unique equilibrium, {show(only)}, and it is pure"
            if mixed == 0
            else f"The stage game's only pure equilibrium is {show(only)} (it also has {mixed} "
            f"mixed equilibri{'a' if mixed > 1 else 'um'}, not used as continuations here)"
        )
        if repeats:  # checked on the computed sets, not assumed
            return (
                f"{head}; backward induction confirms that the only pure-strategy "
                f"subgame-perfect equilibrium plays {show(only)} in each of the {T} period{plural}."
            )
        return f"{head}."  # pragma: no cover - backward induction always confirms it
    many = f"The stage game has {len(pure)} pure equilibria"
    if witness is None:
        return (
            f"{many}, but no other profile is sustainable in any of the {T} period{plural}: "
            "every subgame-perfect path is a sequence of stage equilibria."
        )
    periods = [t for t in range(1, T + 1) if any(a not in pure for a in run.sustainable[t])]
    profile = "({}, {})".format(*witness.profile)
    return (
        f"{many}. As in Benoît and Krishna (1985), {profile}, not a stage equilibrium, is "
        f"played in period {witness.period} on a subgame-perfect path: it is followed by the "
        f"reward path {_path_text(witness.reward)}, and a deviation by {players[0]} is "
        f"punished with {_path_text(witness.punishments[0])}, by {players[1]} with "
        f"{_path_text(witness.punishments[1])}. Profiles that are not stage equilibria are "
        f"sustainable in period{'s' if len(periods) > 1 else ''} "
        f"{', '.join(map(str, periods))}."
    )
