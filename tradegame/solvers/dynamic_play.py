r"""Matches between two repeated-game strategies in the dynamic (stochastic) game.

:func:`tradegame.solvers.play.play` plays two automata on a fixed stage game.
:func:`play_dynamic` plays them in a
:class:`~tradegame.solvers.stochastic.StochasticGame`, where the stage game
moves with the state: in each period

1. each automaton picks its action from its current state;
2. both players' stage payoffs are evaluated at the current *continuous* state
   (:meth:`~tradegame.solvers.stochastic.StochasticGame.stage_payoffs`: no grid,
   no interpolation);
3. each player's block of the state moves by
   :meth:`~tradegame.solvers.stochastic.StochasticGame.next_block` under that
   player's action;
4. each automaton moves on the action profile (its own action first).

Values
------
A player's value is the discounted sum :math:`v_p = \sum_{t \ge 0} \delta_p^t
u_{p,t}`, on the scale of the Markov perfect values of
:mod:`tradegame.solvers.markov` (:math:`V = U + \delta\,E V'`). It is *not*
normalised by :math:`1 - \delta_p` as :func:`~tradegame.solvers.play.play`'s
payoffs are: :attr:`DynamicMatch.normalised` gives that scale.

Truncation and tolerance
------------------------
The sum is truncated after the first ``T`` periods with

.. math:: \delta_p^T \, \frac{M_p}{1 - \delta_p} \le \mathrm{tol} \quad \text{for both players},

where :math:`M_p` is the largest magnitude of player ``p``'s stage payoffs over
the grid states (:attr:`StochasticGame.payoffs`) and along the path played. The
left-hand side, :attr:`DynamicMatch.bound`, bounds the neglected tail
:math:`|\sum_{t \ge T} \delta_p^t u_{p,t}|` whenever later stage payoffs stay
within :math:`M_p`. That holds for the model's dynamic game
(:mod:`tradegame.model.dynamics`): its transitions never leave the box spanned
by the grid (pressure in :math:`[0, 1/\phi]`, dependence between its floor and
its initial value), and for a fixed action profile its stage payoffs are
monotone in pressure and affine in each dependence, so their extremes over the
box lie at grid corners. Starts outside the grid's box are rejected.

The default ``tol`` is the residual tolerance of the other stochastic solvers,
:math:`10^{-8} \max(1, R)` with ``R`` the payoff range
(:func:`~tradegame.solvers.stochastic.tolerances`).

Mixed strategies
----------------
A mixed automaton (for example generous tit-for-tat once it has seen a
deviation) is played *exactly*: the match is tracked as a distribution over
branches, each an (automaton states, continuous state) pair with its
probability. Branches that reach the same automaton states and the same
continuous state (equal floats) are merged. Deterministic automata keep a
single branch. When the continuous state records the random actions (it
usually does: pressure remembers every restriction), the number of branches
grows geometrically; once it would exceed ``max_branches``, :func:`play_dynamic`
raises a ValueError naming the mixed strategy. For a mixed match,
:attr:`DynamicMatch.path` reports each period's action marginals, expected
payoffs, expected state, and expected derived quantities (the mean over
branches, not the quantities at the mean state).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.solvers import _markdown as md
from tradegame.solvers.match_inputs import resolve_spec
from tradegame.solvers.paths import Path
from tradegame.solvers.stochastic import StochasticGame, as_stochastic_game, tolerances
from tradegame.solvers.strategies.automaton import Automaton, Strategy, check_fits, sides

__all__ = ["DynamicMatch", "bind_pair", "play_dynamic"]

FloatArray = npt.NDArray[np.float64]

#: Default largest number of (automaton states, continuous state) branches of a mixed match.
MAX_BRANCHES = 1024
#: Default largest number of periods played.
MAX_PERIODS = 100_000
_CHUNK = 8192  # states per batch of stage-payoff evaluations
_CHECK_EVERY = 64  # periods between checks of the path's payoffs against the bound's scale
_BOX_SLACK = 1e-12  # a start this far outside the grid's box still counts as inside


@dataclass(frozen=True, eq=False)
class DynamicMatch:
    r"""The result of :func:`play_dynamic`; every pair is (row player, column player).

    Attributes
    ----------
    names : the two automata's names.
    players : the two players' names.
    values : discounted sums :math:`\sum_{t<T} \delta_p^t E[u_{p,t}]` over the
        periods played (not normalised; see the module docstring).
    bound : for each player, :math:`\delta_p^T M_p / (1 - \delta_p)`, which bounds
        the neglected tail, so the infinite-horizon value lies within
        ``values[p] ± bound[p]``.
    tol : the tolerance the truncation aimed at.
    converged : True when ``bound`` is within ``tol`` for both players; False
        when ``max_periods`` ran out first.
    path : the periods played, as a :class:`~tradegame.solvers.paths.Path`: states
        (``T + 1`` of them, the last after the last period), action
        probabilities (one-hot for deterministic automata), expected stage
        payoffs and derived quantities (such as dependence and trust).
    automaton_states : each period's pair of automaton state labels, for a
        match with a single branch; None for a mixed match.
    branches : the largest number of branches tracked in one period (1 for
        deterministic automata).
    prefix, cycle : for a match in which both automata play pure actions, the
        action profiles (index pairs) played: ``prefix`` once, then ``cycle``
        forever. The automata see only actions, never the state, so their
        actions repeat exactly as in the repeated game, over the whole infinite
        match (not only the periods played). None for a mixed match.
    """

    names: tuple[str, str]
    players: tuple[str, str]
    values: tuple[float, float]
    bound: tuple[float, float]
    tol: float
    converged: bool
    path: Path
    automaton_states: tuple[tuple[str, str], ...] | None
    branches: int
    prefix: tuple[tuple[int, int], ...] | None = None
    cycle: tuple[tuple[int, int], ...] | None = None

    @property
    def periods(self) -> int:
        """The number of periods played, ``T``."""
        return self.path.periods

    @property
    def normalised(self) -> tuple[float, float]:
        r"""``values`` times :math:`1 - \delta_p`: the scale of :func:`.play.play`'s payoffs."""
        d = self.path.discount
        return ((1 - d[0]) * self.values[0], (1 - d[1]) * self.values[1])

    def restricting(self, player: int, open_action: int = 0) -> FloatArray:
        """The probability, per period, that ``player`` plays anything but ``open_action``."""
        probs = self.path.row if player == 0 else self.path.col
        return np.asarray(1.0 - probs[:, open_action], dtype=np.float64)

    def restriction_ends(self, player: int, open_action: int = 0) -> int | None:
        """The first period from which ``player`` opens for sure, for ever.

        0 when it never restricts; None when its restrictions never stop. For a
        deterministic match this is exact (from :attr:`prefix` and
        :attr:`cycle`); for a mixed one it is read from the periods played, and
        None means that the player still restricts, with positive probability,
        in the last period played.
        """
        if self.prefix is not None and self.cycle is not None:
            if any(p[player] != open_action for p in self.cycle):
                return None
            shut = [t for t, p in enumerate(self.prefix) if p[player] != open_action]
            return shut[-1] + 1 if shut else 0
        restricting = np.flatnonzero(self.restricting(player, open_action) > 1e-12)
        if restricting.size == 0:
            return 0
        last = int(restricting[-1])
        return None if last == self.periods - 1 else last + 1

    def __repr__(self) -> str:
        shown = ", ".join(
            "/".join(a or "mixed" for a in self.path.profile(t))
            for t in range(min(self.periods, 4))
        )
        more = ", ..." if self.periods > 4 else ""
        return (
            f"DynamicMatch({self.names[0]} vs {self.names[1]}, values=({self.values[0]:.6g}, "
            f"{self.values[1]:.6g}) ± ({self.bound[0]:.2g}, {self.bound[1]:.2g}), "
            f"periods={self.periods}, actions=[{shown}{more}])"
        )

    def _repr_markdown_(self) -> str:
        """The values, when restrictions end and the periods played, for notebooks.

        The table of periods keeps the first and the last ones of a long match.
        """
        who = [md.text(p) for p in self.players]
        head = md.title(f"{md.text(self.names[0])} against {md.text(self.names[1])}")
        head += f" in the dynamic game: {self.periods} periods played"
        if not self.converged:
            head += " (**not converged**: the tail bound is above the tolerance)"
        ends = [self.restriction_ends(k) for k in range(2)]
        rows = [
            ["strategy", *(md.text(n) for n in self.names)],
            ["discounted value", *(md.number(v) for v in self.values)],
            ["± tail bound", *(f"{b:.2g}" for b in self.bound)],
            ["restrictions end", *(_ending(e) for e in ends)],
        ]
        table = md.table(["", *who], rows)
        return "\n\n".join([head, table, self.path._markdown_table(self.players)])

    def profile_names(self, profiles: Sequence[tuple[int, int]]) -> list[list[str]]:
        """Action-name pairs of index pairs, such as :attr:`prefix`."""
        actions = self.path.actions
        return [[actions[0][i], actions[1][j]] for i, j in profiles]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description, with the whole path."""
        return {
            "names": list(self.names),
            "players": list(self.players),
            "values": list(self.values),
            "normalised": list(self.normalised),
            "bound": list(self.bound),
            "tol": self.tol,
            "converged": self.converged,
            "periods": self.periods,
            "branches": self.branches,
            "restriction_ends": [self.restriction_ends(0), self.restriction_ends(1)],
            "automaton_states": None
            if self.automaton_states is None
            else [list(pair) for pair in self.automaton_states],
            "prefix": None if self.prefix is None else self.profile_names(self.prefix),
            "cycle": None if self.cycle is None else self.profile_names(self.cycle),
            "path": self.path.to_dict(),
        }


# --- inputs -------------------------------------------------------------------------------


def _action_index(names: tuple[str, ...], action: int | str, seat: str) -> int:
    if isinstance(action, str):
        if action not in names:
            raise ValueError(f"the {seat} player has no action {action!r}; it has {names}")
        return names.index(action)
    if isinstance(action, bool) or not isinstance(action, int | np.integer):
        raise ValueError(f"a path action is an index or a name; got {action!r}")
    if not 0 <= int(action) < len(names):
        raise ValueError(f"the {seat} player's path action {action} is not in 0..{len(names) - 1}")
    return int(action)


def bind_pair(
    dyn: Any, row: Any, col: Any, path: Sequence[int | str] = (0, 0)
) -> tuple[Automaton, Automaton]:
    """Both seats' automata in the stage game of ``dyn``, as ``RepeatedGame`` binds them.

    Names, labels (``"maximum-pressure(n=3)"``), ``.toml`` paths and
    :class:`~tradegame.solvers.strategies.Strategy` objects are bound to their
    seat with ``sides(actions, path)``: ``path`` is the cooperative profile
    (indices or action names; default both players' first action, open). An
    :class:`~tradegame.solvers.strategies.Automaton` is used as it is.

    Raises
    ------
    ValueError
        For an unknown strategy, a bad ``path``, or an automaton that does not
        fit its seat.
    """
    sg = as_stochastic_game(dyn)
    if isinstance(path, str | bytes) or not isinstance(path, Sequence) or len(path) != 2:
        raise ValueError(f"path must be a (row action, col action) pair; got {path!r}")
    profile = (
        _action_index(sg.actions[0], path[0], "row"),
        _action_index(sg.actions[1], path[1], "column"),
    )
    seats = sides(sg.actions, profile)
    out = []
    for k, spec in enumerate((row, col)):
        resolved = resolve_spec(spec)
        automaton = resolved.bind(seats[k]) if isinstance(resolved, Strategy) else resolved
        check_fits(automaton, k, sg.shape)
        out.append(automaton)
    return out[0], out[1]


def _check_count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1; got {value!r}")
    return int(value)


def _check_start(sg: StochasticGame, start: Any) -> FloatArray:
    assert sg.start is not None
    state = np.array(sg.start if start is None else start, dtype=np.float64).ravel()
    if state.shape != sg.start.shape:
        raise ValueError(
            f"start must have {sg.start.size} coordinates ({', '.join(sg.names) or 'none'}); "
            f"got {state.size}"
        )
    if not np.all(np.isfinite(state)):
        raise ValueError(f"start must be finite; got {state.tolist()}")
    low = np.array([g[0] for g in sg.grids])
    high = np.array([g[-1] for g in sg.grids])
    if np.any(state < low - _BOX_SLACK) or np.any(state > high + _BOX_SLACK):
        raise ValueError(
            f"start {state.tolist()} lies outside the grid {low.tolist()} to {high.tolist()}"
        )
    return state


# --- play ---------------------------------------------------------------------------------


def _ending(period: int | None) -> str:
    """When a player's restrictions end, in words (see :meth:`DynamicMatch.restriction_ends`)."""
    if period is None:
        return "never"
    return "never restricts" if period == 0 else f"from period {period}"


def play_dynamic(
    dyn: Any,
    row: Any,
    col: Any,
    start: Any = None,
    tol: float | None = None,
    max_periods: int = MAX_PERIODS,
    path: Sequence[int | str] = (0, 0),
    max_branches: int = MAX_BRANCHES,
) -> DynamicMatch:
    r"""Play two strategies against each other in a stochastic game, from a continuous state.

    Parameters
    ----------
    dyn : StochasticGame or an object with its fields
        For example ``Model.dynamic()``. Only the grid's payoffs (for the
        truncation bound and the default tolerance) and its box (for ``start``)
        depend on the resolution; play itself is on continuous states.
    row, col : Automaton, Strategy or str
        The row and the column player's strategies: automata bound to the
        stage game's seats, or strategies bound here (see :func:`bind_pair`),
        for example ``play_dynamic(dyn, "maximum-pressure", "calibrated")``.
    start : array_like, optional
        The first state; default ``dyn.start``. It must lie in the grid's box.
    tol : float, optional
        Truncate once the tail bound of both players is at most ``tol``; default
        :math:`10^{-8} \max(1, R)` with ``R`` the payoff range (see the module docstring).
    max_periods : int
        The most periods played; a match that reaches it first is returned with
        ``converged=False``.
    path : pair of int or str
        The cooperative profile that strategies are bound on (default ``(0, 0)``).
    max_branches : int
        The most branches a mixed match may track (see the module docstring).

    Returns
    -------
    DynamicMatch

    Raises
    ------
    ValueError
        For an unknown strategy, an automaton that does not fit its seat, a
        ``start`` of the wrong length or outside the grid, ``tol`` that is not a
        number above 0, ``max_periods`` or ``max_branches`` below 1, or a mixed
        match that needs more than ``max_branches`` branches.

    Examples
    --------
    >>> import tradegame as tg
    >>> dyn = tg.load_model("rare-earth-2025").dynamic(resolution=2)
    >>> match = play_dynamic(dyn, "calibrated", "calibrated")
    >>> match.values, match.path.profile(0)
    ((0.0, 0.0), ('open', 'open'))
    """
    sg = as_stochastic_game(dyn)
    tol_value = tolerances(sg, tol)[0]
    max_periods = _check_count("max_periods", max_periods)
    max_branches = _check_count("max_branches", max_branches)
    a, b = bind_pair(sg, row, col, path)
    state = _check_start(sg, start)
    return _play(sg, a, b, state, tol_value, max_periods, max_branches)


def _play(
    sg: StochasticGame,
    a: Automaton,
    b: Automaton,
    state: FloatArray,
    tol: float,
    max_periods: int,
    max_branches: int,
) -> DynamicMatch:
    m, n = sg.shape
    deltas = np.array(sg.discount)
    scale = np.abs(sg.payoffs).reshape(-1, 2).max(axis=0)  # M_p over the grid
    outputs = (
        [np.array([float(p) for p in probs]) for probs in a.output],
        [np.array([float(p) for p in probs]) for probs in b.output],
    )
    # the branches: automaton states, continuous states (k, d), probabilities
    auto = [(a.start, b.start)]
    states = state[None, :].copy()
    probs = np.ones(1)
    branch_max = 1
    # per period: the branch states and the weight of each profile on each branch
    visited: list[FloatArray] = []
    weights: list[FloatArray] = []
    labels: list[tuple[str, str]] | None = []
    rows: list[FloatArray] = []
    cols: list[FloatArray] = []
    t = checked = 0
    while True:
        while t < max_periods and not _within(deltas, t, scale, tol):
            x = np.array([outputs[0][sa] for sa, _ in auto])  # (k, m)
            y = np.array([outputs[1][sb] for _, sb in auto])  # (k, n)
            w = probs[:, None, None] * x[:, :, None] * y[:, None, :]  # (k, m, n)
            visited.append(states)
            weights.append(w)
            rows.append(probs @ x)
            cols.append(probs @ y)
            if labels is not None and len(auto) == 1:
                labels.append((a.states[auto[0][0]], b.states[auto[0][1]]))
            else:
                labels = None
            auto, states, probs = _step(sg, a, b, auto, states, x, y, w, max_branches, t)
            branch_max = max(branch_max, len(auto))
            t += 1
            if len(visited) - checked >= _CHECK_EVERY:
                scale = np.maximum(scale, _path_scale(sg, visited[checked:]))
                checked = len(visited)
        # the bound's scale also covers every stage payoff met on the path
        scale = np.maximum(scale, _path_scale(sg, visited[checked:]))
        checked = len(visited)
        if t >= max_periods or _within(deltas, t, scale, tol):
            break
    periods = t
    pays = _expected_payoffs(sg, visited, weights)
    tail = deltas**periods * scale / (1 - deltas)
    converged = bool(np.all(tail <= tol))
    mean_states = [
        p_states.T @ w.sum(axis=(1, 2)) for p_states, w in zip(visited, weights, strict=True)
    ]
    mean_states.append(probs @ states)
    all_states = np.array(mean_states).reshape(periods + 1, len(sg.grids))
    derived = _expected_derived(sg, visited, weights, states, probs)
    discount = (float(deltas[0]), float(deltas[1]))
    played = Path(
        states=all_states,
        row=np.array(rows).reshape(periods, m),
        col=np.array(cols).reshape(periods, n),
        payoffs=pays,
        names=sg.names,
        actions=sg.actions,
        discount=discount,
        derived=derived,
    )
    prefix, cycle = _profiles(a, b)
    return DynamicMatch(
        names=(a.name, b.name),
        players=sg.players,
        values=played.total,
        bound=(float(tail[0]), float(tail[1])),
        tol=tol,
        converged=converged,
        path=played,
        automaton_states=None if labels is None else tuple(labels),
        branches=branch_max,
        prefix=prefix,
        cycle=cycle,
    )


def _profiles(
    a: Automaton, b: Automaton
) -> tuple[tuple[tuple[int, int], ...] | None, tuple[tuple[int, int], ...] | None]:
    """The profiles of a match of pure actions as (prefix, cycle); (None, None) once it mixes.

    The pair of automaton states repeats within ``len(a.states) * len(b.states)``
    periods; the cycle is then cut to its shortest period and rotated back into
    the prefix as far as it goes.
    """
    seen: dict[tuple[int, int], int] = {}
    profiles: list[tuple[int, int]] = []
    sa, sb = a.start, b.start
    while (sa, sb) not in seen:
        if max(a.output[sa]) != 1 or max(b.output[sb]) != 1:
            return None, None
        seen[(sa, sb)] = len(profiles)
        i, j = a.action(sa), b.action(sb)
        profiles.append((i, j))
        sa, sb = a.next_state(sa, i, j), b.next_state(sb, j, i)
    prefix, cycle = profiles[: seen[(sa, sb)]], profiles[seen[(sa, sb)] :]
    c = len(cycle)
    period = next(d for d in range(1, c + 1) if c % d == 0 and cycle == cycle[:d] * (c // d))
    cycle = cycle[:period]
    while prefix and prefix[-1] == cycle[-1]:
        prefix, cycle = prefix[:-1], [cycle[-1], *cycle[:-1]]
    return tuple(prefix), tuple(cycle)


def _within(deltas: FloatArray, t: int, scale: FloatArray, tol: float) -> bool:
    """Whether both players' tail bounds after ``t`` periods are within ``tol``."""
    return bool(np.all(deltas**t * scale / (1 - deltas) <= tol))


def _step(
    sg: StochasticGame,
    a: Automaton,
    b: Automaton,
    auto: list[tuple[int, int]],
    states: FloatArray,
    x: FloatArray,
    y: FloatArray,
    w: FloatArray,
    max_branches: int,
    t: int,
) -> tuple[list[tuple[int, int]], FloatArray, FloatArray]:
    """The branches of the next period, equal (automaton states, state) branches merged."""
    d0, d1 = (list(block) for block in sg.block_dims)
    # next continuous blocks, for the actions some branch plays
    nxt0 = {int(i): sg.next_block(0, states[:, d0], int(i)) for i in np.flatnonzero(x.max(0))}
    nxt1 = {int(j): sg.next_block(1, states[:, d1], int(j)) for j in np.flatnonzero(y.max(0))}
    merged: dict[tuple[int, int, bytes], int] = {}
    new_auto: list[tuple[int, int]] = []
    new_states: list[FloatArray] = []
    new_probs: list[float] = []
    for k, (sa, sb) in enumerate(auto):
        for i in (int(i) for i in np.flatnonzero(x[k])):
            for j in (int(j) for j in np.flatnonzero(y[k])):
                p = float(w[k, i, j])
                if p == 0.0:
                    continue
                nxt = np.concatenate([nxt0[i][k], nxt1[j][k]])
                pair = (a.next_state(sa, i, j), b.next_state(sb, j, i))
                key = (*pair, nxt.tobytes())
                if key in merged:
                    new_probs[merged[key]] += p
                    continue
                merged[key] = len(new_auto)
                new_auto.append(pair)
                new_states.append(nxt)
                new_probs.append(p)
        if len(new_auto) > max_branches:
            mixed = [z.name for z in (a, b) if not z.is_deterministic]
            raise ValueError(
                f"{' and '.join(mixed)} mixes on a path whose states keep apart: after "
                f"{t + 1} period(s) the match has more than max_branches={max_branches} "
                "distinct (automaton state, state) branches; play deterministic strategies, "
                "or raise max_branches"
            )
    count = len(new_auto)
    return new_auto, np.array(new_states).reshape(count, -1), np.array(new_probs)


def _path_scale(sg: StochasticGame, visited: list[FloatArray]) -> FloatArray:
    """The largest stage-payoff magnitude of each player at the states ``visited``."""
    if not visited:
        return np.zeros(2)
    pts = np.concatenate(visited)
    out = np.zeros(2)
    for lo in range(0, pts.shape[0], _CHUNK):
        U = sg.stage_payoffs(pts[lo : lo + _CHUNK])
        out = np.maximum(out, np.abs(U).reshape(-1, 2).max(axis=0))
    return out


def _expected_payoffs(
    sg: StochasticGame, visited: list[FloatArray], weights: list[FloatArray]
) -> FloatArray:
    """Each period's expected stage payoffs ``(T, 2)``, in batches of states."""
    if not visited:
        return np.zeros((0, 2))
    pts = np.concatenate(visited)
    W = np.concatenate(weights)  # (K, m, n)
    period = np.repeat(np.arange(len(visited)), [v.shape[0] for v in visited])
    per_state = np.zeros((pts.shape[0], 2))
    for lo in range(0, pts.shape[0], _CHUNK):
        U = sg.stage_payoffs(pts[lo : lo + _CHUNK])  # (k, m, n, 2)
        per_state[lo : lo + _CHUNK] = np.einsum("kij,kijp->kp", W[lo : lo + _CHUNK], U)
    out = np.zeros((len(visited), 2))
    np.add.at(out, period, per_state)
    return out


def _expected_derived(
    sg: StochasticGame,
    visited: list[FloatArray],
    weights: list[FloatArray],
    last: FloatArray,
    last_probs: FloatArray,
) -> dict[str, FloatArray]:
    """Each derived quantity's mean over branches, per state of the path ``(T + 1,)``."""
    if sg.derived is None:
        return {}
    pts = np.concatenate([*visited, last])
    probs = np.concatenate([*(w.sum(axis=(1, 2)) for w in weights), last_probs])
    period = np.repeat(np.arange(len(visited) + 1), [v.shape[0] for v in visited] + [last.shape[0]])
    out: dict[str, FloatArray] = {}
    for name, values in sg.derived(pts).items():
        mean = np.zeros(len(visited) + 1)
        np.add.at(mean, period, probs * np.asarray(values, dtype=np.float64))
        out[name] = mean
    return out
