r"""Critical discount factors of a profile of two automata, exactly.

Conventions are those of :mod:`tradegame.solvers.perfection`, whose conditions
for subgame perfection and for Nash equilibrium are used here. Each of player
:math:`i`'s conditions involves only its own discount factor :math:`\delta_i`,
so the set of :math:`\delta_i \in (0, 1)` where they all hold is found player by
player, as a finite union of intervals. The player's *threshold* is the infimum
of the last interval of that set when the interval reaches 1: the criterion
holds for every :math:`\delta_i` in :math:`[\delta_i^*, 1)`. It is 0 when the
conditions hold on all of (0, 1), and ``float('inf')`` when they fail
arbitrarily close to 1.

Method
------
1. *Values as rational functions.* On the reachable product states,
   :math:`(I - \delta P) V = (1 - \delta) r` is solved fraction-free over
   :math:`\mathbb{Q}[\delta]`: :math:`V = (1-\delta) N r / D` with
   :math:`D = \det(I - \delta P)`. Since :math:`P` is stochastic, :math:`I -
   \delta P` is invertible for :math:`0 \le \delta < 1`, and :math:`D(0) = 1`, so
   :math:`D > 0` on :math:`[0, 1)`: clearing it keeps every inequality's direction.
2. Each condition :math:`Q - V \le 0` becomes a polynomial inequality
   :math:`h(\delta) \le 0`.
3. The real roots in (0, 1) of the irreducible factors of all the :math:`h`
   are isolated exactly (sympy's ``Poly.intervals``, then bisection) and cut
   (0, 1) into open cells and root points. Each :math:`h` has one sign on an
   open cell, found at a rational point in it, and at a root: zero where the
   root's factor divides :math:`h`, else the sign on the cell to its left. The
   criterion holds on the union of the cells where every :math:`h \le 0`.
4. *Nash: parametric policy iteration.* The best-reply value is the largest
   value of a deterministic stationary policy on the rival's states, so it is
   piecewise rational. For each open cell that no known policy is optimal on,
   the best-reply problem is solved exactly at the cell's rational point; the
   new policy's optimality conditions (no action improves on it: advantages
   :math:`\le 0`) and its Nash condition :math:`W^\sigma(s_0) - V(x_0) \le 0`
   join the polynomials, and the cells are cut again, until every cell has an
   optimal policy. There are finitely many policies, so this stops. Nash holds
   on a cell iff the Nash condition of its optimal policy does.

Numbers. Exact games give a :class:`fractions.Fraction` when the threshold is
rational and an exact algebraic number when it is not: a sympy radical for a
quadratic factor, else a ``CRootOf`` (``float()`` gives its value). Numeric
games are solved exactly on the binary values of their floats, and their
thresholds returned as floats: there is no tolerance, so two float payoffs that
differ by rounding alone are different payoffs here. A symbolic game is solved at
its reference point :attr:`~tradegame.game.Game.point`; its threshold is a
formula: the root, in terms of the parameters, of the factor of the *binding*
condition (one violated just below the threshold) that vanishes there. That
factor must be of degree one or two in :math:`\delta`. Like
:func:`~tradegame.solvers.grim.grim_details`, this is the branch that holds at
the reference point.

References
----------
.. [1] D. Fudenberg and J. Tirole, *Game Theory*, MIT Press, 1991, section 4.2.
.. [2] M. L. Puterman, *Markov Decision Processes*, Wiley, 1994, chapter 6.
.. [3] S. Basu, R. Pollack and M.-F. Roy, *Algorithms in Real Algebraic
   Geometry*, Springer, 2006, chapter 10 (real root isolation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from tradegame.game import Game
from tradegame.solvers import _markdown as md
from tradegame.solvers._values import INF, Value, json_value, point_mapping
from tradegame.solvers.intervals import (
    Cells,
    Factors,
    Interval,
    Poly,
    Root,
    coefficients,
    expression,
    poly_add,
    poly_mul,
    poly_scale,
    show,
    trim,
)
from tradegame.solvers.perfection import (
    Match,
    RivalMDP,
    Step,
    best_reply,
    check_automata,
    check_criterion,
    numeric_game,
    payoffs,
)
from tradegame.solvers.strategies.automaton import Automaton

__all__ = ["Interval", "ThresholdDetails", "critical_delta", "threshold_details"]

ONE_MINUS: Poly = (1, -1)  # 1 - delta
DELTA: Poly = (0, 1)


@dataclass(frozen=True)
class ThresholdDetails:
    """Critical discount factors of a profile; every pair is (row player, column player).

    Attributes
    ----------
    criterion : ``"subgame-perfect"`` or ``"nash"``.
    thresholds : each player's critical discount factor (see the module docstring).
    holds : each player's set of discount factors in (0, 1) where its conditions
        hold, as disjoint intervals in increasing order. For a symbolic game,
        the set at the reference point.
    binding : the condition that fails just below each threshold, in words, or
        None where the threshold is 0 or infinite.
    strategies : the two automata's names.
    point : a symbolic game's reference point, ``{symbol: value}``.
    """

    criterion: str
    thresholds: tuple[Value, Value]
    holds: tuple[tuple[Interval, ...], tuple[Interval, ...]]
    binding: tuple[str | None, str | None]
    strategies: tuple[str, str]
    point: dict[Any, Any] | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        sets = ", ".join(" U ".join(map(repr, s)) or "empty" for s in self.holds)
        return (
            f"ThresholdDetails(criterion={self.criterion}, strategies={self.strategies}, "
            f"thresholds=({show(self.thresholds[0])}, {show(self.thresholds[1])}), "
            f"holds=({sets}))"
        )

    def _repr_markdown_(self) -> str:
        """Thresholds, the sets where the criterion holds and the binding conditions."""
        row, col = (md.text(s) for s in self.strategies)
        head = md.title("Critical discount factors") + f" of {row} against {col} ({self.criterion})"

        def where(intervals: tuple[Interval, ...]) -> str:
            return " ∪ ".join(_interval_markdown(i) for i in intervals) or "nowhere"

        rows = [
            ["critical $\\delta^*$", *(md.threshold(t) for t in self.thresholds)],
            ["holds for δ in", *(where(s) for s in self.holds)],
            ["binding condition", *("-" if b is None else md.text(b) for b in self.binding)],
        ]
        return f"{head}\n\n" + md.table(["", "row", "col"], rows)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; ``thresholds_float`` evaluates formulas at the point."""
        floats = []
        for t in self.thresholds:
            if getattr(t, "free_symbols", None):
                t = t.subs(self.point or {})
            floats.append(json_value(float(t)) if not getattr(t, "free_symbols", None) else None)
        return {
            "criterion": self.criterion,
            "strategies": list(self.strategies),
            "thresholds": [json_value(t) for t in self.thresholds],
            "thresholds_float": floats,
            "holds": [[i.to_dict() for i in s] for s in self.holds],
            "binding": list(self.binding),
            "point": {str(k): str(v) for k, v in (self.point or {}).items()},
        }


