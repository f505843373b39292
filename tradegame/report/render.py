"""Render models and analyses as text (terminal), Markdown, LaTeX or JSON.

Text, Markdown and LaTeX share one layout: a list of sections, each a title
with paragraphs and tables, so they never drift apart. JSON and LaTeX (the
machine formats) carry a provenance stamp when one is given
(:mod:`tradegame.report.provenance`).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tradegame.report.numbers import fmt, fmt_threshold
from tradegame.report.reading import describe_profile, reading
from tradegame.report.table import markdown_table, text_table

if TYPE_CHECKING:
    from tradegame.analysis import Analysis
    from tradegame.game import Game
    from tradegame.model.model import Model

__all__ = [
    "FORMATS",
    "Block",
    "Section",
    "Stamp",
    "layout",
    "render_analysis",
    "render_model",
    "strategies_section",
    "to_json",
]

FORMATS = ("text", "json", "markdown", "latex")
_SOURCE_WIDTH = 60  # text tables cut long citations; Markdown and JSON keep them whole

# A section: (title, [paragraph str | (header, rows) table, ...])
Block = str | tuple[Sequence[str], Sequence[Sequence[str]]]
Section = tuple[str, list[Block]]
# A provenance stamp, or None for none
Stamp = Mapping[str, Any] | None


def render_model(model: Model, style: str) -> str:
    """``tradegame show``: parameters with units and sources, and the payoff matrices."""
    if style == "json":
        return to_json({**model.to_dict(), "game": model.game().to_dict()})
    return layout(
        _title(model), [_params_section(model, style), _matrix_section(model.game(), model)], style
    )


def render_analysis(a: Analysis, style: str, stamp: Stamp = None) -> str:
    """``tradegame run``: game, class, equilibria, minmax, thresholds and a reading."""
    if style == "json":
        return to_json({**a.to_dict(), "reading": reading(a)}, stamp)
    sections: list[Section] = [
        _matrix_section(a.game, a.model),
        ("Class", [f"{a.game_class}" + _class_note(a)]),
        _equilibria_section(a),
        _minmax_section(a),
        _grim_section(a),
        strategies_section(a.game, a.strategies, a.path, a.model.discounts()),
    ]
    if a.leverage:
        sections.append(_leverage_section(a))
    sections.append(("Reading", [reading(a)]))
    return layout(_title(a.model), sections, style, stamp)


def _title(model: Model) -> str:
    changed = ""
    if model.overrides:
        changed = " [with " + ", ".join(f"{k}={fmt(v)}" for k, v in model.overrides.items()) + "]"
    return f"{model.name}: {model.title}{changed}"


def _class_note(a: Analysis) -> str:
    if a.class_game is a.game:
        return ""
    acts = a.class_game.actions
    return f" (between the extremes: {acts[0][0]}/{acts[0][1]} against {acts[1][0]}/{acts[1][1]})"


def _params_section(model: Model, style: str) -> Section:
    rows = []
    for key, value in model.params.items():
        spec = model.spec(key)
        symbol = spec.symbol if spec else key
        source = model.sources.get(key, "")
        if style == "text" and len(source) > _SOURCE_WIDTH:
            source = source[: _SOURCE_WIDTH - 1] + "…"
        rows.append([key, symbol, fmt(value), model.unit_of(key), source])
    ladders = [
        f"{label} ladder: "
        + ", ".join(f"{name} {fmt(x)}" if x is not None else name for name, x in ladder)
        for label, ladder in zip(model.labels, model.ladders, strict=True)
    ]
    return ("Parameters", [*ladders, (["key", "symbol", "value", "unit", "source"], rows)])


def _matrix_section(g: Game, model: Model) -> Section:
    header = [f"{g.players[0]} \\ {g.players[1]}", *g.actions[1]]
    rows = [
        [g.actions[0][i], *(f"{fmt(g.A[i, j])}, {fmt(g.B[i, j])}" for j in range(g.shape[1]))]
        for i in range(g.shape[0])
    ]
    note = f"Payoffs ({g.players[0]}, {g.players[1]}) in {model.unit} per stage."
    return ("Payoffs", [note, (header, rows)])


def _equilibria_section(a: Analysis) -> Section:
    rows = []
    for k, e in enumerate(a.equilibria, start=1):
        kind = "pure" if e.is_pure else "mixed"
        rows.append([str(k), kind, describe_profile(a, e), fmt(e.payoffs[0]), fmt(e.payoffs[1])])
    header = ["#", "kind", "play", a.game.players[0], a.game.players[1]]
    blocks: list[Block] = [(header, rows)]
    shape = a.equilibrium_set()
    if not shape["finite"]:
        groups = ", ".join(
            "{" + ", ".join(map(str, s)) + "}" for s in shape["subsets"] if len(s) > 1
        )
        parts = len(shape["components"])
        blocks.append(
            "Not isolated: these are the extreme points of infinitely many equilibria "
            f"({parts} connected component{'s' if parts > 1 else ''}). Every mixture of the "
            f"equilibria in one group is an equilibrium too: {groups}."
        )
    return (f"Nash equilibria ({len(rows)})", blocks)


def _minmax_section(a: Analysis) -> Section:
    header = ["player", "minmax (mixed)", "minmax (pure)"]
    rows = [[a.game.players[k], fmt(a.minmax[k]), fmt(a.minmax_pure[k])] for k in range(2)]
    return ("Minmax (the worst a rival can hold each player to)", [(header, rows)])


def _grim_section(a: Analysis) -> Section:
    g, grim = a.game, a.grim
    i, j = a.path
    punish = grim.punish
    punish_text = "minmax" if isinstance(punish, str) else _profile_text(g, punish)
    intro = (
        f"Grim trigger on ({g.actions[0][i]}, {g.actions[1][j]}), reverting for ever "
        f"to the stage equilibrium {punish_text}."
    )
    deltas = a.model.discounts()
    header = ["player", "path", "best deviation", "punishment", "critical δ", "actual δ", "holds"]
    rows = []
    for k in range(2):
        d, dev = grim.deviation_payoffs[k], grim.deviation_actions[k]
        # a player with a single action has no deviation: "-", as in GrimAnalysis's table
        deviation = "-" if d is None or dev is None else f"{fmt(d)} ({g.actions[k][dev]})"
        rows.append(
            [
                g.players[k],
                fmt(grim.path_payoffs[k]),
                deviation,
                fmt(grim.punishment_payoffs[k]),
                fmt_threshold(grim.thresholds[k])
                if grim.ceilings[k] is None  # the punishment pays more than the path:
                else f"only δ ≤ {fmt_threshold(grim.ceilings[k])}",  # impatience holds
                fmt(deltas[k]) if deltas else "-",
                ("yes" if grim.sustainable[k] else "no") if deltas else "-",
            ]
        )
    return ("Repeated game: grim trigger", [intro, (header, rows)])


def strategies_section(
    g: Game, strategies: Sequence[Any], path: tuple[int, int], deltas: Any
) -> Section:
    """The table of every named strategy's thresholds and verdict."""
    i, j = path
    intro = (
        f"Both players use the same strategy, cooperating on ({g.actions[0][i]}, "
        f"{g.actions[1][j]}). The critical δ is the smallest discount factor from which the "
        "profile is subgame perfect (Nash, for the tit-for-tat family, which is subgame "
        "perfect only at isolated δ); ∞: no patience is enough. `tradegame strategies` "
        "describes each strategy."
        + (
            f" Sustained: both players' discount factors ({fmt(deltas[0])}, {fmt(deltas[1])}) "
            "lie where the criterion holds."
            if deltas
            else ""
        )
    )
    header = ["strategy", "criterion", f"δ* {g.players[0]}", f"δ* {g.players[1]}"]
    if deltas:
        header.append("sustained")
    rows = []
    for v in strategies:
        row = [v.label, v.criterion, fmt_threshold(v.thresholds[0]), fmt_threshold(v.thresholds[1])]
        if deltas:
            row.append({True: "yes", False: "no", None: "-"}[v.sustained])
        rows.append(row)
    return ("Repeated game: named strategies", [intro, (header, rows)])


