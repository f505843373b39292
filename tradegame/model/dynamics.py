r"""The dynamic chips-versus-minerals game of MODEL.md section 5: leverage that erodes.

Each good ``h`` (held by player ``h``, bought by its rival ``j``) carries a state:

* **pressure** :math:`P_h \ge 0`, the buyer's diversification pressure;
* **dependence** :math:`D_h \in [D^{floor}_h, D_h^0]`, the buyer's share of supply from ``h``;
* **trust** :math:`\pi_h \in (0, 1)`, third parties' belief that ``h`` is a reliable supplier.

All parameters of a good live in its holder's section, as in the stage game:
``minerals.erosion`` is how fast the United States diversifies away from
Chinese rare earths. Symbols follow ``docs/explanation/model.md``.

Transitions
-----------
When ``h`` restricts at intensity :math:`e_h \in [0, 1]` in a period,

.. math::

    P_h' &= (1 - \phi_h) P_h + e_h, \\
    \tilde P_h' &= P_h' + \chi_h (\pi^0_h - \pi_h(P_h')), \\
    D_h' &= D_h - \min(\lambda_h \tilde P_h', 1)(D_h - D^{floor}_h)
           + \kappa_h (\bar D_h - D_h)(1 - \min(\tilde P_h', 1)),

with the baseline :math:`\bar D_h = D^{floor}_h + \psi_h (D^0_h - D^{floor}_h)`
(:math:`\psi_h = 1`, the default, relapses to the stage ``dependence`` :math:`D^0_h`).
This is MODEL.md's law with three stated changes:

1. The period's own restriction counts: dependence responds to the pressure
   *after* this period's restriction, so a restriction bites within the year.
2. **Lower trust speeds diversification**: the buyer responds to the effective
   pressure :math:`\tilde P`, which adds :math:`\chi_h` per unit of trust lost
   below the prior (:math:`\chi = 0` gives MODEL.md's law).
3. The erosion weight is capped at 1. With :math:`\lambda, \kappa \in [0, 1]`
   the two weights then sum to at most 1, so :math:`D'` is a convex combination
   of :math:`D`, the floor and the baseline: it stays in :math:`[D^{floor}, D^0]`,
   rises with :math:`D` and falls with :math:`\lambda`. That monotonicity is what
   makes "more erosion never hurts the victim" hold (tests check it).

Trust
-----
Third parties consider two types of supplier: a *reliable* one that restricts
only by accident, with probability :math:`\epsilon_h`, and an *opportunistic*
one that restricts with probability :math:`q_h > \epsilon_h`. A restriction for
a share :math:`e` of the period carries the share :math:`e` of a full period's
evidence (log-likelihood ratios add over sub-periods), so relative to an open
period it moves the log-odds of reliability by
:math:`-b_h e` with :math:`b_h = \ln[(1-\epsilon_h) q_h / (\epsilon_h (1-q_h))]`.
Buyers forget old evidence at the same rate :math:`\phi_h` as they forget
pressure (Bayes' rule with exponential forgetting of the log-likelihood,
Kulhavý and Zarrop 1993), with a clean record keeping the prior
:math:`\pi^0_h`. The log-odds deviation then follows
:math:`\ell' - \ell^0 = (1-\phi)(\ell - \ell^0) - b e`, the pressure law
scaled by :math:`-b`, so exactly

.. math::

    \pi_h(P_h) = \sigma(\operatorname{logit} \pi^0_h - b_h P_h),

a function of pressure. Trust is part of the state but needs no grid
dimension of its own: the grid has at most four dimensions (pressure and
dependence of each good), and fewer where a good's state cannot move (no
erosion and no relapse away from :math:`D^0` drops dependence; then no
reputation cost drops pressure too).

Payoffs, and how trust enters
-----------------------------
The stage payoff at a state is the MODEL.md section 3 payoff
(:func:`tradegame.model.payoffs.payoff`) with each good's dependence set to the
state's, and three changes that make the costs and gains of restricting follow the path:

* **World market share follows trust.** The one-period reputation charge
  :math:`e_h \rho_h` is replaced by the share of the world market lost while
  trust is low, :math:`-w_h (\pi^0_h - \pi_h(P_h'))`, with
  :math:`w_h = \rho_h / (\pi^0_h - \pi_h(1))`. So at the prior a full
  restriction costs exactly :math:`\rho_h` in its own period, as in the stage
  game; the cost then lingers while buyers remember, and a sustained
  restriction costs :math:`w_h \pi^0_h \ge \rho_h` a period once trust is gone.
* **What a restriction denies follows dependence.** The domestic gain
  :math:`\beta_h e_h` is the value at home of denying the rival the good (for
  the United States, the security value of denying China advanced chips); a
  rival that has diversified is denied less, so the gain is scaled by
  :math:`D_h / D^0_h`. Harm, concessions and lost sales already scale with
  :math:`D_h` in the stage formula.
* **Sales follow dependence.** ``h`` earns the margin on its sales to the rival,
  :math:`m_h V_h D_h (1 - e_h)`; the stage game's "lost sales"
  :math:`e_h V_h D_h m_h` is the second part. The first is added relative to the
  initial dependence, :math:`m_h V_h (D_h - D^0_h)`: a buyer that diversifies
  away stays away, and the seller loses the sales in open periods too (seed
  004's "cannot earn real money").

At the initial state (:math:`P = 0`, :math:`D = D^0`, :math:`\pi = \pi^0`) both
changes vanish at the open and full-restriction rungs, so the dynamic stage
game there *equals* :meth:`Model.game` on those rungs; at a middle rung
:math:`e` the reputation charge is :math:`w(\pi^0 - \pi(e))` instead of
:math:`e \rho`, which differs by less than :math:`\rho` (the logistic is not
linear in :math:`e`). Tests check both.

References
----------
Kulhavý, R. and Zarrop, M. B. (1993). On a general concept of forgetting.
*International Journal of Control* 58(4), 905--924.
Kreps, D. M. and Wilson, R. (1982). Reputation and imperfect information.
*Journal of Economic Theory* 27(2), 253--279.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tradegame.game import Game
from tradegame.model.payoffs import payoff
from tradegame.model.spec import PLAYER_PARAMS, ModelError

if TYPE_CHECKING:  # pragma: no cover
    from tradegame.model.model import Model

__all__ = [
    "DEFAULT_RESOLUTION",
    "Direction",
    "DynamicGame",
    "directions",
    "dynamic_game",
    "stage_payoffs",
]

FloatArray = npt.NDArray[np.float64]

#: Grid nodes per state dimension when none are given.
DEFAULT_RESOLUTION = 9
_GRID_POWER = 2.0  # pressure nodes crowd towards 0, where dependence and trust respond most


@dataclass(frozen=True)
class Direction:
    r"""The dynamic parameters of one good, read from its holder's section.

    ``lam``, ``kappa``, ``phi``, ``floor``, ``psi``, ``epsilon``, ``q``, ``pi0``
    and ``chi`` are :math:`\lambda, \kappa, \phi, D^{floor}, \psi, \epsilon, q,
    \pi^0, \chi`; ``d0`` is the stage ``dependence``, ``rho`` the
    ``reputation_cost``, ``sales`` the margin on full sales :math:`m V` (money
    per unit of dependence).
    """

    holder: str
    lam: float
    kappa: float
    phi: float
    floor: float
    psi: float
    epsilon: float
    q: float
    pi0: float
    chi: float
    d0: float
    rho: float
    sales: float

    @property
    def baseline(self) -> float:
        r""":math:`\bar D = D^{floor} + \psi (D^0 - D^{floor})`."""
        return self.floor + self.psi * (self.d0 - self.floor)

    @property
    def evidence(self) -> float:
        r""":math:`b`: the log-odds of reliability a full restriction costs, against opening."""
        e, q = self.epsilon, self.q
        return math.log((1 - e) * q / (e * (1 - q)))

    @property
    def world_value(self) -> float:
        r""":math:`w = \rho / (\pi^0 - \pi(1))`: world-market value per unit of trust."""
        drop = self.pi0 - float(self.trust(1.0))
        return self.rho / drop if self.rho else 0.0

    @property
    def pressure_max(self) -> float:
        r""":math:`1/\phi`: the pressure that endless full restriction approaches."""
        return 1.0 / self.phi

    def trust(self, P: Any) -> Any:
        r""":math:`\pi(P) = \sigma(\operatorname{logit}\pi^0 - b P)`."""
        logit = math.log(self.pi0 / (1 - self.pi0)) - self.evidence * np.asarray(P, dtype=float)
        return 1.0 / (1.0 + np.exp(-logit))

    def effective_pressure(self, P: Any) -> Any:
        r""":math:`\tilde P = P + \chi (\pi^0 - \pi(P))`."""
        return np.asarray(P, dtype=float) + self.chi * (self.pi0 - self.trust(P))

    def step(self, P: Any, D: Any, e: Any) -> tuple[Any, Any]:
        """The next pressure and dependence after restricting at intensity ``e``."""
        P_next = (1 - self.phi) * np.asarray(P, dtype=float) + np.asarray(e, dtype=float)
        eff = self.effective_pressure(P_next)
        erode = np.minimum(self.lam * eff, 1.0)
        relapse = self.kappa * (1.0 - np.minimum(eff, 1.0))
        D = np.asarray(D, dtype=float)
        return P_next, D - erode * (D - self.floor) + relapse * (self.baseline - D)

    @property
    def moves_dependence(self) -> bool:
        """Whether dependence can leave its initial value."""
        if self.d0 <= self.floor:
            return False
        return self.lam > 0 or (self.kappa > 0 and self.baseline != self.d0)

    @property
    def matters(self) -> bool:
        """Whether pressure matters: it moves dependence or costs trust."""
        return self.moves_dependence or self.rho > 0


def directions(model: Model) -> tuple[Direction, Direction]:
    """The dynamic parameters of each player's good, row player first.

    Raises
    ------
    ModelError
        If the model is not a coercion model, a floor lies above the dependence,
        or an accident rate is not below the opportunism rate.
    """
    if model.kind != "coercion":
        raise ModelError(
            model.source, "kind", model.kind, "the dynamic game needs a coercion model"
        )
    out = []
    for pid in model.players:
        p = {name: float(model.params[f"{pid}.{name}"]) for name in PLAYER_PARAMS}
        if p["dependence_floor"] > p["dependence"]:
            raise ModelError(
                model.source,
                f"players.{pid}.dependence_floor",
                model.params[f"{pid}.dependence_floor"],
                f"must be at most players.{pid}.dependence = {model.params[f'{pid}.dependence']}",
            )
        if p["accident_rate"] >= p["opportunism"]:
            raise ModelError(
                model.source,
                f"players.{pid}.accident_rate",
                model.params[f"{pid}.accident_rate"],
                f"must be below players.{pid}.opportunism = {model.params[f'{pid}.opportunism']}"
                " (a restriction must be evidence of opportunism)",
            )
        out.append(
            Direction(
                holder=pid,
                lam=p["erosion"],
                kappa=p["relapse"],
                phi=p["forgetting"],
                floor=p["dependence_floor"],
                psi=p["relapse_share"],
                epsilon=p["accident_rate"],
                q=p["opportunism"],
                pi0=p["prior_trust"],
                chi=p["distrust_pressure"],
                d0=p["dependence"],
                rho=p["reputation_cost"],
                sales=p["margin"] * p["consumption"],
            )
        )
    return out[0], out[1]


def _share(D: Any, d0: float) -> Any:
    """``D / D0``: the share of the initial dependence left (1 when there was none)."""
    return np.asarray(D, dtype=float) / d0 if d0 > 0 else np.ones_like(D, dtype=float)


def _sections(model: Model) -> tuple[dict[str, Any], dict[str, Any]]:
    row, col = (
        {name: float(model.params[f"{pid}.{name}"]) for name in PLAYER_PARAMS}
        for pid in model.players
    )
    return row, col


def stage_payoffs(
    model: Model,
    dirs: tuple[Direction, Direction],
    P: tuple[FloatArray, FloatArray],
    D: tuple[FloatArray, FloatArray],
    e_row: float,
    e_col: float,
) -> tuple[FloatArray, FloatArray]:
    """Both players' dynamic stage payoffs at states ``(P, D)`` for intensities ``e``."""
    period, gamma = float(model.params["period"]), float(model.params["harm_convexity"])
    row, col = (
        {
            **section,
            "dependence": D[k],
            "reputation_cost": 0.0,
            "domestic_gain": section["domestic_gain"] * _share(D[k], dirs[k].d0),
        }
        for k, section in enumerate(_sections(model))
    )
    out = []
    for me, rival, e_me, e_rival, k in ((row, col, e_row, e_col, 0), (col, row, e_col, e_row, 1)):
        d = dirs[k]
        stage = payoff(me, rival, e_me, e_rival, period, gamma)
        P_next = (1 - d.phi) * P[k] + e_me
        trust_loss = d.world_value * (d.pi0 - d.trust(P_next))
        out.append(stage + d.sales * (D[k] - d.d0) - trust_loss)
    return np.asarray(out[0], dtype=float), np.asarray(out[1], dtype=float)