def _interval_markdown(i: Interval) -> str:
    """An interval of discount factors as maths: ``$[\\frac{1}{2}, 1)$``."""
    left, right = "[" if i.lo_closed else "(", "]" if i.hi_closed else ")"
    ends = [md.number(x).strip("$") for x in (i.lo, i.hi)]
    return f"${left}{ends[0]}, {ends[1]}{right}$"


def critical_delta(
    g: Game, row: Automaton, col: Automaton, criterion: str = "subgame-perfect"
) -> tuple[Value, Value]:
    r"""Each player's critical discount factor for the profile ``(row, col)``.

    See :func:`threshold_details`, which also gives the sets of discount
    factors where the criterion holds.

    Examples
    --------
    >>> from tradegame.solvers.strategies.automaton import Automaton, pure
    >>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    >>> grim = Automaton("grim", ("c", "p"), (pure(0, 2), pure(1, 2)),
    ...                  (((0, 1), (1, 1)), ((1, 1), (1, 1))))
    >>> critical_delta(pd, grim, grim)
    (Fraction(1, 2), Fraction(1, 2))
    """
    return threshold_details(g, row, col, criterion).thresholds


def threshold_details(
    g: Game, row: Automaton, col: Automaton, criterion: str = "subgame-perfect"
) -> ThresholdDetails:
    r"""Critical discount factors, and where the criterion holds, for ``(row, col)``.

    Parameters
    ----------
    g : Game
        The stage game: exact, numeric, or symbolic with a reference point.
    row, col : Automaton
        The row player's and the column player's automata.
    criterion : {"subgame-perfect", "nash"}
        What the profile must be.

    Returns
    -------
    ThresholdDetails
        Thresholds are Fractions, exact algebraic numbers (sympy radicals or ``CRootOf``) or
        ``float('inf')`` for exact games; floats for numeric games; sympy
        formulas (0 and ``float('inf')`` as such) for symbolic games.

    Raises
    ------
    ValueError
        For an unknown criterion, an automaton that does not fit its side of
        the game, a symbolic game without a reference point, or one whose
        binding condition is of degree three or more in delta.
    """
    criterion = check_criterion(criterion)
    check_automata(g, row, col)
    gn = numeric_game(g)
    match = Match(gn, row, col)
    # payoffs as fractions: exact, or the binary value of each float
    U = tuple([[Fraction(x) for x in row] for row in M] for M in payoffs(gn, gn.is_exact))
    resolvent = _resolvent([match.steps(x) for x in range(len(match.states))])
    factors = Factors()
    mapping = point_mapping(g.point, g, ()) if g.is_symbolic and g.point else None
    thresholds: list[Value] = []
    holds: list[tuple[Interval, ...]] = []
    binding: list[str | None] = []
    for p in (0, 1):
        analyse = _spe if criterion == "subgame-perfect" else _nash
        cells, conditions, active = analyse(match, U[p], p, resolvent, factors)
        ok = [all(cells.sign(conditions[k], c) <= 0 for k in active[c]) for c in range(cells.count)]
        intervals, start = cells.runs(ok)
        value: Value = INF if start is None else Fraction(0)
        binding.append(None)
        if start:  # the set closes at a root (it is closed: every condition is continuous)
            root = cells.roots[(start - 1) // 2]
            key = _binding(cells, conditions, active[start - 1], start - 1, root)
            binding[p] = _describe(gn, match, p, key, criterion)
            value = root.value()
            if g.is_symbolic:
                value = _formula(g, match, p, key, root, resolvent, mapping or {}, criterion)
        if g.is_symbolic and value == 0:
            import sympy

            value = sympy.Integer(0)
        elif not gn.is_exact and not g.is_symbolic:
            value = float(value)
            intervals = [
                Interval(float(i.lo), float(i.hi), i.lo_closed, i.hi_closed) for i in intervals
            ]
        thresholds.append(value)
        holds.append(tuple(intervals))
    return ThresholdDetails(
        criterion,
        (thresholds[0], thresholds[1]),
        (holds[0], holds[1]),
        (binding[0], binding[1]),
        (row.name, col.name),
        mapping,
    )


# --- conditions as polynomials ------------------------------------------------------------


def _spe(
    match: Match, U: list[list[Any]], p: int, resolvent: Any, factors: Factors
) -> tuple[Cells, dict[Any, Poly], list[list[Any]]]:
    conditions = {key: trim(h) for key, h in _spe_conditions(match, U, p, resolvent).items()}
    cells = Cells(conditions.values(), factors)
    return cells, conditions, [list(conditions)] * cells.count


def _spe_conditions(
    match: Match, U: list[list[Any]], p: int, resolvent: Any, only: Any = None
) -> dict[Any, list[Any]]:
    """``D (Q(x, k) - V(x))`` for each reachable state ``x`` and action ``k`` (or just ``only``)."""
    N, D = resolvent
    Vn = _numerators(N, [_stage(match.steps(x), U) for x in range(len(match.states))])
    out = {}
    for x in range(len(match.states)):
        for k, q in enumerate(match.own(p, x)):
            if q != 1 and (only is None or only == (x, k)):
                out[(x, k)] = _gap(match.moves(p, x, k), U, D, Vn, Vn[x])
    return out


def _nash(
    match: Match, U: list[list[Any]], p: int, resolvent: Any, factors: Factors
) -> tuple[Cells, dict[Any, Poly], list[list[Any]]]:
    mdp = RivalMDP(match, p)
    conditions: dict[Any, Poly] = {}  # policy -> its Nash condition
    advantages: dict[Any, list[Poly]] = {}  # policy -> its optimality conditions
    while True:
        cells = Cells(
            [h for key in conditions for h in (conditions[key], *advantages[key])], factors
        )
        optimal = [
            next((k for k in conditions if all(cells.sign(a, c) <= 0 for a in advantages[k])), None)
            for c in range(cells.count)
        ]
        missing = next((c for c in range(0, cells.count, 2) if optimal[c] is None), None)
        if missing is None:
            break
        policy = tuple(best_reply(mdp, U, cells.samples[missing // 2], 0)[0])
        if policy in conditions:  # it would have covered the cell
            raise RuntimeError(f"policy iteration repeated the policy {policy}")
        r = [_stage(match.steps(x), U) for x in range(len(match.states))]
        adv, condition = _nash_conditions(mdp, U, policy, resolvent, r)
        advantages[policy] = [trim(a) for a in adv]
        conditions[policy] = trim(condition)
    return cells, conditions, [[k] for k in optimal]


def _nash_conditions(
    mdp: RivalMDP, U: list[list[Any]], policy: Sequence[int], resolvent: Any, r: list[Any]
) -> tuple[list[list[Any]], list[Any]]:
    """A policy's advantages ``D_s (Q - W)`` and its Nash condition ``D D_s (W(s0) - V(x0))``."""
    chain = mdp.chain(policy)
    Ns, Ds = _resolvent(chain)
    Wn = _numerators(Ns, [_stage(outcomes, U) for outcomes in chain])
    adv = [
        _gap(mdp.moves[s][k], U, Ds, Wn, Wn[s])
        for s in range(len(policy))
        for k in range(len(mdp.moves[s]))
        if k != policy[s]
    ]
    N, D = resolvent
    V0 = _numerators(N[:1], r)[0]  # the profile's value at the start only
    return adv, poly_add(poly_mul(Wn[0], D), poly_scale(poly_mul(V0, Ds), -1))


def _stage(outcomes: Sequence[Step], U: list[list[Any]]) -> Any:
    return sum((q * U[i][j] for q, (i, j), _ in outcomes), Fraction(0))


def _numerators(N: Sequence[Sequence[Poly]], r: Sequence[Any]) -> list[list[Any]]:
    """The value numerators ``(1 - delta) N r`` (the values are these over ``D``)."""
    out = []
    for row in N:
        acc: list[Any] = []
        for entry, reward in zip(row, r, strict=True):
            acc = poly_add(acc, poly_scale(entry, reward))
        out.append(poly_mul(ONE_MINUS, acc))
    return out


def _gap(
    outcomes: Sequence[Step], U: list[list[Any]], D: Poly, Vn: Sequence[Any], Vx: Sequence[Any]
) -> list[Any]:
    """``D (Q - V)``: one period's outcomes and the continuation, minus the value ``Vx / D``."""
    acc: list[Any] = []
    for q, (i, j), y in outcomes:
        now = poly_mul(ONE_MINUS, poly_scale(D, U[i][j]))
        acc = poly_add(acc, poly_scale(poly_add(now, poly_mul(DELTA, Vn[y])), q))
    return poly_add(acc, poly_scale(Vx, -1))


def _resolvent(chain: Sequence[Sequence[Step]]) -> tuple[list[list[Poly]], Poly]:
    r"""``N, D`` with :math:`(I - \delta P) N = D I` and :math:`D = \det(I - \delta P)`."""
    import sympy
    from sympy.polys.matrices import DomainMatrix

    K = sympy.QQ[sympy.Symbol("delta")]
    d = K.gens[0]
    n = len(chain)
    rows = [[K.one if a == b else K.zero for b in range(n)] for a in range(n)]
    for a, outcomes in enumerate(chain):
        for q, _, b in outcomes:
            rows[a][b] -= d * K.convert(sympy.QQ(q.numerator, q.denominator))
    M = DomainMatrix(rows, (n, n), K)
    Nm, den = M.solve_den(DomainMatrix.eye(n, K))
    # den is det(M) times a constant; scale so that D(0) = det(I) = 1 and D > 0 on [0, 1)
    D = coefficients(den)
    c = D[0]
    if tuple(x / c for x in D) != coefficients(M.det()):
        raise RuntimeError("the fraction-free solve returned an unexpected denominator")
    entries = Nm.to_list()
    N = [[tuple(x / c for x in coefficients(e)) for e in row] for row in entries]
    return N, tuple(x / c for x in D)


def _binding(cells: Cells, conditions: dict[Any, Poly], keys: list[Any], c: int, root: Root) -> Any:
    """A condition violated on cell ``c`` that vanishes at ``root``, the threshold."""
    violated = [k for k in keys if cells.sign(conditions[k], c) > 0]
    vanishing = [k for k in violated if root.factor in cells.factors.add(conditions[k])]
    return (vanishing or violated)[0]


def _describe(g: Game, match: Match, p: int, key: Any, criterion: str) -> str:
    if criterion == "subgame-perfect":
        x, k = key
        state = ", ".join(match.label(x))
        return f"one-shot deviation to {g.actions[p][k]} at state ({state})"
    mdp = RivalMDP(match, p)
    rival = match.automata[1 - p]
    moves = ", ".join(
        f"{rival.states[s]}: {g.actions[p][k]}" for s, k in zip(mdp.states, key, strict=True)
    )
    return f"best reply by rival state {{{moves}}}"


# --- symbolic games -----------------------------------------------------------------------


def _formula(
    g: Game,
    match: Match,
    p: int,
    key: Any,
    root: Root,
    resolvent: Any,
    mapping: dict[Any, Any],
    criterion: str,
) -> Value:
    """The threshold as a formula: the root of the binding condition's factor at the point."""
    import sympy

    x = sympy.Dummy("delta")
    U = [[sympy.sympify(v, strict=True) for v in row] for row in (g.A if p == 0 else g.B)]
    if criterion == "nash":
        mdp = RivalMDP(match, p)
        r = [_stage(match.steps(s), U) for s in range(len(match.states))]
        h = _nash_conditions(mdp, U, key, resolvent, r)[1]
    else:
        h = _spe_conditions(match, U, p, resolvent, only=key)[key]
    numerator = sympy.numer(sympy.together(expression(h, x)))
    target = sympy.Poly(expression(root.factor, x), x)
    for factor, _ in sympy.factor_list(numerator)[1]:
        degree = sympy.degree(factor, x)
        at_point = sympy.Poly(sympy.expand(factor.subs(mapping)), x)
        if degree < 1 or at_point.degree() < 1 or not at_point.rem(target).is_zero:
            continue
        coeffs = sympy.Poly(factor, x).all_coeffs()
        if degree == 1:
            return sympy.cancel(-coeffs[1] / coeffs[0])
        if degree == 2:
            a, b, c = coeffs
            disc = sympy.sqrt(sympy.factor(b**2 - 4 * a * c))
            candidates = [(-b - disc) / (2 * a), (-b + disc) / (2 * a)]
            exact = root.value()
            return min(candidates, key=lambda e: abs(sympy.N(e.subs(mapping) - exact, 30)))
        raise ValueError(
            f"the binding condition of {g.players[p]} has degree {degree} in delta; closed "
            "forms are derived up to degree two: evaluate the game with .subs() first"
        )
    raise ValueError(f"no factor of {g.players[p]}'s binding condition vanishes at the threshold")
