"""The benchmark cases, the peers' versions of them, and the checks that the answers agree.

Peers (nashpy, axelrod, quantecon) are imported inside the functions that use
them, so this module imports with tradegame alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from tradegame import Game

# --- stage games ---------------------------------------------------------------------------

# name -> (A, B); nondegenerate games, so support enumeration finds every equilibrium
STAGE_GAMES: dict[str, tuple[list[list[int]], list[list[int]]]] = {
    # ORACLES.md: two pure equilibria and ((3/5, 2/5), (2/5, 3/5))
    "2×2 battle of the sexes": ([[3, 0], [0, 2]], [[2, 0], [0, 3]]),
    # ORACLES.md: the unique equilibrium is (1/2, 1/2) for both
    "2×2 matching pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
    # pure coordination with unequal stakes: one equilibrium per pair of equal supports, 7 in all
    "3×3 coordination": (
        [[1, 0, 0], [0, 2, 0], [0, 0, 3]],
        [[1, 0, 0], [0, 2, 0], [0, 0, 3]],
    ),
    # zero-sum; the unique equilibrium is uniform
    "3×3 rock–paper–scissors": (
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
        [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
    ),
}


def same_equilibria(ours: list[Any], theirs: list[tuple[Any, Any]], tol: float = 1e-9) -> str:
    """'' when the two lists hold the same equilibria (to ``tol``), else what differs."""
    if len(ours) != len(theirs):
        return f"tradegame found {len(ours)} equilibria, the peer {len(theirs)}"
    unmatched = list(ours)
    for x, y in theirs:
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        hit = next(
            (
                e
                for e in unmatched
                if np.abs(e.row - x).max() <= tol and np.abs(e.col - y).max() <= tol
            ),
            None,
        )
        if hit is None:
            return f"the peer's equilibrium ({x.tolist()}, {y.tolist()}) is not in tradegame's"
        unmatched.remove(hit)
    return ""


# --- the tournament ------------------------------------------------------------------------

TURNS = 200
# Axelrod's prisoner's dilemma: (R, S, T, P) = (3, 0, 5, 1); action 0 is C, action 1 is D.
PD = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))


@dataclass(frozen=True)
class Counterpart:
    """An axelrod player that plays as a tradegame strategy does on the prisoner's dilemma."""

    name: str  # tradegame library name
    player: str  # axelrod class, or "FSMPlayer" for a machine built from the automaton
    why: str
    stochastic: bool = False


COUNTERPARTS = (
    Counterpart("always-open", "Cooperator", "always C"),
    Counterpart("always-restrict", "Defector", "always D"),
    Counterpart("alternator", "Alternator", "C, D, C, D, ... whatever the rival does"),
    Counterpart(
        "grim",
        "Grudger",
        "C until a deviation from (C, C); grim never deviates itself without noise, "
        "so that is the rival's first D",
    ),
    Counterpart("tit-for-tat", "TitForTat", "C first, then the rival's last action"),
    Counterpart(
        "calibrated",
        "TitForTat",
        "on a 2×2 game the proportional answer to the rival's rung is its own action",
    ),
    Counterpart("suspicious-tit-for-tat", "SuspiciousTitForTat", "D first, then tit-for-tat"),
    Counterpart(
        "win-stay-lose-shift",
        "WinStayLoseShift",
        "C first, then C exactly when both played the same last period",
    ),
    Counterpart(
        "generous-tit-for-tat",
        "GTFT(p=1/3)",
        "axelrod's p is the probability of C after a rival D (four-vector (1, p, 1, p)), "
        "the same as forgive = 1/3 (the default of both on this game)",
        stochastic=True,
    ),
    Counterpart(
        "limited-punishment",
        "FSMPlayer",
        "k = 2; no named axelrod player, so axelrod's finite-state-machine player "
        "runs the tradegame automaton's transitions",
    ),
    Counterpart(
        "truce",
        "FSMPlayer",
        "punish = 2; no named axelrod player (TwoTitsForTat differs: it does not ignore "
        "play during the punishment)",
    ),
    Counterpart("maximum-pressure", "FSMPlayer", "n = 2; no named axelrod player"),
)

NAMES = [c.name for c in COUNTERPARTS]


def axelrod_players() -> list[Any]:
    """Fresh axelrod players, in the order of :data:`COUNTERPARTS`."""
    import axelrod as axl

    from tradegame.solvers.match_inputs import bind

    players = []
    for c in COUNTERPARTS:
        if c.player == "FSMPlayer":
            players.append(fsm_player(bind(PD, c.name, 0)))
        elif c.player.startswith("GTFT"):
            players.append(axl.GTFT(p=1 / 3))
        else:
            players.append(getattr(axl, c.player)())
    return players


