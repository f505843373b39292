"""``python -m tradegame.exercises [FOLDER]``: regenerate the pages next to the exercise files."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from tradegame.exercises.load import exercises_dir, list_exercises
from tradegame.exercises.pages import render_pages


def main(argv: Sequence[str] | None = None) -> None:
    """Write the pages of the exercises in ``FOLDER`` (default: the bundled ones); list them."""
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else exercises_dir()
    (folder / "solutions").mkdir(exist_ok=True)
    for rel, text in render_pages(list_exercises(folder)).items():
        (folder / rel).write_text(text, encoding="utf-8")
        print(folder / rel)


if __name__ == "__main__":
    main()
