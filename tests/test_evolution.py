"""Evolution of strategies: replicator dynamics, the Moran process, ``tradegame evolve``.

Independent checks: rest points against the Nash equilibria of the population
game (tg.equilibria), trajectories against nashpy over short horizons, exact
fixation probabilities against closed forms, neutral drift and a seeded Monte
Carlo simulation of the Moran process, and Nowak and Sigmund (1993).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

import nashpy
import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.cli.evolve import evolve_command
from tradegame.evolve import Evolution, evolve
from tradegame.game import Game
from tradegame.report.evolve import render_evolution
from tradegame.solvers.evolution import fixation, population_game, replicator
from tradegame.solvers.play import play

TFT, WSLS, ALLD, ALLC = "tit-for-tat", "win-stay-lose-shift", "always-restrict", "always-open"
FOUR = [TFT, WSLS, ALLD, ALLC]
NICE = {
    "always-open",
    "calibrated",
    "generous-tit-for-tat(forgive=1/3)",
    "grim",
    "limited-punishment(k=2)",
    "tit-for-tat",
    "truce(punish=2)",
    "win-stay-lose-shift",
}


@pytest.fixture(scope="module")
def pd_model() -> Any:
    return tg.load_model("prisoners-dilemma")


@pytest.fixture(scope="module")
def noisy_four(pd_model: Any) -> Evolution:
    """Nowak and Sigmund's setting: TFT, WSLS, ALLD, ALLC; 1% noise, 200 periods."""
    return evolve(pd_model, FOUR, noise=Fraction(1, 100), turns=200)


# --- the population game ------------------------------------------------------------------


def test_one_population_payoffs_are_the_tournament_table() -> None:
    g = tg.load_model("prisoners-dilemma").game()
    names = [TFT, WSLS, ALLD, "generous-tit-for-tat"]
    pop = population_game(g, names, turns=30, noise=Fraction(1, 20))
    table = tg.tournament(g, names, turns=30, noise=Fraction(1, 20))
    assert pop.populations == 1 and pop.exact
    assert pop.payoffs[0] == table.head_to_head


def test_two_populations_in_an_asymmetric_game() -> None:
    g = tg.load_model("rare-earth-2025").game()
    names = ["grim", TFT, ALLD]
    pop = population_game(g, names, delta=(Fraction(4, 5), Fraction(9, 10)))
    assert pop.populations == 2 and pop.labels == ("United States", "China")
    for i, us in enumerate(names):
        for j, china in enumerate(names):
            out = play(g, us, china, delta=(Fraction(4, 5), Fraction(9, 10)))
            assert pop.payoffs[0][i][j] == out.payoffs[0]
            assert pop.payoffs[1][j][i] == out.payoffs[1]
    _, B = pop.matrices()
    assert B is not None and B[0][2] == pop.payoffs[1][2][0]


def test_unequal_discount_factors_make_two_populations() -> None:
    g = tg.load_model("prisoners-dilemma").game()
    assert population_game(g, [TFT, ALLD], delta=0.9).populations == 1
    assert population_game(g, [TFT, ALLD], delta=(0.9, 0.8)).populations == 2


def test_scaled_payoffs_use_the_stage_game() -> None:
    # payoffs of the (5, 3, 1, 0) dilemma are divided by 5, whatever strategies compete
    g = tg.load_model("prisoners-dilemma").game()
    pop = population_game(g, [TFT, ALLD], turns=10)
    assert pop.spread == 5 and pop.low == (0,)
    assert pop.scaled()[0][1][0] == Fraction(7, 5) / 5


# --- replicator dynamics ------------------------------------------------------------------

HAWK_DOVE = [[-1, 2], [0, 1]]  # prize 2, cost of a fight 4: half hawks
STAG_HUNT = [[4, 0], [3, 3]]
RPS = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]


def test_hawk_dove_settles_at_the_mixed_equilibrium() -> None:
    d = replicator(HAWK_DOVE, names=["hawk", "dove"], horizon=200)
    eqs = tg.equilibria(Game(HAWK_DOVE, np.array(HAWK_DOVE).T))
    symmetric = [e for e in eqs if np.allclose(e.row, e.col)]
    assert len(symmetric) == 1
    assert np.allclose(d.end[0], symmetric[0].row, atol=1e-8)
    assert (d.rest_point, d.nash, d.stability) == (True, True, "stable")
    assert d.survivors == (("hawk", "dove"),)


