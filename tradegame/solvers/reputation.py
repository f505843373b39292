r"""Reputation with incomplete information: the chain store, the commitment bound, trust.

The chain store
---------------
An incumbent meets one entrant per market; markets are counted down
:math:`k = n, \dots, 1` (:math:`k` markets left, this one included). The entrant
stays out (payoffs :math:`(a, 0)`, incumbent first) or enters; the incumbent
then fights (:math:`(-1, b - 1)`) or acquiesces (:math:`(0, b)`), with
:math:`a > 1`, :math:`0 < b < 1` and undiscounted totals. With probability
``prior`` the incumbent is *tough* and always fights; otherwise it is *weak*.
The reputation :math:`p_k` is the entrants' belief in toughness. In the
sequential equilibrium of Kreps and Wilson [1]_ and Milgrom and Roberts [2]_:

* the entrant stays out if :math:`p_k > b^k` and enters if :math:`p_k < b^k`;
* entered against with :math:`k \ge 2` markets left, the weak incumbent fights
  for sure if :math:`p_k \ge b^{k-1}`, and otherwise with probability
  :math:`\beta_k = p_k (1 - b^{k-1}) / ((1 - p_k) b^{k-1})`, which makes the
  belief after a fight exactly :math:`b^{k-1}`. In the last market it
  acquiesces, even at :math:`p_1 = 1` where the closed form says "fight": that
  fight costs 1 and earns nothing;
* beliefs follow Bayes' rule after a fight and drop to 0 after acquiescence;
  at :math:`p_k = 0` a fight (then of probability zero) leaves them at 0.

**Tie-break.** At :math:`p_k = b^k` the entrant is indifferent and stays out
with probability :math:`1/a`: the only probability that makes the weak
incumbent's value at :math:`(k, b^k)` equal to 1, the cost of the fight that
brought the belief there, so that it is willing to mix one market earlier. The
tie is on the path: every contested fight leads to it.

**Paths.** After mixing the path is random. :func:`chain_store` reports the
*reputation path*, on which every entrant who enters with positive probability
enters and the incumbent always fights: :math:`p_{k-1}` is the belief after a
fight, or :math:`p_k` when entry is deterred for sure. Each stage also gives
the probability that the weak type is still pooling (has never acquiesced), on
that path and over every branch of the equilibrium.

The commitment bound
--------------------
A long-run row player with discount factor :math:`\delta` faces a new column
player each period, who best responds to its prediction of the row's action.
With prior :math:`\mu` the row player is a commitment type that always plays
the pure action :math:`a^*`. Let :math:`B(a^*)` be the column best responses
to :math:`a^*`, :math:`u^* = \min_{c \in B(a^*)} A[a^*, c]`,
:math:`u_{\min} = \min_c A[a^*, c]`, and :math:`\bar\pi` the largest
probability of :math:`a^*` in a mixed row action to which a column action
outside :math:`B(a^*)` is a best response (0 if there is none). On a history
where :math:`a^*` is always played, each period in which :math:`a^*` is
predicted with probability at most :math:`\bar\pi` (a *surprise*) divides the
belief in the commitment type by at most :math:`\bar\pi`, so there are at most
:math:`N = \max\{n \ge 0 : \bar\pi^n \ge \mu\}` of them, the integer part of
:math:`\ln\mu / \ln\bar\pi`. Playing :math:`a^*` for ever, with the surprises
first in the worst case, guarantees the normal type in every Nash equilibrium
the normalised discounted payoff

.. math:: \underline v = \delta^N u^* + (1 - \delta^N)\, u_{\min}

(Fudenberg and Levine [3]_, Theorem 1). They state it with the smallest of all
the row payoffs and the real :math:`\ln\mu / \ln\bar\pi`; the commitment row's
minimum and the integer :math:`N` give a bound at least as high, by the same
argument.

The reliable-supplier reading
-----------------------------
Buyers, the short-run players, each decide whether to diversify away from a
supplier that is either *reliable* (a commitment type that restricts only by
accident, with probability :math:`\varepsilon`) or *opportunistic*. Their
belief that it is reliable is the trust state :math:`\pi` of MODEL.md section
5. :func:`trust_update` is one period's Bayes step on "restricted" or "kept
supplying". The dynamic model's trust is a smoothed version of it: Bayes' rule
on the odds of a restriction against an open period, applied to the
forgetting-weighted record of restrictions (its diversification pressure), so
an open period does not raise trust above the prior there; see
``docs/explanation/bargaining.md``.

* **The chain store, turned around** (:math:`\varepsilon = 0`). Tough is
  reliable and weak is opportunistic; "enter" is a buyer diversifying, a hedge
  worth :math:`b` if the supplier then restricts and :math:`b - 1` if it keeps
  supplying; "fight" is keeping supply open to that buyer (it costs the
  opportunistic supplier 1 against restricting) and "acquiesce" is
  restricting. A buyer who stays dependent is worth :math:`a`: the market
  share whose loss is the reputation cost :math:`\rho`. So :math:`p_k = \pi`:
  buyers stay while :math:`\pi > b^k`; the opportunistic supplier stays open
  for sure while :math:`\pi \ge b^{k-1}`, then mixes so that trust after it
  stays open rises to :math:`b^{k-1}`; one restriction sends trust to 0
  (``trust_update(pi, True, 0)``). The reputation cost is earned on the path.
* **The commitment bound.** The supplier is the row player, :math:`a^*` is
  "open" and :math:`B(a^*)` is "do not diversify": :math:`\bar\pi` is the trust
  below which buyers may diversify, :math:`N` the most periods in which they do
  while the supplier stays open, and a patient supplier with any trust
  :math:`\mu > 0` secures nearly the payoff :math:`u^*` of a credible
  commitment to openness.

With :math:`\varepsilon > 0` a restriction lowers trust by a likelihood ratio
instead of ending it; the chain-store formulas then no longer hold, and the
reliable type is a mixed commitment type, which Fudenberg and Levine [4]_ treat
and :func:`reputation_bound` does not.

Numbers: rational inputs (integers, fractions, sympy rationals, floats read as
their shortest decimal as :class:`tradegame.game.Game` reads them) give
:class:`fractions.Fraction` results. Other floats are computed exactly on their
binary values and reported as floats, so ties are still found: there is no
tolerance (``b**k == p`` holds only exactly).

References
----------
.. [1] D. M. Kreps and R. Wilson, "Reputation and imperfect information",
   *Journal of Economic Theory* 27(2), 1982, pp. 253-279.
.. [2] P. Milgrom and J. Roberts, "Predation, reputation, and entry
   deterrence", *Journal of Economic Theory* 27(2), 1982, pp. 280-312.
.. [3] D. Fudenberg and D. K. Levine, "Reputation and equilibrium selection in
   games with a patient player", *Econometrica* 57(4), 1989, pp. 759-778.
.. [4] D. Fudenberg and D. K. Levine, "Maintaining a reputation when strategies
   are imperfectly observed", *Review of Economic Studies* 59(3), 1992,
   pp. 561-579.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, overload

import numpy as np

from tradegame.game import to_fraction
from tradegame.solvers import _markdown as md
from tradegame.solvers._values import json_value, text

__all__ = ["MAX_MARKETS", "ChainStore", "Stage", "chain_store", "trust_update"]

#: The largest number of markets :func:`chain_store` accepts (one Stage each).
MAX_MARKETS = 100_000

# Above this many candidate vertices the exact search for pi_bar gives way to an LP.
_MAX_VERTICES = 50_000

Value = Any  # a Fraction for rational inputs, a float otherwise
ZERO, ONE = Fraction(0), Fraction(1)


# --- inputs ----------------------------------------------------------------------------


def real_arg(name: str, x: Any) -> tuple[Fraction, bool]:
    """``x`` as a fraction, and whether it is rational (else its binary value is used)."""
    if isinstance(x, bool | np.bool_ | str | bytes) or x is None:
        raise ValueError(f"{name} must be a number; got {x!r}")
    fraction = to_fraction(x)
    if fraction is not None:
        return fraction, True
    try:
        value = float(x)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number; got {x!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {x!r}")
    return Fraction(value), False


def between(name: str, x: Any, low_open: bool, high_open: bool) -> tuple[Fraction, bool]:
    value, is_exact = real_arg(name, x)
    if value < 0 or value > 1 or (low_open and value == 0) or (high_open and value == 1):
        interval = "(" if low_open else "["
        interval += "0, 1" + (")" if high_open else "]")
        raise ValueError(f"{name} must be a number in {interval}; got {x!r}")
    return value, is_exact


def log_of(x: Fraction | float) -> float:
    if isinstance(x, Fraction):  # big numerators and denominators would overflow float()
        return math.log(x.numerator) - math.log(x.denominator)
    return math.log(x)


def _posterior(prior: Fraction, like_reliable: Fraction, like_other: Fraction) -> Fraction:
    """Bayes' rule; an observation of probability zero leaves the belief where it was."""
    total = prior * like_reliable + (1 - prior) * like_other
    return prior if total == 0 else prior * like_reliable / total


