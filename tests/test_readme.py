"""The README: its Quickstart has exactly two commands, and its shell transcripts are true.

Its Python examples run as doctests (pytest's --doctest-glob in pyproject.toml).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradegame.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def quickstart_commands() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "the Quickstart has a bash block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def transcripts() -> list[tuple[str, str]]:
    """(command, expected output) pairs from ```text blocks whose lines start with '$ '."""
    pairs = []
    for block in re.findall(r"```text\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        lines = block.splitlines()
        for k, line in enumerate(lines):
            if line.startswith("$ tradegame "):
                expected = []
                for follow in lines[k + 1 :]:
                    if follow.startswith("$ "):
                        break
                    expected.append(follow)
                pairs.append((line[2:], "\n".join(expected).strip()))
    return pairs


def test_quickstart_is_two_commands() -> None:
    install_and_run, install_and_test = quickstart_commands()
    assert install_and_run == "pip install . && tradegame run rare-earth-2025"
    assert install_and_test.startswith("pip install '.[test]'") and "pytest" in install_and_test


@pytest.mark.parametrize(("command", "expected"), transcripts())
def test_readme_transcripts_match_the_cli(command: str, expected: str) -> None:
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    assert (result.stdout + result.stderr).strip() == expected


def test_readme_has_transcripts() -> None:
    assert transcripts()


def test_every_command_is_in_the_readme() -> None:
    from tradegame.cli import main

    text = README.read_text(encoding="utf-8")
    missing = [name for name in main.commands if f"tradegame {name}" not in text]
    assert not missing, missing