def _profile_text(g: Game, profile: Any) -> str:
    if (
        isinstance(profile, tuple)
        and len(profile) == 2
        and all(isinstance(x, int) for x in profile)
    ):
        return f"({g.actions[0][profile[0]]}, {g.actions[1][profile[1]]})"
    return str(profile)


def _leverage_section(a: Analysis) -> Section:
    unit = a.model.unit
    header = [
        "restrictor",
        "target",
        f"trade at stake ({unit})",
        f"harm of full restriction ({unit})",
        "ratio",
    ]
    rows = [
        [
            r["player"],
            r["rival"],
            fmt(r["trade"]),
            fmt(r["harm"]),
            "-" if r["ratio"] is None else f"{r['ratio']:.1f}",
        ]
        for r in a.leverage
    ]
    return ("Leverage (harm is not trade value)", [(header, rows)])


def layout(title: str, sections: list[Section], style: str, stamp: Stamp = None) -> str:
    """``sections`` under ``title`` as text, Markdown or LaTeX (stamped, when given a stamp)."""
    if style == "latex":
        from tradegame.report.latex import latex_layout
        from tradegame.report.provenance import comment_block

        return latex_layout(title, sections, comment_block(stamp, "% ") if stamp else "")
    if style == "markdown":
        out = [f"# {title}"]
        for name, blocks in sections:
            out.append(f"\n## {name}\n")
            for block in blocks:
                out.append(block if isinstance(block, str) else markdown_table(*block))
                out.append("")
        return "\n".join(out).rstrip() + "\n"
    out = [title, "=" * min(len(title), 78)]
    for name, blocks in sections:
        out.append(f"\n{name}")
        for block in blocks:
            if isinstance(block, str):
                out.append(
                    textwrap.fill(
                        block,
                        width=78,
                        initial_indent="  ",
                        subsequent_indent="  ",
                        break_on_hyphens=False,
                    )
                )
            else:
                out.append(text_table(*block))
    return "\n".join(out) + "\n"


def to_json(data: Any, stamp: Stamp = None) -> str:
    """Indented JSON; with a stamp, ``data`` (a dict) gains a top-level ``"provenance"`` key."""
    if stamp is not None:
        data = {**data, "provenance": dict(stamp)}
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
