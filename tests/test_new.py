"""``tradegame new``: scaffolded model files validate, run, and explain every parameter."""

from __future__ import annotations

import re
import tempfile
import tomllib
from pathlib import Path

import pytest
from clihelpers import assert_one_line_error, run
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.cli.new import BASE_MODEL, KINDS, scaffold
from tradegame.model.spec import MODEL_PARAMS, PLAYER_PARAMS


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def comment_before(text: str, key: str, section: str = "") -> str:
    """The comment lines just above ``key = ...`` (in ``[section]``), joined into one string."""
    lines = text.splitlines()
    start = lines.index(f"[{section}]") if section else 0
    index = next(i for i in range(start, len(lines)) if re.match(rf"{re.escape(key)} = ", lines[i]))
    above: list[str] = []
    for line in reversed(lines[:index]):
        if not line.startswith("# ") or line.startswith("# ---"):
            break
        above.insert(0, line[2:])
    return " ".join(above)


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_a_file_that_loads_and_runs(runner, here: Path, kind: str) -> None:
    result = run(runner, "new", "trial", "--kind", kind)
    assert result.exit_code == 0, result.stderr
    path = here / "trial.toml"
    assert path.is_file()
    assert "trial.toml" in result.stdout
    model = tg.load_model("trial.toml")
    assert model.kind == kind and model.name == "trial" and model.title == "trial"
    ran = run(runner, "run", "trial.toml")
    assert ran.exit_code == 0, ran.stderr
    assert "Nash equilibria" in ran.stdout
    for e in tg.equilibria(model.game()):
        assert tg.is_equilibrium(model.game(), e.row, e.col)


def test_default_kind_is_coercion(runner, here: Path) -> None:
    assert run(runner, "new", "default").exit_code == 0
    assert tg.load_model("default.toml").kind == "coercion"


def test_coercion_scaffold_is_the_base_model_with_every_parameter_commented(
    runner, here: Path
) -> None:
    run(runner, "new", "chips-minerals")
    text = (here / "chips-minerals.toml").read_text(encoding="utf-8")
    model = tg.load_model("chips-minerals.toml")
    base = tg.load_model(BASE_MODEL)
    # the same numbers as the base model, so the same exact stage game
    assert dict(model.params) == dict(base.params)
    assert model.ladders == base.ladders and model.labels == base.labels
    g, h = model.game(), base.game()
    assert g == h and g.exact_A.tolist() == h.exact_A.tolist()
    # every parameter, model-wide and per player, has its symbol, unit, range and meaning
    for key, spec in MODEL_PARAMS.items():
        comment = comment_before(text, key)
        assert spec.meaning in comment and spec.allowed in comment and spec.symbol in comment
    for pid in base.players:
        for key, spec in PLAYER_PARAMS.items():
            comment = comment_before(text, key, f"players.{pid}")
            unit = base.unit if spec.unit == "money" else spec.unit
            assert comment.startswith(f"{spec.symbol} [{unit}], {spec.allowed}"), comment
            assert spec.meaning in comment, (key, comment)
    for fragment in ("never executed", "tradegame run chips-minerals.toml", "[sources]"):
        assert fragment in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_matrix_scaffold_is_a_commented_prisoners_dilemma(runner, here: Path) -> None:
    run(runner, "new", "pd", "--kind", "matrix")
    text = (here / "pd.toml").read_text(encoding="utf-8")
    model = tg.load_model("pd.toml")
    assert model.game() == tg.load_model("prisoners-dilemma").game()
    assert tg.classify(model.game()) == "prisoners-dilemma"
    for fragment in ("A[i][j]", "B[i][j]", "never a formula", "the row player's payoffs"):
        assert fragment in text
    for key in set(model.params) - {"discount"}:
        line = next(line for line in text.splitlines() if line.startswith(f"{key} = "))
        assert "#" in line, line
    assert "discount factor" in comment_before(text, "discount")


@pytest.mark.parametrize("kind", KINDS)
def test_the_text_is_toml_with_nothing_to_execute(kind: str) -> None:
    data = tomllib.loads(scaffold("x", kind))
    assert data["kind"] == kind and data["title"] == "x"


def test_existing_file_is_kept_without_force(runner, here: Path) -> None:
    path = here / "mine.toml"
    path.write_text("# my own work\n", encoding="utf-8")
    result = run(runner, "new", "mine")
    assert_one_line_error(result, "mine.toml", "exists", "--force")
    assert path.read_text(encoding="utf-8") == "# my own work\n"
    result = run(runner, "new", "mine", "--force", "--kind", "matrix")
    assert result.exit_code == 0, result.stderr
    assert tg.load_model(path).kind == "matrix"


def test_out_names_a_file_or_a_folder(runner, here: Path) -> None:
    (here / "models").mkdir()
    assert run(runner, "new", "a", "--out", "models/b.toml").exit_code == 0
    assert tg.load_model(here / "models" / "b.toml").title == "a"
    assert run(runner, "new", "c", "--out", "models").exit_code == 0
    assert (here / "models" / "c.toml").is_file()
    assert not (here / "a.toml").exists() and not (here / "c.toml").exists()
    assert_one_line_error(run(runner, "new", "c", "--out", "models"), "exists", "--force")


@pytest.mark.parametrize(
    ("out", "fragment"),
    [
        ("nowhere/x.toml", "does not exist"),
        ("x.txt", "ends in .toml"),
    ],
)
def test_bad_out(runner, here: Path, out: str, fragment: str) -> None:
    assert_one_line_error(run(runner, "new", "x", "--out", out), fragment)
    assert list(here.iterdir()) == []


def test_a_folder_named_like_the_file_is_refused(runner, here: Path) -> None:
    (here / "x.toml").mkdir()
    assert_one_line_error(run(runner, "new", "x"), "is a folder")


@pytest.mark.parametrize(
    "name",
    ["a b", "../escape", "x/y", "x.toml", "_hidden", "", "naïve", "a" * 65, "x\ny", "C:x"],
)
def test_bad_names_exit_2_with_one_line(runner, here: Path, name: str) -> None:
    result = run(runner, "new", name)
    assert_one_line_error(result, "NAME", "letters", "digits")
    assert list(here.iterdir()) == []


def test_bad_kind_is_a_usage_error(runner, here: Path) -> None:
    result = run(runner, "new", "x", "--kind", "bimatrix")
    assert result.exit_code == 2
    assert list(here.iterdir()) == []


names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", fullmatch=True)


@settings(max_examples=60)
@given(names, st.sampled_from(KINDS))
def test_any_valid_name_round_trips_through_new_and_load(name: str, kind: str) -> None:
    from click.testing import CliRunner

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{name}.toml"
        result = run(CliRunner(), "new", name, "--kind", kind, "--out", str(out))
        assert result.exit_code == 0, result.stderr
        model = tg.load_model(out)
        assert (model.name, model.title, model.kind) == (name, name, kind)
