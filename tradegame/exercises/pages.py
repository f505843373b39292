"""The exercise pages, generated from the files: handouts, solutions and the index.

``python -m tradegame.exercises docs/exercises`` writes them (see
:mod:`tradegame.exercises.__main__`); the test suite fails while one is out of date.
"""

from __future__ import annotations

from collections.abc import Sequence

from tradegame.exercises.load import Exercise, Question
from tradegame.exercises.replies import decimal

__all__ = ["render_index", "render_page", "render_pages", "render_solutions"]


def _heading(ex: Exercise) -> str:
    return f"Exercise {ex.number}: {ex.title}" if ex.number is not None else ex.title


def render_page(ex: Exercise, here: str = "docs/exercises", solutions: str = "") -> str:
    """The exercise as a Markdown handout: goal, setting, what to try, questions; no answers."""
    lines = [f"# {_heading(ex)}", "", f"**Goal.** {ex.goal}", "", "## Setting", "", ex.setting]
    lines += ["", f"*Source: {ex.source}.*", "", "## Explore", "", "```bash"]
    lines += [*ex.shown_commands(here), "```", ""]
    if ex.code:
        lines += ["In Python:", "", "```python", ex.code_inputs(), "```", ""]
    lines += ["## Questions", ""]
    for q in ex.questions:
        lines += [f"{q.number}. {q.text} *(Answer with {q.form}.)*", ""]
    lines.append(f"Check an answer with `tradegame exercise check {ex.label}.N ANSWER`.")
    if solutions:
        lines += ["", f"The answers, with their reasoning: [solutions]({solutions})."]
    return "\n".join(lines) + "\n"


def _stated(q: Question) -> str:
    tol = f" (within {decimal(q.tolerance)})" if q.kind == "number" and q.tolerance else ""
    return f"**Answer:** `{q.answer}`{tol}"


def render_solutions(ex: Exercise, here: str = "docs/exercises", page: str = "") -> str:
    """The solutions page: every answer, its reasoning, and where the tool computes it."""
    lines = [f"# Solutions to exercise {ex.label}: {ex.title}", ""]
    if page:
        lines += [f"The exercise: [{_heading(ex)}]({page}).", ""]
    for q in ex.questions:
        command = " ".join(ex.command(q, here))
        lines += [f"## {ex.label}.{q.number}", "", q.text, "", _stated(q), "", q.explanation, ""]
        lines += [f"The tool computes it: `tradegame {command}`, at `{q.check.describe()}`.", ""]
    if ex.solution:
        lines += ["## Discussion", "", ex.solution, ""]
    if ex.code:
        lines += ["## In Python", "", "```python", ex.code, "", "```", ""]
    return "\n".join(lines)


def render_index(exercises: Sequence[Exercise]) -> str:
    """The index page: every exercise, with its goal and links to it and its solutions."""
    lines = [
        "# Exercises",
        "",
        "Classroom exercises on the chips-versus-minerals game, from the first threshold to",
        "reputation. Each is a data file in this folder (`NN-name.toml`); this page, the",
        "exercise pages and the solutions pages are generated from those files by",
        "`python -m tradegame.exercises docs/exercises`. Every stated answer is checked",
        "against the tool by the test suite. [Writing an exercise](writing.md) explains the",
        "file format.",
        "",
        "```text",
        "tradegame exercise list              # the exercises",
        "tradegame exercise show 1            # goal, setting, what to try, the questions",
        "tradegame exercise check 1.2 2/3     # is 2/3 the answer to question 2 of exercise 1?",
        "```",
        "",
        "| # | exercise | goal | questions | solutions |",
        "|---|---|---|---|---|",
    ]
    for ex in exercises:
        goal = ex.goal.replace("\n", " ").replace("|", "\\|")
        lines.append(
            f"| {ex.label} | [{ex.title}]({ex.name}.md) | {goal} | {len(ex.questions)} "
            f"| [solutions](solutions/{ex.name}.md) |"
        )
    return "\n".join(lines) + "\n"


def render_pages(exercises: Sequence[Exercise]) -> dict[str, str]:
    """Every generated page, by path relative to the exercises folder."""
    out = {"index.md": render_index(exercises)}
    for ex in exercises:
        out[f"{ex.name}.md"] = render_page(ex, solutions=f"solutions/{ex.name}.md")
        out[f"solutions/{ex.name}.md"] = render_solutions(ex, page=f"../{ex.name}.md")
    return out
