"""The repeated-game commands: strategies, match, tournament; formats and bad input."""

from __future__ import annotations

import json

import pytest
from clihelpers import assert_one_line_error, run

import tradegame as tg


@pytest.mark.parametrize("style", ["text", "markdown", "json"])
def test_strategies_lists_the_whole_library(runner, style: str) -> None:
    result = run(runner, "strategies", "--format", style)
    assert result.exit_code == 0
    if style == "json":
        names = [s["name"] for s in json.loads(result.stdout)]
        assert names == tg.strategies()
    else:
        for name in tg.strategies():
            assert name in result.stdout


def test_match_reproduces_the_200_turn_oracle(runner) -> None:
    # ORACLES.md: tit-for-tat against always-defect over 200 turns totals 199 : 204.
    result = run(
        runner,
        "match",
        "prisoners-dilemma",
        "tit-for-tat",
        "always-restrict",
        "--turns",
        "200",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["payoffs"] == ["199", "204"]
    assert data["model"] == "prisoners-dilemma"


def test_match_text_shows_the_path(runner) -> None:
    result = run(runner, "match", "prisoners-dilemma", "grim", "alternator", "--turns", "10")
    assert result.exit_code == 0
    assert "Play: (cooperate, cooperate), (cooperate, defect), then for ever" in " ".join(
        result.stdout.split()
    )


def test_match_discounts_with_the_model_or_delta(runner) -> None:
    base = run(runner, "match", "rare-earth-2025", "grim", "grim", "--format", "json")
    assert json.loads(base.stdout)["delta"] == ["4/5", "9/10"]
    other = run(
        runner,
        "match",
        "rare-earth-2025",
        "always-restrict",
        "grim",
        "--delta",
        "0.5",
        "--format",
        "json",
    )
    data = json.loads(other.stdout)
    assert data["delta"] == ["1/2", "1/2"]
    # always-restrict meets grim: (embargo, open) once, then (embargo, ban) for ever
    g = tg.load_model("rare-earth-2025").game()
    expected = 0.5 * g.A[2, 0] + 0.5 * g.A[2, 2]
    assert float(eval_fraction(data["payoffs"][0])) == pytest.approx(expected, abs=1e-9)


def eval_fraction(text: str) -> float:
    from fractions import Fraction

    return float(Fraction(text))


def test_match_with_noise_and_labels(runner) -> None:
    result = run(
        runner,
        "match",
        "prisoners-dilemma",
        "truce(punish=3)",
        "tit-for-tat",
        "--turns",
        "20",
        "--noise",
        "1/20",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["names"] == ["truce(punish=3)", "tit-for-tat"]
    assert data["noise"] == "1/20"


def test_tournament_ranks_and_head_to_head(runner) -> None:
    result = run(
        runner,
        "tournament",
        "prisoners-dilemma",
        "--strategies",
        "tit-for-tat,always-restrict,always-open",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    table = tg.tournament(
        tg.load_model("prisoners-dilemma").game(),
        ["tit-for-tat", "always-restrict", "always-open"],
        turns=200,
    )
    assert data["ranks"] == list(table.ranks)
    assert data["names"] == ["tit-for-tat", "always-restrict", "always-open"]
    text = run(runner, "tournament", "rare-earth-2025", "--strategies", "grim,truce(punish=4)")
    assert "not symmetric" in " ".join(text.stdout.split())


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("match", "prisoners-dilemma", "grimm", "grim"), ("grimm", "did you mean 'grim'")),
        (("match", "prisoners-dilemma", "grim", "grim", "--noise", "x"), ("--noise", "'x'")),
        (("match", "prisoners-dilemma", "grim", "grim", "--noise", "1.5"), ("noise", "1.5")),
        (("match", "prisoners-dilemma", "grim", "grim", "--delta", "1"), ("--delta", "(0, 1)")),
        (("match", "prisoners-dilemma", "grim", "grim", "--turns", "0"), ("turns", "0")),
        (("match", "chiken", "grim", "grim"), ("chiken", "did you mean 'chicken'")),
        (("match", "prisoners-dilemma", "truce(punish=x)", "grim"), ("punish",)),
        (
            ("tournament", "prisoners-dilemma", "--strategies", "grim,,tit-for-tat"),
            ("--strategies",),
        ),
        (("tournament", "prisoners-dilemma", "--strategies", "nope"), ("nope",)),
    ],
)
def test_bad_input_exits_2_with_one_line(runner, args, fragments) -> None:
    assert_one_line_error(run(runner, *args), *fragments)


def test_match_needs_a_horizon_without_discount_factors(runner, write_model) -> None:
    path = write_model(
        'kind = "matrix"\nplayers = ["r", "c"]\nactions = [["C", "D"], ["C", "D"]]\n'
        "A = [[3, 0], [5, 1]]\nB = [[3, 5], [0, 1]]\n"
    )
    assert_one_line_error(run(runner, "match", str(path), "grim", "grim"), "--turns", "--delta")
    assert run(runner, "match", str(path), "grim", "grim", "--turns", "5").exit_code == 0


def test_strategy_file_in_a_match(runner) -> None:
    from pathlib import Path

    path = Path(__file__).parent / "data" / "strategies" / "tit-for-tat.toml"
    result = run(
        runner,
        "match",
        "prisoners-dilemma",
        str(path),
        "always-restrict",
        "--turns",
        "200",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["payoffs"] == ["199", "204"]


def test_repeated_reports_the_spe_set(runner) -> None:
    # ORACLES.md: the prisoner's dilemma (5, 3, 1, 0) at delta = 0.9
    result = run(runner, "repeated", "prisoners-dilemma", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["spe_payoffs"]["kind"] == "polygon"
    assert data["worst_payoffs"] == [1.0, 1.0]
    named = {row["strategy"]: row for row in data["strategies"]}
    assert named["grim"]["thresholds"] == ["1/2", "1/2"]
    text = run(runner, "repeated", "prisoners-dilemma", "--format", "markdown").stdout
    assert "## Subgame-perfect payoffs" in text


def test_repeated_with_unequal_discount_factors_explains_the_missing_set(runner) -> None:
    result = run(runner, "repeated", "rare-earth-2025", "--format", "json")
    data = json.loads(result.stdout)
    assert data["spe_payoffs"] is None
    assert "discount factors differ" in data["spe_note"]
    same = json.loads(
        run(runner, "repeated", "rare-earth-2025", "--delta", "0.8", "--format", "json").stdout
    )
    assert same["spe_payoffs"]["kind"] == "polygon"


def test_repeated_plot(runner, tmp_path) -> None:
    out = tmp_path / "space.svg"
    result = run(runner, "repeated", "prisoners-dilemma", "--plot", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text().startswith("<?xml")
    assert_one_line_error(
        run(runner, "repeated", "rare-earth-2025", "--plot", str(out)), "--plot", "--delta"
    )
    assert_one_line_error(
        run(runner, "repeated", "prisoners-dilemma", "--plot", str(tmp_path / "x.gif")), ".gif"
    )
    assert_one_line_error(run(runner, "repeated", "prisoners-dilemma", "--delta", "0"), "--delta")
