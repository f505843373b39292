"""The words on a figure: axis labels with symbols and units, class names, ticks, wrapping.

:func:`param_label` and :func:`class_label` turn a parameter key and a game
class into the text a reader sees; :func:`axis_labels` checks the labels a
caller gives; :func:`plain_log_ticks` and :func:`wrap` lay the text out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tradegame.model.model import Model

__all__ = [
    "axis_labels",
    "axis_labels_map",
    "class_label",
    "param_label",
    "plain_log_ticks",
    "wrap",
]

# Greek letters for the symbols of tradegame.model.spec
_GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "Delta": "Δ",
    "epsilon": "ε",
    "theta": "θ",
    "kappa": "κ",
    "lambda": "λ",
    "rho": "ρ",
    "tau": "τ",
    "phi": "φ",
    "psi": "ψ",
    "chi": "χ",
    "pi0": "π₀",
}


def param_label(model: Model, key: str) -> str:
    """An axis label for a parameter of ``model``: its name, symbol and unit.

    Parameters
    ----------
    model : Model
        The model whose parameter it is (for the unit, with the money unit filled in).
    key : str
        A parameter key, such as ``"minerals.substitution_time"``.

    Returns
    -------
    str
        For example ``"minerals substitution time τ (years)"``; a unitless
        parameter (unit ``"-"``) has no parentheses, and a matrix game's own
        payoff parameters are labelled by their key and the model's unit.

    Raises
    ------
    ValueError
        If the model has no such parameter (naming the closest key).

    Examples
    --------
    >>> from tradegame import load_model
    >>> param_label(load_model("rare-earth-2025"), "minerals.criticality")
    'minerals criticality K (× per unit)'
    """
    from tradegame.datafile import did_you_mean

    if not isinstance(key, str) or key not in model.params:
        hint = did_you_mean(key, model.params) if isinstance(key, str) else ""
        raise ValueError(f"{model.name} has no parameter {key!r}{hint}")
    spec = model.spec(key)
    unit = model.unit_of(key)
    if spec is None:
        text = key
    else:
        owner = key.rpartition(".")[0]
        symbol = _GREEK.get(spec.symbol, spec.symbol)
        text = " ".join(part for part in (owner, spec.name.replace("_", " "), symbol) if part)
    if not unit or unit in ("-", "payoff"):
        return text
    return f"{text} ({unit})"


def class_label(name: str, players: Sequence[str] | None = None) -> str:
    """A game class of :func:`~tradegame.solvers.classify.classify` in words, for a legend.

    ``"asymmetric:<row>/<col>"`` names both players' types, with the players'
    names when ``players`` (row first) is given.

    Examples
    --------
    >>> class_label("asymmetric:deadlock/prisoners-dilemma", ("United States", "China"))
    "asymmetric: deadlock (United States), prisoner's dilemma (China)"
    """

    def words(kind: str) -> str:
        return "prisoner's dilemma" if kind == "prisoners-dilemma" else kind.replace("-", " ")

    if name.startswith("asymmetric:") and name.count("/") == 1:
        row, col = name.removeprefix("asymmetric:").split("/")
        who = tuple(players) if players is not None else ("row", "column")
        return f"asymmetric: {words(row)} ({who[0]}), {words(col)} ({who[1]})"
    return words(name)


def axis_labels_map(labels: Any) -> dict[str, str]:
    """``labels`` as a dict (empty for None), once it is a mapping of names to strings."""
    if labels is None:
        return {}
    if not isinstance(labels, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
    ):
        raise ValueError(f"labels must map parameter names to axis labels; got {labels!r}")
    return dict(labels)


def axis_labels(labels: Mapping[str, str] | None, names: Sequence[str]) -> list[str]:
    """The axis label of each of ``names``: from ``labels``, else the name itself."""
    if labels is None:
        return list(names)
    if not isinstance(labels, Mapping):
        raise ValueError(f"labels must map parameter names to axis labels; got {labels!r}")
    unknown = sorted(set(labels) - set(names))
    if unknown:
        raise ValueError(
            f"labels for parameters not in the figure: {unknown}; it has {list(names)}"
        )
    for name, text in labels.items():
        if not isinstance(text, str):
            raise ValueError(f"the label of {name!r} must be a string; got {text!r}")
    return [labels.get(n, n) for n in names]


def plain_log_ticks(ax: Any, scales: Sequence[str]) -> None:
    """Label log axes with plain numbers (0.5, 1, 2, 5, 10), not powers of ten."""
    from matplotlib.ticker import FuncFormatter, LogLocator

    def plain(value: float, _: Any) -> str:
        return f"{value:g}"

    for axis, scale in zip((ax.xaxis, ax.yaxis), scales, strict=True):
        if scale != "log":
            continue
        axis.set_major_locator(LogLocator(base=10, subs=(1.0,)))
        axis.set_minor_locator(LogLocator(base=10, subs=(2.0, 5.0)))
        axis.set_major_formatter(FuncFormatter(plain))
        axis.set_minor_formatter(FuncFormatter(plain))


def wrap(text: str, width: int, *, break_on_hyphens: bool = False) -> str:
    """``text`` with every line of more than ``width`` characters broken at spaces.

    Hyphenated words (model names such as ``rare-earth-2025``) stay whole unless
    ``break_on_hyphens``.
    """
    import textwrap

    return "\n".join(
        textwrap.fill(line, width, break_on_hyphens=break_on_hyphens) or line
        for line in text.split("\n")
    )
