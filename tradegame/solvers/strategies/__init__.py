r"""Repeated-game strategies: automata, the named library, and user-defined strategies.

A :class:`Strategy` is an unbound recipe; :meth:`Strategy.bind` turns it into
an :class:`Automaton` for one :class:`Side` of a stage game, so the same
strategy works on a 2x2 game and on coercion ladders of any sizes.

Roles on a ladder
-----------------
A :class:`Side` names the player's path action ``cooperate`` (open, by
default), the rival's path action ``other_cooperate``, and the player's
punishment ``punish_action`` (by default its last rung, full restriction).
"The rival cooperated" means that it played its path action. Strategies that
check a punishment phase take the rival's punishment to be its last rung.

The named library
-----------------
:func:`strategies` lists the names and :func:`strategy` returns one, with
parameters. The library is found by scanning the modules of this package for
module-level :class:`Strategy` objects, one module per family:

* :mod:`~tradegame.solvers.strategies.simple`: always-open, always-restrict, alternator;
* :mod:`~tradegame.solvers.strategies.triggers`: grim, limited-punishment, truce;
* :mod:`~tradegame.solvers.strategies.reciprocal`: tit-for-tat,
  suspicious-tit-for-tat, generous-tit-for-tat, calibrated;
* :mod:`~tradegame.solvers.strategies.pavlov`: win-stay-lose-shift;
* :mod:`~tradegame.solvers.strategies.pressure`: maximum-pressure.

Each module's docstring defines its strategies exactly. To add a strategy,
define a module-level :class:`Strategy` in one of these modules (or in a new
one); nothing else needs to change.

User strategies
---------------
Anywhere a strategy name is accepted, :func:`resolve` also takes

* a :class:`Strategy` built in Python: ``Strategy(name="mine", build=f)``,
  where ``f(side, **params)`` returns an :class:`Automaton` for the side;
* an :class:`Automaton` written out for one game's action counts; binding it to
  a side with other action counts is an error;
* a path to a TOML strategy file (``.toml``), which is data, never code: see
  :mod:`~tradegame.solvers.strategies.userfile` for the format;
* a label such as ``"truce(punish=4)"``, as printed by :attr:`Strategy.label`.

Examples
--------
>>> from fractions import Fraction
>>> from tradegame.solvers.strategies import Automaton, Side, resolve, strategy
>>> side = Side(("open", "restrict"), ("open", "restrict"))
>>> strategy("truce", punish=3).bind(side).states
('open', 'punish 1/3', 'punish 2/3', 'punish 3/3')
>>> resolve("generous-tit-for-tat(forgive=1/2)").params["forgive"]
Fraction(1, 2)
>>> stubborn = Automaton(
...     name="stubborn",
...     states=("open",),
...     output=((Fraction(1), Fraction(0)),),
...     transition=(((0, 0), (0, 0)),),
... )
>>> resolve(stubborn).bind(side).name
'stubborn'
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
from dataclasses import replace
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from tradegame.game import to_fraction
from tradegame.solvers.strategies._build import parse_fraction
from tradegame.solvers.strategies.automaton import Automaton, Side, Strategy, pure, sides
from tradegame.solvers.strategies.userfile import StrategyFileError, load_strategy_file

__all__ = [
    "Automaton",
    "Side",
    "Strategy",
    "StrategyFileError",
    "load_strategy_file",
    "pure",
    "resolve",
    "sides",
    "strategies",
    "strategy",
]

# "name(key=value, key=value)": the form of Strategy.label
_LABEL = re.compile(r"([a-z0-9][a-z0-9-]*)\((.*)\)")
_ARGUMENT = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^,=()]+?)\s*")
# a side used to check parameters as soon as a strategy is asked for
_TRIAL_SIDE = Side(("open", "restrict"), ("open", "restrict"))


@cache
def _library() -> dict[str, Strategy]:
    """Every module-level Strategy in this package's public modules, by name."""
    found: dict[str, Strategy] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if not isinstance(value, Strategy):
                continue
            if value.name in found and found[value.name] is not value:
                raise RuntimeError(f"two library strategies are named {value.name!r}")
            found[value.name] = value
    return found