def test_stability_classification() -> None:
    unstable = replicator(STAG_HUNT, start=[0.75, 0.25], horizon=1)
    assert (unstable.rest_point, unstable.nash, unstable.stability) == (True, True, "unstable")
    assert unstable.growth > 0
    assert replicator(STAG_HUNT, start=[0.8, 0.2], horizon=100).end[0][0] > 0.999
    centre = replicator(RPS, horizon=50)  # a centre: closed orbits around it
    assert centre.rest_point and centre.stability == "undecided"
    moved = replicator(RPS, start=[0.5, 0.3, 0.2], horizon=50)
    assert not moved.rest_point


def test_an_absent_strategy_stays_absent_and_may_invade() -> None:
    # always-restrict absent from a population of tit-for-tat and always-open
    d = replicator([[3, 3, 0], [3, 3, 0], [5, 5, 1]], start=[0.5, 0.5, 0], horizon=10)
    assert d.end[0][2] == 0
    assert d.rest_point and not d.nash and d.stability == "unstable"
    assert d.invaders() == (("3",),)


def test_trajectories_agree_with_nashpy(noisy_four: Evolution) -> None:
    S = np.array(noisy_four.game.scaled()[0], dtype=float)
    d = replicator(S, horizon=100)
    xs = nashpy.Game(S).replicator_dynamics(timepoints=np.linspace(0, 100, 1001))
    for t in (1, 10, 100):
        assert np.allclose(d.at(t)[0], xs[t * 10], atol=1e-6)
    model = tg.load_model("rare-earth-2025")
    pop = population_game(
        model.game(), ["grim", TFT, ALLD, ALLC], noise=Fraction(1, 100), delta=model.discounts()
    )
    A = np.array(pop.scaled()[0], dtype=float)
    B = np.array(pop.scaled()[1], dtype=float).T
    d2 = replicator(A, B, horizon=50)
    xs, ys = nashpy.Game(A, B).asymmetric_replicator_dynamics(timepoints=np.linspace(0, 50, 501))
    assert np.allclose(d2.end[0], xs[-1], atol=1e-6)
    assert np.allclose(d2.end[1], ys[-1], atol=1e-6)


def test_rest_points_are_the_symmetric_equilibria_of_the_population_game(
    noisy_four: Evolution,
) -> None:
    H = noisy_four.game.scaled()[0]
    population = Game(H, [list(col) for col in zip(*H, strict=True)])
    symmetric = [e for e in tg.equilibria(population) if np.allclose(e.row, e.col, atol=1e-9)]
    assert symmetric
    # the end of the run is one of them ...
    end = noisy_four.dynamics.end[0]
    assert noisy_four.dynamics.nash
    assert any(np.allclose(end, e.row, atol=1e-6) for e in symmetric)
    # ... and every symmetric equilibrium is a saturated rest point of the dynamics
    for e in symmetric:
        d = replicator(H, start=e.row, horizon=1e-3)
        assert d.rest_point and d.nash, e


def test_two_population_end_state_is_an_equilibrium() -> None:
    e = evolve(
        tg.load_model("rare-earth-2025-leverage"),
        ["limited-punishment", TFT, ALLD, ALLC],
        noise=Fraction(1, 100),
        size=None,
    )
    A, B = e.game.matrices()
    assert B is not None
    d = e.dynamics
    assert d.rest_point and d.nash and d.stability == "stable"
    assert tg.is_equilibrium(Game(A, B), np.array(d.end[0]), np.array(d.end[1]))


matrices = st.integers(2, 4).flatmap(
    lambda n: st.lists(st.lists(st.integers(-5, 5), min_size=n, max_size=n), min_size=n, max_size=n)
)


@settings(max_examples=30)
@given(A=matrices, weights=st.lists(st.integers(0, 5), min_size=4, max_size=4))
def test_shares_stay_on_the_simplex(A: list[list[int]], weights: list[int]) -> None:
    n = len(A)
    w = [x + (k == 0) for k, x in enumerate(weights[:n])]  # at least one strategy present
    start = [Fraction(x, sum(w)) for x in w]
    d = replicator(A, start=start, horizon=20)
    shares = np.array(d.shares[0])
    assert np.all(shares >= 0) and np.allclose(shares.sum(axis=1), 1, atol=1e-12)
    assert all(shares[:, k].max() == 0 for k in range(n) if w[k] == 0)
    assert d.survivors[0]
    # the two-population form of the same game on the simplex too
    d2 = replicator(A, [list(r) for r in zip(*A, strict=True)], horizon=20)
    assert all(np.allclose(np.array(s).sum(axis=1), 1, atol=1e-12) for s in d2.shares)


