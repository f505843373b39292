"""``tradegame new``: scaffold a commented model file that validates as written.

The coercion scaffold is generated from the schema (:mod:`tradegame.model.spec`):
every parameter gets a comment with its symbol, unit, meaning and allowed
range, and starts at the value it has in the bundled model
:data:`BASE_MODEL`. The matrix scaffold is a 2x2 prisoner's dilemma whose
cells name parameters.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import click

from tradegame.cli.common import reports_errors

__all__ = ["BASE_MODEL", "KINDS", "new_command", "scaffold"]

#: The bundled model whose values start a coercion scaffold.
BASE_MODEL = "rare-earth-2025"
KINDS = ("coercion", "matrix")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_COMMENT_COLUMN = 24
_WIDTH = 88


@click.command("new")
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="coercion",
    show_default=True,
    help="coercion: chips-versus-minerals style, every parameter commented; matrix: a 2x2 game.",
)
@click.option(
    "--out",
    "out",
    default=None,
    metavar="PATH",
    help="Where to write the file (default: NAME.toml here); a folder gets NAME.toml inside.",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@reports_errors
def new_command(name: str, kind: str, out: str | None, force: bool) -> None:
    """Write a commented model file NAME.toml to start a new model from.

    NAME is letters, digits, '-' and '_'. The file validates as written:
    `tradegame run NAME.toml` solves it. Edit the numbers and cite their
    sources in its [sources] table.
    """
    check_name(name)
    path = target(name, out)
    if path.exists() and not force:
        raise ValueError(f"{path}: the file exists; add --force to replace it")
    text = scaffold(name, kind)
    validate(text, name, str(path))
    path.write_text(text, encoding="utf-8")
    click.echo(f"wrote {path}")
    click.echo(f"next: edit it, then `tradegame run {path}`", err=True)


def check_name(name: str) -> None:
    """ValueError unless ``name`` is a safe file stem."""
    if not _NAME.fullmatch(name):
        raise ValueError(
            f"NAME {name!r}: must be 1 to 64 letters (a-z, A-Z), digits, '-' or '_', "
            "starting with a letter or digit; it names the file NAME.toml"
        )


def target(name: str, out: str | None) -> Path:
    """The file to write: NAME.toml here, ``out``, or NAME.toml inside the folder ``out``."""
    path = Path(f"{name}.toml") if out is None else Path(out)
    if out is not None and path.is_dir():
        path = path / f"{name}.toml"
    if path.is_dir():
        raise ValueError(f"{path}: is a folder; give a file name ending in .toml")
    if path.suffix != ".toml":
        raise ValueError(f"--out {out}: a model file name ends in .toml")
    if not path.parent.is_dir():
        raise ValueError(f"--out {out}: the folder {path.parent} does not exist")
    return path


def validate(text: str, name: str, source: str) -> None:
    """Parse and validate the scaffold as the loader would; a ModelError if it is invalid."""
    import tomllib

    from tradegame.model.load import build_model

    build_model(tomllib.loads(text), name=name, source=source)


def scaffold(name: str, kind: str = "coercion") -> str:
    """The text of a commented model file of ``kind`` ("coercion" or "matrix")."""
    check_name(name)
    if kind == "coercion":
        return _coercion(name)
    if kind == "matrix":
        return _matrix(name)
    raise ValueError(f"--kind {kind!r}: must be one of {', '.join(KINDS)}")


def _value(x: Any) -> str:
    """A TOML value: a string, a number, a list, or an inline table of rungs."""
    if isinstance(x, str):
        return json.dumps(x, ensure_ascii=False)
    if isinstance(x, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in x.items()) + " }"
    if isinstance(x, list):
        return "[" + ", ".join(_value(v) for v in x) + "]"
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return repr(x) if isinstance(x, float) else str(x)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _line(key: str, value: Any, comment: str) -> str:
    """``key = value  # comment``, or the comment on lines above when that is too long."""
    assignment = f"{_key(key)} = {_value(value)}"
    inline = f"{assignment.ljust(_COMMENT_COLUMN - 1)} # {comment}"
    return inline if len(inline) <= _WIDTH else _above(comment, assignment)


def _above(comment: str, assignment: str) -> str:
    lines = textwrap.wrap(comment, _WIDTH - 2, break_on_hyphens=False)
    return "\n".join([*(f"# {text}" for text in lines), assignment])


def _param(key: str, value: Any, spec: Any, unit: str) -> str:
    """A parameter with its symbol, unit, allowed range and meaning on the lines above."""
    shown = unit if spec.unit == "money" else spec.unit
    default = "" if spec.default is None else f" (default {_value(float(spec.default))})"
    comment = f"{spec.symbol} [{shown}], {spec.allowed}{default}: {spec.meaning}"
    return _above(comment, f"{_key(key)} = {_value(value)}")