def strategies() -> list[str]:
    """The names of the library strategies, sorted.

    Examples
    --------
    >>> "tit-for-tat" in strategies()
    True
    """
    return sorted(_library())


def strategy(name: str, **params: Any) -> Strategy:
    """A library strategy by name, with some parameters changed.

    Parameters
    ----------
    name : str
        One of :func:`strategies`.
    **params
        Parameter values, for example ``punish=4`` for ``"truce"``. Numbers may
        be given as text (``forgive="1/2"``); probabilities become exact fractions.

    Raises
    ------
    ValueError
        For an unknown name (with the closest match), an unknown parameter
        (naming the allowed ones) or a parameter value out of range.
    """
    library = _library()
    if not isinstance(name, str) or name not in library:
        hint = ""
        if isinstance(name, str):
            close = difflib.get_close_matches(name, list(library), n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(
            f"unknown strategy {name!r}{hint}; choose one of: {', '.join(sorted(library))}"
        )
    base = library[name]
    if not params:
        return base
    chosen = base.with_params(**params)  # rejects unknown parameter names
    chosen = replace(
        chosen, params={k: _normalise(v, base.params[k]) for k, v in chosen.params.items()}
    )
    chosen.bind(_TRIAL_SIDE)  # range errors now, not at the first match
    return chosen


def _normalise(value: Any, default: Any) -> Any:
    """``value`` in the type of the parameter's default, where that is exact."""
    if isinstance(value, bool) or not isinstance(default, int | Fraction):
        return value
    number = parse_fraction(value) if isinstance(value, str) else to_fraction(value)
    if number is None:
        return value  # left for the strategy to reject with its own message
    if isinstance(default, int) and not isinstance(default, bool):
        return int(number) if number.denominator == 1 else value
    return number


def resolve(spec: Any) -> Strategy:
    """A :class:`Strategy` from a name, a label, a Strategy, an Automaton or a file path.

    Parameters
    ----------
    spec : str, pathlib.Path, Strategy or Automaton
        A library name (``"grim"``), a label with parameters
        (``"truce(punish=4)"``), a path to a ``.toml`` strategy file, a
        :class:`Strategy`, or an :class:`Automaton` (wrapped in a strategy that
        checks the side's action counts when it is bound).

    Raises
    ------
    ValueError
        If ``spec`` is none of these, or names an unknown strategy;
        :class:`StrategyFileError` (a ValueError) for a bad strategy file.
    """
    if isinstance(spec, Strategy):
        return spec
    if isinstance(spec, Automaton):
        return _wrap(spec)
    if isinstance(spec, Path):
        if spec.suffix.lower() != ".toml":
            raise ValueError(f"strategy files end in .toml; got {str(spec)!r}")
        return load_strategy_file(spec)
    if isinstance(spec, str):
        text = spec.strip()
        if text.lower().endswith(".toml"):
            return load_strategy_file(text)
        match = _LABEL.fullmatch(text)
        if match is None:
            return strategy(text)
        return strategy(match.group(1), **_arguments(text, match.group(2)))
    raise ValueError(
        "a strategy must be a name, a Strategy, an Automaton or a path to a .toml file; "
        f"got {type(spec).__name__}"
    )


def _arguments(label: str, text: str) -> dict[str, str]:
    arguments: dict[str, str] = {}
    for part in text.split(",") if text.strip() else []:
        match = _ARGUMENT.fullmatch(part)
        if match is None:
            raise ValueError(
                f"cannot read {label!r}: parameters are written key=value, such as truce(punish=4)"
            )
        arguments[match.group(1)] = match.group(2)
    return arguments


def _wrap(automaton: Automaton) -> Strategy:
    """A strategy that binds to ``automaton`` itself, on sides of the same size only."""

    def build(side: Side) -> Automaton:
        if (side.n_own, side.n_other) != (automaton.n_own, automaton.n_other):
            raise ValueError(
                f"automaton {automaton.name!r} is built for {automaton.n_own} own actions "
                f"against {automaton.n_other}; this side has {side.n_own} against {side.n_other}"
            )
        return automaton

    return Strategy(
        name=automaton.name,
        build=build,
        summary=f"A user automaton with {len(automaton.states)} state(s).",
        reference="user-defined automaton",
        deterministic=automaton.is_deterministic,
    )
