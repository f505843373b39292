r"""Provenance stamps: what produced an output, written into the output itself.

A stamp is JSON data::

    {
      "tradegame": "0.1.0",                      # the version that wrote it
      "command": ["run", "rare-earth-2025", "--set", "chips.discount=0.6",
                  "--format", "json"],            # the arguments after `tradegame`
      "output": "stdout",                         # or "--out" / "--plot": which output
      "models": [{
        "name": "rare-earth-2025-leverage",
        "params": {...},                          # every parameter, after --set
        "overrides": {...},                       # the --set values alone
        "files": [                                # the file and its `extends` chain
          {"file": "models/rare-earth-2025-leverage.toml", "bundled": true,
           "sha256": "..."},
          {"file": "models/rare-earth-2025.toml", "bundled": true, "sha256": "..."}
        ]
      }],
      "seed": null,                               # the random seed, where one is used
      "digest": null,                             # figures: a hash of the numbers drawn
      "files": [                                  # other files read: strategy files
        {"kind": "strategy", "file": "mine.toml", "bundled": false, "sha256": "..."}
      ]
    }

Every file of the ``extends`` chain is hashed on its own (sha256 of its bytes),
so that a check can name the file that changed. ``"files"`` is there only for
commands that can read other files than models (``match``, ``tournament`` and
``evolve``, whose strategies may be ``.toml`` files); it lists the files that
this run read, each hashed the same way. There is no time stamp: the
same command gives byte-identical output. ``command`` is rebuilt from the
parsed options, every option spelled out (defaults included), so the stamp
does not depend on how the command was typed.

Where the stamp goes:

- JSON: a top-level ``"provenance"`` key;
- CSV: leading ``# `` comment lines (``pandas.read_csv(F, comment="#")``,
  ``numpy.genfromtxt`` and R's ``read.csv(comment.char = "#")`` skip them);
- LaTeX: leading ``%`` comment lines;
- figures: the metadata key of :data:`tradegame.plot.style.STAMP_KEYS` (PNG
  ``tEXt``, PDF Keywords, SVG description).

Text and Markdown output carry no stamp: they are for reading.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tradegame.model.model import Model

__all__ = [
    "MARKER",
    "OUTPUTS",
    "StampError",
    "build_stamp",
    "comment_block",
    "digest",
    "file_entry",
    "model_files",
    "read_comment_block",
    "read_stamp",
    "resolve_file",
    "sha256_file",
    "stamp_from_text",
    "stamp_text",
]

#: The first line of a stamp written as comments.
MARKER = "tradegame provenance (JSON); `tradegame reproduce FILE` re-runs it"
#: Which output of a command a stamp describes.
OUTPUTS = ("stdout", "--out", "--plot")
#: File formats a stamp can be read from, by extension.
STAMPED = (".json", ".csv", ".tex", ".png", ".svg", ".pdf")
_DIGITS = 10  # significant digits of the floats behind a figure's digest
_HEX = re.compile(r"^[0-9a-f]{64}$")


class StampError(ValueError):
    """A file with no readable, well-formed provenance stamp."""


# --- building -------------------------------------------------------------------------------


def build_stamp(
    command: Sequence[str],
    models: Sequence[Model],
    *,
    output: str = "stdout",
    seed: int | None = None,
    digest: str | None = None,
    files: Sequence[tuple[str, Path]] | None = None,
) -> dict[str, Any]:
    """The stamp of one output of ``tradegame COMMAND...`` on ``models``.

    Parameters
    ----------
    command : sequence of str
        The arguments after ``tradegame``, e.g. ``["run", "chicken", "--format", "json"]``.
    models : sequence of Model
        The models the command solved, with their ``--set`` overrides applied.
    output : {"stdout", "--out", "--plot"}
        Which of the command's outputs carries this stamp.
    seed : int or None
        The random seed, for commands that use randomness.
    digest : str or None
        For figures: :func:`digest` of the numbers drawn.
    files : sequence of (kind, Path), or None
        Other files the command read, such as ``("strategy", Path("mine.toml"))``:
        each is hashed under the ``"files"`` key (a file given twice, once).
        None, for commands that read no other files, leaves the key out.
    """
    from tradegame import __version__

    if output not in OUTPUTS:
        raise ValueError(f"output {output!r}: allowed: {', '.join(OUTPUTS)}")
    stamp: dict[str, Any] = {
        "tradegame": __version__,
        "command": [str(a) for a in command],
        "output": output,
        "models": [_model_entry(m) for m in models],
        "seed": seed,
        "digest": digest,
    }
    if files is not None:
        unique = dict.fromkeys((kind, str(path)) for kind, path in files)
        stamp["files"] = [{"kind": kind, **file_entry(Path(path))} for kind, path in unique]
    return stamp


def _model_entry(model: Model) -> dict[str, Any]:
    data = model.to_dict()
    return {
        "name": model.name,
        "params": data["params"],
        "overrides": data["overrides"],
        "files": model_files(model),
    }


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _bundled(path: Path) -> bool:
    from tradegame.model.load import model_path
    from tradegame.model.spec import ModelError

    try:
        return model_path(path.stem).resolve() == path.resolve()
    except ModelError:
        return False


def file_entry(path: Path) -> dict[str, Any]:
    """One hashed file: bundled files as ``models/NAME``, others as the path given."""
    bundled = _bundled(path)
    return {
        "file": f"models/{path.name}" if bundled else str(path),
        "bundled": bundled,
        "sha256": sha256_file(path),
    }


def resolve_file(entry: Mapping[str, Any]) -> Path:
    """The file a stamp's file entry names, as it is found today."""
    from tradegame.model.load import model_path

    name = Path(str(entry["file"]))
    return model_path(name.stem) if entry.get("bundled") else name


