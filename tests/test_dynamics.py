"""The dynamic game of MODEL.md section 5: transitions, trust, payoffs, and their properties."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from modelfiles import coercion_data, player

import tradegame as tg
from tradegame.model.dynamics import directions
from tradegame.model.load import build_model
from tradegame.model.spec import DYNAMIC_PARAMS, PLAYER_PARAMS, ModelError
from tradegame.model.trajectory import trajectory
from tradegame.solvers.regions import never_restricting
from tradegame.solvers.stochastic import as_stochastic_game

COERCION = [
    "rare-earth-2025",
    "rare-earth-2025-leverage",
    "rare-earth-2025-commodity",
    "japan-2010",
]


def plain_model(**sections: dict) -> tg.Model:
    """A two-player model written without any dynamic parameter."""
    data = coercion_data(player(**sections.get("a", {})), player(**sections.get("b", {})))
    return build_model(data, name="plain", source="plain.toml")


# --- the schema ----------------------------------------------------------------------------


def test_every_dynamic_parameter_has_a_default_symbol_and_range() -> None:
    symbols = [PLAYER_PARAMS[name].symbol for name in PLAYER_PARAMS]
    assert len(set(symbols)) == len(symbols)
    for name in DYNAMIC_PARAMS:
        spec = PLAYER_PARAMS[name]
        assert spec.default is not None and spec.admits(spec.default), name
        assert spec.unit and spec.meaning


def test_a_model_file_without_dynamic_parameters_gets_a_dynamic_game() -> None:
    m = plain_model(a={"reputation_cost": 1, "criticality": 2}, b={"criticality": 1})
    assert m.params["a.erosion"] == 0 and m.params["a.relapse_share"] == 1
    dyn = m.dynamic(resolution=4)
    # no erosion: dependence cannot move; only a's pressure (its trust) matters
    assert dyn.names == ("pressure_a",)
    assert dyn.n_states == 4
    assert as_stochastic_game(dyn).n_states == 4
    assert plain_model().dynamic().n_states == 1  # nothing moves at all


def test_bundled_models_build_a_four_dimensional_game() -> None:
    dyn = tg.load_model("rare-earth-2025").dynamic(resolution=5)
    assert dyn.names == (
        "pressure_chips",
        "dependence_chips",
        "pressure_minerals",
        "dependence_minerals",
    )
    assert dyn.n_states == 5**4
    assert dyn.start.tolist() == [0.0, 0.25, 0.0, 0.7]
    assert (
        tg.load_model("rare-earth-2025").dynamic({"pressure": 3, "dependence": 4}).n_states == 144
    )
    assert "rare-earth-2025" in repr(dyn)


@pytest.mark.parametrize(
    ("change", "key", "allowed"),
    [
        (
            {"a": {"dependence": 0.3, "dependence_floor": 0.5}},
            "players.a.dependence_floor",
            "at most",
        ),
        ({"b": {"accident_rate": 0.5, "opportunism": 0.4}}, "players.b.accident_rate", "below"),
    ],
)
def test_conflicting_dynamic_parameters_are_model_errors(
    change: dict, key: str, allowed: str
) -> None:
    m = plain_model(**change)
    with pytest.raises(ModelError, match=allowed) as info:
        m.dynamic()
    assert info.value.key == key and "plain.toml" in str(info.value)


def test_out_of_range_and_bad_resolutions_are_rejected() -> None:
    m = tg.load_model("rare-earth-2025")
    with pytest.raises(ModelError, match=r"\[0, 1\]"):
        m.with_params({"minerals.erosion": 1.5})
    with pytest.raises(ModelError, match=r"\(0, 1\]"):
        m.with_params({"minerals.forgetting": 0})
    for bad in (1, 2.5, True, {"pressur": 3}):
        with pytest.raises(ValueError, match="resolution"):
            m.dynamic(bad)  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="coercion model"):
        tg.load_model("prisoners-dilemma").dynamic()
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        trajectory(m, [(0.5, 1.2)])


# --- transitions and trust -----------------------------------------------------------------

params = st.fixed_dictionaries(
    {
        "erosion": st.floats(0, 1),
        "relapse": st.floats(0, 1),
        "forgetting": st.floats(0.05, 1),
        "dependence_floor": st.floats(0, 0.6),
        "relapse_share": st.floats(0, 1),
        "distrust_pressure": st.floats(0, 10),
        "accident_rate": st.floats(0.01, 0.2),
        "opportunism": st.floats(0.3, 0.9),
        "prior_trust": st.floats(0.05, 0.95),
    }
)


def minerals_with(values: dict, **extra: float) -> tg.Model:
    over = {f"minerals.{k}": v for k, v in values.items()}
    over.update({f"minerals.{k}": v for k, v in extra.items()})
    return tg.load_model("rare-earth-2025").with_params(over)


@settings(max_examples=60, deadline=None)
@given(params, st.lists(st.floats(0, 1), min_size=1, max_size=12))
def test_trust_is_bayes_rule_with_forgetting(values: dict, path: list[float]) -> None:
    d = directions(minerals_with(values))[1]
    # independent: update the log-odds of reliability period by period
    eps, q = d.epsilon, d.q
    logit0 = math.log(d.pi0 / (1 - d.pi0))
    logit, P = logit0, 0.0
    for e in path:
        evidence = e * math.log(eps / q) + (1 - e) * math.log((1 - eps) / (1 - q))
        open_evidence = math.log((1 - eps) / (1 - q))
        # forget old evidence at rate phi, judge the period against a clean (open) one
        logit = logit0 + (1 - d.phi) * (logit - logit0) + evidence - open_evidence
        P, _ = d.step(P, d.d0, e)
    assert float(d.trust(P)) == pytest.approx(1 / (1 + math.exp(-logit)), abs=1e-12)


def test_the_reference_dependence_law_holds_without_distrust() -> None:
    d = directions(minerals_with({"distrust_pressure": 0, "erosion": 0.4, "relapse": 0.3}))[1]
    for P, D, e in [(0.0, 0.7, 1 / 6), (0.5, 0.6, 0.0), (0.2, 0.45, 0.5)]:
        P1 = (1 - d.phi) * P + e  # MODEL.md: P' = (1 - phi) P + e
        D1 = D - d.lam * P1 * (D - d.floor) + d.kappa * (d.baseline - D) * (1 - min(P1, 1))
        assert d.step(P, D, e) == pytest.approx((P1, D1), abs=1e-12)


@settings(max_examples=80, deadline=None)
@given(params, st.floats(0, 1), st.floats(0, 10), st.floats(0, 1), st.floats(0, 1))
def test_dependence_stays_in_range_rises_with_itself_and_falls_with_erosion(
    values: dict, share: float, P: float, e: float, more: float
) -> None:
    d = directions(minerals_with(values))[1]
    D = d.floor + share * (d.d0 - d.floor)
    _, D1 = d.step(P, D, e)
    assert d.floor - 1e-12 <= D1 <= d.d0 + 1e-12
    _, D_higher = d.step(P, min(d.d0, D + 0.05), e)
    assert D_higher >= D1 - 1e-12
    faster = directions(minerals_with(values, erosion=min(1.0, values["erosion"] + more)))[1]
    assert faster.step(P, D, e)[1] <= D1 + 1e-12


# --- payoffs ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", COERCION)
def test_the_stage_game_at_the_initial_state_is_the_models(name: str) -> None:
    m = tg.load_model(name)
    g, dyn_g = m.game(), m.dynamic(resolution=3).stage_game()
    ladders = [[float(x) for _, x in ladder] for ladder in m.ladders]
    for i, e_row in enumerate(ladders[0]):
        for j, e_col in enumerate(ladders[1]):
            gap = np.abs([dyn_g.A[i, j] - g.A[i, j], dyn_g.B[i, j] - g.B[i, j]])
            if e_row in (0, 1) and e_col in (0, 1):
                np.testing.assert_allclose(gap, 0, atol=1e-9)  # exactly equal on the extreme rungs
            else:  # middle rungs: the logistic reputation charge against the linear one
                rho = [float(m.params[f"{p}.reputation_cost"]) for p in m.players]
                assert gap[0] <= rho[0] and gap[1] <= rho[1]


def test_sales_follow_dependence_and_reputation_lingers() -> None:
    m = tg.load_model("rare-earth-2025")
    tr = trajectory(m, [(1, 0), (0, 0), (0, 0)])
    # the US embargo: the full reputation cost at once, then trust and China sales lost while open
    assert tr.dependence[1, 0] < tr.dependence[0, 0]
    assert tr.trust[1, 0] < tr.trust[0, 0] and tr.trust[2, 0] > tr.trust[1, 0]
    assert tr.payoffs[1, 0] < 0 and tr.payoffs[2, 0] < 0  # open, yet still paying
    open_only = trajectory(m, [(0, 0)] * 3)
    np.testing.assert_allclose(open_only.payoffs, 0, atol=1e-12)  # the initial state is at rest
    np.testing.assert_allclose(open_only.dependence, [[0.25, 0.7]] * 4)


def test_trajectory_payoffs_and_states_match_the_grid_game() -> None:
    m = tg.load_model("japan-2010")
    dyn = m.dynamic(resolution=4)
    tr = trajectory(m, [(1, 1), (0.4, 0)])
    after = dyn.after("embargo", "restrict")
    np.testing.assert_allclose(after, dyn.point(tr.pressure[1], tr.dependence[1])[: after.size])
    U = dyn.payoff(dyn.start[None])[0]
    np.testing.assert_allclose(tr.payoffs[0], U[2, 1], atol=1e-12)
    data = tr.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert repr(tr).startswith("Trajectory(periods=2")
    with pytest.raises(ValueError, match="no action"):
        dyn.after("ban")


# --- properties: erosion helps the victim, criticality helps the restrictor -------------
#
# Both are tested for fixed action paths (and for the victim's best reply to a
# fixed restrictor), where they must hold: the victim's payoff depends on its
# dependence only through the harm and the concessions it yields, both
# non-increasing in dependence; dependence falls with erosion along any fixed
# pressure path (the law is a convex combination, see tradegame.model.dynamics);
# and harm is linear in criticality while no transition depends on it. In
# equilibrium neither need hold: more erosion can change what the restrictor
# does, and that can cost the victim more than the erosion saves.

paths = st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=8)


def victim_payoff(m: tg.Model, path: list) -> float:
    """The US's discounted payoff when China restricts along ``path`` (US, China) pairs."""
    tr = trajectory(m, path)
    delta = float(m.params["chips.discount"])
    return float(sum(delta**t * u for t, u in enumerate(tr.payoffs[:, 0])))


