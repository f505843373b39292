"""Stochastic games on a grid: interpolation, equilibrium selection, value iteration, paths.

Every solver is checked against an independent method: value iteration and
backward induction against a state-by-state loop over the dense transition
array with tradegame's stage-game solvers, the batched mixed equilibria against
``tradegame.equilibria``, the never-restricting values against a hand-solved
decision problem.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.solvers.markov import (
    SELECTIONS,
    FiniteSolution,
    MarkovSolution,
    backward_induction,
    markov_perfect,
)
from tradegame.solvers.paths import simulate_path, state_game
from tradegame.solvers.regions import (
    leverage_at,
    leverage_regions,
    never_restricting,
)
from tradegame.solvers.state_games import solve_states
from tradegame.solvers.stochastic import (
    StochasticGame,
    as_stochastic_game,
    first_values,
    terminal_values,
)

# --- a family of small random games, each player moving one dimension ----------------


def random_game(seed: int, m: int = 2, n: int = 2, nodes: int = 3) -> StochasticGame:
    """A game whose payoffs are affine in the state and whose moves are affine maps."""
    rng = np.random.default_rng(seed)
    base, slope0, slope1 = (
        rng.normal(size=(3, m, n, 2)) * np.array([3.0, 1.0, 1.0])[:, None, None, None]
    )
    shift = [rng.uniform(0, 1, size=m), rng.uniform(0, 1, size=n)]
    keep = [rng.uniform(0, 0.9, size=m), rng.uniform(0, 0.9, size=n)]

    def step(player: int, points: np.ndarray, action: int) -> np.ndarray:
        return keep[player][action] * points + (1 - keep[player][action]) * shift[player][action]

    def payoff(points: np.ndarray) -> np.ndarray:
        x0, x1 = points[:, 0, None, None, None], points[:, 1, None, None, None]
        return base[None] + slope0[None] * x0 + slope1[None] * x1

    grid = np.linspace(0.0, 1.0, nodes)
    return StochasticGame(
        grids=(grid, grid),
        owners=(0, 1),
        step=step,
        payoff=payoff,
        actions=(tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n))),
        discount=(0.8, 0.7),
        names=("x", "y"),
        start=(0.5, 0.5),
    )


def reference_backward(game: StochasticGame, periods: int) -> np.ndarray:
    """Backward induction state by state, with the dense transition array and tg's solvers.

    Selection "first": the first pure equilibrium in (i, j) order, else the first
    equilibrium of tg.equilibria. Returns the whole-game values.
    """
    P = game.transition_matrix()
    U = game.payoffs
    V = terminal_values(game, "first")
    for _ in range(periods):
        new = np.zeros_like(V)
        for s in range(game.n_states):
            QA = U[s, :, :, 0] + game.discount[0] * P[s] @ V[:, 0]
            QB = U[s, :, :, 1] + game.discount[1] * P[s] @ V[:, 1]
            g = tg.Game(QA, QB)
            pure = tg.pure_equilibria(g)
            if pure:
                i, j = pure[0]
                new[s] = QA[i, j], QB[i, j]
            else:
                new[s] = tg.equilibria(g)[0].payoffs
        V = new
    return V


def one_state_game(A: Any, B: Any, delta: Any = 0.9) -> StochasticGame:
    """A repeated game as a stochastic game with a single state (no state dimensions).

    ``delta`` is one discount factor for both players, or a pair.
    """
    U = np.stack([np.array(A, float), np.array(B, float)], axis=-1)
    return StochasticGame(
        grids=(),
        owners=(),
        step=lambda player, points, action: points,
        payoff=lambda points: np.repeat(U[None], points.shape[0], axis=0),
        actions=(("C", "D"), ("C", "D")),
        discount=tuple(delta) if isinstance(delta, tuple | list) else (delta, delta),
    )


# --- the game container ----------------------------------------------------------------


def test_shapes_labels_and_repr() -> None:
    g = random_game(0, m=3, n=2, nodes=4)
    assert g.shape == (3, 2)
    assert g.block_sizes == (4, 4) and g.n_states == 16
    assert g.points().shape == (16, 2)
    assert g.payoffs.shape == (16, 3, 2, 2)
    assert g.labels()[5] == "x=0.3333, y=0.3333"
    assert "16 states" in repr(g)


def test_interpolation_is_exact_for_multilinear_functions() -> None:
    g = random_game(1, nodes=5)
    f = lambda p: 2.0 + 3.0 * p[:, 0] - 1.5 * p[:, 1] + 4.0 * p[:, 0] * p[:, 1]  # noqa: E731
    V = f(g.points())
    rng = np.random.default_rng(2)
    pts = rng.uniform(0, 1, size=(50, 2))
    np.testing.assert_allclose(g.interpolate(V, pts), f(pts), atol=1e-12)
    # points outside the grid are clipped onto it
    np.testing.assert_allclose(
        g.interpolate(V, [[1.5, -0.2]]), f(np.array([[1.0, 0.0]])), atol=1e-12
    )


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_factored_continuation_equals_the_dense_transition_array(seed: int) -> None:
    g = random_game(seed, m=3, n=2)
    P = g.transition_matrix()
    np.testing.assert_allclose(P.sum(axis=-1), 1.0, atol=1e-12)
    assert (P >= 0).all()
    V = np.random.default_rng(seed).normal(size=g.n_states)
    np.testing.assert_allclose(g.continuation(V), P @ V, atol=1e-10)


def test_first_values_solve_their_linear_equations() -> None:
    g = random_game(3)
    V = first_values(g, tol=1e-12)
    P = g.transition_matrix()[:, 0, 0, :]
    for p in (0, 1):
        rhs = g.payoffs[:, 0, 0, p] + g.discount[p] * P @ V[:, p]
        np.testing.assert_allclose(V[:, p], rhs, atol=1e-9)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"grids": (np.array([0.0, 0.0]),)}, "strictly increasing"),
        ({"owners": (1, 0)}, "row player's dimensions must come first"),
        ({"owners": (0, 2)}, "owners must give 0"),
        ({"discount": (0.9, 1.0)}, r"\(0, 1\)"),
        ({"actions": (("a", "a"), ("b",))}, "distinct action names"),
        ({"start": (2.0, 0.5)}, "outside the grid"),
        ({"start": (0.5,)}, "coordinates"),
        ({"names": ("x", "x")}, "distinct strings"),
    ],
)
def test_bad_games_are_rejected(change: dict, match: str) -> None:
    g = random_game(0)
    fields = {
        "grids": g.grids,
        "owners": g.owners,
        "step": g.step,
        "payoff": g.payoff,
        "actions": g.actions,
        "discount": g.discount,
        "names": g.names,
        "start": g.start,
    }
    fields.update(change)
    with pytest.raises(ValueError, match=match):
        StochasticGame(**fields)


def test_bad_payoff_and_step_shapes_are_reported() -> None:
    g = random_game(0)
    bad = StochasticGame(
        grids=g.grids, owners=g.owners, step=g.step, payoff=lambda p: np.zeros((1, 1)),
        actions=g.actions, discount=g.discount,
    )  # fmt: skip
    with pytest.raises(ValueError, match="payoff must return shape"):
        bad.payoffs  # noqa: B018
    bad_step = StochasticGame(
        grids=g.grids, owners=g.owners, step=lambda p, x, a: x[:, :0], payoff=g.payoff,
        actions=g.actions, discount=g.discount,
    )  # fmt: skip
    with pytest.raises(ValueError, match="step must return shape"):
        bad_step.continuation(np.zeros(bad_step.n_states))
    with pytest.raises(ValueError, match="at most 4096"):
        random_game(0, nodes=70).transition_matrix()


def test_objects_with_the_fields_are_accepted_and_others_refused() -> None:
    g = random_game(4)

    described = SimpleNamespace(
        **{f: getattr(g, f) for f in ("grids", "owners", "step", "payoff", "actions")},
        discount=g.discount, players=g.players, names=g.names, start=g.start, derived=None,
    )  # fmt: skip

    built = as_stochastic_game(described)
    np.testing.assert_allclose(built.payoffs, g.payoffs)
    with pytest.raises(TypeError, match="lacks"):
        as_stochastic_game(object())


# --- equilibria of state games and their selection -----------------------------------


def test_selection_rules_on_known_games() -> None:
    # state 0: stag hunt, (0,0) payoff-dominant, (1,1) risk-dominant
    # state 1: battle of the sexes, (0,0) best for row, (1,1) best for column
    QA = np.array([[[4.0, 0.0], [3.0, 3.0]], [[3.0, 0.0], [0.0, 2.0]]])
    QB = np.array([[[4.0, 3.0], [0.0, 3.0]], [[2.0, 0.0], [0.0, 3.0]]])
    picks = {}
    for rule in SELECTIONS:
        out = solve_states(QA, QB, rule, 1e-9)
        picks[rule] = [
            (int(np.argmax(x)), int(np.argmax(y))) for x, y in zip(out.x, out.y, strict=True)
        ]
    assert picks["pareto"][0] == (0, 0)
    assert picks["risk-dominant"][0] == (1, 1)  # (3-0)(3-0)=9 > (4-3)(4-3)=1
    assert picks["first"] == [(0, 0), (0, 0)]
    assert picks["last"] == [(1, 1), (1, 1)]
    assert picks["worst-for-row"][1] == (1, 1) and picks["worst-for-col"][1] == (0, 0)
    assert picks["pareto"][1] == (0, 0)  # neither dominates: risk ties, so the first


def test_matching_pennies_states_get_the_mixed_equilibrium() -> None:
    QA = np.array([[[1.0, -1.0], [-1.0, 1.0]]])
    out = solve_states(QA, -QA, "pareto", 1e-9)
    np.testing.assert_allclose(out.x[0], [0.5, 0.5])
    np.testing.assert_allclose(out.y[0], [0.5, 0.5])
    assert out.mixed == 1


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 100_000), st.sampled_from(SELECTIONS))
def test_selected_equilibria_are_equilibria_and_match_tradegame(seed: int, rule: str) -> None:
    rng = np.random.default_rng(seed)
    QA, QB = rng.normal(size=(2, 12, 3, 3))
    out = solve_states(QA, QB, rule, 1e-9)
    for s in range(12):
        g = tg.Game(QA[s], QB[s])
        assert tg.is_equilibrium(g, out.x[s], out.y[s], tol=1e-7)
        assert out.values[s, 0] == pytest.approx(out.x[s] @ QA[s] @ out.y[s], abs=1e-9)
        if not tg.pure_equilibria(g):  # the batched mixed solver finds one of tradegame's
            found = tg.equilibria(g)
            assert any(
                np.allclose(e.row, out.x[s], atol=1e-7) and np.allclose(e.col, out.y[s], atol=1e-7)
                for e in found
            )


# --- value iteration and backward induction ------------------------------------------


def test_a_repeated_prisoners_dilemma_has_the_stage_value_forever() -> None:
    # (T, R, P, S) = (5, 3, 1, 0): the only Markov equilibrium of one state is (D, D)
    g = one_state_game([[3, 0], [5, 1]], [[3, 5], [0, 1]], delta=0.9)
    sol = markov_perfect(g)
    assert sol.converged and not sol.cycling
    np.testing.assert_allclose(sol.values, [[10.0, 10.0]], atol=1e-6)  # 1 / (1 - 0.9)
    np.testing.assert_allclose(sol.policy[0], [[0.0, 1.0]])


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([(2, 2), (3, 2), (2, 3)]))
def test_backward_induction_matches_a_state_by_state_reference(seed: int, shape: tuple) -> None:
    g = random_game(seed, *shape)
    fast = backward_induction(g, 4, selection="first")
    np.testing.assert_allclose(fast.values[0], reference_backward(g, 4), atol=1e-7)


def test_value_iteration_is_backward_induction_run_to_its_limit() -> None:
    g = random_game(11, 3, 3, nodes=4)
    sol = markov_perfect(g)
    assert sol.converged and sol.residual <= sol.tol
    R = g.payoff_range
    delta = max(g.discount)
    for T in (5, 10, 20, 40):
        gap = np.abs(backward_induction(g, T).values[0] - sol.values).max()
        assert gap <= delta**T * R / (1 - delta) + 1e-6
    # the fixed point: one more Bellman step changes nothing
    again = markov_perfect(g, init=sol.values, max_iter=1)
    np.testing.assert_allclose(again.values, sol.values, atol=1e-6)


def test_every_state_plays_an_equilibrium_of_its_continuation_game() -> None:
    g = random_game(12, 3, 3, nodes=4)
    for rule in SELECTIONS:
        sol = markov_perfect(g, selection=rule)
        if not sol.converged:
            continue
        for s, point in enumerate(g.points()):
            QA, QB, _ = state_game(g, point, sol.values)
            assert tg.is_equilibrium(tg.Game(QA, QB), sol.policy[0][s], sol.policy[1][s], tol=1e-6)


def test_value_iteration_that_cycles_is_detected() -> None:
    # found by a search over small games: under "pareto" the selected policy
    # alternates between two profiles and the values never settle
    U = np.array([
        [[[-3.0, 3.0], [-3.0, 0.0]], [[-3.0, -1.0], [0.0, -1.0]]],
        [[[-1.0, -3.0], [-3.0, -3.0]], [[-3.0, 1.0], [0.0, 1.0]]],
    ])  # fmt: skip
    g = StochasticGame(
        grids=(np.array([0.0, 1.0]),),
        owners=(0,),
        step=lambda player, points, action: np.full_like(points, float(action)),
        payoff=lambda points: U[np.rint(points[:, 0]).astype(int)],
        actions=(("a", "b"), ("c", "d")),
        discount=(0.9, 0.9),
    )
    sol = markov_perfect(g)
    assert sol.cycling and not sol.converged and sol.cycle_length == 2
    assert sol.residual > 1.0
    # independently: backward induction alternates with the same period
    v = [backward_induction(g, T).values[0] for T in (300, 301, 302)]
    assert np.abs(v[0] - v[2]).max() < 1e-6 < np.abs(v[0] - v[1]).max()


def test_bad_arguments_are_rejected() -> None:
    g = random_game(0)
    with pytest.raises(ValueError, match="unknown selection"):
        markov_perfect(g, selection="nicest")
    with pytest.raises(ValueError, match="tol"):
        markov_perfect(g, tol=0.0)
    with pytest.raises(ValueError, match="max_iter"):
        markov_perfect(g, max_iter=0)
    with pytest.raises(ValueError, match="shape"):
        markov_perfect(g, init=np.zeros((3, 2)))
    with pytest.raises(ValueError, match="'first', 'zero'"):
        markov_perfect(g, init="optimistic")
    with pytest.raises(ValueError, match="periods"):
        backward_induction(g, 0)
    sol = markov_perfect(g)
    with pytest.raises(ValueError, match="periods"):
        simulate_path(g, sol, 2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="coordinates"):
        simulate_path(g, sol, 3, start=[0.1])
    with pytest.raises(ValueError, match="horizon"):
        simulate_path(g, backward_induction(g, 3), 4)


# --- paths and results -------------------------------------------------------------------


def test_a_path_follows_the_policy_the_moves_and_the_payoffs() -> None:
    g = random_game(5, 3, 3, nodes=5)
    sol = markov_perfect(g)
    start = g.points()[7]
    path = simulate_path(g, sol, 6, start)
    # at a grid node the look-ahead game is the grid's own, so the first move is the policy's
    np.testing.assert_allclose(path.row[0], sol.policy[0][7], atol=1e-9)
    np.testing.assert_allclose(path.col[0], sol.policy[1][7], atol=1e-9)
    for t in range(6):
        U = g.stage_payoffs(path.states[t])[0]
        expected = [path.row[t] @ U[..., p] @ path.col[t] for p in (0, 1)]
        np.testing.assert_allclose(path.payoffs[t], expected, atol=1e-12)
        if path.row[t].max() == 1.0 and path.col[t].max() == 1.0:
            i, j = int(np.argmax(path.row[t])), int(np.argmax(path.col[t]))
            np.testing.assert_allclose(path.states[t + 1], g.next_state(path.states[t], i, j))
    assert path.total[0] == pytest.approx(sum(0.8**t * path.payoffs[t, 0] for t in range(6)))


def test_results_are_json_safe_and_readable() -> None:
    g = random_game(6)
    sol = markov_perfect(g)
    finite = backward_induction(g, 3)
    path = g.simulate(sol, 4)
    for result in (sol, finite, path):
        data = result.to_dict()
        assert json.loads(json.dumps(data)) == data
    assert repr(sol).startswith("MarkovSolution(selection='pareto'")
    assert repr(finite).startswith("FiniteSolution(periods=3")
    assert repr(path).startswith("Path(periods=4")
    assert isinstance(sol, MarkovSolution) and isinstance(finite, FiniteSolution)
    assert sol.value() == pytest.approx(tuple(g.interpolate(sol.values, g.start[None])[0]))


# --- the leverage window and the self-harm region --------------------------------------


def coercion_toy(gain: float, cost: float) -> StochasticGame:
    """Row can coerce (action 1) for ``gain`` a period; each coercion builds a grudge
    that costs ``cost`` a period while it lasts (it halves every period). Column
    only ever suffers; it has one action, so its best response is trivial."""

    def payoff(points: np.ndarray) -> np.ndarray:
        grudge = points[:, 0]
        U = np.zeros((points.shape[0], 2, 1, 2))
        U[:, 1, 0, 0] = gain
        U[:, :, 0, 0] -= cost * grudge[:, None]
        U[:, 1, 0, 1] = -gain
        return U

    return StochasticGame(
        grids=(np.linspace(0.0, 2.0, 21),),
        owners=(0,),
        step=lambda player, points, action: 0.5 * points + action,
        payoff=payoff,
        actions=(("open", "coerce"), ("take",)),
        discount=(0.9, 0.9),
    )


def test_never_restricting_matches_a_hand_solved_problem() -> None:
    g = coercion_toy(gain=1.0, cost=3.0)
    never = never_restricting(g, player=0)
    # never coercing from a grudge of 1: it halves, costing 3 * (1 + .45 + .2025 + ...)
    value = g.interpolate(never.values, [[1.0]])[0, 0]
    assert value == pytest.approx(-3.0 / (1 - 0.45), abs=1e-3)
    finite = never_restricting(g, player=0, periods=2, terminal="zero")
    assert g.interpolate(finite.values, [[1.0]])[0, 0] == pytest.approx(-3.0 * 1.45, abs=1e-9)


def test_the_window_and_the_self_harm_region_over_parameters() -> None:
    # coercion pays when the gain outweighs the grudge it builds: with a grudge of 1
    # after coercing and a discounted cost of 3 * 0.9 / 0.55 ~ 4.9 per unit, gain 1 is
    # self-harm and gain 10 is in the window
    m = leverage_regions(
        lambda gain, cost: coercion_toy(gain, cost), {"gain": [1.0, 10.0], "cost": [3.0]}, player=0
    )
    assert m.self_harm.tolist() == [[True], [False]]
    assert m.in_window.tolist() == [[False], [True]]
    assert not (m.self_harm & m.in_window).any()
    assert m.converged.all()
    data = m.to_dict()
    assert json.loads(json.dumps(data)) == data
    one = leverage_at(coercion_toy(10.0, 3.0), 0)
    assert one.value_eq == pytest.approx(m.value_eq[1, 0])
    assert one.restricts and "leverage window" in repr(one)
    finite = leverage_regions(
        lambda gain: coercion_toy(gain, 3.0), {"gain": [10.0]}, player=0, periods=4
    )
    assert finite.in_window.tolist() == [True]


def test_region_arguments_are_checked() -> None:
    g = coercion_toy(1.0, 1.0)
    with pytest.raises(ValueError, match="player must be 0"):
        leverage_at(g, 2)
    with pytest.raises(ValueError, match="single action"):
        never_restricting(g, player=1)
    with pytest.raises(ValueError, match="open_action"):
        never_restricting(g, player=0, open_action=5)
    with pytest.raises(ValueError, match="one or two"):
        leverage_regions(lambda: g, {}, player=0)
    with pytest.raises(ValueError, match="finite value"):
        leverage_regions(lambda a: g, {"a": []}, player=0)
