"""Read tradegame's numpydoc docstrings as Markdown for the API reference.

The docstrings are numpydoc, written with a few reStructuredText constructs
(``:math:`...```, ``.. math::``, ``:func:`...```, ``.. [1]`` references,
literal blocks after ``::`` and simple tables). mkdocstrings renders docstring
text as Markdown, so this Griffe extension rewrites those constructs first:

* ``:math:`x``` becomes ``$x$`` and a ``.. math::`` block becomes ``$$ ... $$``
  (typeset by MathJax through ``pymdownx.arithmatex``);
* a role such as ``:func:`~tradegame.solvers.stage.equilibria``` becomes inline
  code (``equilibria``; the full path without ``~``);
* ``.. [1] text`` becomes a list item ``[1] text`` and ``[1]_`` becomes ``[1]``;
* a literal block after ``::`` and a simple table become fenced text blocks;
* a list nested by 2 spaces is nested by 4;
* in a Parameters or Attributes section, ``name : a sentence`` (a description
  written where numpydoc expects a type) becomes ``name`` with the sentence as
  its description.

It changes only the text the site shows; the docstrings in the source are not
touched. mkdocs.yml loads it (``plugins.mkdocstrings.handlers.python.options.extensions``).
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const|term):`([^`]+)`")
_MATH_ROLE = re.compile(r":math:`([^`]+)`")
_CITATION = re.compile(r"(\[[A-Za-z0-9]+\])_")
_REFERENCE = re.compile(r"^(\s*)\.\. (\[[A-Za-z0-9]+\]) (.*)$")
_MATH_DIRECTIVE = re.compile(r"^(\s*)\.\. math::\s*$")
_TABLE_BORDER = re.compile(r"^\s*=+(\s+=+)+\s*$")
_ENTRY = re.compile(r"^(\s*)(\S[^:]*?) : (.+)$")
_ENTRY_SECTIONS = {"Parameters", "Other Parameters", "Attributes", "Returns", "Yields"}
_PROSE_START = re.compile(
    r"(the|a|an|each|its|what|where|who|whether|for|per|as|one|True|False|discounted"
    r"|expected|differences) "
)


def _role(match: re.Match[str]) -> str:
    target = match.group(1).strip()
    if target.startswith("~"):
        target = target[1:].rsplit(".", 1)[-1]
    return f"`{target}`"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _block(lines: list[str], start: int, base: int) -> int:
    """The end (exclusive) of the indented block that follows ``lines[start - 1]``."""
    end = start
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > base):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def _fence(body: list[str], pad: str, opening: str, closing: str) -> list[str]:
    text = textwrap.dedent("\n".join(body)).strip("\n").splitlines()
    return [pad + opening, *(pad + line if line else "" for line in text), pad + closing]


def _is_prose(text: str) -> bool:
    """Whether the text after ``name :`` is a description rather than a type."""
    words = text.split()
    return (
        text.rstrip().endswith(".")
        or ": " in text
        or len(words) >= 7
        or _PROSE_START.match(text) is not None
    )


def _entries(lines: list[str]) -> list[str]:
    """Move descriptions written in the type slot (``name : the ...``) to the next line.

    numpydoc reads ``name : X`` as "name, of type X"; many attributes here are
    documented as ``name : what it is``, which would show the sentence as a type.
    """
    out: list[str] = []
    section, base = None, 0
    for k, line in enumerate(lines):
        following = lines[k + 1] if k + 1 < len(lines) else ""
        if line.strip() and re.fullmatch(r"\s*-{3,}\s*", following):
            section, base = line.strip(), _indent(line)
        entry = _ENTRY.match(line)
        if section in _ENTRY_SECTIONS and entry and len(entry.group(1)) == base:
            pad, name, kind = entry.groups()
            if _is_prose(kind):
                out += [pad + name, pad + "    " + kind]
            else:  # a type is shown as code already
                out.append(f"{pad}{name} : {kind.replace('``', '')}")
            continue
        out.append(line)
    return out


_NESTED_BULLET = re.compile(r"^( {1,3})[-*+] ")


def _nested_lists(lines: list[str]) -> list[str]:
    """Indent a list nested by 1 to 3 spaces (reStructuredText) by 4 (Markdown)."""
    out: list[str] = []
    shift, base = 0, -1
    for line in lines:
        indent = _indent(line)
        if shift and line.strip() and indent <= base:
            shift = 0
        nested = _NESTED_BULLET.match(line)
        if nested and not shift:
            base = len(nested.group(1))
            shift = 4 - base
        out.append(" " * shift + line if shift and line.strip() else line)
    return out


def convert(text: str) -> str:
    """The docstring ``text`` with its reStructuredText constructs written as Markdown."""
    lines = _nested_lists(_entries(text.splitlines()))
    out: list[str] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        directive = _MATH_DIRECTIVE.match(line)
        if directive:
            base = _indent(line)
            end = _block(lines, k + 1, base)
            out += _fence(lines[k + 1 : end], directive.group(1), "$$", "$$")
            k = end
            continue
        if _TABLE_BORDER.match(line):
            borders, end = 0, k
            while end < len(lines) and borders < 3:
                borders += bool(_TABLE_BORDER.match(lines[end]))
                end += 1
            if borders == 3:
                pad = " " * _indent(line)
                out += _fence(lines[k:end], pad, "```text", "```")
                k = end
                continue
        if line.rstrip().endswith("::") and not line.strip().startswith(".."):
            base = _indent(line)
            end = _block(lines, k + 1, base)
            if end > k + 1:
                head = line.rstrip()[:-2].rstrip()
                out += [head + ":" if head.strip() else "", ""] if head.strip() else [""]
                pad = " " * base
                out += _fence(lines[k + 1 : end], pad, "```text", "```")
                k = end
                continue
        reference = _REFERENCE.match(line)
        if reference:
            line = f"{reference.group(1)}- {reference.group(2)} {reference.group(3)}"
        out.append(line)
        k += 1
    result = "\n".join(out)
    # inline constructs, outside the fenced blocks written above
    parts = re.split(r"(```text\n.*?\n\s*```)", result, flags=re.S)
    for i in range(0, len(parts), 2):
        part = _MATH_ROLE.sub(lambda m: f"${m.group(1)}$", parts[i])
        part = _ROLE.sub(_role, part)
        parts[i] = _CITATION.sub(r"\1", part)
    return "".join(parts)


class RstDocstrings(griffe.Extension):
    """Rewrite every docstring's reStructuredText constructs as Markdown."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)
