"""Find model files by scanning, read them as TOML data, resolve ``extends``, validate.

A model file is data: it is parsed with :mod:`tomllib` and checked against
:mod:`tradegame.model.spec`. Nothing in it is executed or evaluated; a payoff
cell may name a parameter, and that name is looked up, never parsed.

Every problem raises :class:`~tradegame.model.spec.ModelError`, whose message
is one line naming the file, the key, the value and what is allowed.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from tradegame.datafile import (
    MISSING,
    DataFileError,
    did_you_mean,
    is_name,
    is_text,
    one_line,
    read_toml,
    show,
)
from tradegame.model.model import Ladder, Model
from tradegame.model.spec import (
    MODEL_PARAMS,
    PLAYER_PARAMS,
    ModelError,
    ParamSpec,
)

__all__ = ["list_models", "load_model", "model_path", "read_model_file"]

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
_BUNDLED_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
#: The longest chain of ``extends`` a model file may start.
MAX_EXTENDS = 1000
#: The largest magnitude of a number in a model file.
MAX_MAGNITUDE = 1e15
_MAX_LINE = 200  # a title, a label, a unit, an action name
_NAMES = f"a name is printable text on one line, not blank, at most {_MAX_LINE} characters"
_COMMON_KEYS = {"kind", "title", "description", "extends", "sources", "notes"}
_COERCION_KEYS = _COMMON_KEYS | {"unit", "players", *MODEL_PARAMS}
_MATRIX_KEYS = _COMMON_KEYS | {"players", "actions", "A", "B", "params", "discount", "unit"}
_PLAYER_KEYS = {"label", "ladder", *PLAYER_PARAMS}
_KINDS = ("coercion", "matrix")


def _bundled_dir() -> Path:
    return Path(str(resources.files("tradegame._bundled")))


def list_models() -> list[str]:
    """The names of the bundled models, found by scanning the models folder."""
    return sorted(p.stem for p in _bundled_dir().glob("*.toml"))


def model_path(name: str) -> Path:
    """The file of a bundled model; ModelError with a suggestion when there is none."""
    path = _bundled_dir() / f"{name}.toml"
    if not (isinstance(name, str) and _BUNDLED_NAME.fullmatch(name) and _is_file(path)):
        raise ModelError(
            "",
            "model",
            name,
            "no such bundled model; `tradegame list` shows them"
            + did_you_mean(str(name), list_models()),
        )
    return path


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL in it
        return False


def _looks_like_path(ref: str) -> bool:
    return ref.lower().endswith((".toml", ".nfg")) or "/" in ref or "\\" in ref


def load_model(ref: str | Path) -> Model:
    """Load a bundled model by name, or a model file by path.

    Parameters
    ----------
    ref : str or Path
        A bundled name (see :func:`list_models`) or a path to a ``.toml`` file.
        A path ending in ``.nfg`` is read as a Gambit strategic-form file and
        becomes a matrix model with no parameters (see :mod:`tradegame.nfg`).

    Raises
    ------
    ModelError
        If the model cannot be found, read or validated.

    Examples
    --------
    >>> m = load_model("prisoners-dilemma")
    >>> m.game().shape
    (2, 2)
    """
    path = (
        Path(ref) if isinstance(ref, Path) or _looks_like_path(str(ref)) else model_path(str(ref))
    )
    if path.suffix.lower() == ".nfg":
        return _nfg_model(path)
    data = _resolve(path)
    # the name comes from the file name, which may hold any character: shown escaped
    return build_model(data, name=one_line(path.stem), source=_display(path), path=path)


def _nfg_model(path: Path) -> Model:
    """A Gambit ``.nfg`` file as a matrix model: exact payoffs, no parameters, no discount."""
    from tradegame.nfg import read_nfg

    source = _display(path)
    try:
        nfg = read_nfg(path, source)
    except DataFileError as exc:
        raise ModelError(exc.source, exc.key, exc.value, exc.allowed) from None
    # .nfg files may hold any text; a model's names are shown and typed, so they are checked
    for key, names in (("players", nfg.players), *zip(nfg.players, nfg.actions, strict=True)):
        for label in names:
            if not _is_label(label):
                where = key if key == "players" else f"strategies of {show(key)}"
                raise ModelError(source, where, label, _NAMES)
    for key, text in (("title", nfg.title), ("comment", nfg.comment)):
        if not is_text(text):
            raise ModelError(source, key, text, "must be text (no control characters but newlines)")
    for matrix, cells in (("A", nfg.A), ("B", nfg.B)):
        for i, row in enumerate(cells):
            for j, x in enumerate(row):
                if abs(x) > MAX_MAGNITUDE:
                    raise ModelError(
                        source,
                        f"payoff {matrix}[{i}][{j}]",
                        str(x),
                        "is too large in magnitude (limit 1e15), as in a model file",
                    )
    return Model(
        name=one_line(path.stem),
        kind="matrix",
        title=" ".join(nfg.title.split()) or one_line(path.stem),
        description=nfg.comment,
        unit="payoff",
        players=nfg.players,
        labels=nfg.players,
        ladders=(
            tuple((a, None) for a in nfg.actions[0]),
            tuple((a, None) for a in nfg.actions[1]),
        ),
        params={},
        sources={},
        path=path,
        source=source,
        cells=([list(row) for row in nfg.A], [list(row) for row in nfg.B]),
    )


def read_model_file(path: Path) -> dict[str, Any]:
    """Parse one TOML file into a dict, turning every failure into a ModelError."""
    return read_toml(
        path, _display(path), "model", "a model needs at least `kind` and its game", ModelError
    )


def _resolve(path: Path) -> dict[str, Any]:
    """Read ``path`` and merge it over the chain of models it ``extends``, detecting loops.

    The chain is followed in a loop, not by recursion, and is at most
    :data:`MAX_EXTENDS` files long.
    """
    chain: list[tuple[Path, dict[str, Any]]] = []
    seen: list[Path] = []
    current = path
    while True:
        here = _absolute(current)
        if here in seen:
            child = chain[-1][0]
            loop = " -> ".join(p.stem for p in (*seen, here))
            raise ModelError(
                _display(child), "extends", loop, "extends loops back on itself; break the loop"
            )
        if len(seen) >= MAX_EXTENDS:
            raise ModelError(
                _display(chain[-1][0]),
                "extends",
                chain[-1][1].get("extends"),
                f"a chain of extends is at most {MAX_EXTENDS} files long",
            )
        seen.append(here)
        try:
            data = read_model_file(current)
        except ModelError as exc:
            if not chain or exc.key != "file":
                raise
            # a parent that cannot be read: the fault is in the child's extends
            child, child_data = chain[-1]
            raise ModelError(
                _display(child),
                "extends",
                child_data.get("extends"),
                f"{exc.allowed} (looked for {exc.source})",
            ) from None
        chain.append((current, data))
        parent = _parent(current, data)
        if parent is None:
            break
        current = parent
    merged = chain[-1][1]
    for _, data in reversed(chain[:-1]):
        merged = _merge(merged, data)
    return merged


def _parent(path: Path, data: Mapping[str, Any]) -> Path | None:
    """The file that ``data`` (read from ``path``) extends, or None."""
    ref = data.get("extends")
    if ref is None:
        return None
    allowed = "must be a bundled model name or a path to a .toml model file"
    if not isinstance(ref, str) or not ref.strip():
        raise ModelError(_display(path), "extends", ref, allowed)
    if ref.lower().endswith(".nfg"):
        raise ModelError(_display(path), "extends", ref, allowed)
    if _looks_like_path(ref):
        return Path(ref) if Path(ref).is_absolute() else path.parent / ref
    try:
        return model_path(ref)
    except ModelError as exc:
        raise ModelError(_display(path), "extends", ref, exc.allowed) from None


def _absolute(path: Path) -> Path:
    """``path`` resolved (symbolic links followed) when possible, else made absolute."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, a name too long, a NUL
        return path.absolute()


