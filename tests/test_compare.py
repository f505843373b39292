"""`tradegame compare`: two models side by side, and where the conclusions differ."""

from __future__ import annotations

import json

import pytest
from clihelpers import assert_one_line_error, run

import tradegame as tg
from tradegame.compare import compare


def test_the_two_seed_views_differ_where_the_docs_say() -> None:
    c = compare(
        tg.load_model("rare-earth-2025-leverage"), tg.load_model("rare-earth-2025-commodity")
    )
    topics = {k.topic: k for k in c.differences}
    assert topics["grim trigger sustains the path"].first == "yes"
    assert topics["grim trigger sustains the path"].second == "no"
    assert topics["named strategies that sustain the path"].second == "none"
    same = {k.topic for k in c.conclusions if not k.differs}
    assert "stage equilibria" in same and "mutual restriction" in same
    keys = {k for k, _, _ in c.parameters}
    assert "minerals.substitution_time" in keys and "chips.consumption" not in keys


def test_a_model_against_itself_has_no_differences() -> None:
    m = tg.load_model("rare-earth-2025")
    c = compare(m, m)
    assert c.parameters == [] and c.differences == []


def test_overrides_show_up_as_differences() -> None:
    m = tg.load_model("rare-earth-2025")
    c = compare(m, m.with_params({"chips.discount": 0.6}))
    assert [k for k, _, _ in c.parameters] == ["chips.discount"]
    verdict = {k.topic: k for k in c.conclusions}["grim trigger sustains the path"]
    assert (verdict.first, verdict.second) == ("yes", "no")  # 0.6 < 487/716


@pytest.mark.parametrize("style", ["text", "markdown", "json"])
def test_cli(runner, style: str) -> None:
    result = run(
        runner,
        "compare",
        "rare-earth-2025-leverage",
        "rare-earth-2025-commodity",
        "--format",
        style,
    )
    assert result.exit_code == 0, result.stderr
    if style == "json":
        data = json.loads(result.stdout)
        assert "grim trigger sustains the path" in data["differences"]
    else:
        assert "Where the conclusions differ" in result.stdout


def test_cli_bad_input(runner) -> None:
    assert_one_line_error(run(runner, "compare", "rare-earth-2025", "nope"), "nope")