def fsm_player(automaton: Any) -> Any:
    """axelrod's FSMPlayer running a deterministic tradegame automaton on the PD.

    axelrod's machine moves on the rival's last action and emits its next
    action; the automaton's own action is fixed by its state, so its
    transition on (own action of the state, rival action) is that move.
    """
    import axelrod as axl

    acts = (axl.Action.C, axl.Action.D)
    rows = []
    for state in range(len(automaton.states)):
        own = automaton.action(state)
        for other in (0, 1):
            nxt = automaton.next_state(state, own, other)
            rows.append((state, acts[other], nxt, acts[automaton.action(nxt)]))
    return axl.FSMPlayer(
        transitions=tuple(rows),
        initial_state=automaton.start,
        initial_action=acts[automaton.action(automaton.start)],
    )


def axelrod_game() -> Any:
    import axelrod as axl

    return axl.Game(r=3, s=0, t=5, p=1)


def axelrod_tournament(seed: int = 1) -> Any:
    """axelrod's round robin (self-play included), one repetition, on one process."""
    import axelrod as axl

    tour = axl.Tournament(
        axelrod_players(), game=axelrod_game(), turns=TURNS, repetitions=1, seed=seed
    )
    return tour.play(progress_bar=False, processes=None)


def pair_totals(table: Any) -> dict[tuple[int, int], tuple[Fraction, Fraction]]:
    """From tradegame's table: (i's total, j's total) over the match of i (row) and j (column)."""
    n = len(table.names)
    out = {}
    for i in range(n):
        for j in range(i, n):
            out[(i, j)] = (
                Fraction(table.head_to_head[i][j]) * table.turns,
                Fraction(table.head_to_head[j][i]) * table.turns,
            )
    return out


def check_scores(table: Any, results: Any | None, samples: int) -> tuple[bool, list[str]]:
    """Compare tradegame's totals per pair with axelrod's matches.

    A pair that axelrod plays deterministically must give identical totals. A
    pair with the stochastic GTFT is played ``samples`` times with seeds
    0, 1, ...: if every sample is the same total it must equal tradegame's
    exactly; otherwise tradegame's exact expectation must lie within four
    standard errors of axelrod's sample mean. When ``results`` (the timed
    tournament) is given, its payoff matrix must give the same totals too.
    """
    import axelrod as axl

    ours = pair_totals(table)
    game = axelrod_game()
    notes: list[str] = []
    identical = sampled = 0
    ok = True
    for (i, j), (u, v) in ours.items():
        stochastic = COUNTERPARTS[i].stochastic or COUNTERPARTS[j].stochastic
        runs = samples if stochastic else 1
        totals = []
        for seed in range(runs):
            players = axelrod_players()
            match = axl.Match((players[i], players[j]), turns=TURNS, game=game, seed=seed)
            match.play()
            totals.append(match.final_score())
        label = f"{NAMES[i]} vs {NAMES[j]}"
        if len(set(totals)) == 1:
            identical += 1
            if totals[0] != (u, v):
                ok = False
                notes.append(f"{label}: tradegame {_show(u, v)}, axelrod {totals[0]}")
        else:
            sampled += 1
            for who, exact in ((0, u), (1, v)):
                values = [t[who] for t in totals]
                mean = sum(values) / len(values)
                se = np.std(values, ddof=1) / math.sqrt(len(values))
                if abs(mean - float(exact)) > 4 * se + 1e-9:
                    ok = False
                    notes.append(
                        f"{label}: tradegame's expected total {float(exact):.3f} is "
                        f"{abs(mean - float(exact)) / se:.1f} standard errors from axelrod's "
                        f"mean {mean:.3f} over {len(values)} seeds"
                    )
            notes.append(
                f"{label} is random in axelrod: tradegame's exact expectation "
                f"{_show(u, v)} vs axelrod's mean ({np.mean([t[0] for t in totals]):.2f}, "
                f"{np.mean([t[1] for t in totals]):.2f}) over {len(totals)} seeded matches"
            )
    if results is not None:
        matrix = results.payoff_matrix
        for (i, j), (u, v) in ours.items():
            stochastic = COUNTERPARTS[i].stochastic or COUNTERPARTS[j].stochastic
            if stochastic:
                continue
            got = (matrix[i][j] * TURNS, matrix[j][i] * TURNS)
            if abs(got[0] - float(u)) > 1e-6 or abs(got[1] - float(v)) > 1e-6:
                ok = False
                notes.append(
                    f"timed axelrod tournament, {NAMES[i]} vs {NAMES[j]}: totals {got}, "
                    f"tradegame {_show(u, v)}"
                )
    summary = (
        f"{identical} of {len(ours)} pairs (self-play included) have identical totals in "
        f"both libraries"
        + (f"; {sampled} pairs are random in axelrod and agree in expectation" if sampled else "")
        + ("; the timed tournament's payoff matrix gives the same totals" if results else "")
    )
    return ok, [summary, *notes]


