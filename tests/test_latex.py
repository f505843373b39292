r"""LaTeX output: escaping, exact maths, booktabs tables, and documents that compile.

No TeX engine is needed: a structural validator checks what a compiler would
trip over (unbalanced braces and environments, a wrong number of ``&`` per
row, a row without ``\\``, an unescaped special in text, a command that
neither the kernel, booktabs nor amsmath defines). When ``pdflatex`` or
``tectonic`` is installed, the minimal document is compiled as well.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from fractions import Fraction

import pytest
import sympy
from clihelpers import run
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.report.latex import SPECIALS, cell, escape, latex_layout, math, tabular
from tradegame.report.numbers import fmt_threshold

# --- the validator --------------------------------------------------------------------------

# What a document with \usepackage{booktabs,amsmath} may use: the LaTeX kernel's
# text and table commands, booktabs' rules, and the maths sympy and the renderers write.
KNOWN = {
    "documentclass",
    "usepackage",
    "begin",
    "end",
    "centering",
    "caption",
    "label",
    "toprule",
    "midrule",
    "bottomrule",
    "par",
    "smallskip",
    "footnotesize",
    "paragraph",
    "linewidth",
    "textbackslash",
    "textasciicircum",
    "textasciitilde",
    "textless",
    "textgreater",
    "textbar",
    "textasciigrave",
    "ensuremath",
    "ldots",
    "frac",
    "sqrt",
    "infty",
    "approx",
    "times",
    "div",
    "geq",
    "leq",
    "neq",
    "to",
    "cdot",
    "pm",
    "left",
    "right",
    "min",
    "max",
    "log",
    "text",
    "delta",
    "Delta",
    "alpha",
    "beta",
    "gamma",
    "varepsilon",
    "theta",
    "lambda",
    "mu",
    "pi",
    "rho",
    "sigma",
    "tau",
    "varphi",
    "omega",
    "operatorname",
    "mathrm",
}
TEXT_SPECIALS = set("#$%&^_~")
ESCAPE = re.compile(r"\\([&%$#_{}]|[A-Za-z]+)")
ENSUREMATH = re.compile(r"\\ensuremath\{([^{}]*)\}")


def strip_comments(text: str) -> str:
    """Drop everything after an unescaped % on each line."""
    return "\n".join(re.split(r"(?<!\\)%", line, maxsplit=1)[0] for line in text.splitlines())


def check_braces(text: str) -> None:
    depth = 0
    for char in re.sub(r"\\[{}\\]", "", text):
        depth += (char == "{") - (char == "}")
        assert depth >= 0, f"a }} closes nothing in {text!r}"
    assert depth == 0, f"{depth} unclosed {{ in {text!r}"


def math_spans(text: str) -> list[str]:
    """The inline maths of ``text``; asserts the $ signs pair up."""
    dollars = re.split(r"(?<!\\)\$", text)
    assert len(dollars) % 2 == 1, f"an odd number of $ in {text!r}"
    return dollars[1::2]


def check_text(text: str) -> None:
    """No unescaped special outside maths; every backslash starts an escape or a command."""
    check_braces(text)
    for inner in ENSUREMATH.findall(text):  # maths in text mode
        check_braces(inner)
    pieces = re.split(r"(?<!\\)\$", ENSUREMATH.sub("", text))
    for k, piece in enumerate(pieces):
        if k % 2:  # maths: ^ and _ are allowed
            check_braces(piece)
            continue
        plain = ESCAPE.sub("", piece)
        assert "\\" not in plain, f"a stray backslash in {text!r}"
        bad = TEXT_SPECIALS & set(plain)
        assert not bad, f"unescaped {sorted(bad)} in {text!r}"


def columns(spec: str) -> int:
    return len(re.findall(r"p\{[^}]*\}|[lrc]", spec))


def check_tabular(lines: list[str]) -> None:
    """One tabular: booktabs rules in order, every row with the right & count and a \\."""
    spec = re.match(r"\\begin\{tabular\}\{(.*)\}$", lines[0].strip())
    assert spec, lines[0]
    n = columns(spec.group(1))
    body = [line.strip() for line in lines[1:-1]]
    rules = [line for line in body if line in (r"\toprule", r"\midrule", r"\bottomrule")]
    assert rules == [r"\toprule", r"\midrule", r"\bottomrule"], rules
    assert body[0] == r"\toprule" and body[-1] == r"\bottomrule"
    rows = [line for line in body if line not in rules]
    assert rows, "a table with no rows"
    for row in rows:
        assert row.endswith(r"\\"), f"a row without \\\\: {row!r}"
        cells = re.split(r"(?<!\\)&", row[:-2])
        assert len(cells) == n, f"{len(cells)} cells for {n} columns: {row!r}"
        for c in cells:
            check_text(c.strip())


def check_fragment(text: str) -> None:
    """A well-formed fragment: balanced environments and braces, sound tables and text."""
    body = strip_comments(text)
    check_braces(body)
    math_spans(body)
    stack: list[tuple[str, int]] = []
    lines = body.splitlines()
    for k, line in enumerate(lines):
        if not any(env in ("tabular", "align*") for env, _ in stack):
            check_text(line)  # a paragraph, a caption or a table note
        for kind, env in re.findall(r"\\(begin|end)\{([^}]*)\}", line):
            if kind == "begin":
                stack.append((env, k))
            else:
                assert stack and stack[-1][0] == env, f"\\end{{{env}}} at line {k + 1}"
                opened = stack.pop()[1]
                if env == "tabular":
                    check_tabular(lines[opened : k + 1])
    assert not stack, f"unclosed environments: {stack}"
    used = set(re.findall(r"\\([A-Za-z]+)", body))
    assert used <= KNOWN, f"commands no package here defines: {sorted(used - KNOWN)}"


def document(fragment: str) -> str:
    return (
        "\\documentclass{article}\n\\usepackage{booktabs,amsmath}\n\\begin{document}\n"
        + fragment
        + "\\end{document}\n"
    )


def check_document(text: str) -> None:
    body = strip_comments(text)
    assert body.lstrip().startswith(r"\documentclass{article}")
    assert body.count(r"\begin{document}") == 1 and body.count(r"\end{document}") == 1
    assert body.rstrip().endswith(r"\end{document}")
    check_fragment(text)


# --- the validator catches what it should ----------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "\\begin{table}\n\\end{tabular}",
        "\\begin{table}\n",
        "a_b",
        "50 # {",
        "\\begin{tabular}{lr}\n\\toprule\na & b \\\\\n\\midrule\na & b & c \\\\\n\\bottomrule\n"
        "\\end{tabular}",
        "\\begin{tabular}{lr}\n\\toprule\na & b \\\\\n\\midrule\na & b\n\\bottomrule\n"
        "\\end{tabular}",
        "\\includegraphics{x}",
    ],
)
def test_the_validator_rejects_broken_latex(bad: str) -> None:
    with pytest.raises(AssertionError):
        check_fragment(bad)


# --- escaping and maths ----------------------------------------------------------------------


def test_every_special_is_escaped() -> None:
    text = "".join(SPECIALS)
    out = escape(text)
    check_text(out)
    for char in "_&%#$":
        assert f"\\{char}" in out
    assert r"\textbackslash{}" in out and r"\textasciitilde{}" in out
    assert escape("--format") == "-{}-format"  # no en dash


def test_symbols_become_maths() -> None:
    assert (
        escape("δ* ≥ 0.5, ∞") == r"\ensuremath{\delta^*} \ensuremath{\geq} 0.5, \ensuremath{\infty}"
    )


@settings(max_examples=500)
@given(st.text(max_size=60))
def test_escaping_arbitrary_text_is_balanced_and_special_free(text: str) -> None:
    out = escape(text)
    check_text(out)
    assert "$" not in out.replace(r"\$", "")


@settings(max_examples=500)
@given(st.text(max_size=40))
def test_any_cell_is_sound(text: str) -> None:
    check_text(cell(text))


@settings(max_examples=200)
@given(
    st.lists(st.text(max_size=12), min_size=1, max_size=5).flatmap(
        lambda header: st.tuples(
            st.just(header),
            st.lists(
                st.lists(st.text(max_size=12), min_size=len(header), max_size=len(header)),
                min_size=1,
                max_size=4,
            ),
        )
    )
)
def test_any_table_is_sound(table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = table
    check_fragment(tabular(header, rows))


def test_exact_maths() -> None:
    assert math(Fraction(487, 716)) == r"\frac{487}{716}"
    assert math(Fraction(-1, 3)) == r"-\frac{1}{3}"
    assert math(2.5e-8) == r"2.5 \times 10^{-8}"
    golden = (sympy.sqrt(5) - 1) / 2
    assert math(golden) == sympy.latex(golden, order="none")
    T, R = sympy.symbols("T R")
    assert math((T - R) / T) == sympy.latex((T - R) / T, order="none")


@pytest.mark.parametrize(
    ("value", "latex"),
    [
        (Fraction(1, 2), r"$\frac{1}{2}$"),
        (Fraction(2, 3), r"$\frac{2}{3} \approx 0.6667$"),
        (Fraction(0), "$0$"),
        (Fraction(1, 7919), r"$\approx 0.0001$"),
        (float("inf"), r"$\infty$"),
        ((sympy.sqrt(5) - 1) / 2, r"$- \frac{1}{2} + \frac{\sqrt{5}}{2} \approx 0.6180$"),
    ],
)
def test_thresholds_are_typeset_from_their_values(value, latex: str) -> None:
    assert cell(fmt_threshold(value)) == latex


def test_numbers_and_pairs() -> None:
    assert cell("-3.5") == "$-3.5$"
    assert cell("(-83.71, 20.01)") == "$(-83.71, 20.01)$"
    assert cell("3, 3") == "$3, 3$"
    assert cell("rare-earth-2025") == "rare-earth-2025"
    assert cell("100.0%") == r"100.0\%"


def test_columns_are_aligned_by_content() -> None:
    out = tabular(["name", "value", "note"], [["a_b", "1.5", "x" * 50], ["c", "-2", "y"]])
    assert r"\begin{tabular}{lrp{0.75\linewidth}}" in out
    check_fragment(out)


def test_layout_makes_floats_and_paragraphs() -> None:
    sections = [
        ("Numbers & more", ["a note with 50%", (["k", "v"], [["x_1", "2"]])]),
        ("Reading", ["Only text."]),
    ]
    out = latex_layout("m_1: title", sections, comment="% stamp\n")
    check_fragment(out)
    assert out.startswith("% stamp\n% m_1: title\n")
    assert r"\caption{Numbers \& more}" in out and r"\label{tab:m-1-numbers-more}" in out
    assert r"\paragraph{Reading}" in out and r"a note with 50\%\par" in out


# --- the commands ----------------------------------------------------------------------------

COMMANDS = [
    ("run", "prisoners-dilemma"),
    ("run", "rare-earth-2025", "--set", "minerals.substitution_time=1.5"),
    ("run", "matching-pennies"),
    ("repeated", "prisoners-dilemma"),
    ("repeated", "rare-earth-2025"),
    ("compare", "rare-earth-2025-leverage", "rare-earth-2025-commodity"),
    ("sweep", "prisoners-dilemma", "--vary", "T=4:6:3", "--quiet"),
    ("explain", "rare-earth-2025"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_latex_output_is_a_sound_fragment(runner, args: tuple[str, ...]) -> None:
    result = run(runner, *args, "--format", "latex")
    assert result.exit_code == 0, result.stderr
    check_fragment(result.stdout)
    assert result.stdout.startswith("% tradegame provenance")
    if args[0] != "explain":
        assert r"\toprule" in result.stdout and r"\begin{table}" in result.stdout


@pytest.mark.parametrize("name", tg.list_models())
def test_every_bundled_model_runs_to_sound_latex(runner, name: str) -> None:
    result = run(runner, "run", name, "--format", "latex")
    assert result.exit_code == 0, result.stderr
    check_document(document(result.stdout))


def test_run_typesets_thresholds_exactly(runner) -> None:
    out = run(runner, "run", "prisoners-dilemma", "--format", "latex").stdout
    assert r"$\frac{1}{2}$" in out  # grim
    assert r"$\frac{2}{3} \approx 0.6667$" in out  # tit-for-tat
    assert r"\frac{\sqrt{5}}{2}" in out  # limited punishment: an algebraic threshold
    assert r"critical \ensuremath{\delta}" in out


def test_sweep_latex_is_a_summary_without_timings(runner, tmp_path) -> None:
    out_file = tmp_path / "grid.csv"
    args = ["sweep", "prisoners-dilemma", "--vary", "T=4:6:3", "--quiet", "--format", "latex"]
    first = run(runner, *args, "--out", str(out_file)).stdout
    assert "solved in" not in first and str(out_file) not in strip_comments(first)
    assert r"\caption{class}" in first and "prisoners-dilemma & $3$" in first
    second = run(runner, *args).stdout
    assert body_lines(first) == body_lines(second)


def body_lines(text: str) -> list[str]:
    return [line for line in strip_comments(text).splitlines() if line.strip()]


def test_the_compare_document_is_well_formed(runner, tmp_path) -> None:
    result = run(
        runner,
        "compare",
        "rare-earth-2025-leverage",
        "rare-earth-2025-commodity",
        "--format",
        "latex",
    )
    assert result.exit_code == 0, result.stderr
    text = document(result.stdout)
    check_document(text)
    assert text.count(r"\begin{table}") == 2
    engine = shutil.which("pdflatex") or shutil.which("tectonic")
    if engine is None:
        pytest.skip("no TeX engine installed: checked the structure only")
    source = tmp_path / "compare.tex"
    source.write_text(text, encoding="utf-8")
    command = (
        [engine, "-interaction=nonstopmode", "-halt-on-error", source.name]
        if engine.endswith("pdflatex")
        else [engine, source.name]
    )
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "compare.pdf").is_file()


def test_explain_reuses_the_shared_escaping(runner, write_model) -> None:
    path = write_model(
        'kind = "matrix"\nplayers = ["R&D_1", "50%"]\nactions = [["C", "D"], ["C", "D"]]\n'
        'A = [["R", "S"], ["T", "P"]]\nB = [["R", "T"], ["S", "P"]]\ndiscount = 0.9\n'
        "[params]\nT = 5\nR = 3\nP = 1\nS = 0\n"
    )
    out = run(runner, "explain", str(path), "--format", "latex").stdout
    assert r"\text{R\&D\_1}" in out and r"\text{50\%}" in out
    check_fragment(out)
