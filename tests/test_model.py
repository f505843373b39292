"""The model layer: loading, extends, overrides and validation errors."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from modelfiles import coercion_data, player

import tradegame as tg
from tradegame.model.spec import ModelError


def test_list_models_finds_every_file_in_the_folder() -> None:
    folder = Path(tg.load_model("rare-earth-2025").path).parent  # type: ignore[arg-type]
    assert tg.list_models() == sorted(p.stem for p in folder.glob("*.toml"))
    for name in (
        "rare-earth-2025",
        "rare-earth-2025-leverage",
        "rare-earth-2025-commodity",
        "japan-2010",
        "prisoners-dilemma",
        "chicken",
        "stag-hunt",
        "battle-of-the-sexes",
        "matching-pennies",
        "inspection",
    ):
        assert name in tg.list_models()


def test_extends_inherits_and_overrides() -> None:
    base = tg.load_model("rare-earth-2025")
    view = tg.load_model("rare-earth-2025-commodity")
    assert view.params["minerals.substitution_time"] == 1
    assert view.params["chips.consumption"] == base.params["chips.consumption"]
    assert view.sources["chips.consumption"] == base.sources["chips.consumption"]
    assert "6-18 months" in view.sources["minerals.substitution_time"]
    assert view.ladders == base.ladders


def test_extends_by_relative_path(write_model) -> None:
    parent = write_model(coercion_data(player(criticality=2), player()), name="parent")
    child = write_model('extends = "parent.toml"\n[players.a]\ncriticality = 3\n', name="child")
    model = tg.load_model(child)
    assert model.params["a.criticality"] == 3
    assert model.params["b.discount"] == 0.9
    assert tg.load_model(parent).params["a.criticality"] == 2


def test_with_params_returns_a_new_validated_model() -> None:
    m = tg.load_model("rare-earth-2025")
    n = m.with_params({"minerals.substitution_time": 1.5})
    assert n.params["minerals.substitution_time"] == 1.5
    assert m.params["minerals.substitution_time"] == 5
    assert n.overrides == {"minerals.substitution_time": 1.5}
    with pytest.raises(ModelError, match=r"did you mean 'minerals\.substitution_time'"):
        m.with_params({"minerals.substitution_tme": 1.5})
    with pytest.raises(ModelError, match=r"out of range: a number in \[0, 1\]"):
        m.with_params({"minerals.dependence": 1.5})
    with pytest.raises(ModelError, match="finite"):
        m.with_params({"chips.discount": float("nan")})


def test_decimal_parameters_give_an_exact_game() -> None:
    g = tg.load_model("rare-earth-2025").game()
    assert g.is_exact
    # minerals harm on the US: 0.17 * 0.7 * 250 (x = 1), exactly
    assert g.exact_A[0, 2] == -Fraction(17, 100) * Fraction(7, 10) * 250 * Fraction(6, 5)


def test_matrix_models_take_parameter_names_in_cells() -> None:
    m = tg.load_model("prisoners-dilemma").with_params({"T": 6})
    g = m.game()
    assert g.A.tolist() == [[3, 0], [6, 1]]
    assert g.B.tolist() == [[3, 6], [0, 1]]
    assert m.discounts() == (0.9, 0.9)


# --- validation: each case names the file, the key, the value and what is allowed ---

BAD_CASES = [
    (
        "unknown key",
        lambda d: d["players"]["a"].update(criticalty=1),
        "players.a.criticalty",
        "did you mean 'criticality'",
    ),
    (
        "wrong type",
        lambda d: d["players"]["a"].update(dependence="high"),
        "players.a.dependence = 'high'",
        "not str",
    ),
    (
        "dependence out of range",
        lambda d: d["players"]["a"].update(dependence=1.2),
        "players.a.dependence = 1.2",
        "[0, 1]",
    ),
    (
        "delta out of range",
        lambda d: d["players"]["b"].update(discount=1.0),
        "players.b.discount = 1.0",
        "(0, 1)",
    ),
    (
        "negative cost",
        lambda d: d["players"]["a"].update(spiral_cost=-1),
        "players.a.spiral_cost = -1",
        "≥ 0",
    ),
    (
        "NaN",
        lambda d: d["players"]["a"].update(criticality=float("nan")),
        "players.a.criticality = nan",
        "finite",
    ),
    ("infinity", lambda d: d.update(period=float("inf")), "period = inf", "finite"),
    ("missing key", lambda d: d["players"]["a"].pop("margin"), "players.a.margin", "required"),
    (
        "empty ladder",
        lambda d: d["players"]["a"].update(ladder={}),
        "players.a.ladder",
        "must not be empty",
    ),
    (
        "ladder not rising",
        lambda d: d["players"]["a"].update(ladder={"open": 0, "x": 1, "y": 0.5}),
        "players.a.ladder",
        "rising strictly",
    ),
    (
        "bool is not a number",
        lambda d: d["players"]["a"].update(margin=True),
        "players.a.margin = True",
        "not bool",
    ),
    ("three players", lambda d: d["players"].update(c=player()), "players", "exactly two"),
    (
        "unknown kind",
        lambda d: d.update(kind="coersion"),
        "kind = 'coersion'",
        "did you mean 'coercion'",
    ),
    ("unknown top-level key", lambda d: d.update(perod=1), "perod", "did you mean 'period'"),
]


@pytest.mark.parametrize(
    ("label", "mutate", "key_text", "allowed_text"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_bad_model_files_name_file_key_value_and_rule(
    write_model, label, mutate, key_text, allowed_text
) -> None:
    data = coercion_data(player(), player())
    mutate(data)
    path = write_model(data)
    with pytest.raises(ModelError) as info:
        tg.load_model(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path)), message
    assert key_text in message, message
    assert allowed_text in message, message


def test_extends_loop_is_reported(write_model) -> None:
    write_model('extends = "b.toml"\nkind = "coercion"\n', name="a")
    b = write_model('extends = "a.toml"\n', name="b")
    with pytest.raises(ModelError, match=r"extends = 'b -> a -> b'.*loops"):
        tg.load_model(b)


def test_extends_unknown_model_suggests(write_model) -> None:
    path = write_model('extends = "rare-earth-2052"\n')
    with pytest.raises(ModelError, match="did you mean 'rare-earth-2025'"):
        tg.load_model(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x00\xff\xfe garbage", "not UTF-8"),
        ("kind = \n", "not valid TOML"),
        ("", "is empty"),
    ],
)
def test_unreadable_files(write_model, content, expected) -> None:
    with pytest.raises(ModelError, match=expected):
        tg.load_model(write_model(content))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such file"):
        tg.load_model(tmp_path / "nope.toml")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(ModelError, match="not a regular file"):
        tg.load_model(folder)


def test_unknown_bundled_name_suggests() -> None:
    with pytest.raises(ModelError, match="did you mean 'chicken'"):
        tg.load_model("chiken")


def test_formula_strings_are_data_not_code(write_model, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    matrix = {"kind": "matrix", "A": [[payload, 0], [0, 0]], "B": [[0, 0], [0, 0]]}
    with pytest.raises(ModelError, match="never a formula"):
        tg.load_model(write_model(matrix))
    data = coercion_data(player(criticality=payload), player())
    with pytest.raises(ModelError, match="must be a number"):
        tg.load_model(write_model(data))
    assert not marker.exists()


def test_sources_must_name_parameters(write_model) -> None:
    data = coercion_data(player(), player())
    data["sources"] = {"a.criticalty": "x"}
    with pytest.raises(ModelError, match=r"did you mean 'a\.criticality'"):
        tg.load_model(write_model(data))
