"""Maximum pressure against a calibrated response in the bundled 2025 models.

Each verdict is asserted only with the reason the model gives for it:

* The action path follows from the strategies alone (the automata see actions,
  never the state): against calibrated, maximum-pressure(n=2) embargoes, the
  rival answers with a ban, and each side then mirrors the other's full
  restriction for ever. The values are checked against
  ``tradegame.model.trajectory``, which steps the model's transitions and stage
  payoffs along that path written out by hand.
* Calibrated against calibrated stays open at the initial state, where every
  stage payoff of (open, open) is 0, so the verdict is the sign of the
  campaign's value. It is negative because the opening gain is smaller than
  the discounted cost of the spiral even at its mildest (mutual restriction
  is worse than openness at every state of the path: stylised fact 5).
* Against a rival that never answers, the verdicts differ by view, and the
  parameters that make them differ are swapped to check that they are the cause.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

import tradegame as tg
from tradegame.campaign import Campaign, campaign
from tradegame.model.trajectory import trajectory

MODELS = ["rare-earth-2025", "rare-earth-2025-leverage", "rare-earth-2025-commodity"]
US, CHINA = 0, 1


@pytest.fixture(scope="module")
def models() -> dict[str, Any]:
    return {name: tg.load_model(name) for name in MODELS}


@pytest.fixture(scope="module")
def against_calibrated(models: dict[str, Any]) -> dict[str, Campaign]:
    return {name: campaign(m) for name, m in models.items()}


@pytest.fixture(scope="module")
def against_passive(models: dict[str, Any]) -> dict[str, Campaign]:
    return {name: campaign(m, response="always-open", baseline=None) for name, m in models.items()}


def discounted(payoffs: np.ndarray, delta: float) -> float:
    return float(np.sum(delta ** np.arange(len(payoffs)) * payoffs))


# --- against a calibrated response ---------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_calibrated_against_calibrated_stays_open_at_zero(
    against_calibrated: dict[str, Campaign], models: dict[str, Any], name: str
) -> None:
    model = models[name]
    for front in against_calibrated[name]:
        for run in (front.alternative, front.baseline):
            assert run is not None
            assert run.values == (0.0, 0.0)
            assert run.restriction_ends == (0, 0)
            # the state never leaves the start: initial dependence, prior trust
            for pid in model.players:
                assert run.final[f"dependence_{pid}"] == float(model.params[f"{pid}.dependence"])
                assert run.final[f"trust_{pid}"] == pytest.approx(
                    float(model.params[f"{pid}.prior_trust"])
                )


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("coercer", [US, CHINA])
def test_maximum_pressure_against_calibrated_locks_in_the_spiral(
    against_calibrated: dict[str, Campaign], models: dict[str, Any], name: str, coercer: int
) -> None:
    model = models[name]
    front = against_calibrated[name].front(coercer)
    run = front.pressure
    # the path by hand: two periods of pressure; the rival answers the first with its
    # top rung, and from then on each mirrors the other's full restriction
    opening = (2, 0) if coercer == US else (0, 2)
    assert run.match.prefix == (opening,) and run.match.cycle == ((2, 2),)
    assert run.restriction_ends == (None, None)
    # the same path stepped through the model's transitions and stage payoffs
    T = run.match.periods
    intensities = [(1.0, 0.0) if coercer == US else (0.0, 1.0)] + [(1.0, 1.0)] * (T - 1)
    traj = trajectory(model, intensities)
    deltas = [float(d) for d in model.discounts()]
    for p in (0, 1):
        by_hand = discounted(traj.payoffs[:, p], deltas[p])
        assert run.values[p] == pytest.approx(by_hand, rel=1e-12, abs=1e-9)
        assert run.final[f"dependence_{model.players[p]}"] == pytest.approx(traj.dependence[-1, p])
        assert run.final[f"trust_{model.players[p]}"] == pytest.approx(traj.trust[-1, p])
        # in the long run each buyer has diversified to its floor and trust is gone
        floor = float(model.params[f"{model.players[p]}.dependence_floor"])
        assert traj.dependence[-1, p] == pytest.approx(floor, abs=1e-4)
        assert traj.trust[-1, p] < 0.02
    # why it does not pay: the spiral costs the coercer at every state of the path,
    # and the opening gain is smaller than the spiral's discounted cost at its mildest
    u = traj.payoffs[:, coercer]
    d = deltas[coercer]
    assert np.all(u[1:] < 0)
    assert u[0] + d / (1 - d) * u[1:].max() < 0
    assert front.gain == pytest.approx(run.values[coercer]) and front.gain < -front.margin
    assert front.verdict == "does not pay"
    # and the rival, open at 0 under the alternative, loses in the spiral (all but at most
    # one period: in the commodity view a single ban takes US dependence to its floor, and
    # the next period's embargo then pays the United States, barely)
    rival = traj.payoffs[:, 1 - coercer]
    assert np.sum(rival >= 0) <= 1 and rival[-1] < 0
    assert front.rival_cost == pytest.approx(-run.values[1 - coercer]) and front.rival_cost > 0


def test_measured_values_against_calibrated(against_calibrated: dict[str, Campaign]) -> None:
    # the numbers checked above, as measured (model units: $bn, present value)
    measured = {
        name: [c.front(k).pressure.values for k in (US, CHINA)]
        for name, c in against_calibrated.items()
    }
    assert measured["rare-earth-2025"] == [
        pytest.approx((-229.84, -1159.75), abs=0.01),
        pytest.approx((-272.81, -1009.26), abs=0.01),
    ]
    assert measured["rare-earth-2025-leverage"] == [
        pytest.approx((-581.78, -4203.19), abs=0.01),
        pytest.approx((-955.36, -3859.34), abs=0.01),
    ]
    assert measured["rare-earth-2025-commodity"] == [
        pytest.approx((-154.67, -1566.81), abs=0.01),
        pytest.approx((-173.02, -1467.39), abs=0.01),
    ]


def test_a_single_period_of_pressure_echoes_for_ever(models: dict[str, Any]) -> None:
    # maximum-pressure(n=1) against calibrated: the embargo and the ban alternate
    front = campaign(models["rare-earth-2025"], pressure="maximum-pressure(n=1)", coercers=(0,))
    run = front.front(US).pressure
    assert run.strategy == "maximum-pressure(n=1)"
    assert run.match.prefix == () and run.match.cycle == ((2, 0), (0, 2))
    assert run.restriction_ends == (None, None)
    assert front.front(US).verdict == "does not pay"


# --- against a rival that never answers ---------------------------------------------------


def test_verdicts_against_a_passive_rival_differ_by_view(
    against_passive: dict[str, Campaign],
) -> None:
    verdicts = {
        name: [c.front(k).verdict for k in (US, CHINA)] for name, c in against_passive.items()
    }
    assert verdicts == {
        "rare-earth-2025": ["does not pay", "does not pay"],
        "rare-earth-2025-leverage": ["pays", "pays"],
        "rare-earth-2025-commodity": ["does not pay", "does not pay"],
    }
    for c in against_passive.values():
        for front in c:
            # two periods of pressure, then open for ever, against a rival that is always open
            run = front.pressure
            k = front.coercer
            assert run.restriction_ends[k] == 2 and run.restriction_ends[1 - k] == 0
            assert front.alternative.values == (0.0, 0.0)
            assert front.rival_cost > 0


@pytest.mark.parametrize("name", MODELS)
def test_passive_value_by_hand(
    against_passive: dict[str, Campaign], models: dict[str, Any], name: str
) -> None:
    model = models[name]
    run = against_passive[name].front(US).pressure
    T = run.match.periods
    traj = trajectory(model, [(1.0, 0.0)] * 2 + [(0.0, 0.0)] * (T - 2))
    deltas = [float(d) for d in model.discounts()]
    for p in (0, 1):
        assert run.values[p] == pytest.approx(discounted(traj.payoffs[:, p], deltas[p]), abs=1e-9)
    # the opening pays (domestic gain and concessions); the sales lost afterwards, while
    # China's dependence on US chips recovers from the erosion, cost the US
    opening = run.opening
    assert opening is not None
    assert opening[US] > 0 > run.values[US] - opening[US]
    assert traj.dependence[2, US] < traj.dependence[0, US]
    assert np.all(traj.payoffs[2:, US] < 0)


def test_us_verdict_against_a_passive_china_is_set_by_the_chips_parameters(
    against_passive: dict[str, Campaign], models: dict[str, Any]
) -> None:
    data, lever = models["rare-earth-2025"], models["rare-earth-2025-leverage"]
    value = {n: c.front(US).pressure.values[US] for n, c in against_passive.items()}
    # China never restricts, so only the US's own good matters: the data and commodity
    # views differ only in China's parameters and give the US the same value
    assert value["rare-earth-2025"] == pytest.approx(value["rare-earth-2025-commodity"], abs=1e-9)
    # the leverage view's slow Chinese substitution of US chips, without distrust, and its
    # impatient United States are what make pressure pay: swapping them swaps the verdict
    keys = ["chips.discount", "chips.erosion", "chips.dependence_floor", "chips.distrust_pressure"]
    swapped = {
        "rare-earth-2025-leverage": lever.with_params({k: data.params[k] for k in keys}),
        "rare-earth-2025": data.with_params({k: lever.params[k] for k in keys}),
    }
    for name, model in swapped.items():
        front = campaign(model, response="always-open", baseline=None, coercers=(0,)).front(US)
        other = "rare-earth-2025" if name != "rare-earth-2025" else "rare-earth-2025-leverage"
        assert front.pressure.values[US] == pytest.approx(value[other], abs=1e-6)
        assert front.verdict == against_passive[other].front(US).verdict


def test_china_verdict_against_a_passive_us_follows_its_reputation_cost(
    against_passive: dict[str, Campaign], models: dict[str, Any]
) -> None:
    value = {n: c.front(CHINA).pressure.values[CHINA] for n, c in against_passive.items()}
    # seed 000's durable leverage pays, seed 004's commodity view is the worst
    assert value["rare-earth-2025-leverage"] > 0 > value["rare-earth-2025"]
    assert value["rare-earth-2025"] > value["rare-earth-2025-commodity"]
    # most of the commodity view's loss is the trust China's supplier reputation carries
    commodity = models["rare-earth-2025-commodity"]
    cheaper = commodity.with_params(
        {"minerals.reputation_cost": models["rare-earth-2025"].params["minerals.reputation_cost"]}
    )
    front = campaign(cheaper, response="always-open", baseline=None, coercers=(1,)).front(CHINA)
    loss, lighter = -value["rare-earth-2025-commodity"], -front.pressure.values[CHINA]
    assert 0 < lighter < loss / 2


def test_measured_values_against_a_passive_rival(against_passive: dict[str, Campaign]) -> None:
    measured = {
        name: (c.front(US).pressure.values[US], c.front(CHINA).pressure.values[CHINA])
        for name, c in against_passive.items()
    }
    assert measured == {
        "rare-earth-2025": pytest.approx((-23.38, -17.59), abs=0.01),
        "rare-earth-2025-leverage": pytest.approx((68.15, 154.18), abs=0.01),
        "rare-earth-2025-commodity": pytest.approx((-23.38, -130.72), abs=0.01),
    }


# --- the result object ---------------------------------------------------------------------


def test_campaign_result(against_calibrated: dict[str, Campaign]) -> None:
    c = against_calibrated["rare-earth-2025"]
    assert (c.pressure, c.response, c.alternative, c.baseline) == (
        "maximum-pressure(n=2)",
        "calibrated",
        "calibrated",
        "always-open",
    )
    assert c.front("China") is c.front(CHINA)
    assert c.front(US).players == ("United States", "China")
    text = json.dumps(c.to_dict())
    assert '"verdict": "does not pay"' in text
    summary = c.front(US).summary
    assert summary.startswith(
        "For United States, maximum-pressure(n=2) against calibrated by China"
    )
    assert "never lifts its restrictions" in summary
    assert "United States: does not pay" in repr(c)


def test_campaign_bad_input(models: dict[str, Any]) -> None:
    model = models["rare-earth-2025"]
    with pytest.raises(ValueError, match="coercers"):
        campaign(model, coercers=(2,))
    with pytest.raises(ValueError, match="coercers"):
        campaign(model, coercers=())
    with pytest.raises(ValueError, match="unknown strategy"):
        campaign(model, pressure="maximum-pressur", coercers=(0,))
    with pytest.raises(KeyError, match="no campaign"):
        campaign(model, coercers=(0,), baseline=None).front(CHINA)
    with pytest.raises(tg.ModelError):
        campaign(tg.load_model("prisoners-dilemma"))
