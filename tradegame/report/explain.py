"""Render an :class:`~tradegame.explain.Explanation`: terminal text, Markdown, LaTeX or JSON.

Formulas are typeset by sympy: ``sympy.pretty`` for the terminal and
``sympy.latex`` (through :func:`tradegame.report.latex.math`) for Markdown (as
``$$ ... $$`` display maths) and LaTeX. JSON and LaTeX carry the provenance
stamp when one is given.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from tradegame.report.latex import escape, math
from tradegame.report.numbers import fmt, fmt_threshold
from tradegame.report.render import Stamp, to_json
from tradegame.report.table import markdown_table, text_table

if TYPE_CHECKING:
    from tradegame.explain import Explanation, PlayerDerivation

__all__ = ["EXPLAIN_FORMATS", "render_explanation"]

EXPLAIN_FORMATS = ("text", "markdown", "latex", "json")
_WIDTH = 78
_TOP_EFFECTS = 8  # the parameters that move a threshold most; JSON keeps them all


def render_explanation(e: Explanation, style: str, stamp: Stamp = None) -> str:
    """``tradegame explain`` in ``style`` (one of :data:`EXPLAIN_FORMATS`)."""
    if style == "json":
        return to_json(e.to_dict(), stamp)
    if style == "latex":
        from tradegame.report.provenance import comment_block

        return (comment_block(stamp, "% ") if stamp else "") + _latex(e)
    return _document(e, markdown=style == "markdown")


def _intro(e: Explanation) -> str:
    return (
        f"Grim trigger on ({e.path[0]}, {e.path[1]}): after any deviation both players "
        f"switch for ever to the stage equilibrium {e.punish}. Player i keeps to the path "
        "while (1 - δ) d + δ p ≤ v, where v is its payoff on the path, d its best one-shot "
        "deviation and p its payoff under the punishment; that is, while δ ≥ δ* = (d - v)/(d - p)."
    )


def _verdict(p: PlayerDerivation) -> str:
    if p.status == "free":
        return (
            f"{p.player} gains nothing by deviating from the path, so no patience is needed "
            "(δ* = 0)."
        )
    if p.status == "never":
        return (
            f"{p.player} is no worse off under the punishment than on the path, so no "
            "patience keeps it there (δ* = ∞)."
        )
    text = f"At the calibration δ* = {fmt_threshold(p.value)}"
    if p.delta is None:
        return text + "; the model gives no discount factor, so there is no verdict."
    outcome = "keeps to the path" if p.holds else "deviates"
    return f"{text}; with its discount factor δ = {fmt(p.delta)}, {p.player} {outcome}."


def _effect_rows(p: PlayerDerivation) -> list[list[str]]:
    return [
        [f.key, f.direction, f"{f.elasticity:+.3f}", f.meaning] for f in p.effects[:_TOP_EFFECTS]
    ]


_EFFECT_HEADER = ["parameter", "effect on δ*", "elasticity", "meaning"]
_MEANING_WIDTH = 34  # the terminal table cuts long meanings; Markdown and JSON keep them


def _pretty(expr: Any) -> str:
    """sympy's Unicode layout, with names kept as written: θ_chips, H_minerals.

    sympy turns ``H_minerals`` into subscript letters where Unicode has them all
    and leaves ``H_chips`` alone; mixing the two styles reads badly.
    """
    from sympy.printing.pretty.pretty import PrettyPrinter
    from sympy.printing.pretty.pretty_symbology import greek_unicode
    from sympy.printing.pretty.stringpict import prettyForm

    class Printer(PrettyPrinter):
        def _print_Symbol(self, e: Any, bold_name: bool = False) -> Any:
            base, sep, sub = e.name.partition("_")
            return prettyForm(str(greek_unicode.get(base, base)) + sep + sub)

    # order "none": terms in the order they were built, T - R rather than -R + T
    return str(Printer({"use_unicode": True, "wrap_line": False, "order": "none"}).doprint(expr))


def _document(e: Explanation, markdown: bool) -> str:
    import sympy

    def formula(expr: Any) -> str:
        if markdown:
            return f"$$ {math(expr)} $$"
        return textwrap.indent(_pretty(expr), "      ")

    def para(text: str) -> str:
        if markdown:
            return text
        return textwrap.fill(
            text, width=_WIDTH, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
        )

    title = f"{e.model.name}: {e.model.title}"
    out = [f"# {title}" if markdown else f"{title}\n{'=' * min(len(title), _WIDTH)}", ""]
    out += [para(_intro(e)), ""]
    if e.definitions:
        out += ["## Abbreviations" if markdown else "Abbreviations", ""]
        for symbol, definition in e.definitions:
            out.append(formula(sympy.Eq(symbol, definition, evaluate=False)))
        out += [
            para(
                "H_p is the harm that player p's full restriction does to its rival; x_p is "
                "the share of a period the rival cannot cover from stockpiles or substitutes."
            ),
            "",
        ]
    for p in e.players:
        out += [f"## {p.player}" if markdown else p.player, ""]
        if p.deviation_payoff is None:
            out += [para(f"{p.player} has a single action, so it cannot deviate."), ""]
            continue
        bullet = "- " if markdown else ""
        out.append(para(f"{bullet}On the path: v = {_inline(p.path_payoff, markdown)}"))
        out.append(
            para(
                f"{bullet}Best deviation ({p.deviation_action}): d = "
                f"{_inline(p.deviation_payoff, markdown)}"
            )
        )
        out.append(para(f"{bullet}Punishment: p = {_inline(p.punishment_payoff, markdown)}"))
        out.append("")
        if p.status == "binds":
            out.append(para("Keeps to the path iff δ ≥ δ* ="))
            out += [formula(p.threshold), ""] if markdown else [formula(p.threshold)]
        out += [para(_verdict(p)), ""]
        if p.effects:
            out.append(
                para(
                    "What moves δ*: the sign of its derivative at the calibration, ranked by "
                    "elasticity (the % change of δ* per 1% change of the parameter)."
                )
            )
            if markdown:
                out.append("")
            rows = _effect_rows(p)
            if markdown:
                out += [markdown_table(_EFFECT_HEADER, rows), ""]
            else:
                for row in rows:
                    if len(row[3]) > _MEANING_WIDTH:
                        row[3] = row[3][: _MEANING_WIDTH - 1] + "…"
                out += [text_table(_EFFECT_HEADER, rows), ""]
    return "\n".join(out).rstrip() + "\n"


def _inline(expr: Any, markdown: bool) -> str:
    import sympy

    if markdown:
        return f"${math(expr)}$"
    pretty = _pretty(expr)
    return pretty if "\n" not in pretty else sympy.sstr(expr)


def _latex(e: Explanation) -> str:
    lines = [
        f"% tradegame explain {e.model.name}: grim trigger on ({e.path[0]}, {e.path[1]}),",
        f"% punished by {e.punish}. Needs amsmath.",
    ]
    if e.definitions:
        lines.append(r"\begin{align*}")
        rows = [f"{math(symbol)} &= {math(definition)}" for symbol, definition in e.definitions]
        lines.append(" \\\\\n".join(rows))
        lines.append(r"\end{align*}")
    for p in e.players:
        lines.append(f"% {p.player}")
        if p.deviation_payoff is None:
            continue
        lines.append(r"\begin{align*}")
        rows = [
            f"v &= {math(p.path_payoff)}",
            f"d &= {math(p.deviation_payoff)}",
            f"p &= {math(p.punishment_payoff)}",
        ]
        if p.status == "binds":
            name = rf"\delta^*_{{\text{{{escape(p.player)}}}}}"
            approx = "" if p.value is None else rf" \approx {float(p.value):.4f}"
            rows.append(f"{name} &= {math(p.threshold)}{approx}")
        else:
            rows.append(r"\delta^* &= " + ("0" if p.status == "free" else r"\infty"))
        lines.append(" \\\\\n".join(rows))
        lines.append(r"\end{align*}")
    return "\n".join(lines) + "\n"