@settings(max_examples=60, deadline=None)
@given(params, st.floats(0, 1), st.floats(0, 1), paths)
def test_more_erosion_never_hurts_the_victim_on_a_fixed_path(
    values: dict, low: float, high: float, path: list
) -> None:
    low, high = sorted((low, high))
    slow = victim_payoff(minerals_with(values, erosion=low), path)
    fast = victim_payoff(minerals_with(values, erosion=high), path)
    assert fast >= slow - 1e-9 * (1 + abs(slow))


@settings(max_examples=60, deadline=None)
@given(params, st.floats(0, 500), st.floats(0, 500), paths)
def test_more_criticality_never_lowers_the_harm_a_restriction_does(
    values: dict, low: float, high: float, path: list
) -> None:
    low, high = sorted((low, high))

    def harm_done(K: float) -> float:
        m = minerals_with(values, criticality=K)
        unrestricted = [(us, 0.0) for us, _ in path]
        return victim_payoff(m, unrestricted) - victim_payoff(m, path)

    assert harm_done(high) >= harm_done(low) - 1e-9 * (1 + abs(harm_done(low)))


def victim_reply_value(m: tg.Model) -> float:
    """The US's value from the start when China bans forever and the US best-responds."""
    dyn = m.dynamic(resolution=4)
    game = as_stochastic_game(dyn)
    never = never_restricting(game, player=1, open_action=len(m.ladders[1]) - 1)
    return float(game.interpolate(never.values, game.start[None])[0, 0])