# --- the Moran process --------------------------------------------------------------------


def moran_monte_carlo(payoffs: Any, n: int, w: float, runs: int, seed: int) -> float:
    """Run the Moran process from one mutant ``runs`` times; the share that fixed."""
    (a, b), (c, d) = [[float(x) for x in row] for row in payoffs]
    rng = np.random.default_rng(seed)
    k = np.ones(runs, dtype=int)
    live = np.ones(runs, dtype=bool)
    while live.any():
        i = k[live]
        f = 1 - w + w * (a * (i - 1) + b * (n - i)) / (n - 1)
        g = 1 - w + w * (c * i + d * (n - i - 1)) / (n - 1)
        born = rng.random(i.size) < i * f / (i * f + (n - i) * g)  # a mutant reproduces
        dies = rng.random(i.size) < i / n  # a mutant is replaced
        k[live] = i + born - dies
        live = (k > 0) & (k < n)
    return float(np.mean(k == n))


def test_neutral_drift_fixes_with_one_in_n() -> None:
    for n in (2, 7, 50):
        assert fixation([[3, 0], [5, 1]], n, 0) == Fraction(1, n)
        assert fixation([[2, 2], [2, 2]], n, Fraction(1, 2)) == Fraction(1, n)


def test_constant_fitness_closed_form() -> None:
    # (1 - 1/r) / (1 - 1/r**N) for a mutant of relative fitness r
    for r, n in ((Fraction(3, 2), 5), (Fraction(2, 3), 9), (Fraction(11, 10), 30)):
        rho = fixation([[r, r], [1, 1]], n, 1)
        assert rho == (1 - 1 / r) / (1 - 1 / r**n)


@pytest.mark.parametrize(
    ("payoffs", "n", "w"),
    [([[3, 0], [5, 1]], 6, 0.5), ([[4, 1], [2, 3]], 8, 1.0), ([[4, 3], [2, 1]], 8, 0.5)],
)
def test_exact_fixation_matches_monte_carlo(payoffs: Any, n: int, w: float) -> None:
    exact = fixation(payoffs, n, w)
    assert isinstance(exact, Fraction)
    runs = 20_000
    simulated = moran_monte_carlo(payoffs, n, w, runs, seed=2004)
    se = math.sqrt(float(exact) * (1 - float(exact)) / runs)
    assert abs(simulated - float(exact)) < 4 * se, (simulated, float(exact))


def test_float_payoffs_give_a_float() -> None:
    rho = fixation([[1 / 3, 0.2], [0.5, 0.1]], 12, 0.3)
    assert isinstance(rho, float)
    exact = fixation([[Fraction(1, 3), 0.2], [0.5, 0.1]], 12, 0.3)
    assert isinstance(exact, Fraction) and math.isclose(rho, float(exact), rel_tol=1e-12)


fixed_payoffs = st.lists(st.fractions(0, 10, max_denominator=7), min_size=4, max_size=4)
intensities = st.fractions(0, 1, max_denominator=20).filter(lambda w: w < 1)


@settings(max_examples=60)
@given(p=fixed_payoffs, n=st.integers(2, 30), w=intensities)
def test_fixation_is_a_probability(p: list[Fraction], n: int, w: Fraction) -> None:
    rho = fixation([[p[0], p[1]], [p[2], p[3]]], n, w)
    assert isinstance(rho, Fraction) and 0 <= rho <= 1