def _coercion(name: str) -> str:
    from tradegame.model.load import load_model
    from tradegame.model.spec import DYNAMIC_PARAMS, MODEL_PARAMS, PLAYER_PARAMS

    base = load_model(BASE_MODEL)
    unit = base.unit
    lines = [
        f"# {name}: a coercion model in the style of chips versus minerals, written by",
        "# `tradegame new`. Edit the numbers, cite their sources in [sources], then check",
        f"# the file with `tradegame run {name}.toml`.",
        "#",
        "# A model file is data: it is read and validated, never executed. Each player",
        "# section describes the player and the good it controls: minerals.dependence is",
        "# the rival's dependence on minerals. Above each parameter: its symbol (as in",
        "# docs/explanation/model.md), [its unit], its allowed range: its meaning.",
        f"# The values are those of the bundled model {BASE_MODEL}; `tradegame show",
        f"# {BASE_MODEL}` lists their sources.",
        "",
        _line("kind", "coercion", "a coercion model: the payoffs are built from the parameters"),
        _line("title", name, "a one-line title for reports"),
        _line("description", "Describe the episode this model is about.", "a sentence or two"),
        _line("unit", unit, "the money unit: every parameter whose unit is money is in it"),
    ]
    for key, spec in MODEL_PARAMS.items():
        lines.append(_param(key, base.params[key], spec, unit))
    for pid, label, ladder in zip(base.players, base.labels, base.ladders, strict=True):
        lines += [
            "",
            f"[players.{pid}]",
            _line("label", label, "the player's name in reports"),
            "# The escalation ladder: rung name = intensity, rising strictly from 0 (open)",
            "# to 1 (full restriction); the rungs are this player's actions.",
            _line("ladder", dict(ladder), "at least two rungs"),
            "# --- the stage game (docs/explanation/model.md, section 3) ---",
        ]
        for key, spec in PLAYER_PARAMS.items():
            if key == DYNAMIC_PARAMS[0]:
                lines.append(
                    "# --- read only by the dynamic game (`tradegame dynamic`); each has a default"
                )
            value = base.params[f"{pid}.{key}"]
            lines.append(_param(key, value, spec, unit))
    lines += [
        "",
        "[sources]",
        '# Cite each number: "key" = "where it comes from", one line per parameter, e.g.',
        '# "minerals.dependence" = "USGS MCS 2025: 70% of US rare-earth imports from China"',
        '# "chips.ladder" = "BIS Entity List as the middle rung; a full embargo as the top"',
    ]
    return "\n".join(lines) + "\n"


def _matrix(name: str) -> str:
    from tradegame.model.spec import PLAYER_PARAMS

    discount = PLAYER_PARAMS["discount"]
    lines = [
        f"# {name}: a two-player matrix game, written by `tradegame new --kind matrix`.",
        "# Edit the names and numbers, cite their sources in [sources], then check the",
        f"# file with `tradegame run {name}.toml`.",
        "#",
        "# A model file is data: it is read and validated, never executed. A[i][j] is the",
        "# row player's payoff and B[i][j] the column player's when the row player plays",
        "# its action i and the column player its action j. A cell is a number or the",
        "# name of a parameter in [params], never a formula. As written, the game is a",
        "# prisoner's dilemma: T > R > P > S.",
        "",
        _line("kind", "matrix", "a matrix game: the payoffs are given cell by cell"),
        _line("title", name, "a one-line title for reports"),
        _line("description", "Describe the game.", "a sentence or two"),
        _line("unit", "payoff", "what the payoffs are measured in"),
        _line("players", ["Row", "Column"], "the row player, then the column player"),
        "# the actions: a list for the row player, then one for the column player",
        'actions = [["cooperate", "defect"], ["cooperate", "defect"]]',
        "# the payoffs: one list per row action, one cell per column action",
        _line("A", [["R", "S"], ["T", "P"]], "the row player's payoffs"),
        _line("B", [["R", "T"], ["S", "P"]], "the column player's payoffs"),
        _above(
            f"{discount.symbol} [{discount.unit}], {discount.allowed}, optional: both "
            f"players' {discount.meaning}",
            "discount = 0.9",
        ),
        "",
        "[params]",
        "# named numbers the cells can use: a letter, then letters, digits, _ or -",
        _line("T", 5, "temptation: defect while the other cooperates"),
        _line("R", 3, "reward: both cooperate"),
        _line("P", 1, "punishment: both defect"),
        _line("S", 0, "sucker's payoff: cooperate while the other defects"),
        "",
        "[sources]",
        '# Cite each number: "key" = "where it comes from", for a parameter, A, B or',
        "# discount, e.g.",
        '# T = "Axelrod (1984), The Evolution of Cooperation, ch. 1: T = 5"',
    ]
    return "\n".join(lines) + "\n"
