r"""LaTeX output: booktabs tables, escaped text and exact maths.

The output of ``--format latex`` is a fragment to ``\input`` into a document
that loads ``booktabs`` and ``amsmath``: one ``table`` float per table of the
text layout (caption, ``tabular`` with ``\toprule``/``\midrule``/``\bottomrule``,
notes in a small font under it), and ``\paragraph`` blocks for sections
without a table.

Text is escaped by :func:`escape`: the ten special characters become
commands, and the Unicode symbols the renderers use (δ, ∞, ×, ≥, …) become
``\ensuremath`` maths, so the fragment compiles with pdfLaTeX. Other
non-ASCII characters are kept as they are: Latin letters work with pdfLaTeX's
UTF-8 input; other scripts need XeLaTeX or LuaLaTeX.

Numbers are maths: a cell that is a number becomes ``$-3.5$``; an exact
threshold (a :class:`~tradegame.report.numbers.Shown` cell) becomes
``\frac{a}{b}``, a sympy expression goes through :func:`sympy.latex`, and an
unsustainable threshold is ``\infty``.
"""

from __future__ import annotations

import math as _math
import re
import unicodedata
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from tradegame.report.numbers import Shown, fmt
from tradegame.report.table import looks_numeric

if TYPE_CHECKING:
    from tradegame.report.render import Section

__all__ = ["SPECIALS", "cell", "escape", "latex_layout", "math", "tabular"]

#: The characters LaTeX treats specially in text, and how each is written.
SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    # OT1, LaTeX's default font encoding, prints these three as other glyphs
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "`": r"\textasciigrave{}",
}

_SYMBOLS = {
    "δ": r"\delta",
    "Δ": r"\Delta",
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "ε": r"\varepsilon",
    "θ": r"\theta",
    "λ": r"\lambda",
    "μ": r"\mu",
    "π": r"\pi",
    "ρ": r"\rho",
    "σ": r"\sigma",
    "τ": r"\tau",
    "φ": r"\varphi",
    "ω": r"\omega",
    "∞": r"\infty",
    "×": r"\times",
    "÷": r"\div",
    "≥": r"\geq",
    "≤": r"\leq",
    "≠": r"\neq",
    "≈": r"\approx",
    "→": r"\to",
    "−": "-",
    "⋅": r"\cdot",
    "±": r"\pm",
}
_TEXT = {"…": r"\ldots{}", "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''"}
_NUMBER = re.compile(r"^([-+]?)(\d+(?:\.\d+)?)(?:e([-+]?\d+))?$")
_LONG = 30  # a text column with a longer cell wraps, in a p{} column
_WIDEST = 60  # longer cells weigh no more than this in sharing the width
_SHARE = 0.75  # of the line width, shared by the wrapping columns of one table
_APPROX = 4  # decimals of an approximation written after an exact value


def escape(text: str) -> str:
    r"""``text`` for LaTeX's text mode: specials escaped, symbols as ``\ensuremath``.

    Examples
    --------
    >>> escape("grim_trigger & 50% of $bn")
    'grim\\_trigger \\& 50\\% of \\$bn'
    >>> escape("critical δ*")
    'critical \\ensuremath{\\delta^*}'
    """
    out: list[str] = []
    k = 0
    while k < len(text):
        char = text[k]
        if char in _SYMBOLS:
            star = text[k + 1 : k + 2] == "*"
            out.append(rf"\ensuremath{{{_SYMBOLS[char]}{'^*' if star else ''}}}")
            k += 2 if star else 1
            continue
        if char == "-" and text[k + 1 : k + 2] == "-":
            out.append("-{}")  # "--" would print an en dash
        elif unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            out.append(" " if char.isspace() else "")  # a line break would end the row
        else:
            out.append(SPECIALS.get(char) or _TEXT.get(char) or char)
        k += 1
    return "".join(out)


def math(value: Any) -> str:
    r"""LaTeX maths (without the ``$``) for a number, a fraction or a sympy expression.

    Examples
    --------
    >>> from fractions import Fraction
    >>> math(Fraction(1, 2)), math(Fraction(-3)), math(float("inf"))
    ('\\frac{1}{2}', '-3', '\\infty')
    >>> math(-0.25), math(1.5e-07)
    ('-0.25', '1.5 \\times 10^{-7}')
    """
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        sign = "-" if value < 0 else ""
        return rf"{sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    if isinstance(value, bool | int):
        return str(int(value))
    if isinstance(value, float):
        if _math.isinf(value):
            return r"\infty" if value > 0 else r"-\infty"
        return _number(fmt(value)) or escape(fmt(value))
    if hasattr(value, "free_symbols"):  # a sympy expression
        import sympy

        return str(sympy.latex(value, order="none"))
    return _number(str(value)) or escape(str(value))