def _intensities(model: Model) -> tuple[list[float], list[float]]:
    return (
        [float(x) for _, x in model.ladders[0]],
        [float(x) for _, x in model.ladders[1]],
    )


def _grid(d: Direction, kind: str, nodes: int) -> FloatArray:
    if kind == "pressure":
        return d.pressure_max * np.linspace(0.0, 1.0, nodes) ** _GRID_POWER
    return np.linspace(d.floor, d.d0, nodes)


def _resolution(resolution: int | Mapping[str, int]) -> dict[str, int]:
    if isinstance(resolution, Mapping):
        unknown = set(resolution) - {"pressure", "dependence"}
        if unknown:
            raise ValueError(
                f"resolution keys are 'pressure' and 'dependence'; got {sorted(unknown)}"
            )
        res = {k: resolution.get(k, DEFAULT_RESOLUTION) for k in ("pressure", "dependence")}
    else:
        res = {"pressure": resolution, "dependence": resolution}
    for k, v in res.items():
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 2:
            raise ValueError(f"resolution for {k} must be an integer of at least 2; got {v!r}")
    return {k: int(v) for k, v in res.items()}


@dataclass(frozen=True, eq=False)
class DynamicGame:
    r"""The stochastic game of a model on a grid: the fields a solver reads, plus the model.

    The fields ``grids, owners, step, payoff, actions, discount, players, names,
    start, derived`` are those of :class:`tradegame.solvers.stochastic.StochasticGame`,
    whose solvers accept this object as it is. Build one with :meth:`Model.dynamic`.

    Attributes
    ----------
    model : Model
    directions : pair of Direction
        The dynamic parameters of the row and the column player's good.
    dims : tuple of (str, int, str)
        For each grid dimension: its kind (``"pressure"`` or ``"dependence"``),
        the index of the good's holder, and its name.
    """

    model: Model
    directions: tuple[Direction, Direction]
    grids: tuple[FloatArray, ...]
    owners: tuple[int, ...]
    names: tuple[str, ...]
    dims: tuple[tuple[str, int, str], ...]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    discount: tuple[float, float]
    players: tuple[str, str]
    start: FloatArray
    intensities: tuple[list[float], list[float]] = field(repr=False)

    def __repr__(self) -> str:
        sizes = "x".join(str(g.size) for g in self.grids) or "1"
        return (
            f"DynamicGame({self.model.name!r}, grid {sizes} over {', '.join(self.names)}, "
            f"players={self.players})"
        )

    @property
    def n_states(self) -> int:
        """The number of grid states."""
        return int(np.prod([g.size for g in self.grids], dtype=np.int64))

    # --- the solver-facing functions ---------------------------------------------
    def _points(self, points: Any) -> FloatArray:
        """``points`` as ``(k, d)``: one point may come flat; ``d`` may be 0 (a frozen game)."""
        pts = np.asarray(points, dtype=float)
        if pts.ndim < 2:
            pts = pts.reshape(1, -1)
        return pts.reshape(pts.shape[0], len(self.dims))

    def _unpack(self, points: FloatArray) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
        P: list[Any] = [np.zeros(points.shape[0]), np.zeros(points.shape[0])]
        D: list[Any] = [np.full(points.shape[0], d.d0) for d in self.directions]
        for col, (kind, k, _) in enumerate(self.dims):
            (P if kind == "pressure" else D)[k] = points[:, col]
        return (P[0], P[1]), (D[0], D[1])

    def step(self, player: int, points: FloatArray, action: int) -> FloatArray:
        """Next values of ``player``'s block (its good's pressure, dependence) under ``action``."""
        kinds = [kind for kind, k, _ in self.dims if k == player]
        d = self.directions[player]
        e = self.intensities[player][action]
        P = points[:, 0] if kinds else np.zeros(points.shape[0])
        D = points[:, 1] if len(kinds) == 2 else np.full(points.shape[0], d.d0)
        P_next, D_next = d.step(P, D, e)
        cols = [P_next, D_next][: len(kinds)]
        return np.stack(cols, axis=1) if cols else points

    def payoff(self, points: FloatArray) -> FloatArray:
        """Stage payoffs ``(k, m, n, 2)`` at states ``points`` ``(k, d)``."""
        pts = self._points(points)
        P, D = self._unpack(pts)
        ladder_row, ladder_col = self.intensities
        out = np.zeros((pts.shape[0], len(ladder_row), len(ladder_col), 2))
        for i, e_row in enumerate(ladder_row):
            for j, e_col in enumerate(ladder_col):
                a, b = stage_payoffs(self.model, self.directions, P, D, e_row, e_col)
                out[:, i, j, 0], out[:, i, j, 1] = a, b
        return out

    def derived(self, points: FloatArray) -> dict[str, FloatArray]:
        """Trust in each holder (and every good's pressure and dependence) at ``points``."""
        pts = self._points(points)
        P, D = self._unpack(pts)
        out: dict[str, FloatArray] = {}
        for k, d in enumerate(self.directions):
            out[f"pressure_{d.holder}"] = np.asarray(P[k], dtype=float)
            out[f"dependence_{d.holder}"] = np.asarray(D[k], dtype=float)
            out[f"trust_{d.holder}"] = np.asarray(d.trust(P[k]), dtype=float)
        return out

    # --- helpers for analyses --------------------------------------------------
    def point(
        self, pressure: Sequence[float] = (0.0, 0.0), dependence: Sequence[float] | None = None
    ) -> FloatArray:
        """The grid-space point of given pressures and dependences (row player's good first)."""
        deps = [d.d0 for d in self.directions] if dependence is None else list(dependence)
        values = {"pressure": list(pressure), "dependence": deps}
        return np.array([values[kind][k] for kind, k, _ in self.dims], dtype=float)

    def after(self, row: int | str = 0, col: int | str = 0, start: Any = None) -> FloatArray:
        """The state one period after the players play actions ``(row, col)`` from ``start``.

        Actions are indices or names; ``start`` defaults to the initial state.
        """
        i = _action(self.actions[0], row)
        j = _action(self.actions[1], col)
        s = np.array(self.start if start is None else start, dtype=float)
        blocks = []
        for player, a in ((0, i), (1, j)):
            cols = [c for c, (_, k, _) in enumerate(self.dims) if k == player]
            blocks.append(self.step(player, s[cols][None, :], a)[0] if cols else np.zeros(0))
        return np.concatenate(blocks)

    def simulate(self, solution: Any, periods: int = 20, start: Any = None) -> Any:
        """The equilibrium path of ``solution`` (of this game) for ``periods`` periods.

        The same as :func:`tradegame.simulate_path`; ``start`` defaults to the
        initial state.

        Raises
        ------
        ValueError
            If ``solution`` was solved for another game.
        """
        if getattr(solution, "game", None) is not getattr(self, "_stochastic_game", self):
            raise ValueError("solution is of another game: solve this one with tg.markov_perfect")
        return solution.simulate(periods, start)

    def stage_game(self, point: Any = None) -> Game:
        """The dynamic stage game at a state (default: the initial state) as a :class:`Game`."""
        pt = self.start if point is None else np.asarray(point, dtype=float)
        U = self.payoff(np.asarray(pt, dtype=float)[None])[0]
        return Game(U[..., 0], U[..., 1], actions=self.actions, players=self.players)


