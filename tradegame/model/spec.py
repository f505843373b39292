r"""The schema of a model file: every parameter, its symbol, unit and range.

This module is the single place where the parameters of MODEL.md section 2 are
declared. The loader validates against it, the payoffs read it, and
``tradegame show`` prints from it.

Parameter keys are dotted: ``period`` and ``harm_convexity`` are model-wide,
and ``<player>.<name>`` (for example ``minerals.substitution_time``) belongs
to one player. A player's section describes the player *and the good it
controls*: ``minerals.dependence`` is the rival's dependence on minerals, and
``minerals.substitution_time`` the years until the rival finds substitutes.

The stage game (MODEL.md section 3) reads the first block of player
parameters. :data:`DYNAMIC_PARAMS` (erosion, relapse, forgetting, floors,
trust) are read only by the dynamic game of MODEL.md section 5
(:mod:`tradegame.model.dynamics`); each has a default, so a model file written
for the stage game still has a dynamic game. The grid resolution is not a
model parameter: it is an argument of :meth:`Model.dynamic`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tradegame.datafile import DataFileError

__all__ = [
    "DYNAMIC_PARAMS",
    "MODEL_PARAMS",
    "PLAYER_PARAMS",
    "ModelError",
    "ParamSpec",
]


class ModelError(DataFileError):
    """A model file or an override is invalid.

    The message is one line: the file, the key, the value and what is allowed.
    """


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: its symbol, unit, allowed range and meaning.

    ``unit`` is a unit string, or ``"money"`` for the model's money unit.
    ``low``/``high`` bound the value; ``open_low``/``open_high`` make a bound strict.
    ``smallest`` is the smallest magnitude a nonzero value may have: a discount
    factor divides payoffs, and below 1e-15 the quotient overflows.
    """

    name: str
    symbol: str
    unit: str
    meaning: str
    low: float = -math.inf
    high: float = math.inf
    open_low: bool = False
    open_high: bool = False
    default: float | None = None
    smallest: float = 0.0

    @property
    def allowed(self) -> str:
        """The allowed range, in words a student can act on."""
        if self.low == -math.inf and self.high == math.inf:
            return "a finite number"
        if self.high == math.inf:
            return f"a number {'>' if self.open_low else '≥'} {_num(self.low)}"
        left = "(" if self.open_low else "["
        right = ")" if self.open_high else "]"
        return f"a number in {left}{_num(self.low)}, {_num(self.high)}{right}"

    def admits(self, value: float) -> bool:
        """True when ``value`` is finite and inside the range."""
        if not math.isfinite(value):
            return False
        above = value > self.low if self.open_low else value >= self.low
        below = value < self.high if self.open_high else value <= self.high
        return above and below and (value == 0 or abs(value) >= self.smallest)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# Player parameters, MODEL.md section 2. The symbol is the maths name in