def _merge(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Child values override the parent's; player sections and sources merge key by key.

    A ladder, a matrix or an action list is replaced whole: merging rungs
    from two ladders would build a ladder nobody wrote.
    """
    merged = dict(parent)
    for key, value in child.items():
        if key == "extends":
            continue
        old = merged.get(key)
        if key in ("sources", "params") and isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {**old, **value}
        elif key == "players" and isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {
                pid: {**old[pid], **section}
                if isinstance(section, dict) and isinstance(old.get(pid), dict)
                else section
                for pid, section in {**old, **value}.items()
            }
        else:
            merged[key] = value
    return merged


def build_model(data: Mapping[str, Any], name: str, source: str, path: Path | None = None) -> Model:
    """Validate merged model data and build the Model."""
    kind = data.get("kind", MISSING)
    if kind is MISSING:
        raise ModelError(
            source, "kind", MISSING, f"required; one of {', '.join(map(repr, _KINDS))}"
        )
    if kind not in _KINDS:
        raise ModelError(
            source,
            "kind",
            kind,
            f"must be one of {', '.join(map(repr, _KINDS))}" + _suggest(kind, _KINDS),
        )
    allowed = _COERCION_KEYS if kind == "coercion" else _MATRIX_KEYS
    _check_keys(source, "", data, allowed)
    title = _text(source, data, "title", default=name)
    description = _text(source, data, "description", default="", multiline=True)
    if kind == "coercion":
        return _build_coercion(data, name, source, path, title, description)
    return _build_matrix(data, name, source, path, title, description)


def _build_coercion(
    data: Mapping[str, Any], name: str, source: str, path: Path | None, title: str, description: str
) -> Model:
    unit = _text(source, data, "unit", default=None)
    params: dict[str, Any] = {}
    for key, spec in MODEL_PARAMS.items():
        value = data.get(key, MISSING if spec.default is None else spec.default)
        params[key] = check_number(source, key, value, spec)
    players = data.get("players", MISSING)
    if not isinstance(players, dict):
        raise ModelError(
            source,
            "players",
            players,
            "required: a table with exactly two player sections, [players.<id>]",
        )
    if len(players) != 2:
        raise ModelError(source, "players", list(players), "needs exactly two player sections")
    ids = list(players)
    labels: list[str] = []
    ladders: list[Ladder] = []
    for pid, section in players.items():
        if not _IDENT.fullmatch(pid):
            raise ModelError(
                source,
                f"players.{pid}",
                MISSING,
                "a player id is a letter then up to 63 letters, digits, _ or -",
            )
        if not isinstance(section, dict):
            raise ModelError(source, f"players.{pid}", section, "must be a table of parameters")
        _check_keys(source, f"players.{pid}.", section, _PLAYER_KEYS)
        labels.append(_text(source, section, "label", default=pid, prefix=f"players.{pid}."))
        ladders.append(_ladder(source, f"players.{pid}.ladder", section.get("ladder", MISSING)))
        for key, spec in PLAYER_PARAMS.items():
            value = section.get(key, MISSING if spec.default is None else spec.default)
            params[f"{pid}.{key}"] = check_number(source, f"players.{pid}.{key}", value, spec)
    model = Model(
        name=name,
        kind="coercion",
        title=title,
        description=description,
        unit=unit or "payoff",
        players=(ids[0], ids[1]),
        labels=(labels[0], labels[1]),
        ladders=(ladders[0], ladders[1]),
        params=params,
        sources={},
        path=path,
        source=source,
    )
    return model.with_sources(_sources(source, data, model))


def _build_matrix(
    data: Mapping[str, Any], name: str, source: str, path: Path | None, title: str, description: str
) -> Model:
    raw_params = data.get("params", {})
    if not isinstance(raw_params, dict):
        raise ModelError(source, "params", raw_params, "must be a table of named numbers")
    params: dict[str, Any] = {}
    for key, value in raw_params.items():
        if not _IDENT.fullmatch(key) or key == "discount":
            raise ModelError(
                source,
                f"params.{key}",
                MISSING,
                "a parameter name is a letter then up to 63 letters, digits, _ or -, "
                "and not 'discount'",
            )
        params[key] = check_number(source, f"params.{key}", value)
    if "discount" in data:
        params["discount"] = check_number(
            source, "discount", data["discount"], PLAYER_PARAMS["discount"]
        )
    players = data.get("players", ["row", "col"])
    if not (isinstance(players, list) and len(players) == 2 and all(map(_is_label, players))):
        raise ModelError(
            source, "players", players, f"must be a list of two player names; {_NAMES}"
        )
    if players[0] == players[1]:
        raise ModelError(source, "players", players, "the two player names must differ")
    A = _cells(source, "A", data.get("A", MISSING), params)
    B = _cells(source, "B", data.get("B", MISSING), params)
    if len(A) != len(B) or len(A[0]) != len(B[0]):
        raise ModelError(
            source,
            "B",
            f"{len(B)}x{len(B[0])}",
            f"must have the same shape as A ({len(A)}x{len(A[0])})",
        )
    actions = data.get(
        "actions", [[f"r{i}" for i in range(len(A))], [f"c{j}" for j in range(len(A[0]))]]
    )
    for player, (names, size) in enumerate(
        zip(_pair(source, "actions", actions), (len(A), len(A[0])), strict=True)
    ):
        if not (isinstance(names, list) and all(map(_is_label, names))):
            raise ModelError(
                source, f"actions[{player}]", names, f"must be a list of action names; {_NAMES}"
            )
        if len(names) != size or len(set(names)) != size:
            raise ModelError(
                source,
                f"actions[{player}]",
                names,
                f"must be {size} distinct names, one per {'row' if player == 0 else 'column'} of A",
            )
    model = Model(
        name=name,
        kind="matrix",
        title=title,
        description=description,
        unit=_text(source, data, "unit", default="payoff") or "payoff",
        players=(players[0], players[1]),
        labels=(players[0], players[1]),
        ladders=(tuple((a, None) for a in actions[0]), tuple((a, None) for a in actions[1])),
        params=params,
        sources={},
        path=path,
        source=source,
        cells=(A, B),
    )
    return model.with_sources(_sources(source, data, model))


def _is_label(name: Any) -> bool:
    """A player or action name: one line of printable text, not blank, not too long."""
    return is_name(name) and len(name) <= _MAX_LINE


def _pair(source: str, key: str, value: Any) -> list[Any]:
    if not (isinstance(value, list) and len(value) == 2):
        raise ModelError(
            source, key, value, "must be a pair of lists: [row actions, column actions]"
        )
    return value


def _cells(source: str, key: str, value: Any, params: Mapping[str, Any]) -> list[list[Any]]:
    """A payoff matrix whose cells are numbers or names of parameters (never formulas)."""
    if value is MISSING:
        raise ModelError(
            source,
            key,
            MISSING,
            "required: a matrix (a list of rows) of numbers or parameter names",
        )
    if not (isinstance(value, list) and value and all(isinstance(r, list) and r for r in value)):
        raise ModelError(source, key, value, "must be a non-empty list of non-empty rows")
    if len({len(r) for r in value}) != 1:
        raise ModelError(source, key, [len(r) for r in value], "rows must all have the same length")
    rows: list[list[Any]] = []
    for i, row in enumerate(value):
        out: list[Any] = []
        for j, cell in enumerate(row):
            where = f"{key}[{i}][{j}]"
            if isinstance(cell, str):
                if cell not in params:
                    raise ModelError(
                        source,
                        where,
                        cell,
                        "names no parameter in [params]; a cell is a number or a parameter name, "
                        "never a formula" + did_you_mean(cell, params),
                    )
                out.append(cell)
            else:
                out.append(check_number(source, where, cell))
        rows.append(out)
    return rows


def _sources(source: str, data: Mapping[str, Any], model: Model) -> dict[str, str]:
    raw = data.get("sources", {})
    if not isinstance(raw, dict):
        raise ModelError(source, "sources", raw, 'must be a table: parameter key = "source"')
    allowed = set(model.params) | {f"{p}.ladder" for p in model.players} | {"A", "B", "unit"}
    out: dict[str, str] = {}
    for key, text in raw.items():
        if key not in allowed:
            raise ModelError(
                source,
                f"sources.{key}",
                MISSING,
                "names no parameter of this model" + did_you_mean(key, allowed),
            )
        if not (is_text(text) and text.strip()):
            raise ModelError(
                source,
                f"sources.{key}",
                text,
                "must be a non-empty string citing the source (no control characters)",
            )
        out[key] = text
    return out


def _ladder(source: str, key: str, value: Any) -> Ladder:
    allowed = "a table of at least two rungs, name = intensity, rising strictly from 0 to 1"
    if value is MISSING:
        raise ModelError(source, key, MISSING, f"required: {allowed}")
    if not isinstance(value, dict) or len(value) == 0:
        raise ModelError(source, key, value, f"must not be empty: {allowed}")
    for name in value:
        if not _is_label(name):
            raise ModelError(source, f"{key}.{name}", MISSING, f"a rung is an action: {_NAMES}")
    rungs = [(name, check_number(source, f"{key}.{name}", x)) for name, x in value.items()]
    levels = [x for _, x in rungs]
    if (
        len(rungs) < 2
        or levels[0] != 0
        or levels[-1] != 1
        or any(b <= a for a, b in itertools.pairwise(levels))
    ):
        raise ModelError(source, key, dict(value), allowed)
    return tuple(rungs)


def check_number(source: str, key: str, value: Any, spec: ParamSpec | None = None) -> Any:
    """Check a finite real number (not a bool), inside its spec's range when there is one.

    A number's magnitude is at most 1e15: beyond, the solvers' floating-point
    steps lose every digit that matters. A spec may also refuse tiny nonzero
    values (``ParamSpec.smallest``): a discount factor of 1e-320 made
    ``(1 - delta) / delta`` overflow, and the answer wrong.
    """
    allowed = spec.allowed if spec is not None else "a finite number"
    if value is MISSING:
        raise ModelError(source, key, MISSING, f"required: {allowed}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ModelError(source, key, value, f"must be {allowed}, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ModelError(source, key, value, f"must be finite: {allowed}")
    if abs(value) > MAX_MAGNITUDE:  # exact for integers of any size
        raise ModelError(source, key, value, f"is too large in magnitude (limit 1e15): {allowed}")
    if spec is not None and value != 0 and abs(value) < spec.smallest:
        raise ModelError(
            source,
            key,
            value,
            f"is too small in magnitude (at least {spec.smallest:g}): {allowed}",
        )
    if spec is not None and not spec.admits(float(value)):
        raise ModelError(source, key, value, f"out of range: {allowed}")
    return value


def _text(
    source: str,
    data: Mapping[str, Any],
    key: str,
    default: Any,
    prefix: str = "",
    multiline: bool = False,
) -> Any:
    """A text value: one line of printable text, or (``multiline``) text with line breaks."""
    value = data.get(key, default)
    if value is default:
        return value
    if multiline and not is_text(value):
        raise ModelError(
            source, prefix + key, value, "must be text (no control characters but newlines)"
        )
    if not multiline and not (is_name(value) and len(value) <= _MAX_LINE):
        raise ModelError(
            source,
            prefix + key,
            value,
            f"must be one line of printable text, not blank, at most {_MAX_LINE} characters",
        )
    return value


def _check_keys(source: str, prefix: str, data: Mapping[str, Any], allowed: set[str]) -> None:
    for key in data:
        if key not in allowed:
            raise ModelError(
                source, prefix + key, MISSING, "unknown key" + _suggest(key, allowed, always=True)
            )


def _suggest(word: Any, choices: Any, always: bool = False) -> str:
    hint = did_you_mean(str(word), sorted(choices))
    if hint or not always:
        return hint
    return f"; allowed: {', '.join(sorted(choices))}"


def _display(path: Path) -> str:
    """Bundled files show as models/NAME.toml; user files as given."""
    try:
        return f"models/{_absolute(path).relative_to(_bundled_dir().resolve())}"
    except ValueError:
        return str(path)
