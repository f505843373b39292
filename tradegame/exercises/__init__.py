r"""Classroom exercises as data files that check themselves.

An exercise is a TOML file named ``NN-name.toml`` in ``docs/exercises/``
(installed as the package ``tradegame._exercises``, and found by scanning that
folder). It is data: it is parsed with :mod:`tomllib`, nothing in it is
executed or evaluated, and every problem raises :class:`ExerciseError`, whose
message is one line naming the file, the key, the value and what is allowed.

Each question states its answer, and names the ``tradegame`` command (with
``--format json``) and the place in that command's JSON output where the tool
computes it, so that a test can run every check and assert that the stated
answer is what the tool computes. A file::

    title = "The first threshold"
    goal = "Find the patience at which grim trigger sustains cooperation."
    setting = "Seed 000 expects a tit-for-tat pattern, chips versus minerals, ..."
    source = "seed 000, China's Rare Earth Strategy (2025), section 8"
    commands = ["tradegame run prisoners-dilemma"]
    code = ">>> import tradegame as tg"   # optional: doctest-style Python
    solution = "Why the answers are what they are."   # optional

    [[questions]]
    text = "What is grim trigger's critical discount factor?"
    kind = "fraction"
    answer = "1/2"
    hint = "Compare the gain from defecting once with the loss that follows."
    explanation = "delta >= (T - R)/(T - P)."

    [questions.check]                     # or an inline table on one line
    args = ["run", "prisoners-dilemma", "--format", "json"]
    path = ["thresholds", "thresholds", 0]

The kinds of answer, and how a reply is compared with the stated answer:

* ``fraction``: an exact fraction (``"1/3"``), or ``"inf"``. A reply in
  fraction form must be equal; a decimal reply must be within ``tolerance``
  (default 0.001). The tool must give the value exactly (a fraction string or
  an integer).
* ``number``: a decimal, compared within ``tolerance`` (required), with the
  reply and with the tool's value.
* ``integer``: a whole number, compared exactly.
* ``word``: one of ``choices`` (required), compared ignoring case, quotes,
  and the difference between spaces, hyphens and underscores.
* ``yes-no``: ``"yes"`` or ``"no"``; the tool gives a boolean or yes/no.

A ``path`` step is a key (text), a list index (an integer), or a table
``{field = value}`` that picks the one element of a list whose ``field``
equals ``value``. A check's argument or a command may start with ``{here}/``,
which stands for the folder holding the exercise file (for data files such as
a strategy file shipped with the exercises). A hint must not give the answer
away: a hint that contains it is rejected.

The modules, in the order data flows (each imports only those before it):

* :mod:`~tradegame.exercises.replies`: numbers, words and yes/no, as written;
* :mod:`~tradegame.exercises.load`: finding, reading and validating the files;
* :mod:`~tradegame.exercises.answers`: checking the stated answers against the tool;
* :mod:`~tradegame.exercises.pages`: the generated Markdown pages;
* ``python -m tradegame.exercises FOLDER`` (:mod:`~tradegame.exercises.__main__`)
  regenerates the pages.
"""

from __future__ import annotations

from tradegame.exercises.answers import Verdict, resolve, tool_value, verify
from tradegame.exercises.load import (
    KINDS,
    Check,
    Exercise,
    ExerciseError,
    Question,
    build_exercise,
    exercises_dir,
    find_exercise,
    list_exercises,
    read_exercise,
)
from tradegame.exercises.pages import render_index, render_page, render_pages, render_solutions
from tradegame.exercises.replies import parse_number

__all__ = [
    "KINDS",
    "Check",
    "Exercise",
    "ExerciseError",
    "Question",
    "Verdict",
    "build_exercise",
    "exercises_dir",
    "find_exercise",
    "list_exercises",
    "parse_number",
    "read_exercise",
    "render_index",
    "render_page",
    "render_pages",
    "render_solutions",
    "resolve",
    "tool_value",
    "verify",
]

# The public classes are shown (in tracebacks and reprs) by the path they are imported from.
for _cls in (Check, Exercise, ExerciseError, Question, Verdict):
    _cls.__module__ = __name__
del _cls
