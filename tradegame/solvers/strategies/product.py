r"""The product of two automata: the Markov chain that a match between them follows.

A state of the product is a pair ``(s_row, s_col)`` of automaton states. In a
period each automaton draws its intended action from its state's
probabilities; with probability ``noise`` an intended action is replaced by
one of the player's other actions, chosen uniformly (on a two-action game:
flipped). Both players observe the realised actions, and each automaton moves
on the realised profile. The chain therefore has transition probabilities
``P[x][y]`` and an expected stage payoff ``r[x]`` for each player in each
product state ``x``.

All product states are included. Not every pair is reachable: grim against
grim never reaches (cooperate, punish), by any history. Subgame perfection
asks about the pairs some history reaches, on the path or off it; its solver
selects them from the chain's transitions over all action profiles.
Arithmetic is exact (:class:`fractions.Fraction`, or sympy for symbolic games)
when the game, the automata and ``noise`` are exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tradegame.game import Game, to_fraction
from tradegame.solvers.strategies.automaton import Automaton, check_fits

__all__ = ["ProductChain", "product_chain", "realised"]


@dataclass(frozen=True)
class ProductChain:
    """The Markov chain of a match (see the module docstring).

    Attributes
    ----------
    states : the product states ``(s_row, s_col)``, row-major over the two automata.
    start : the index of ``(row.start, col.start)`` in ``states``.
    P : ``P[x][y]``, the probability of moving from state ``x`` to state ``y``.
    r_row, r_col : expected stage payoffs in each state.
    profile : ``profile[x][(i, j)]``, the probability that the realised profile is
        ``(i, j)`` in state ``x`` (only profiles with positive probability).
    exact : True when every number is a Fraction (or a sympy expression).
    """

    states: tuple[tuple[int, int], ...]
    start: int
    P: tuple[tuple[Any, ...], ...]
    r_row: tuple[Any, ...]
    r_col: tuple[Any, ...]
    profile: tuple[dict[tuple[int, int], Any], ...]
    exact: bool


def realised(probs: tuple[Any, ...], noise: Any) -> tuple[Any, ...]:
    """The distribution of the realised action, given intended ``probs`` and ``noise``."""
    n = len(probs)
    if n == 1 or noise == 0:
        return tuple(probs)
    flip = noise / (n - 1)
    return tuple(p * (1 - noise) + (1 - p) * flip for p in probs)


def product_chain(g: Game, row: Automaton, col: Automaton, noise: Any = 0) -> ProductChain:
    """Build the chain of ``row`` against ``col`` on the stage game ``g``.

    Raises
    ------
    ValueError
        If an automaton does not fit its side of ``g``, or ``noise`` is not in [0, 1).
    """
    m, n = g.shape
    check_fits(row, 0, g.shape)
    check_fits(col, 1, g.shape)
    exact_noise = to_fraction(noise)
    if isinstance(noise, bool) or exact_noise is None or not 0 <= exact_noise < 1:
        raise ValueError(f"noise must be a probability in [0, 1); got {noise!r}")
    exact = g.is_exact or g.is_symbolic
    eps: Any
    if exact:
        A, B, eps = g.exact_A if g.is_exact else g.A, g.exact_B if g.is_exact else g.B, exact_noise
    else:
        A, B, eps = g.A, g.B, float(exact_noise)
    assert A is not None and B is not None

    states = tuple((a, b) for a in range(len(row.states)) for b in range(len(col.states)))
    index = {s: k for k, s in enumerate(states)}
    P: list[tuple[Any, ...]] = []
    r_row: list[Any] = []
    r_col: list[Any] = []
    profiles: list[dict[tuple[int, int], Any]] = []
    zero: Any = Fraction(0) if exact else 0.0
    for a, b in states:
        x = realised(_numbers(row.output[a], exact), eps)
        y = realised(_numbers(col.output[b], exact), eps)
        moves = [zero] * len(states)
        u, v = zero, zero
        profile: dict[tuple[int, int], Any] = {}
        for i in range(m):
            for j in range(n):
                p = x[i] * y[j]
                if p == 0:
                    continue
                profile[(i, j)] = p
                u += p * A[i, j]
                v += p * B[i, j]
                nxt = index[(row.next_state(a, i, j), col.next_state(b, j, i))]
                moves[nxt] += p
        P.append(tuple(moves))
        r_row.append(u)
        r_col.append(v)
        profiles.append(profile)
    return ProductChain(
        states,
        index[(row.start, col.start)],
        tuple(P),
        tuple(r_row),
        tuple(r_col),
        tuple(profiles),
        exact,
    )


def _numbers(probs: tuple[Fraction, ...], exact: bool) -> tuple[Any, ...]:
    return tuple(probs) if exact else tuple(float(p) for p in probs)