def trust_update(
    prior: Any, restricted: bool, accident: Any, opportunistic: Any = 1
) -> Fraction | float:
    r"""Buyers' trust after one period: the posterior that the supplier is reliable.

    A reliable supplier restricts with probability :math:`\varepsilon`
    (``accident``), an opportunistic one with probability :math:`r`
    (``opportunistic``). By Bayes' rule, after a restriction

    .. math:: \pi' = \frac{\pi \varepsilon}{\pi \varepsilon + (1 - \pi) r},

    and after a period without one
    :math:`\pi' = \pi (1-\varepsilon) / (\pi (1-\varepsilon) + (1-\pi)(1-r))`.
    When the observation has probability zero under ``prior`` (for instance a
    restriction when :math:`\varepsilon = r = 0`, or anything at all once
    :math:`\pi` is 0 or 1 and that type could not produce it), the belief is
    left unchanged, so 0 and 1 stay absorbing.

    Returns
    -------
    Fraction or float
        A fraction when all three numbers are rational, a float otherwise.

    Raises
    ------
    ValueError
        If ``restricted`` is not a bool or a probability is outside [0, 1].

    Examples
    --------
    >>> trust_update(Fraction(1, 2), True, Fraction(1, 10))
    Fraction(1, 11)
    """
    if not isinstance(restricted, bool | np.bool_):
        raise ValueError(f"restricted must be True or False; got {restricted!r}")
    pi, e1 = between("prior", prior, False, False)
    eps, e2 = between("accident", accident, False, False)
    r, e3 = between("opportunistic", opportunistic, False, False)
    post = _posterior(pi, eps, r) if restricted else _posterior(pi, 1 - eps, 1 - r)
    return post if e1 and e2 and e3 else float(post)