@settings(max_examples=6, deadline=None)
@given(st.floats(0.05, 0.95), st.floats(0.01, 0.05))
def test_the_victims_best_reply_value_rises_with_erosion_and_falls_with_criticality(
    erosion: float, step: float
) -> None:
    base = tg.load_model("rare-earth-2025")
    slow = victim_reply_value(base.with_params({"minerals.erosion": erosion}))
    fast = victim_reply_value(base.with_params({"minerals.erosion": erosion + step}))
    assert fast >= slow - 1e-6
    K = float(base.params["minerals.criticality"])
    more = victim_reply_value(base.with_params({"minerals.criticality": K * (1 + 10 * step)}))
    assert more <= victim_reply_value(base) + 1e-6


def test_a_frozen_model_is_the_repeated_stage_game() -> None:
    # Independent check: with nothing that moves the state the dynamic game has one state,
    # and its Markov perfect equilibrium repeats the stage equilibrium forever.
    from tradegame.solvers.stage import equilibria

    frozen = {
        f"{good}.{key}": 0
        for good in ("chips", "minerals")
        for key in ("erosion", "relapse", "reputation_cost")
    }
    m = tg.load_model("rare-earth-2025").with_params(frozen)
    dyn = m.dynamic()
    assert dyn.names == () and dyn.n_states == 1
    (eq,) = equilibria(m.game())
    deltas = [float(d) for d in m.discounts()]
    expected = [float(eq.payoffs[k]) / (1 - deltas[k]) for k in range(2)]
    sol = tg.markov_perfect(dyn)
    tol = 1e-6 * max(1.0, sol.game.payoff_range) / (1 - max(deltas))
    np.testing.assert_allclose(sol.value(), expected, atol=tol)
    path = tg.simulate_path(dyn, sol, periods=2)
    assert path.profile(0) == ("embargo", "ban")


def test_the_game_follows_its_own_solution() -> None:
    dyn = tg.load_model("rare-earth-2025-leverage").dynamic(resolution=3)
    sol = tg.markov_perfect(dyn)
    path = dyn.simulate(sol, periods=4)
    np.testing.assert_array_equal(path.states, tg.simulate_path(dyn, sol, 4).states)
    other = tg.load_model("rare-earth-2025").dynamic(resolution=3)
    with pytest.raises(ValueError, match="another game"):
        other.simulate(sol, periods=4)