def _action(names: tuple[str, ...], action: int | str) -> int:
    if isinstance(action, str):
        if action not in names:
            raise ValueError(f"no action {action!r}; the actions are {', '.join(names)}")
        return names.index(action)
    if not 0 <= int(action) < len(names):
        raise ValueError(f"action index {action} out of range 0..{len(names) - 1}")
    return int(action)


def dynamic_game(
    model: Model, resolution: int | Mapping[str, int] = DEFAULT_RESOLUTION
) -> DynamicGame:
    """Build the dynamic game of a coercion model on a grid.

    Parameters
    ----------
    model : Model
        A coercion model.
    resolution : int or mapping
        Grid nodes per dimension, or ``{"pressure": n, "dependence": n}``; at
        least 2. Pressure nodes run from 0 to :math:`1/\\phi` and crowd towards 0
        (spacing grows quadratically); dependence nodes are evenly spaced from
        the floor to the initial dependence. Dimensions that cannot move are
        left out.

    Raises
    ------
    ModelError
        If the model is not a coercion model or its dynamic parameters conflict.
    ValueError
        If ``resolution`` is not an integer of at least 2.
    """
    res = _resolution(resolution)
    dirs = directions(model)
    dims: list[tuple[str, int, str]] = []
    grids: list[FloatArray] = []
    for k, d in enumerate(dirs):
        kinds = (
            ["pressure", "dependence"] if d.moves_dependence else ["pressure"] if d.matters else []
        )
        for kind in kinds:
            dims.append((kind, k, f"{kind}_{d.holder}"))
            grids.append(_grid(d, kind, res[kind]))
    deltas = model.discounts()
    assert deltas is not None
    game = DynamicGame(
        model=model,
        directions=dirs,
        grids=tuple(grids),
        owners=tuple(k for _, k, _ in dims),
        names=tuple(name for _, _, name in dims),
        dims=tuple(dims),
        actions=model.actions,
        discount=(float(deltas[0]), float(deltas[1])),
        players=model.labels,
        start=np.zeros(0),
        intensities=_intensities(model),
    )
    object.__setattr__(game, "start", game.point())
    return game
