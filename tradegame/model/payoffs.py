r"""The coercion payoffs of MODEL.md section 3, numeric and symbolic from one formula.

Player ``i`` restricts at intensity :math:`e_i` on its ladder, its rival ``j``
at :math:`e_j`. The harm ``j`` suffers when ``i`` restricts at ``e`` is

.. math::

    x_j = \mathrm{clamp}((\tau_j - s_j)/\Delta, 0, 1), \qquad
    H_j(e) = e^\gamma V_j D_j [x_j K_j + (1 - x_j) c_j]

and the payoff to ``i`` is

.. math::

    u_i = \beta_i e_i - e_i (V_j D_j m_i + \rho_i) + \theta_i H_j(e_i)(1 - e_j)
          - H_i(e_j) - \theta_j H_i(e_j)(1 - e_i) - X_i e_i e_j
          - \alpha_i e_j (1 - e_i).

The last term, the audience cost, is tradegame's one addition to the
reference form (``docs/explanation/model.md`` argues it); its default 0 gives
the reference form exactly. Symbols with index ``j`` (``V_j``, ``D_j``, ...)
describe the good that ``i`` controls and are read from player ``i``'s section.

The same code computes both games: Python's operators work on Fractions,
floats and sympy expressions alike, and only the clamp differs. So the
symbolic game is the numeric game by construction, and a test checks it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["harm", "payoff_matrices", "unmitigated_share"]

Clamp = Callable[[Any], Any]


def _clamp_numeric(x: Any) -> Any:
    return min(max(x, 0), 1)


def unmitigated_share(good: Mapping[str, Any], period: Any, clamp: Clamp = _clamp_numeric) -> Any:
    """The share of a period the rival cannot cover: clamp((tau - s) / Delta, 0, 1)."""
    return clamp((good["substitution_time"] - good["stockpile"]) / period)


def harm(
    good: Mapping[str, Any],
    intensity: Any,
    period: Any,
    gamma: Any,
    clamp: Clamp = _clamp_numeric,
    full: Any = None,
) -> Any:
    r"""Harm to the rival when the holder of ``good`` restricts at ``intensity``.

    :math:`H(e) = e^\gamma V D [x K + (1 - x) c]`, with ``good`` the holder's
    parameter section (its ``consumption``, ``dependence``, ...). ``full``, when
    given, stands for the harm of full restriction :math:`H(1)` (a symbol, for a
    readable symbolic game), and the result is :math:`e^\gamma` times it.
    """
    if intensity == 0:
        return 0
    # gamma == 1 keeps a symbolic game readable (e, not e**1); an array of gammas
    # (a sweep over harm_convexity) has no single truth value, so it takes the power.
    is_one = getattr(gamma, "ndim", 0) == 0 and gamma == 1
    scale = intensity if is_one else intensity**gamma
    if full is not None:
        return scale * full
    x = unmitigated_share(good, period, clamp)
    exposure = good["consumption"] * good["dependence"]
    per_unit = x * good["criticality"] + (1 - x) * good["substitution_premium"]
    return scale * exposure * per_unit


def payoff(
    me: Mapping[str, Any],
    rival: Mapping[str, Any],
    e_me: Any,
    e_rival: Any,
    period: Any,
    gamma: Any,
    clamp: Clamp = _clamp_numeric,
    full_harms: tuple[Any, Any] = (None, None),
) -> Any:
    """The stage payoff to the player with parameters ``me`` (see the module docstring).

    ``full_harms`` optionally stands for the full-restriction harms ``(dealt, taken)``.
    """
    harm_dealt = harm(me, e_me, period, gamma, clamp, full_harms[0])
    harm_taken = harm(rival, e_rival, period, gamma, clamp, full_harms[1])
    lost_sales = me["consumption"] * me["dependence"] * me["margin"]
    return (
        me["domestic_gain"] * e_me
        - e_me * (lost_sales + me["reputation_cost"])
        + me["concession_rate"] * harm_dealt * (1 - e_rival)
        - harm_taken
        - rival["concession_rate"] * harm_taken * (1 - e_me)
        - me["spiral_cost"] * e_me * e_rival
        - me["audience_cost"] * e_rival * (1 - e_me)
    )


def payoff_matrices(
    row: Mapping[str, Any],
    col: Mapping[str, Any],
    row_ladder: Sequence[Any],
    col_ladder: Sequence[Any],
    period: Any,
    gamma: Any,
    clamp: Clamp = _clamp_numeric,
    full_harms: tuple[Any, Any] = (None, None),
) -> tuple[list[list[Any]], list[list[Any]]]:
    """Both players' payoff matrices over their ladders: ``(A, B)``, row player first.

    ``row`` and ``col`` map parameter names (``consumption``, ``dependence``,
    ...) to numbers or sympy expressions; ladders hold the rung intensities.
    ``full_harms`` optionally gives symbols for the harm each player's full
    restriction does to the other, ``(row's, col's)``.
    """
    row_harms, col_harms = full_harms, (full_harms[1], full_harms[0])
    A = [
        [payoff(row, col, e_r, e_c, period, gamma, clamp, row_harms) for e_c in col_ladder]
        for e_r in row_ladder
    ]
    B = [
        [payoff(col, row, e_c, e_r, period, gamma, clamp, col_harms) for e_c in col_ladder]
        for e_r in row_ladder
    ]
    return A, B