# docs/explanation/model.md; the player id is appended as a subscript.
PLAYER_PARAMS: dict[str, ParamSpec] = {
    p.name: p
    for p in [
        ParamSpec(
            "consumption",
            "V",
            "money",
            "value of the rival's yearly use of the good this player controls",
            low=0.0,
        ),
        ParamSpec(
            "dependence",
            "D",
            "share",
            "share of the rival's supply of the good that comes from this player",
            low=0.0,
            high=1.0,
        ),
        ParamSpec(
            "criticality",
            "K",
            "× per unit",
            "rival's downstream loss per unit of input lost and not replaced",
            low=0.0,
        ),
        ParamSpec(
            "substitution_premium",
            "c",
            "× per unit",
            "rival's extra cost per unit of input replaced by a substitute",
            low=0.0,
        ),
        ParamSpec(
            "substitution_time",
            "tau",
            "years",
            "years until the rival's substitutes arrive",
            low=0.0,
        ),
        ParamSpec("stockpile", "s", "years", "years of supply the rival holds in reserve", low=0.0),
        ParamSpec(
            "margin",
            "m",
            "share",
            "this player's lost profit per unit of blocked sales",
            low=0.0,
            high=1.0,
        ),
        ParamSpec(
            "reputation_cost",
            "rho",
            "money",
            "world-market value lost per restriction as third parties diversify",
            low=0.0,
        ),
        ParamSpec(
            "concession_rate",
            "theta",
            "share",
            "share of harm inflicted that becomes concessions when the rival does not hit back",
            low=0.0,
            high=1.0,
        ),
        ParamSpec(
            "spiral_cost",
            "X",
            "money",
            "extra loss to this player when both sides restrict",
            low=0.0,
        ),
        ParamSpec(
            "domestic_gain",
            "beta",
            "money",
            "domestic political payoff per restriction",
            default=0.0,
        ),
        ParamSpec(
            "audience_cost",
            "alpha",
            "money",
            "domestic cost of not answering a restriction (audience cost)",
            default=0.0,
            low=0.0,
        ),
        ParamSpec(
            "discount",
            "delta",
            "per period",
            "discount factor per period (political horizon)",
            low=0.0,
            high=1.0,
            open_low=True,
            open_high=True,
            smallest=1e-15,
        ),
        # --- the dynamic game of MODEL.md section 5 (tradegame.model.dynamics) ---
        # Defaults leave dependence still and trust as the only moving part, so
        # a model file written for the stage game has a well-defined dynamic game.
        ParamSpec(
            "erosion",
            "lambda",
            "per period",
            "share of the gap to the floor the rival's dependence loses per unit of pressure",
            low=0.0,
            high=1.0,
            default=0.0,
        ),
        ParamSpec(
            "relapse",
            "kappa",
            "per period",
            "share of the gap to the baseline the rival's dependence regains without pressure",
            low=0.0,
            high=1.0,
            default=0.0,
        ),
        ParamSpec(
            "forgetting",
            "phi",
            "per period",
            "share of diversification pressure (and of buyers' memory) that fades each period",
            low=0.0,
            high=1.0,
            open_low=True,
            default=0.5,
        ),
        ParamSpec(
            "dependence_floor",
            "D_floor",
            "share",
            "lowest dependence the rival can reach by diversifying (at most the dependence)",
            low=0.0,
            high=1.0,
            default=0.0,
        ),
        ParamSpec(
            "relapse_share",
            "psi",
            "share",
            "share of the floor-to-dependence gap regained in the long run: "
            "baseline D_bar = D_floor + psi (D - D_floor)",
            low=0.0,
            high=1.0,
            default=1.0,
        ),
        ParamSpec(
            "accident_rate",
            "epsilon",
            "per period",
            "probability that a reliable supplier restricts by accident",
            low=0.0,
            high=1.0,
            open_low=True,
            open_high=True,
            default=0.05,
        ),
        ParamSpec(
            "opportunism",
            "q",
            "per period",
            "probability that an opportunistic supplier restricts, as buyers see it (> epsilon)",
            low=0.0,
            high=1.0,
            open_low=True,
            open_high=True,
            default=0.5,
        ),
        ParamSpec(
            "prior_trust",
            "pi0",
            "probability",
            "third parties' initial belief that this player is a reliable supplier",
            low=0.0,
            high=1.0,
            open_low=True,
            open_high=True,
            default=0.9,
        ),
        ParamSpec(
            "distrust_pressure",
            "chi",
            "pressure per unit",
            "diversification pressure added per unit of trust lost below the prior",
            low=0.0,
            default=0.0,
        ),
    ]
}

#: The player parameters that only the dynamic game reads (MODEL.md section 5).
DYNAMIC_PARAMS = (
    "erosion",
    "relapse",
    "forgetting",
    "dependence_floor",
    "relapse_share",
    "accident_rate",
    "opportunism",
    "prior_trust",
    "distrust_pressure",
)

# Model-wide parameters of a coercion model.
MODEL_PARAMS: dict[str, ParamSpec] = {
    p.name: p
    for p in [
        ParamSpec(
            "period", "Delta", "years", "years per stage of the game", low=0.0, open_low=True
        ),
        ParamSpec(
            "harm_convexity",
            "gamma",
            "-",
            "harm convexity: harm grows as intensity**gamma",
            low=1.0,
            default=1.0,
        ),
    ]
}