# --- the chain store -------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """The equilibrium at ``(k, p)``: the entrant's and the weak type's moves, beliefs, value."""

    stay_out: Fraction
    beta: Fraction
    after_fight: Fraction
    value: Fraction


def _horizon(p: Fraction, b: Fraction, cap: int) -> tuple[int, bool]:
    """``J = max{j in 0..cap : b**j >= p}`` and whether ``b**J == p``."""
    if p == 0:
        return cap, False
    j = min(cap, max(0, math.floor(log_of(p) / log_of(b))))  # a float guess, corrected exactly
    while j < cap and b ** (j + 1) >= p:
        j += 1
    while j > 0 and b**j < p:
        j -= 1
    return j, b**j == p


def _rule(k: int, p: Fraction, b: Fraction, a: Fraction) -> _Rule:
    # p <= b**j exactly for j <= J, and p == b**J when tie
    J, tie = _horizon(p, b, k)
    if k > J:
        stay_out = ONE
    elif tie:  # J == k here: p == b**k
        stay_out = 1 / a
    else:
        stay_out = ZERO
    if k == 1:
        beta = ZERO  # the last fight earns nothing
    elif k - 1 > J or (k - 1 == J and tie):
        beta = ONE
    else:
        power = b ** (k - 1)
        beta = p * (1 - power) / ((1 - p) * power)
    # a for each of the k - J deterred markets, then 1 if the next one opens at the tie
    value = a * max(k - J, 0) + (ONE if tie and J >= 1 else ZERO)
    return _Rule(stay_out, beta, _posterior(p, ONE, beta), value)


