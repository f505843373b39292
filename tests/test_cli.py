"""The command line: every command, every format, and every bad-input path."""

from __future__ import annotations

import json

import pytest
from clihelpers import assert_one_line_error, run
from modelfiles import coercion_data, player, toml_text

import tradegame as tg
from tradegame.cli import main


def test_version(runner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert tg.__version__ in result.stdout


def test_list_shows_every_bundled_model(runner) -> None:
    result = run(runner, "list")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == tg.list_models()


def test_show_text_has_units_sources_and_named_matrices(runner) -> None:
    result = run(runner, "show", "rare-earth-2025")
    assert result.exit_code == 0
    out = result.stdout
    assert "minerals.substitution_time" in out and "years" in out and "IEA" in out
    assert "$bn/yr" in out
    assert "embargo" in out and "licensing" in out


def test_show_json_round_trips(runner) -> None:
    result = run(runner, "show", "japan-2010", "--format", "json")
    data = json.loads(result.stdout)
    model = tg.load_model("japan-2010")
    assert data["params"] == {k: float(v) for k, v in model.params.items()}
    assert data["game"]["actions"] == [list(a) for a in model.actions]


def test_run_text_reports_every_part(runner) -> None:
    out = run(runner, "run", "rare-earth-2025").stdout
    for heading in ("Payoffs", "Class", "Nash equilibria", "Minmax", "grim trigger", "Reading"):
        assert heading in out
    assert "prisoners-dilemma" in out
    assert "embargo" in out and "ban" in out


def test_run_json_has_the_documented_shape(runner) -> None:
    data = json.loads(run(runner, "run", "prisoners-dilemma", "--format", "json").stdout)
    assert set(data) >= {
        "model",
        "params",
        "game",
        "class",
        "equilibria",
        "thresholds",
        "minmax",
        "reading",
        "strategies",
    }
    assert data["model"] == "prisoners-dilemma"
    assert data["class"] == "prisoners-dilemma"
    assert data["thresholds"]["thresholds"] == ["1/2", "1/2"]
    assert len(data["equilibria"]) == 1
    named = {row["strategy"]: row for row in data["strategies"]}
    assert set(named) == {tg.strategy(n).label for n in tg.strategies()}
    # ORACLES.md: grim 1/2 (subgame perfect), tit-for-tat 2/3 (Nash) in the (5, 3, 1, 0) dilemma
    assert named["grim"]["thresholds"] == ["1/2", "1/2"]
    assert named["tit-for-tat"]["thresholds"] == ["2/3", "2/3"]
    assert named["tit-for-tat"]["criterion"] == "nash"
    assert named["grim"]["sustained"] is True and named["grim"]["cooperates"] is True
    assert named["always-restrict"]["cooperates"] is False


def test_run_markdown_is_a_document(runner) -> None:
    out = run(runner, "run", "chicken", "--format", "markdown").stdout
    assert out.startswith("# chicken")
    assert "| # | kind | play |" in out


def test_set_changes_the_answer(runner) -> None:
    base = json.loads(run(runner, "run", "prisoners-dilemma", "--format", "json").stdout)
    changed = json.loads(
        run(runner, "run", "prisoners-dilemma", "--set", "T=2.5", "--format", "json").stdout
    )
    assert base["class"] == "prisoners-dilemma"
    assert changed["class"] != base["class"]
    assert changed["overrides"] == {"T": 2.5}


def test_path_option(runner) -> None:
    result = run(runner, "run", "battle-of-the-sexes", "--path", "boxing,boxing")
    assert result.exit_code == 0
    assert "(boxing, boxing)" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("run", "rare-earth-2052"), ("rare-earth-2052", "did you mean 'rare-earth-2025'")),
        (("show", "chiken"), ("chiken", "did you mean 'chicken'")),
        (
            ("run", "rare-earth-2025", "--set", "minerals.substitution_tme=1"),
            ("did you mean 'minerals.substitution_time'",),
        ),
        (
            ("run", "rare-earth-2025", "--set", "minerals.dependence=2"),
            ("minerals.dependence = 2", "[0, 1]"),
        ),
        (("run", "rare-earth-2025", "--set", "chips.discount=nan"), ("chips.discount", "finite")),
        (
            ("run", "rare-earth-2025", "--set", "chips.discount=high"),
            ("chips.discount", "must be a number"),
        ),
        (("run", "rare-earth-2025", "--set", "nokey"), ("KEY=VALUE",)),
        (("show", "rare-earth-2025", "--set", "chips.margin=-1"), ("chips.margin = -1", "[0, 1]")),
        (
            ("run", "prisoners-dilemma", "--path", "cooperate,betray"),
            ("betray", "cooperate, defect"),
        ),
        (("run", "prisoners-dilemma", "--path", "cooperate"), ("--path",)),
    ],
)
def test_bad_input_exits_2_with_one_line(runner, args, fragments) -> None:
    assert_one_line_error(run(runner, *args), *fragments)


def test_bad_file_exits_2_with_one_line(runner, write_model) -> None:
    bad = coercion_data(player(dependence=3), player())
    path = write_model(toml_text(bad))
    assert_one_line_error(run(runner, "run", str(path)), str(path), "players.a.dependence", "3")
    garbage = write_model(b"\x89PNG\x00\x01")
    assert_one_line_error(run(runner, "show", str(garbage)), "not UTF-8")


def test_debug_shows_the_traceback(runner) -> None:
    result = runner.invoke(main, ["--debug", "run", "chiken"])
    assert result.exit_code != 0
    assert isinstance(result.exception, ValueError)


def test_a_model_without_discounts_gets_thresholds_but_no_verdict(runner, write_model) -> None:
    path = write_model(
        'kind = "matrix"\nplayers = ["r", "c"]\nactions = [["C", "D"], ["C", "D"]]\n'
        "A = [[3, 0], [5, 1]]\nB = [[3, 5], [0, 1]]\n"
    )
    result = run(runner, "run", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    grim = json.loads(result.stdout)["thresholds"]
    assert grim["thresholds"] == ["1/2", "1/2"]
    assert grim["delta"] is None and grim["sustainable"] is None
    text = run(runner, "run", str(path)).stdout
    assert "when r δ ≥ 0.5 and c δ ≥ 0.5." in text.replace("\n  ", " ")
