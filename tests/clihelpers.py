"""Helpers for the command-line tests."""

from __future__ import annotations

from typing import Any

from tradegame.cli import main


def run(runner: Any, *args: str) -> Any:
    return runner.invoke(main, list(args), catch_exceptions=False)


def assert_one_line_error(result: Any, *fragments: str) -> None:
    """Exit code 2, one line on stderr holding every fragment, nothing on stdout."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert result.stdout == ""