@dataclass(frozen=True)
class Stage:
    r"""One market of the chain store, on the reputation path.

    Attributes
    ----------
    markets_left : int
        :math:`k`, this market included.
    reputation : Fraction or float
        :math:`p_k`, the belief that the incumbent is tough.
    entrant : str
        ``"out"``, ``"in"`` or ``"mix"`` (only at :math:`p_k = b^k`).
    stay_out : Fraction or float
        The probability that the entrant stays out: 1, 0, or :math:`1/a`.
    weak_fight : Fraction or float
        :math:`\beta_k`, the probability that the weak type fights if entered against.
    fight : Fraction or float
        The probability of a fight after entry, :math:`p_k + (1 - p_k)\beta_k`.
    after_fight, after_acquiesce : Fraction or float
        The reputation after a fight (Bayes) and after acquiescence (0).
    weak_value : Fraction or float
        The weak type's equilibrium payoff from this market on, at :math:`p_k`.
    pooling : Fraction or float
        The probability that a weak incumbent has not acquiesced before this
        market, over every branch of the equilibrium.
    pooling_on_path : Fraction or float
        The same on the reputation path: the product of :math:`\beta_j` over the
        earlier markets where entry had positive probability. By Bayes' rule
        :math:`p_k = p / (p + (1 - p)\,\text{pooling\_on\_path})`.
    """

    markets_left: int
    reputation: Value
    entrant: str
    stay_out: Value
    weak_fight: Value
    fight: Value
    after_fight: Value
    after_acquiesce: Value
    weak_value: Value
    pooling: Value
    pooling_on_path: Value

    def __repr__(self) -> str:
        entrant = self.entrant
        if entrant == "mix":
            entrant = f"mix(out {text(self.stay_out)})"
        return (
            f"Stage(k={self.markets_left}, p={text(self.reputation)}, entrant={entrant}, "
            f"weak_fight={text(self.weak_fight)}, after_fight={text(self.after_fight)}, "
            f"pooling={text(self.pooling)})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; fractions appear as strings such as ``"1/3"``."""
        return {name: json_value(value) for name, value in vars(self).items()}


@dataclass(frozen=True)
class ChainStore:
    r"""The Kreps-Wilson equilibrium of a finite chain store, market by market.

    It is a sequence of :class:`Stage`: ``len``, indexing and iteration run over
    :attr:`stages`, from :math:`k` = ``markets`` down to 1.

    Attributes
    ----------
    markets, prior, b, a
        The inputs (``prior``, ``b``, ``a`` as fractions when rational).
    stages : tuple of Stage
        The reputation path.
    deterred : int
        The number of opening markets in which entry is deterred for sure.
    weak_value : Fraction or float
        The weak incumbent's equilibrium payoff over all the markets.
    exact : bool
        True when the results are fractions.
    """

    markets: int
    prior: Value
    b: Value
    a: Value
    stages: tuple[Stage, ...]
    deterred: int
    weak_value: Value
    exact: bool

    def __len__(self) -> int:
        return len(self.stages)

    @overload
    def __getitem__(self, index: int) -> Stage: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Stage, ...]: ...

    def __getitem__(self, index: int | slice) -> Stage | tuple[Stage, ...]:
        return self.stages[index]

    def __iter__(self) -> Iterator[Stage]:
        return iter(self.stages)

    def __repr__(self) -> str:
        path = ", ".join(text(s.reputation) for s in self.stages[:12])
        more = ", ..." if len(self.stages) > 12 else ""
        return (
            f"ChainStore(markets={self.markets}, prior={text(self.prior)}, b={text(self.b)}, "
            f"a={text(self.a)}, deterred={self.deterred}, weak_value={text(self.weak_value)}, "
            f"reputation=[{path}{more}])"
        )

    def _repr_markdown_(self) -> str:
        """The reputation path, market by market, for notebooks; a long chain is shortened."""
        head = md.title("Chain store") + f" (Kreps and Wilson): {self.markets} markets, "
        head += f"prior {md.number(self.prior)}, b = {md.number(self.b)}, a = {md.number(self.a)}"
        entrant = {"out": "stays out", "in": "enters"}
        rows = [
            [
                str(s.markets_left),
                md.number(s.reputation),
                entrant.get(s.entrant, f"stays out w.p. {md.number(s.stay_out)}"),
                md.number(s.weak_fight),
                md.number(s.after_fight),
                md.number(s.weak_value),
            ]
            for s in self.stages
        ]
        header = ["markets left", "reputation", "entrant", "weak fights", "after a fight"]
        table = md.table([*header, "weak value"], rows)
        plural = "" if self.deterred == 1 else "s"
        deterred = (
            f"Entry is deterred for sure in the first {self.deterred} market{plural}"
            if self.deterred
            else "Entry is never deterred for sure"
        )
        note = f"{deterred}; the weak incumbent's payoff is {md.number(self.weak_value)}."
        return f"{head}\n\n{table}\n\n{note}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description, with one dict per stage."""
        out = {name: json_value(value) for name, value in vars(self).items()}
        out["stages"] = [s.to_dict() for s in self.stages]
        return out