def _number(text: str) -> str | None:
    """A decimal (optionally in e-notation) as maths; None if ``text`` is not one."""
    match = _NUMBER.match(text.strip())
    if match is None:
        return None
    sign, digits, exponent = match.groups()
    if exponent is None:
        return sign + digits
    return rf"{sign}{digits} \times 10^{{{int(exponent)}}}"


def _threshold(value: Any) -> str:
    """An exact threshold, with a decimal approximation unless the decimal is short and exact."""
    if isinstance(value, Fraction):
        if value.denominator > 1000:
            return rf"\approx {float(value):.{_APPROX}f}"
        if (10**_APPROX) % value.denominator == 0:
            return math(value)
        return rf"{math(value)} \approx {float(value):.{_APPROX}f}"
    if hasattr(value, "free_symbols") and not value.free_symbols and not value.is_Rational:
        return rf"{math(value)} \approx {float(value):.{_APPROX}f}"  # an algebraic number
    return math(value)


def cell(text: str) -> str:
    r"""A table cell: an exact value, a number, a list of numbers, or escaped text.

    Examples
    --------
    >>> cell("-3.5"), cell("(1, 4.33)"), cell("grim & co")
    ('$-3.5$', '$(1, 4.33)$', 'grim \\& co')
    """
    if isinstance(text, Shown):
        return f"${_threshold(text.value)}$"
    if text in ("∞", "∞ (never)"):
        return r"$\infty$"
    if text == "-∞":
        return r"$-\infty$"
    inner = text[1:-1] if text.startswith("(") and text.endswith(")") else text
    parts = inner.split(", ")
    numbers = [_number(p) for p in parts]
    if all(n is not None for n in numbers) and inner.strip():
        body = ", ".join(n for n in numbers if n is not None)
        return f"$({body})$" if inner is not text else f"${body}$"
    return escape(text)


def _spec(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The column specification: numbers right-aligned, short text left, long text wrapped.

    Wrapped columns (``p{}``) share :data:`_SHARE` of the line width in
    proportion to their longest cells.
    """
    kinds: list[str | int] = []
    for k in range(len(header)):
        body = [row[k] for row in rows if row[k]]
        longest = max((len(c) for c in body), default=0)
        if body and all(looks_numeric(c) for c in body):
            kinds.append("r")
        else:
            kinds.append(min(longest, _WIDEST) if longest > _LONG else "l")
    total = sum(k for k in kinds if isinstance(k, int))
    return "".join(
        k if isinstance(k, str) else f"p{{{_SHARE * k / total:.2f}\\linewidth}}" for k in kinds
    )


def tabular(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    r"""A booktabs ``tabular``: the header, ``\midrule``, one line per row ending in ``\\``."""

    def line(cells: Sequence[str], convert: Any) -> str:
        return "    " + " & ".join(convert(c) for c in cells) + r" \\"

    return "\n".join(
        [
            rf"  \begin{{tabular}}{{{_spec(header, rows)}}}",
            r"    \toprule",
            line(header, escape),
            r"    \midrule",
            *(line(row, cell) for row in rows),
            r"    \bottomrule",
            r"  \end{tabular}",
        ]
    )


def _label(*parts: str) -> str:
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts)
    return "tab:" + re.sub(r"-+", "-", slug).strip("-")


def latex_layout(title: str, sections: list[Section], comment: str = "") -> str:
    """The LaTeX fragment of a text layout: a table float per table, paragraphs otherwise.

    ``comment`` (already ``%``-prefixed lines, such as the provenance stamp) goes first.
    """
    out = [comment.rstrip("\n")] if comment else []
    out += [f"% {line}" for line in title.splitlines()]
    out.append(r"% Needs \usepackage{booktabs,amsmath}.")
    for name, blocks in sections:
        tables = [b for b in blocks if not isinstance(b, str)]
        notes = [escape(b) for b in blocks if isinstance(b, str)]
        if not tables:
            out += ["", rf"\paragraph{{{escape(name)}}}", "\n\n".join(notes)]
            continue
        for k, (header, rows) in enumerate(tables):
            suffix = f" ({k + 1})" if len(tables) > 1 else ""
            out += [
                "",
                r"\begin{table}[htbp]",
                r"  \centering",
                rf"  \caption{{{escape(name)}{suffix}}}",
                rf"  \label{{{_label(title.split(':')[0], name, str(k + 1) if suffix else '')}}}",
                tabular(header, rows),
            ]
            if k == len(tables) - 1 and notes:
                out += [r"  \par\smallskip\footnotesize", *(f"  {n}\\par" for n in notes)]
            out.append(r"\end{table}")
    return "\n".join(out) + "\n"
