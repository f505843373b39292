r"""Maximum pressure, then selective concessions, against a calibrated response: which pays.

MODEL.md section 6 asks for seed 000's "art of the deal" (open with maximum
pressure, then concede selectively) to be weighed against a "calibrated
response" in the dynamic game, where restrictions erode the rival's dependence
and the restrictor's trust. :func:`campaign` plays it out for a *coercer* (the
row player, the chips holder, by default; the column player too):

* the coercer opens with ``pressure`` (by default ``maximum-pressure``, full
  restriction for ``n = 2`` periods, then matching the rival's rung; see
  :mod:`tradegame.solvers.strategies.pressure`);
* or it plays the ``alternative`` (by default ``calibrated``: open first, then
  answer the rival's rung proportionally);
* or the ``baseline`` (by default ``always-open``: never restrict);

each against the rival's ``response`` (by default ``calibrated``), in the
model's dynamic game from its initial state
(:func:`tradegame.solvers.dynamic_play.play_dynamic`).

For each coercer, the verdict compares its dynamic values: the pressure
campaign **pays** when its value beats the alternative's by more than the two
truncation bounds together, **does not pay** when it falls short by as much,
and is a **tie** otherwise. What it costs the rival is the rival's value under
the alternative minus its value under the campaign.

Values are discounted sums of stage payoffs, in the model's unit times one
period (for the bundled models: $bn, present value). Play is on continuous
states; the grid of the dynamic game sets only the truncation bound and the
default tolerance, and both come from the grid's corners, so the coarsest grid
(two nodes per dimension) gives the same numbers as any finer one.

Examples
--------
>>> import tradegame as tg
>>> result = campaign(tg.load_model("rare-earth-2025"), coercers=(0,))
>>> result.front(0).verdict
'does not pay'
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tradegame.model.model import Model
from tradegame.solvers.dynamic_play import DynamicMatch, play_dynamic
from tradegame.solvers.stochastic import as_stochastic_game, tolerances

__all__ = ["Campaign", "Front", "Run", "campaign"]

#: Grid nodes per state dimension: only the truncation bound reads the grid (see above).
RESOLUTION = 2
_TIE_REL = 1e-9  # verdicts: ties within this share of the scale of values, beyond the bounds


@dataclass(frozen=True, eq=False)
class Run:
    """One match of a campaign: the coercer's strategy against the rival's response.

    Attributes
    ----------
    coercer : the coercer's seat (0 row, 1 column).
    strategy, response : the coercer's and the rival's strategy labels.
    match : the full result, with the path.
    """

    coercer: int
    strategy: str
    response: str
    match: DynamicMatch

    @property
    def values(self) -> tuple[float, float]:
        """Both players' dynamic values (row, column)."""
        return self.match.values

    @property
    def bound(self) -> tuple[float, float]:
        """Both players' truncation bounds (row, column)."""
        return self.match.bound

    @property
    def restriction_ends(self) -> tuple[int | None, int | None]:
        """For each player, the period from which it opens for ever (None: never)."""
        return (self.match.restriction_ends(0), self.match.restriction_ends(1))

    @property
    def opening(self) -> tuple[float, float] | None:
        """Both players' discounted payoffs over the opening (the periods before the
        profiles start to cycle); None for a mixed match."""
        if self.match.prefix is None:
            return None
        k = len(self.match.prefix)
        d = self.match.path.discount
        pays = self.match.path.payoffs[:k]
        t = np.arange(k)
        return (float(np.sum(d[0] ** t * pays[:, 0])), float(np.sum(d[1] ** t * pays[:, 1])))

    @property
    def final(self) -> dict[str, float]:
        """The state and derived quantities (dependence, trust) after the last period played."""
        path = self.match.path
        out = {name: float(v) for name, v in zip(path.names, path.states[-1], strict=True)}
        out.update({name: float(v[-1]) for name, v in path.derived.items()})
        return out

    def __repr__(self) -> str:
        return (
            f"Run({self.strategy} vs {self.response}: values=({self.values[0]:.6g}, "
            f"{self.values[1]:.6g}), restriction_ends={self.restriction_ends})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe summary (the path itself is in ``match.to_dict()``)."""
        match = self.match
        return {
            "coercer": self.coercer,
            "strategy": self.strategy,
            "response": self.response,
            "names": list(match.names),
            "values": list(self.values),
            "bound": list(self.bound),
            "opening": None if self.opening is None else list(self.opening),
            "restriction_ends": list(self.restriction_ends),
            "prefix": None if match.prefix is None else match.profile_names(match.prefix),
            "cycle": None if match.cycle is None else match.profile_names(match.cycle),
            "periods": match.periods,
            "converged": match.converged,
            "final": self.final,
        }


@dataclass(frozen=True, eq=False)
class Front:
    """The campaign of one coercer: its pressure, its alternative and its baseline.

    Attributes
    ----------
    coercer : the coercer's seat (0 row, 1 column).
    players : the coercer's and the rival's names.
    pressure, alternative : the two runs the verdict compares.
    baseline : the run with the baseline strategy, or None.
    gain : the coercer's value with pressure minus with the alternative.
    rival_cost : the rival's value with the alternative minus with pressure
        (positive when the campaign hurts the rival).
    margin : differences within this are ties: both runs' truncation bounds
        for the coercer, plus a relative slack for rounding.
    verdict : ``"pays"``, ``"does not pay"`` or ``"tie"``.
    """

    coercer: int
    players: tuple[str, str]
    pressure: Run
    alternative: Run
    baseline: Run | None
    gain: float
    rival_cost: float
    margin: float
    verdict: str

    @property
    def summary(self) -> str:
        """The verdict in one sentence."""
        me, rival = self.players
        p, a = self.pressure, self.alternative
        k = self.coercer
        ends = p.restriction_ends[k]
        stop = (
            f"{me} never lifts its restrictions"
            if ends is None
            else f"{me} never restricts"
            if ends == 0
            else f"{me} restricts for {ends} period(s), then stays open"
        )
        return (
            f"For {me}, {p.strategy} against {p.response} by {rival} {self.verdict}: "
            f"{p.values[k]:.4g} against {a.values[k]:.4g} with {a.strategy} "
            f"(gain {self.gain:+.4g}); {rival} loses {self.rival_cost:.4g}, and {stop}."
        )

    def __repr__(self) -> str:
        return f"Front({self.summary})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description."""
        return {
            "coercer": self.coercer,
            "players": list(self.players),
            "verdict": self.verdict,
            "gain": self.gain,
            "rival_cost": self.rival_cost,
            "margin": self.margin,
            "summary": self.summary,
            "pressure": self.pressure.to_dict(),
            "alternative": self.alternative.to_dict(),
            "baseline": None if self.baseline is None else self.baseline.to_dict(),
        }


@dataclass(frozen=True, eq=False)
class Campaign:
    """Every coercer's campaign in one model (see the module docstring)."""

    model: str
    players: tuple[str, str]
    unit: str
    pressure: str
    response: str
    alternative: str
    baseline: str | None
    tol: float
    fronts: tuple[Front, ...]

    def front(self, coercer: int | str) -> Front:
        """The campaign of ``coercer``: a seat (0, 1) or a player's name.

        Raises
        ------
        KeyError
            If that player's campaign was not computed.
        """
        seat = self.players.index(coercer) if isinstance(coercer, str) else coercer
        for f in self.fronts:
            if f.coercer == seat:
                return f
        raise KeyError(f"no campaign for {coercer!r}; computed: {[f.players[0] for f in self]}")

    def __iter__(self) -> Iterator[Front]:
        return iter(self.fronts)

    def __repr__(self) -> str:
        verdicts = ", ".join(f"{f.players[0]}: {f.verdict}" for f in self.fronts)
        return f"Campaign({self.model!r}, {self.pressure} vs {self.response}: {verdicts})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description."""
        return {
            "model": self.model,
            "players": list(self.players),
            "unit": self.unit,
            "pressure": self.pressure,
            "response": self.response,
            "alternative": self.alternative,
            "baseline": self.baseline,
            "tol": self.tol,
            "fronts": [f.to_dict() for f in self.fronts],
        }


def campaign(
    model: Model,
    pressure: Any = "maximum-pressure",
    response: Any = "calibrated",
    alternative: Any = "calibrated",
    baseline: Any = "always-open",
    coercers: Sequence[int] = (0, 1),
    tol: float | None = None,
) -> Campaign:
    """Whether opening with maximum pressure pays in the dynamic game, for each coercer.

    Parameters
    ----------
    model : Model
        A coercion model (its dynamic game is built here).
    pressure, alternative, baseline : strategy
        The coercer's campaign, the strategy it is compared with, and a
        benchmark (None to skip it): names, labels such as
        ``"maximum-pressure(n=3)"``, or :class:`~tradegame.solvers.strategies.Strategy`
        objects, bound on the cooperative path (open, open).
    response : strategy
        What the rival plays in every run.
    coercers : sequence of int
        The seats to compute: 0 (the row player) and, by default, 1 too.
    tol : float, optional
        The truncation tolerance of :func:`~tradegame.solvers.dynamic_play.play_dynamic`.

    Raises
    ------
    ModelError
        If the model is not a coercion model.
    ValueError
        For an unknown strategy, an empty or invalid ``coercers``, or a bad ``tol``.
    """
    dyn = as_stochastic_game(model.dynamic(resolution=RESOLUTION))
    tol_value = tolerances(dyn, tol)[0]
    seats = list(coercers)
    if not seats or any(s not in (0, 1) for s in seats) or len(set(seats)) != len(seats):
        raise ValueError(f"coercers must be distinct seats among 0 and 1; got {coercers!r}")
    labels: dict[str, str] = {}
    fronts = []
    for k in seats:
        runs = {}
        for role, spec in (
            ("pressure", pressure),
            ("alternative", alternative),
            ("baseline", baseline),
        ):
            if spec is None:
                continue
            pair = (spec, response) if k == 0 else (response, spec)
            match = play_dynamic(dyn, *pair, tol=tol_value)
            runs[role] = Run(k, match.names[k], match.names[1 - k], match)
            labels[role] = match.names[k]
            labels["response"] = match.names[1 - k]
        fronts.append(
            _front(dyn.players, k, runs["pressure"], runs["alternative"], runs.get("baseline"))
        )
    return Campaign(
        model=model.name,
        players=dyn.players,
        unit=model.unit,
        pressure=labels["pressure"],
        response=labels["response"],
        alternative=labels["alternative"],
        baseline=labels.get("baseline"),
        tol=tol_value,
        fronts=tuple(fronts),
    )


def _front(
    players: tuple[str, str], k: int, pressure: Run, alternative: Run, baseline: Run | None
) -> Front:
    gain = pressure.values[k] - alternative.values[k]
    rival_cost = alternative.values[1 - k] - pressure.values[1 - k]
    scale = max(1.0, abs(pressure.values[k]), abs(alternative.values[k]))
    margin = pressure.bound[k] + alternative.bound[k] + _TIE_REL * scale
    verdict = "pays" if gain > margin else "does not pay" if gain < -margin else "tie"
    return Front(
        coercer=k,
        players=(players[k], players[1 - k]),
        pressure=pressure,
        alternative=alternative,
        baseline=baseline,
        gain=gain,
        rival_cost=rival_cost,
        margin=margin,
        verdict=verdict,
    )