def _markets(markets: Any) -> int:
    if isinstance(markets, bool | np.bool_) or not isinstance(markets, int | np.integer):
        raise ValueError(f"markets must be a whole number >= 1; got {markets!r}")
    if not 1 <= int(markets) <= MAX_MARKETS:
        raise ValueError(f"markets must be between 1 and {MAX_MARKETS}; got {markets!r}")
    return int(markets)


def chain_store(markets: Any, prior: Any, b: Any, a: Any) -> ChainStore:
    r"""The Kreps-Wilson sequential equilibrium of the finite chain store.

    Parameters
    ----------
    markets : int
        The number of markets, at least 1.
    prior : number in [0, 1]
        The prior probability that the incumbent is tough.
    b : number in (0, 1)
        The entrant's gain from entry when the incumbent acquiesces.
    a : number > 1
        The incumbent's payoff when the entrant stays out.

    Returns
    -------
    ChainStore
        The reputation path, one :class:`Stage` per market, with the
        strategies, beliefs and pooling probabilities (see the module
        docstring for the equilibrium and its tie-break).

    Raises
    ------
    ValueError
        If an input is out of range or not a number.

    Examples
    --------
    >>> game = chain_store(4, Fraction(1, 10), Fraction(1, 2), 2)
    >>> [str(s.reputation) for s in game], [s.entrant for s in game]
    (['1/10', '1/10', '1/4', '1/2'], ['out', 'in', 'mix', 'mix'])
    >>> game[1].weak_fight, game[1].after_fight
    (Fraction(1, 3), Fraction(1, 4))
    """
    N = _markets(markets)
    p0, e1 = between("prior", prior, False, False)
    b0, e2 = between("b", b, True, True)
    a0, e3 = real_arg("a", a)
    if not a0 > 1:
        raise ValueError(f"a must be a number greater than 1; got {a!r}")
    is_exact = e1 and e2 and e3

    def out(x: Fraction) -> Value:
        return x if is_exact else float(x)

    p, on_path = p0, ONE
    weak: dict[Fraction, Fraction] = {p0: ONE}  # unrevealed weak type: reputation -> mass
    stages: list[Stage] = []
    for k in range(N, 0, -1):
        rule = _rule(k, p, b0, a0)
        entrant = "out" if rule.stay_out == 1 else ("in" if rule.stay_out == 0 else "mix")
        stages.append(
            Stage(
                markets_left=k,
                reputation=out(p),
                entrant=entrant,
                stay_out=out(rule.stay_out),
                weak_fight=out(rule.beta),
                fight=out(p + (1 - p) * rule.beta),
                after_fight=out(rule.after_fight),
                after_acquiesce=out(ZERO),  # only the weak type acquiesces
                weak_value=out(rule.value),
                pooling=out(sum(weak.values(), ZERO)),
                pooling_on_path=out(on_path),
            )
        )
        following: dict[Fraction, Fraction] = {}
        for q, mass in weak.items():
            r = rule if q == p else _rule(k, q, b0, a0)
            for belief, share in ((q, r.stay_out), (r.after_fight, (1 - r.stay_out) * r.beta)):
                if share:
                    following[belief] = following.get(belief, ZERO) + mass * share
        weak = following
        if rule.stay_out < 1:
            on_path *= rule.beta
            p = rule.after_fight
    deterred = next((i for i, s in enumerate(stages) if s.entrant != "out"), N)
    return ChainStore(
        markets=N,
        prior=out(p0),
        b=out(b0),
        a=out(a0),
        stages=tuple(stages),
        deterred=deterred,
        weak_value=stages[0].weak_value,
        exact=is_exact,
    )


# --- the commitment bound --------------------------------------------------------------