def model_files(model: Model) -> list[dict[str, Any]]:
    """The model's file and every file its ``extends`` chain reads, each hashed."""
    out: list[dict[str, Any]] = []
    seen: set[Path] = set()
    path = model.path
    while path is not None and path.is_file() and path.resolve() not in seen:
        seen.add(path.resolve())
        out.append(file_entry(path))
        path = _parent(path)
    return out


def _parent(path: Path) -> Path | None:
    """The file ``path`` extends, resolved as the loader resolves it; None if none."""
    from tradegame.model.load import _looks_like_path, model_path
    from tradegame.model.spec import ModelError

    if path.suffix.lower() != ".toml":
        return None
    try:
        ref = tomllib.loads(path.read_text(encoding="utf-8")).get("extends")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if not isinstance(ref, str) or not ref:
        return None
    if _looks_like_path(ref):
        return Path(ref) if Path(ref).is_absolute() else path.parent / ref
    try:
        return model_path(ref)
    except ModelError:
        return None


def digest(data: Any) -> str:
    """A hash of numbers: canonical JSON, floats rounded to 10 significant digits."""

    def canonical(x: Any) -> Any:
        if isinstance(x, Mapping):
            return {str(k): canonical(v) for k, v in x.items()}
        if isinstance(x, list | tuple):
            return [canonical(v) for v in x]
        if hasattr(x, "tolist"):  # numpy arrays and scalars
            return canonical(x.tolist())
        if isinstance(x, float):
            return float(f"{x:.{_DIGITS}g}") if math.isfinite(x) else str(x)
        if x is None or isinstance(x, bool | int | str):
            return x
        return str(x)

    text = json.dumps(canonical(data), sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


# --- writing --------------------------------------------------------------------------------


def stamp_text(stamp: Mapping[str, Any], indent: int | None = None) -> str:
    """The stamp as ASCII JSON (``^`` escaped too, which TeX reads even in comments)."""
    return json.dumps(stamp, indent=indent, ensure_ascii=True).replace("^", "\\u005e")


def comment_block(stamp: Mapping[str, Any], prefix: str) -> str:
    """The stamp as comment lines (``"# "`` for CSV, ``"% "`` for LaTeX)."""
    lines = [MARKER, *stamp_text(stamp, indent=2).splitlines()]
    return "".join(f"{prefix}{line}\n" for line in lines)


# --- reading --------------------------------------------------------------------------------


def read_comment_block(text: str, prefix: str) -> dict[str, Any] | None:
    """The stamp in the leading comment lines of ``text``; None if there is none."""
    body: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith(prefix.rstrip()):
            break
        content = line[len(prefix) :] if line.startswith(prefix) else ""
        if body is None:
            body = [] if content == MARKER else None
            continue
        body.append(content)
        if content == "}":
            data = json.loads("\n".join(body))
            return data if isinstance(data, dict) else None
    return None


def read_stamp(path: Path) -> dict[str, Any]:
    """The checked stamp of a stamped output file.

    Raises
    ------
    StampError
        One line naming the file: missing, unreadable, unstamped or malformed.
    """
    if not path.is_file():
        raise StampError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in STAMPED:
        raise StampError(
            f"{path}: cannot hold a stamp: format {suffix or '(none)'!r}; "
            f"allowed: {', '.join(STAMPED)}"
        )
    try:
        stamp = _read(path, suffix)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StampError(f"{path}: unreadable {suffix[1:].upper()} file: {first}") from None
    if stamp is None:
        raise StampError(
            f"{path}: no tradegame provenance stamp; write stamped output with "
            "--format json or latex, --out or --plot"
        )
    check_stamp(stamp, str(path))
    return stamp


def stamp_from_text(text: str, suffix: str) -> dict[str, Any] | None:
    """The (unchecked) stamp in the text of a ``.json``, ``.csv`` or ``.tex`` output."""
    if suffix == ".json":
        data = json.loads(text)
        stamp = data.get("provenance") if isinstance(data, dict) else None
        return stamp if isinstance(stamp, dict) else None
    return read_comment_block(text, _PREFIX[suffix])


def _read(path: Path, suffix: str) -> dict[str, Any] | None:
    if suffix in (".json", ".csv", ".tex"):
        return stamp_from_text(path.read_text(encoding="utf-8"), suffix)
    text = _figure_text(path, suffix)
    if text is None:
        return None
    data = json.loads(text)
    return data if isinstance(data, dict) else None


_PREFIX = {".csv": "# ", ".tex": "% "}


def _figure_text(path: Path, suffix: str) -> str | None:
    from tradegame.plot.style import STAMP_KEYS

    key = STAMP_KEYS[suffix]
    if suffix == ".png":
        from PIL import Image

        with Image.open(path) as image:  # OSError if it is not an image
            text = getattr(image, "text", {}).get(key)
        return text if isinstance(text, str) else None
    if suffix == ".svg":
        import xml.etree.ElementTree as ET

        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as exc:
            raise ValueError(f"not SVG: {exc}") from None
        found = root.find(".//{http://purl.org/dc/elements/1.1/}description")
        return found.text if found is not None and found.text else None
    return _pdf_info(path.read_bytes(), key)


def _pdf_info(data: bytes, key: str) -> str | None:
    """A literal string of a PDF's Info dictionary (as matplotlib writes it, uncompressed)."""
    start = data.find(b"/" + key.encode() + b" (")
    if start < 0:
        return None
    k = start + len(key) + 3
    out = bytearray()
    depth = 0
    escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b"}
    while k < len(data):
        char = data[k]
        if char == ord("\\"):
            following = data[k + 1 : k + 2]
            octal = re.match(rb"[0-7]{1,3}", data[k + 1 : k + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                k += 1 + len(octal.group())
                continue
            if following == b"\n":
                k += 2
                continue
            out += escapes.get(following[0], following) if following else b""
            k += 2
            continue
        if char == ord(")") and depth == 0:
            return out.decode("latin-1")
        depth += (char == ord("(")) - (char == ord(")"))
        out.append(char)
        k += 1
    raise ValueError("an unterminated string in the PDF Info dictionary")


def check_stamp(stamp: Mapping[str, Any], where: str) -> None:
    """StampError naming the first key of ``stamp`` that is missing or malformed."""

    def bad(key: str, value: Any, allowed: str) -> StampError:
        shown = json.dumps(value, ensure_ascii=False)
        if len(shown) > 60:
            shown = shown[:59] + "…"
        return StampError(f"{where}: provenance.{key} = {shown}: expected {allowed}")

    expect: dict[str, tuple[Any, str]] = {
        "tradegame": (str, "a version string"),
        "command": (list, "a list of arguments"),
        "output": (str, " or ".join(OUTPUTS)),
        "models": (list, "a list of models"),
    }
    for key, (kind, allowed) in expect.items():
        if not isinstance(stamp.get(key), kind):
            raise bad(key, stamp.get(key), allowed)
    command = stamp["command"]
    if not command or not all(isinstance(a, str) for a in command):
        raise bad("command", command, "a non-empty list of strings")
    if stamp["output"] not in OUTPUTS:
        raise bad("output", stamp["output"], " or ".join(OUTPUTS))
    for k, model in enumerate(stamp["models"]):
        files = model.get("files") if isinstance(model, dict) else None
        if not isinstance(model, dict) or not isinstance(model.get("params"), dict):
            raise bad(f"models[{k}]", model, "a model with name, params and files")
        if not isinstance(files, list):
            raise bad(f"models[{k}].files", files, "a list of hashed files")
        for j, entry in enumerate(files):
            if not _hashed(entry):
                raise bad(f"models[{k}].files[{j}]", entry, "file, bundled and a sha256 in hex")
    files = stamp.get("files", [])
    if not isinstance(files, list):
        raise bad("files", files, "a list of hashed files")
    for j, entry in enumerate(files):
        if not (_hashed(entry) and isinstance(entry.get("kind"), str)):
            raise bad(f"files[{j}]", entry, "kind, file, bundled and a sha256 in hex")
    seed, found = stamp.get("seed"), stamp.get("digest")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise bad("seed", seed, "a whole number or null")
    if found is not None and not isinstance(found, str):
        raise bad("digest", found, "a string or null")


def _hashed(entry: Any) -> bool:
    """Whether ``entry`` is a well-formed hashed file: file, bundled and sha256."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("file"), str)
        and isinstance(entry.get("bundled"), bool)
        and bool(_HEX.match(str(entry.get("sha256", ""))))
    )