@settings(max_examples=60)
@given(p=fixed_payoffs, n=st.integers(2, 25), w1=intensities, w2=intensities)
def test_fixation_of_a_dominant_strategy_grows_with_selection(
    p: list[Fraction], n: int, w1: Fraction, w2: Fraction
) -> None:
    a, b, c, d = p
    # the mutant earns at least the resident's payoff in every state of the population
    assume(all(a * (i - 1) + b * (n - i) >= c * i + d * (n - i - 1) for i in range(1, n)))
    low, high = sorted((w1, w2))
    rho_low, rho_high = fixation([[a, b], [c, d]], n, low), fixation([[a, b], [c, d]], n, high)
    assert Fraction(1, n) <= rho_low <= rho_high <= 1


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (([[1, 2], [3, 4]], 1, 0.1), "N must be a whole number >= 2"),
        (([[1, 2], [3, 4]], 2.5, 0.1), "N must be a whole number >= 2"),
        (([[1, 2], [3, 4]], 10, 1.5), "selection must be a number in [0, 1]"),
        (([[1, 2], [3, 4]], 10, -0.1), "selection must be a number in [0, 1]"),
        (([[1, 2, 3], [3, 4, 5]], 10, 0.1), "2x2"),
        (([[-5, 0], [0, 0]], 10, 1), "fitness"),
        (([[1, "x"], [3, 4]], 10, 0.1), "not a number"),
    ],
)
def test_fixation_rejects_bad_input(args: Any, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        fixation(*args)


# --- Nowak and Sigmund (1993): win-stay-lose-shift against tit-for-tat under noise ----------


def test_nowak_sigmund_payoffs(noisy_four: Evolution) -> None:
    H = noisy_four.game.payoffs[0]
    assert noisy_four.model.params == {"T": 5, "R": 3, "P": 1, "S": 0, "discount": 0.9}
    # WSLS corrects a mistake within two periods; TFT echoes it
    assert H[1][1] > H[0][0]
    assert (round(float(H[1][1]), 4), round(float(H[0][0]), 4)) == (2.9513, 2.4604)
    # unconditional cooperators do better than TFT among TFT players, and WSLS exploits them
    assert H[3][0] > H[0][0] and H[1][3] > H[3][3]
    # but 2R = T + P: against WSLS, always-defect earns more than WSLS itself
    assert H[2][1] > H[1][1]


def test_nowak_sigmund_replicator(pd_model: Any, noisy_four: Evolution) -> None:
    three = evolve(pd_model, [TFT, WSLS, ALLC], noise=Fraction(1, 100), turns=200, size=None)
    assert three.survivors == ((WSLS,),)
    assert three.dynamics.nash and three.dynamics.stability == "stable"
    # with always-defect present: TFT, then WSLS, then always-defect (2R = T + P)
    d = noisy_four.dynamics
    assert d.at(1_000)[0][0] > 0.99 and d.at(10_000)[0][1] > 0.99
    assert d.survivors == ((ALLD,),) and d.stability == "stable"
    assert d.share(TFT) < 1e-3


def test_nowak_sigmund_moran(noisy_four: Evolution) -> None:
    neutral = noisy_four.neutral
    assert neutral == Fraction(1, 20)
    assert noisy_four.rho(WSLS, TFT) > neutral > noisy_four.rho(TFT, WSLS)
    assert round(float(noisy_four.rho(WSLS, TFT) * 20), 4) == 1.0266
    assert round(float(noisy_four.rho(TFT, WSLS) * 20), 4) == 0.935


# --- the chips-versus-minerals games ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "us", "china"),
    [
        ("rare-earth-2025", NICE, {"grim", "limited-punishment(k=2)"}),
        ("rare-earth-2025-leverage", NICE, NICE),
        ("rare-earth-2025-commodity", {ALLD}, {ALLD}),
    ],
)
def test_rare_earth_survivors_without_noise(name: str, us: set[str], china: set[str]) -> None:
    e = evolve(tg.load_model(name), size=None)
    assert e.populations == 2
    assert set(e.survivors[0]) == us and set(e.survivors[1]) == china
    assert e.dynamics.rest_point and e.dynamics.nash


@pytest.mark.parametrize(
    ("name", "winner"),
    [
        ("rare-earth-2025", "grim"),
        ("rare-earth-2025-leverage", "limited-punishment(k=2)"),
        ("rare-earth-2025-commodity", ALLD),
    ],
)
def test_rare_earth_survivors_with_noise(name: str, winner: str) -> None:
    e = evolve(tg.load_model(name), noise=Fraction(1, 100), size=None)
    assert e.survivors == ((winner,), (winner,))
    assert e.dynamics.nash and e.dynamics.stability == "stable"


