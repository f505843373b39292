"""Every code block in docs/ runs: transcripts, Python scripts and shell commands.

The ``>>>`` examples run as doctests (pytest's --doctest-glob in pyproject.toml).
This file covers the rest of each page under docs/ (docs/exercises has tests of
its own):

* a fenced block with a ``title="NAME"`` attribute, such as
  ```` ```toml title="steel.toml" ````, is a file the page asks the reader to
  write: it is written to a temporary folder, where the page's other blocks run;
* each ``$ tradegame ...`` line of a ```` ```text ```` block runs through click's
  CliRunner, and its output must match the lines that follow it, where a line
  ``...`` stands for any number of lines left out;
* each ```` ```python ```` block without ``>>>`` is executed, in order, in one
  namespace per page;
* each ``tradegame`` line of a ```` ```bash ```` block must parse as a valid
  command, with its models and strategies found.

The site's own structure is checked too: every page is in the navigation of
mkdocs.yml, and the API reference names every public name of ``tradegame``.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import tradegame as tg
from tradegame.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SKIP = ("exercises",)  # the exercises have tests of their own

FENCE = re.compile(
    r"^(?P<indent>[ ]*)```(?P<lang>[\w+-]*)(?P<attrs>[^\n]*)\n(?P<body>.*?)^(?P=indent)```[ ]*$",
    re.M | re.S,
)
TITLE = re.compile(r'title="([^"]+)"')


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    lang: str
    title: str | None
    body: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(DOCS)}:{self.line}"


def pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if p.relative_to(DOCS).parts[0] not in SKIP)


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for m in FENCE.finditer(text):
        title = TITLE.search(m.group("attrs"))
        body = textwrap.dedent(m.group("body")) if m.group("indent") else m.group("body")
        found.append(
            Block(
                page=page,
                line=text.count("\n", 0, m.start()) + 1,
                lang=m.group("lang"),
                title=title.group(1) if title else None,
                body=body,
            )
        )
    return found


def write_files(page: Path, folder: Path) -> None:
    """Write the page's titled blocks (the files it asks the reader to write) to ``folder``."""
    for block in blocks(page):
        if block.title is None:
            continue
        target = (folder / block.title).resolve()
        assert target.is_relative_to(folder.resolve()), f"{block.where}: {block.title} escapes"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.body, encoding="utf-8")