def check_oracle(table: Any) -> str:
    """ORACLES.md: over 200 turns TFT vs always-defect totals 199 : 204, TFT vs TFT 600 : 600."""
    totals = pair_totals(table)
    tft, alld = NAMES.index("tit-for-tat"), NAMES.index("always-restrict")
    first = totals[(min(tft, alld), max(tft, alld))]
    tft_alld = first if tft < alld else first[::-1]
    if tft_alld != (199, 204) or totals[(tft, tft)] != (600, 600):
        return (
            f"ORACLES.md totals differ: TFT vs ALLD {_show(*tft_alld)}, "
            f"TFT vs TFT {_show(*totals[(tft, tft)])}"
        )
    return ""


def _show(u: Fraction, v: Fraction) -> str:
    def one(x: Fraction) -> str:
        return str(x) if x.denominator == 1 else f"{float(x):.3f}"

    return f"({one(u)}, {one(v)})"


# --- the subgame-perfect payoff set ----------------------------------------------------

# ORACLES.md / Abreu and Sannikov (2014), section 5; QuantEcon test_repeated_game.py
AS_A = [[16, 3, 0], [21, 10, -1], [9, 5, -5]]
AS_B = [[9, 13, 3], [1, 4, 0], [0, -4, -15]]
AS_DELTA = 0.3
AS_VERTICES = np.array(
    [
        (7.33770472, 10.9826253),
        (1.12568240, 2.8),
        (7.33770472, 0),
        (7.86308964, 0),
        (19.7917977, 2.8),
        (15.5630896, 9.1),
    ]
)
VERTEX_TOL = 1e-6  # the published vertices have 9 significant digits

BIMATRIX = [list(zip(a, b, strict=True)) for a, b in zip(AS_A, AS_B, strict=True)]

TG_SPE_PROGRAM = (
    "import json; from tradegame import Game, RepeatedGame; "
    f"s = RepeatedGame(Game({AS_A}, {AS_B}), {AS_DELTA}).spe_payoffs(); "
    "print(json.dumps(s.vertices.tolist()))"
)
QE_SPE_PROGRAM = (
    "import json; from quantecon.game_theory import NormalFormGame, RepeatedGame; "
    f"h = RepeatedGame(NormalFormGame({BIMATRIX}), {AS_DELTA}).equilibrium_payoffs(); "
    "print(json.dumps(h.points[h.vertices].tolist()))"
)


def tg_spe() -> np.ndarray:
    from tradegame import RepeatedGame

    return np.asarray(RepeatedGame(Game(AS_A, AS_B), AS_DELTA).spe_payoffs().vertices)


def qe_repeated_game() -> Any:
    from quantecon.game_theory import NormalFormGame, RepeatedGame

    return RepeatedGame(NormalFormGame(BIMATRIX), AS_DELTA)


def qe_spe(rpg: Any) -> np.ndarray:
    hull = rpg.equilibrium_payoffs(method="abreu_sannikov")
    return np.asarray(hull.points[hull.vertices])


def hausdorff(P: np.ndarray, Q: np.ndarray) -> float:
    """The Hausdorff distance between two finite point sets (vertex lists)."""
    d = np.hypot(*(P[:, None, :] - Q[None, :, :]).transpose(2, 0, 1))
    return float(max(d.min(axis=0).max(), d.min(axis=1).max()))


def check_vertices(ours: np.ndarray, theirs: np.ndarray | None) -> str:
    """'' when the vertex sets agree with each other and with the published ones."""
    problems = []
    for label, V in (("tradegame", ours), ("quantecon", theirs)):
        if V is None:
            continue
        if len(V) != len(AS_VERTICES):
            problems.append(f"{label} has {len(V)} vertices, the published set 6")
        elif hausdorff(V, AS_VERTICES) > VERTEX_TOL:
            problems.append(
                f"{label} is {hausdorff(V, AS_VERTICES):.2g} from the published vertices"
            )
    if theirs is not None and len(ours) == len(theirs) and hausdorff(ours, theirs) > VERTEX_TOL:
        problems.append(f"the two sets are {hausdorff(ours, theirs):.2g} apart")
    return "; ".join(problems)


def vertex_gap(ours: np.ndarray, theirs: np.ndarray) -> float:
    return hausdorff(ours, theirs)


def parse_vertices(stdout: str) -> np.ndarray:
    return np.asarray(json.loads(stdout.strip().splitlines()[-1]), dtype=float).reshape(-1, 2)