def test_two_population_moran_is_constant_selection() -> None:
    model = tg.load_model("rare-earth-2025")
    e = evolve(model, ["grim", ALLD, TFT], size=12, selection=Fraction(1, 5))
    S = e.game.scaled()
    for p in range(2):
        for i in range(3):
            for j in range(3):
                if i != j:
                    f = 1 - Fraction(1, 5) + Fraction(1, 5) * S[p][i][j]
                    g = 1 - Fraction(1, 5) + Fraction(1, 5) * S[p][j][j]
                    r = f / g
                    expected = Fraction(1, 12) if r == 1 else (1 - 1 / r) / (1 - 1 / r**12)
                    assert e.fixation[p][i][j] == expected


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"strategies": ["tit-for-tap", WSLS]}, "did you mean 'tit-for-tat'"),
        ({"strategies": [TFT]}, "at least two strategies"),
        ({"strategies": [TFT, TFT]}, "listed twice"),
        ({"strategies": TFT}, "must be a list"),
        ({"noise": 1}, "noise must be a probability in [0, 1)"),
        ({"noise": -0.1}, "noise must be a probability in [0, 1)"),
        ({"turns": 0}, "turns must be a whole number"),
        ({"size": 1}, "N must be a whole number >= 2"),
        ({"selection": 1}, "selection must be a number in [0, 1)"),
        ({"horizon": 0}, "horizon must be a positive number"),
        ({"threshold": 1}, "threshold must be a share"),
        ({"start": [0.5, 0.6]}, "sum to 1"),
    ],
)
def test_evolve_rejects_bad_input(pd_model: Any, kwargs: dict[str, Any], fragment: str) -> None:
    kwargs = {"strategies": [TFT, WSLS], "size": 4, **kwargs}
    with pytest.raises(ValueError, match=fragment.replace("[", r"\[").replace(")", r"\)")):
        evolve(pd_model, **kwargs)


def test_evolve_needs_a_horizon_without_discount_factors(write_model) -> None:
    path = write_model(
        'kind = "matrix"\nplayers = ["r", "c"]\nactions = [["C", "D"], ["C", "D"]]\n'
        "A = [[3, 0], [5, 1]]\nB = [[3, 5], [0, 1]]\n"
    )
    model = tg.load_model(str(path))
    with pytest.raises(ValueError, match="no discount factors"):
        evolve(model, [TFT, ALLD])
    # over 5 periods tit-for-tat loses only the first one to always-defect
    assert evolve(model, [TFT, ALLD], turns=5).survivors == ((TFT,),)


# --- report and command line ----------------------------------------------------------------


def invoke(*args: str) -> Any:
    return CliRunner().invoke(evolve_command, list(args), catch_exceptions=False)


def test_report_formats(noisy_four: Evolution) -> None:
    text = render_evolution(noisy_four, "text")
    assert "Survivors" in text and "always-restrict (1.000)" in text
    assert "| vs |" in render_evolution(noisy_four, "markdown")
    data = json.loads(render_evolution(noisy_four, "json"))
    assert data["replicator"]["survivors"] == [[ALLD]]
    assert data["moran"]["size"] == 20 and len(data["moran"]["fixation"][0]) == 4


def test_cli_reports_survivors_of_the_rare_earth_game() -> None:
    result = invoke("rare-earth-2025-commodity", "--strategies", "grim,always-restrict,tit-for-tat")
    assert result.exit_code == 0, result.stderr
    assert "two populations" in result.stdout
    assert "United States: always-restrict (1.000); China: always-restrict (1.000)" in " ".join(
        result.stdout.split()
    )


def test_cli_json_with_noise_and_turns() -> None:
    result = invoke(
        "prisoners-dilemma",
        "--strategies",
        f"{TFT},{WSLS},{ALLC}",
        "--noise",
        "1/100",
        "--turns",
        "200",
        "--size",
        "10",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["replicator"]["survivors"] == [[WSLS]]
    assert data["game"]["noise"] == "1/100" and data["moran"]["size"] == 10


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["prisoners-dilemma", "--strategies", "grim,tit-for-tap"], "unknown strategy"),
        (["prisoners-dilemma", "--strategies", "grim"], "at least two strategies"),
        (["prisoners-dilemma", "--size", "1"], "N must be a whole number >= 2"),
        (["prisoners-dilemma", "--size", "x"], "--size"),
        (["prisoners-dilemma", "--noise", "1.5"], "--noise"),
        (["prisoners-dilemma", "--selection", "2"], "selection"),
        (["prisoners-dilemma", "--turns", "0"], "turns"),
        (["no-such-model"], "no-such-model"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(args: list[str], fragment: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert result.stdout == ""


def test_json_gives_unprintably_long_fractions_as_floats() -> None:
    g = tg.load_model("prisoners-dilemma").game()
    pop = population_game(g, [TFT, WSLS], turns=2000, noise=Fraction(1, 100))
    data = json.loads(json.dumps(pop.to_dict()))
    assert pop.exact and pop.payoffs[0][0][0].denominator.bit_length() > 13_000
    assert isinstance(data["payoffs"][0][0][0], float)
    assert math.isclose(data["payoffs"][0][0][0], float(pop.payoffs[0][0][0]))
