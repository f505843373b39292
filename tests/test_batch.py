"""Tests of tradegame.solvers.batch: 2x2 games over arrays, against the per-game solvers."""

from __future__ import annotations

import doctest
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

import tradegame as tg
from tradegame.game import Game
from tradegame.solvers import batch, stage
from tradegame.solvers.classify import GAME_CLASSES, classify
from tradegame.solvers.minmax import minmax
from tradegame.solvers.repeated import RepeatedGame
from tradegame.solvers.stage import equilibria, is_equilibrium, pure_equilibria

PATHS = ((0, 0), (0, 1), (1, 0), (1, 1))
MODELS_2X2 = (
    "prisoners-dilemma",
    "chicken",
    "stag-hunt",
    "battle-of-the-sexes",
    "matching-pennies",
    "inspection",
)


def random_floats(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 2, 2)), 3 * rng.normal(size=(n, 2, 2))


def random_ints(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Small integer games: many ties, so many degenerate games."""
    rng = np.random.default_rng(seed)
    return rng.integers(-2, 3, size=(n, 2, 2)), rng.integers(-2, 3, size=(n, 2, 2))


def game(A: np.ndarray, B: np.ndarray, k: int) -> Game:
    # lists of Python numbers: integer games are exact, as a model's would be
    return Game(A[k].tolist(), B[k].tolist())


@pytest.fixture
def reuse_equilibria(monkeypatch):
    """grim_details solves the stage game again: reuse the equilibria already computed."""
    cache: dict[bytes, list[stage.Equilibrium]] = {}
    solve = stage.equilibria

    def cached(g: Game, method: str = "auto", tol: float | None = None):
        # The reference is enumeration (vertex and support), not "auto", which uses
        # the closed forms under test for 2x2 games.
        if method != "auto" or tol is not None:
            return solve(g, method, tol)
        key = g.A.tobytes() + g.B.tobytes()
        if key not in cache:
            cache[key] = solve(g, "enumeration")
        return cache[key]

    monkeypatch.setattr(stage, "equilibria", cached)
    return cached


def shares_a_strategy(eqs: list[stage.Equilibrium]) -> bool:
    """Two extreme equilibria with a common strategy: the set between them is a continuum."""
    return any(
        np.abs(e.row - f.row).max() <= 1e-7 or np.abs(e.col - f.col).max() <= 1e-7
        for e, f in itertools.combinations(eqs, 2)
    )


def check_equilibria(A: np.ndarray, B: np.ndarray, solve) -> None:
    eq = batch.equilibria_batch(A, B)
    assert eq.row.shape == eq.col.shape == (len(A), batch.MAX_EQUILIBRIA)
    for k in range(len(A)):
        g = game(A, B, k)
        ref = solve(g)
        n = int(eq.count[k])
        assert n == len(ref), (A[k], B[k], ref)
        want = [[e.row[0], e.col[0], *e.payoffs] for e in ref]  # in the same order
        got = np.column_stack([eq.row[k, :n], eq.col[k, :n], eq.payoffs[k, :n]])
        assert_allclose(got, want, atol=1e-9, err_msg=f"{A[k]} {B[k]}")
        assert np.isnan(eq.row[k, n:]).all() and np.isnan(eq.payoffs[k, n:]).all()
        assert eq.pure_count[k] == sum(e.is_pure for e in ref)
        assert bool(eq.continuum[k]) == shares_a_strategy(ref)


def check_grim(A: np.ndarray, B: np.ndarray, games: range, seed: int) -> None:
    """Thresholds, payoffs and verdicts of grim trigger, one path per game, all paths in turn."""
    rng = np.random.default_rng(seed)
    deltas = rng.uniform(0.05, 0.95, size=(len(A), 2))
    eq = batch.equilibria_batch(A, B)
    results = {path: batch.grim_batch(A, B, path, eq=eq) for path in PATHS}
    for k in games:
        path = PATHS[k % 4]
        got = results[path]
        ref = RepeatedGame(game(A, B, k), tuple(deltas[k])).grim_details(path)
        for name in ("thresholds", "path_payoffs", "deviation_payoffs", "punishment_payoffs"):
            want = [float(x) for x in getattr(ref, name)]
            assert_allclose(getattr(got, name)[k], want, rtol=1e-9, atol=1e-9, err_msg=name)
        want = [np.nan if x is None else float(x) for x in ref.ceilings]
        assert_allclose(got.ceilings[k], want, rtol=1e-9, atol=1e-9, err_msg="ceilings")
        index = int(got.punish_index[k])
        assert 0 <= index < eq.count[k]
        sustained = batch.sustainable_batch(
            got.thresholds[k : k + 1], deltas[k, 0], deltas[k, 1], got.ceilings[k : k + 1]
        )
        assert sustained[0].tolist() == list(ref.sustainable)


# ---------------------------------------------------------------------------
# (a) random float games and (b) random small-integer games
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("make", [random_floats, random_ints])
def test_classify_matches_classify(make):
    A, B = make(3000, seed=1)
    names = batch.classify_batch(A, B)
    assert [classify(game(A, B, k)) for k in range(len(A))] == names.tolist()
    assert names.tolist() == [batch.CLASS_NAMES[c] for c in batch.classify_codes(A, B)]


@pytest.mark.parametrize("make", [random_floats, random_ints])
def test_equilibria_match_equilibria(make, reuse_equilibria):
    A, B = make(200, seed=2)
    check_equilibria(A, B, reuse_equilibria)
    check_grim(A, B, range(len(A)), seed=3)  # reuses the same stage equilibria


@pytest.mark.parametrize("make", [random_floats, random_ints])
def test_minmax_matches_minmax(make):
    A, B = make(2000, seed=4)
    pure = batch.minmax_batch(A, B, pure=True)
    assert_array_equal(pure, [minmax(game(A, B, k), pure=True) for k in range(len(A))])
    mixed = batch.minmax_batch(A[:80], B[:80])
    assert_allclose(mixed, [minmax(game(A, B, k)) for k in range(80)], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("make", [random_floats, random_ints])
def test_grim_with_minmax_and_pure_punishments(make):
    A, B = make(40, seed=5)
    results = {path: batch.grim_batch(A, B, path, punish="minmax") for path in PATHS}
    for k, path in zip(range(len(A)), itertools.cycle(PATHS), strict=False):
        want = RepeatedGame(game(A, B, k), 0.5).grim_details(path, "minmax")
        got = results[path]
        assert_allclose(got.thresholds[k], [float(x) for x in want.thresholds], rtol=1e-9)
        want_p = [float(x) for x in want.punishment_payoffs]
        assert_allclose(got.punishment_payoffs[k], want_p, atol=1e-9)
        assert got.punish_index[k] == -1
    A, B = make(300, seed=6)
    for punish in PATHS:
        got = batch.grim_thresholds_batch(A, B, (0, 0), punish=punish)
        for k in range(len(A)):
            g = game(A, B, k)
            if punish in pure_equilibria(g):
                want = RepeatedGame(g, 0.5).critical_delta("grim", (0, 0), punish=punish)
                assert_allclose(got[k], [float(x) for x in want])
            else:  # the per-game solver refuses a punishment that is not an equilibrium
                assert np.isnan(got[k]).all()


def test_continuum_mixtures_are_equilibria():
    A, B = random_ints(400, seed=7)
    eq = batch.equilibria_batch(A, B)
    assert eq.continuum.any() and not eq.continuum.all()
    for k in np.flatnonzero(eq.continuum):
        g, n = game(A, B, k), int(eq.count[k])
        pairs = [
            (s, t)
            for s, t in itertools.combinations(range(n), 2)
            if eq.row[k, s] == eq.row[k, t] or eq.col[k, s] == eq.col[k, t]
        ]
        assert pairs
        for s, t in pairs:  # the midpoint is an equilibrium, and not an extreme one
            x, y = (eq.row[k, s] + eq.row[k, t]) / 2, (eq.col[k, s] + eq.col[k, t]) / 2
            assert is_equilibrium(g, [x, 1 - x], [y, 1 - y])
            assert not any(np.isclose(x, eq.row[k, :n]) & np.isclose(y, eq.col[k, :n]))


def test_every_small_integer_game_with_few_values():
    # all 3^8 games with entries in {-1, 0, 1}: pure equilibria, classes, counts
    cells = np.array(list(itertools.product((-1, 0, 1), repeat=8)))
    A, B = cells[:, :4].reshape(-1, 2, 2), cells[:, 4:].reshape(-1, 2, 2)
    eq = batch.equilibria_batch(A, B)
    assert eq.count.max() == batch.MAX_EQUILIBRIA and eq.count.min() >= 1
    pure = eq.pure_count
    for k in range(0, len(A), 7):
        assert pure[k] == len(pure_equilibria(game(A, B, k)))


# ---------------------------------------------------------------------------
# (c) the bundled 2x2 models
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", MODELS_2X2)
def test_bundled_models(name):
    g = tg.load_model(name).game()
    assert g.shape == (2, 2) and not g.is_symbolic
    A, B = g.A[np.newaxis], g.B[np.newaxis]
    assert batch.classify_batch(A, B)[0] == classify(g)
    eq = batch.equilibria_batch(A, B)
    ref = equilibria(g, "enumeration")  # independent of the closed forms
    assert eq.count[0] == len(ref)
    for s, e in enumerate(ref):
        assert_allclose([eq.row[0, s], eq.col[0, s]], [e.row[0], e.col[0]], atol=1e-12)
        assert_allclose(eq.payoffs[0, s], e.payoffs, atol=1e-12)
    assert_allclose(batch.minmax_batch(A, B)[0], minmax(g), atol=1e-9)
    for path in PATHS:
        want = RepeatedGame(g, 0.5).critical_delta("grim", path)
        assert_allclose(batch.grim_thresholds_batch(A, B, path)[0], [float(x) for x in want])
        want = RepeatedGame(g, 0.5).grim_details(path, "minmax").thresholds
        got = batch.grim_thresholds_batch(A, B, path, punish="minmax")[0]
        assert_allclose(got, [float(x) for x in want], rtol=1e-9)


def test_bundled_model_classes():
    names = [batch.classify_batch(*(M[np.newaxis] for M in _payoffs(m)))[0] for m in MODELS_2X2]
    assert names == [*MODELS_2X2[:4], "no-pure-equilibrium", "no-pure-equilibrium"]


def _payoffs(name: str) -> tuple[np.ndarray, np.ndarray]:
    g = tg.load_model(name).game()
    return g.A, g.B


# ---------------------------------------------------------------------------
# (d) invariance under positive affine transformations of each player's payoffs
# ---------------------------------------------------------------------------

# multiples of 1/16: exact ties, and distinct payoffs far apart compared with the tolerance
_entry = st.integers(-32, 32).map(lambda v: v / 16)


@st.composite
def transformed_games(draw):
    n = draw(st.integers(1, 8))
    cells = np.array(
        draw(st.lists(st.lists(_entry, min_size=8, max_size=8), min_size=n, max_size=n))
    )
    A, B = cells[:, :4].reshape(n, 2, 2), cells[:, 4:].reshape(n, 2, 2)
    scale = np.array(draw(st.lists(st.floats(0.25, 4), min_size=2 * n, max_size=2 * n)))
    shift = np.array(draw(st.lists(st.floats(-1000, 1000), min_size=2 * n, max_size=2 * n)))
    scale, shift = scale.reshape(n, 2), shift.reshape(n, 2)
    return A, B, scale, shift


@settings(max_examples=150, deadline=None)
@given(transformed_games())
def test_positive_affine_invariance(data):
    A, B, scale, shift = data
    A2 = scale[:, 0, None, None] * A + shift[:, 0, None, None]
    B2 = scale[:, 1, None, None] * B + shift[:, 1, None, None]
    assert_array_equal(batch.classify_codes(A, B), batch.classify_codes(A2, B2))
    eq, eq2 = batch.equilibria_batch(A, B), batch.equilibria_batch(A2, B2)
    assert_array_equal(eq.count, eq2.count)
    assert_array_equal(eq.continuum, eq2.continuum)
    assert_allclose(eq.row, eq2.row, atol=1e-10)
    assert_allclose(eq.col, eq2.col, atol=1e-10)
    assert_allclose(eq2.payoffs, scale[:, None, :] * eq.payoffs + shift[:, None, :], atol=1e-9)
    for pure in (False, True):
        mm, mm2 = batch.minmax_batch(A, B, pure), batch.minmax_batch(A2, B2, pure)
        assert_allclose(mm2, scale * mm + shift, atol=1e-9)
    for path in PATHS:
        got, got2 = batch.grim_batch(A, B, path, eq=eq), batch.grim_batch(A2, B2, path, eq=eq2)
        assert_allclose(got.thresholds, got2.thresholds, rtol=1e-9, atol=1e-12)
        assert_array_equal(got.punish_index, got2.punish_index)


def test_round_off_counts_as_indifference():
    # the column player's payoffs differ only by round-off: it is indifferent, as at zero
    A = np.array([[[1.0, 0.0], [0.0, 1.0]]] * 2)
    B = np.array([[[3e-17, 0.0], [-1e-16, 2e-16]], [[0.0, 0.0], [0.0, 0.0]]])
    eq = batch.equilibria_batch(A, B)
    assert_allclose(eq.row[0], eq.row[1])
    assert_allclose(eq.col[0], eq.col[1])
    assert eq.count.tolist() == [4, 4] and eq.continuum.all()
    assert_allclose(eq.row[1], [1, 0, 1, 0])
    assert_allclose(eq.col[1], [1, 0, 0.5, 0.5])


# ---------------------------------------------------------------------------
# results, helpers and small cases
# ---------------------------------------------------------------------------


def test_class_names_extend_game_classes():
    assert batch.CLASS_NAMES[: len(GAME_CLASSES)] == GAME_CLASSES
    asymmetric = batch.CLASS_NAMES[len(GAME_CLASSES) :]
    assert len(asymmetric) == 20 and all(n.startswith("asymmetric:") for n in asymmetric)


def test_zero_sum_default_and_empty_batch():
    A = np.array([[[1.0, -1.0], [-1.0, 1.0]]])
    assert batch.classify_batch(A).tolist() == ["no-pure-equilibrium"]
    eq = batch.equilibria_batch(A)
    assert_allclose(eq.row[0, :1], [0.5])
    assert eq.count.tolist() == [1]
    assert_allclose(batch.minmax_batch(A), [[0.0, 0.0]])
    empty = np.zeros((0, 2, 2))
    assert batch.classify_batch(empty, empty).shape == (0,)
    assert batch.equilibria_batch(empty, empty).row.shape == (0, batch.MAX_EQUILIBRIA)
    assert batch.grim_thresholds_batch(empty, empty).shape == (0, 2)


def test_equilibria_result_helpers():
    A = np.array([[[3, 0], [0, 2]], [[1, 0], [0, 1]]])  # battle of the sexes; row coordinates
    B = np.array([[[2, 0], [0, 3]], [[0, 0], [0, 0]]])  # ... and an indifferent column player
    eq = batch.equilibria_batch(A, B)
    row, col, payoffs, count, continuum = eq
    assert row.shape == col.shape == payoffs.shape[:2] == (2, batch.MAX_EQUILIBRIA)
    assert count.tolist() == [3, 4] and continuum.tolist() == [False, True]
    assert eq.pure_count.tolist() == [2, 2] and eq.mixed_count.tolist() == [1, 2]
    assert eq.describe(0, (("open", "restrict"), ("open", "restrict"))) == (
        "(open, open) 3|2; (restrict, restrict) 2|3; mixed [0.6 0.4]x[0.4 0.6] 1.2|1.2"
    )
    assert eq.describe(1).startswith("(r0, c0) 1|0; (r1, c1) 1|0; mixed [1 0]x[0.5 0.5]")


def test_sustainable_and_verdict():
    th = np.array([[0.5, 0.2], [np.inf, 0.0], [0.0, 0.9]])
    assert batch.sustainable_batch(th, 0.5).tolist() == [[True, True], [False, True], [True, False]]
    assert batch.verdict_batch(th, 0.5).tolist() == [True, False, False]
    assert batch.verdict_batch(th, [0.6, 0.6, 0.1], 0.95).tolist() == [True, False, True]
    assert batch.verdict_batch(th, 0.5 - 1e-13).tolist() == [True, False, False]  # slack


def test_docstring_examples():
    assert doctest.testmod(batch).failed == 0


# ---------------------------------------------------------------------------
# (e) bad input
# ---------------------------------------------------------------------------

GOOD = np.zeros((3, 2, 2))
SOLVERS = [
    batch.classify_batch,
    batch.classify_codes,
    batch.equilibria_batch,
    batch.minmax_batch,
    batch.grim_thresholds_batch,
    batch.tolerances,
]


@pytest.mark.parametrize("solve", SOLVERS)
@pytest.mark.parametrize(
    "bad, match",
    [
        (np.zeros((2, 2)), r"shape \(N, 2, 2\).*newaxis"),
        (np.zeros((3, 2, 3)), r"shape \(N, 2, 2\)"),
        (np.zeros((3, 4)), r"shape \(N, 2, 2\)"),
        (np.zeros((3, 2, 2, 1)), r"shape \(N, 2, 2\)"),
        ([[[1, 2], [3]]], r"\(N, 2, 2\)"),
        (np.array([[[np.nan, 0], [0, 0]]]), "finite; game 0"),
        (np.array([[[0, 0], [0, 0]], [[0, np.inf], [0, 0]]]), "finite; game 1"),
        (np.full((1, 2, 2), "a"), "real numbers"),
        (np.ones((1, 2, 2), dtype=complex), "real numbers"),
        (np.ones((1, 2, 2), dtype=bool), "real numbers"),
        ([[["1", "2"], ["3", None]]], "real numbers"),
    ],
)
def test_bad_payoffs(solve, bad, match):
    with pytest.raises(ValueError, match=match):
        solve(bad, GOOD)
    with pytest.raises(ValueError, match=match):
        solve(GOOD, bad)


def test_mismatched_batches():
    with pytest.raises(ValueError, match="same shape"):
        batch.equilibria_batch(GOOD, np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="eq is for 2 games"):
        batch.grim_batch(GOOD, GOOD, eq=batch.equilibria_batch(GOOD[:2], GOOD[:2]))


@pytest.mark.parametrize("path", [(0, 2), ("C", "C"), (0,), "00", (True, 0), (0.0, 1), 0])
def test_bad_paths(path):
    with pytest.raises(ValueError, match="path"):
        batch.grim_thresholds_batch(GOOD, GOOD, path=path)
    with pytest.raises(ValueError, match="punish"):
        batch.grim_thresholds_batch(GOOD, GOOD, punish=path)


def test_bad_punish_name():
    with pytest.raises(ValueError, match="punish"):
        batch.grim_thresholds_batch(GOOD, GOOD, punish="nash")


@pytest.mark.parametrize("delta", [0, 1, 1.5, -0.1, np.nan, [0.5, 0.5], [[0.5]], "x"])
def test_bad_deltas(delta):
    th = np.zeros((3, 2))
    with pytest.raises(ValueError, match="delta_row"):
        batch.sustainable_batch(th, delta)
    with pytest.raises(ValueError, match="delta_col"):
        batch.verdict_batch(th, 0.5, delta)


def test_bad_thresholds():
    with pytest.raises(ValueError, match="thresholds"):
        batch.sustainable_batch(np.zeros((3, 3)), 0.5)


@pytest.mark.parametrize("kind", ["integer", "float"])
def test_describe_all_is_describe_for_every_game(kind: str) -> None:
    rng = np.random.default_rng(7)
    if kind == "integer":
        A, B = (rng.integers(-2, 3, (500, 2, 2)).astype(float) for _ in range(2))
    else:
        A, B = (rng.normal(size=(500, 2, 2)) for _ in range(2))
    eq = batch.equilibria_batch(A, B)
    tol = batch.tolerances(A, B)
    names = (("open", "restrict"), ("open", "ban"))
    expected = [eq.describe(k, names, float(tol[k])) for k in range(500)]
    assert eq.describe_all(names, tol) == expected