@pytest.fixture
def page_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Path:
    """A temporary working folder holding the files the page under test writes."""
    write_files(request.node.callspec.params["item"].page, tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- transcripts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transcript:
    block: Block
    command: str
    expected: str

    @property
    def page(self) -> Path:
        return self.block.page

    def __str__(self) -> str:
        return f"{self.block.where} {self.command}"


def transcripts() -> list[Transcript]:
    found = []
    for page in pages():
        for block in blocks(page):
            if block.lang != "text":
                continue
            lines = block.body.splitlines()
            for k, line in enumerate(lines):
                if not line.startswith("$ tradegame"):
                    continue
                expected = []
                for follow in lines[k + 1 :]:
                    if follow.startswith("$ "):
                        break
                    expected.append(follow)
                found.append(Transcript(block, line[2:], "\n".join(expected)))
    return found


def matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` has the lines of ``expected``, where a line ``...`` matches any lines."""
    pattern = ""
    for line in expected.strip("\n").splitlines():
        if line.strip() == "...":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += re.escape(line.rstrip()) + r"\n"
    cleaned = "".join(line.rstrip() + "\n" for line in actual.strip("\n").splitlines())
    return re.fullmatch(pattern, cleaned) is not None


def test_matches_understands_ellipses() -> None:
    assert matches("a\n...\nd", "a\nb\nc\nd")
    assert matches("a\n...", "a\nb")
    assert matches("...\nc", "a\nb\nc")
    assert matches("a  \nb", "a\nb   ")
    assert not matches("a\nc", "a\nb\nc")
    assert not matches("a\n...\nd", "a\nb\nc")


# The pages' block lists are read once, at collection.
TRANSCRIPTS = transcripts()


@pytest.mark.parametrize("item", TRANSCRIPTS, ids=str)
def test_transcript_matches_the_cli(item: Transcript, page_folder: Path) -> None:
    result = CliRunner().invoke(main, shlex.split(item.command)[1:])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    actual = result.stdout + result.stderr
    assert matches(item.expected, actual), (
        f"{item}: the page shows\n{item.expected}\n\nthe command prints\n{actual}"
    )


def test_the_docs_have_transcripts() -> None:
    assert len(TRANSCRIPTS) >= 10


# --- Python scripts ---------------------------------------------------------------------------


def script_pages() -> list[Path]:
    return [
        page
        for page in pages()
        if any(b.lang == "python" and ">>>" not in b.body for b in blocks(page))
    ]


SCRIPT_BLOCKS = [
    next(b for b in blocks(page) if b.lang == "python" and ">>>" not in b.body)
    for page in script_pages()
]


@pytest.mark.parametrize("item", SCRIPT_BLOCKS, ids=lambda b: str(b.page.relative_to(DOCS)))
def test_python_scripts_run(item: Block, page_folder: Path) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for script in blocks(item.page):
        if script.lang == "python" and ">>>" not in script.body:
            code = compile(script.body, script.where, "exec")
            exec(code, namespace)


# --- shell commands ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ShellCommand:
    block: Block
    argv: tuple[str, ...]

    @property
    def page(self) -> Path:
        return self.block.page

    def __str__(self) -> str:
        return f"{self.block.where} {shlex.join(self.argv)[:70]}"


def shell_commands() -> list[ShellCommand]:
    """Every ``tradegame`` command of the ```bash blocks, without redirections."""
    found = []
    for page in pages():
        for block in blocks(page):
            if block.lang not in ("bash", "sh", "console", "shell"):
                continue
            for line in block.body.replace("\\\n", " ").splitlines():
                lexer = shlex.shlex(
                    line.strip().removeprefix("$ "), posix=True, punctuation_chars=True
                )
                lexer.whitespace_split = True
                lexer.commenters = "#"
                tokens = [*lexer, ";"]
                argv: list[str] = []
                k = 0
                while k < len(tokens):
                    token = tokens[k]
                    if token in (">", ">>", "<", "&>"):
                        k += 2  # the redirection and its file
                        continue
                    if set(token) <= set("();<>|&"):
                        if argv and argv[0] == "tradegame":
                            found.append(ShellCommand(block, tuple(argv)))
                        argv = []
                    else:
                        argv.append(token)
                    k += 1
    return found


SHELL = shell_commands()


def check_reference(param: click.Parameter, value: str, folder: Path) -> None:
    """A MODEL or strategy argument: a bundled name, or a file that loads if the page has it.

    A path (with a ``/`` or an extension) that neither the page nor the repository
    holds stands for the reader's own file, such as ``game.nfg``; it is not checked.
    """
    from tradegame.solvers.strategies import resolve

    if param.name not in ("model", "model_a", "model_b", "s1", "s2"):
        return
    if "/" in value or re.search(r"\.\w+$", value):
        found = [p for p in (folder / value, ROOT / value) if p.is_file()]
        if not found:
            return
        value = str(found[0])
    if param.name in ("s1", "s2"):
        resolve(value)
    else:
        tg.load_model(value)


def parse(
    command: click.Command, name: str, args: list[str], parent: click.Context | None = None
) -> tuple[click.Command, click.Context]:
    """The innermost command of ``args`` and its parsed context; click errors propagate."""
    if isinstance(command, click.Group):
        group = command.make_context(name, list(args), parent=parent, resilient_parsing=True)
        sub_name, sub, rest = command.resolve_command(group, list(args))
        assert sub is not None and sub_name is not None, args
        return parse(sub, sub_name, rest, group)
    return command, command.make_context(name, list(args), parent=parent)


@pytest.mark.parametrize("item", SHELL, ids=str)
def test_shell_commands_parse(item: ShellCommand, page_folder: Path) -> None:
    args = list(item.argv[1:])
    if not args or {"--version", "--help", "-h"} & set(args):
        return
    command, ctx = parse(main, "tradegame", args)
    for param in command.params:
        value = ctx.params.get(param.name or "")
        if isinstance(param, click.Argument) and isinstance(value, str):
            check_reference(param, value, page_folder)


def test_the_docs_have_shell_commands() -> None:
    assert SHELL


# --- the site ---------------------------------------------------------------------------------


def test_every_page_is_in_the_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1]
    listed = set(re.findall(r"([\w./-]+\.md)\s*$", nav, re.M))
    missing = [str(p.relative_to(DOCS)) for p in pages() if str(p.relative_to(DOCS)) not in listed]
    assert not missing, missing


def test_the_reference_names_every_public_name() -> None:
    reference = (DOCS / "reference" / "index.md").read_text(encoding="utf-8")
    missing = [name for name in tg.__all__ if f"`tg.{name}`" not in reference]
    assert not missing, missing
