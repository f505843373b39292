r"""User strategies written as TOML data: a small automaton format, validated on load.

A strategy file is data. It is parsed with :mod:`tomllib`; nothing in it is
executed or evaluated, and a string that is neither a known word nor a plain
number is rejected. An example, a strategy that forgives a first deviation and
punishes a second one::

    name = "two-strikes"                 # optional; defaults to the file name
    description = "Forgive one deviation, punish the second for good."
    reference = "classroom example"      # optional
    criterion = "subgame-perfect"        # optional: "subgame-perfect" or "nash"
    start = "calm"

    [states.calm]
    play = "cooperate"
    next = { default = "calm", deviate = "warned" }

    [states.warned]
    play = { cooperate = "9/10", punish = "1/10" }
    next = { default = "warned", deviate = "angry" }

    [states.angry]
    play = "punish"
    next = "angry"                       # a state name: go there whatever happens

The keys:

* ``start`` (required): the initial state.
* ``states`` (required): one table per state; a state name is up to 40 letters,
  digits, spaces or ``_ . / + -``, starting with a letter or a digit.
* ``play`` (required): what the state plays, as a *word*, or a table of
  probabilities over words. A word is one of the player's action names in the
  game, or a role: ``"cooperate"`` (the player's path action) or ``"punish"``
  (its punishment action, full restriction by default). Action names take
  precedence over roles. A probability is a string such as ``"1/3"`` or
  ``"0.25"``, or a TOML number read exactly (``0.1`` is 1/10); probabilities
  must be finite, non-negative and add up to exactly 1.
* ``next`` (required): a state name, or a table from *conditions* to state
  names. It must have ``default``, the state to move to when no other key
  matches. The other keys describe last period's play:

  - ``RIVAL``: a rival action name, or a role: ``"cooperate"`` (the rival played
    its path action) or ``"deviate"`` (it played anything else);
  - ``"OWN,RIVAL"``: a pair, where ``OWN`` is an own action name or the role
    ``cooperate`` / ``deviate`` (own path action or not), and ``RIVAL`` as above.

  The most specific matching key wins: pairs before single keys; then a rival
  action name before a rival role; then an own action name before an own role.
  At most one key of each kind can match, so the choice is never ambiguous.

Action names are checked when the strategy is bound to a game (an error names
the action and the game's actions); everything else is checked on load. Every
problem raises :class:`StrategyFileError`, whose message is one line naming the
file, the key, the value and what is allowed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from tradegame.datafile import MISSING, DataFileError, did_you_mean, read_toml, show
from tradegame.game import to_fraction
from tradegame.solvers.strategies._build import mix, parse_fraction
from tradegame.solvers.strategies.automaton import Automaton, Side, Strategy

__all__ = ["StrategyFileError", "load_strategy_file"]

_TOP_KEYS = ("name", "description", "reference", "criterion", "start", "states")
_STATE_KEYS = ("play", "next")
_CRITERIA = ("subgame-perfect", "nash")
_PLAY_ROLES = ("cooperate", "punish")
_RIVAL_ROLES = ("cooperate", "deviate")
_OWN_PAIR_ROLES = ("cooperate", "deviate")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}")
_STATE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _./+-]{0,39}")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class StrategyFileError(DataFileError):
    """A strategy file is invalid; the message is one line: file, key, value, what is allowed."""


def _dotted(*parts: str) -> str:
    return ".".join(p if _BARE_KEY.fullmatch(p) else f'"{p}"' for p in parts)


@dataclass(frozen=True)
class _Rule:
    """One ``next`` condition: ``own`` is None for a single (rival-only) key."""

    key: str
    own: str | None
    rival: str
    target: int


@dataclass(frozen=True)
class _State:
    name: str
    play: tuple[tuple[str, Fraction], ...]
    play_table: bool  # play was a table of probabilities, so errors name its keys
    rules: tuple[_Rule, ...]
    default: int


@dataclass(frozen=True)
class _Spec:
    source: str
    name: str
    states: tuple[_State, ...]
    start: int


def load_strategy_file(path: str | Path) -> Strategy:
    """Read and validate a user strategy file (see the module docstring for the format).

    Parameters
    ----------
    path : str or pathlib.Path
        The TOML file.

    Returns
    -------
    Strategy
        A strategy without parameters; binding it to a side checks the action
        names against the game.

    Raises
    ------
    StrategyFileError
        If the file is missing, not UTF-8, not TOML, empty, or breaks the format.
    """
    path = Path(path)
    source = str(path)
    data = _read(path, source)
    _check_keys(source, data, _TOP_KEYS, ())
    name = _text(source, data, "name", _NAME, default=path.stem)
    description = _line(source, data, "description", 200)
    reference = _line(source, data, "reference", 300)
    criterion = data.get("criterion", "subgame-perfect")
    if criterion not in _CRITERIA:
        raise StrategyFileError(source, "criterion", criterion, f"allowed: {', '.join(_CRITERIA)}")
    spec = _parse_states(source, name, data)
    deterministic = all(sum(1 for _, p in s.play if p) == 1 for s in spec.states)

    def build(side: Side) -> Automaton:
        return _bind(spec, side)

    return Strategy(
        name=name,
        build=build,
        summary=description or f"User strategy from {path.name}.",
        reference=reference or f"user strategy file {path.name}",
        deterministic=deterministic,
        criterion=criterion,
    )


def _read(path: Path, source: str) -> dict[str, Any]:
    return read_toml(
        path, source, "strategy", "a strategy needs `start` and `states`", StrategyFileError
    )


def _check_keys(
    source: str, table: Mapping[str, Any], allowed: Iterable[str], where: tuple[str, ...]
) -> None:
    allowed = tuple(allowed)
    for key in table:
        if key not in allowed:
            raise StrategyFileError(
                source,
                _dotted(*where, key),
                MISSING,
                f"unknown key{did_you_mean(key, allowed)}; allowed: {', '.join(allowed)}",
            )


def _text(
    source: str, data: Mapping[str, Any], key: str, pattern: re.Pattern[str], default: str
) -> str:
    allowed = "up to 64 letters, digits or _ . + -, such as 'two-strikes'"
    if key not in data:
        if not pattern.fullmatch(default):
            raise StrategyFileError(
                source,
                key,
                MISSING,
                f"missing, and the file name {show(default)} is not a name: write {key} = "
                f"{allowed}",
            )
        return default
    value = data[key]
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise StrategyFileError(source, key, value, f"must be {allowed}")
    return value


def _line(source: str, data: Mapping[str, Any], key: str, limit: int) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit or not value.isprintable():
        raise StrategyFileError(
            source, key, value, f"must be one line of text, at most {limit} characters"
        )
    return value.strip()


def _parse_states(source: str, name: str, data: Mapping[str, Any]) -> _Spec:
    start = data.get("start", MISSING)
    states = data.get("states", MISSING)
    if not isinstance(states, dict) or not states:
        raise StrategyFileError(
            source, "states", states, "needs one table per state, such as [states.calm]"
        )
    names = list(states)
    for state in names:
        if not _STATE.fullmatch(state):
            raise StrategyFileError(
                source,
                _dotted("states", state),
                MISSING,
                "a state name is up to 40 letters, digits, spaces or _ . / + -",
            )
    allowed_states = f"allowed: {', '.join(names)}"
    if start is MISSING:
        raise StrategyFileError(source, "start", MISSING, f"missing; {allowed_states}")
    if start not in names:
        raise StrategyFileError(
            source,
            "start",
            start,
            f"unknown state{did_you_mean(str(start), names)}; {allowed_states}",
        )
    parsed = tuple(_parse_state(source, state, states[state], names) for state in names)
    return _Spec(source, name, parsed, names.index(start))


def _parse_state(source: str, state: str, table: Any, names: list[str]) -> _State:
    where = ("states", state)
    if not isinstance(table, dict):
        raise StrategyFileError(
            source, _dotted(*where), table, "must be a table with play and next"
        )
    _check_keys(source, table, _STATE_KEYS, where)
    for key in _STATE_KEYS:
        if key not in table:
            raise StrategyFileError(
                source, _dotted(*where, key), MISSING, "missing; every state needs play and next"
            )
    play = _parse_play(source, where, table["play"])

    def target(key: tuple[str, ...], value: Any) -> int:
        if not isinstance(value, str) or value not in names:
            raise StrategyFileError(
                source,
                _dotted(*where, *key),
                value,
                f"unknown state{did_you_mean(str(value), names)}; allowed: {', '.join(names)}",
            )
        return names.index(value)

    nxt = table["next"]
    if isinstance(nxt, str):
        return _State(state, play, not isinstance(table["play"], str), (), target(("next",), nxt))
    if not isinstance(nxt, dict):
        raise StrategyFileError(
            source, _dotted(*where, "next"), nxt, "must be a state name or a table with a default"
        )
    if "default" not in nxt:
        raise StrategyFileError(
            source,
            _dotted(*where, "next", "default"),
            MISSING,
            "missing; the state to move to when no other key matches",
        )
    rules: list[_Rule] = []
    seen: dict[tuple[str | None, str], str] = {}
    for key, value in nxt.items():
        if key == "default":
            continue
        parts = [p.strip() for p in key.split(",")]
        if len(parts) > 2 or not all(parts):
            raise StrategyFileError(
                source,
                _dotted(*where, "next", key),
                MISSING,
                "a condition is a rival action or role, or a pair 'OWN,RIVAL'",
            )
        own, rival = (None, parts[0]) if len(parts) == 1 else (parts[0], parts[1])
        if (own, rival) in seen:
            raise StrategyFileError(
                source,
                _dotted(*where, "next", key),
                MISSING,
                f"repeats the condition {seen[(own, rival)]!r}",
            )
        seen[(own, rival)] = key
        rules.append(_Rule(key, own, rival, target(("next", key), value)))
    return _State(
        state,
        play,
        not isinstance(table["play"], str),
        tuple(rules),
        target(("next", "default"), nxt["default"]),
    )


def _parse_play(
    source: str, where: tuple[str, ...], value: Any
) -> tuple[tuple[str, Fraction], ...]:
    key = _dotted(*where, "play")
    if isinstance(value, str):
        return ((value, Fraction(1)),)
    if not isinstance(value, dict) or not value:
        raise StrategyFileError(
            source,
            key,
            value,
            "must be an action name, a role (cooperate, punish), "
            'or a table of probabilities such as { cooperate = "9/10", punish = "1/10" }',
        )
    probs = tuple(
        (word, _probability(source, f"{key}.{_dotted(word)}", p)) for word, p in value.items()
    )
    total = sum((p for _, p in probs), Fraction(0))
    if total != 1:
        raise StrategyFileError(
            source, key, MISSING, f"probabilities must add up to 1; they add up to {total}"
        )
    return probs


def _probability(source: str, key: str, value: Any) -> Fraction:
    if isinstance(value, float) and not math.isfinite(value):
        raise StrategyFileError(source, key, value, "must be a finite probability")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        number = None
    else:
        number = parse_fraction(value) if isinstance(value, str) else to_fraction(value)
    if number is None:
        raise StrategyFileError(source, key, value, 'must be a probability such as "1/3" or "0.25"')
    if not 0 <= number <= 1:
        raise StrategyFileError(source, key, value, "must be a probability in [0, 1]")
    return number


def _word(
    source: str, key: str, word: str, names: tuple[str, ...], roles: Mapping[str, int], whose: str
) -> int:
    """The action that ``word`` names: an action name first, then a role."""
    if word in names:
        return names.index(word)
    if word in roles:
        return roles[word]
    raise StrategyFileError(
        source,
        key,
        word,
        f"{whose} has no action {word!r}{did_you_mean(word, (*names, *roles))}; allowed: "
        f"{', '.join(names)} (actions), {', '.join(roles)} (roles)",
    )


def _bind(spec: _Spec, side: Side) -> Automaton:
    """The automaton of ``spec`` for ``side``; unknown action names are errors."""
    play_roles = {"cooperate": side.cooperate, "punish": side.punish_action}
    output = []
    for state in spec.states:
        key = _dotted("states", state.name, "play")
        weights = []
        for word, p in state.play:
            where = f"{key}.{_dotted(word)}" if state.play_table else key
            action = _word(spec.source, where, word, side.own_actions, play_roles, "this player")
            weights.append((action, p))
        output.append(mix(side.n_own, weights))
    return Automaton(
        name=spec.name,
        states=tuple(s.name for s in spec.states),
        output=tuple(output),
        transition=tuple(_transitions(spec.source, state, side) for state in spec.states),
        start=spec.start,
    )


# A condition is an action index, or a role: the path action, or any other action.
_COOPERATE, _DEVIATE = -1, -2
_CONDITION_ROLES = {"cooperate": _COOPERATE, "deviate": _DEVIATE}


def _matches(condition: int | None, action: int, path: int) -> bool:
    if condition is None:  # a single key says nothing about the own action
        return True
    if condition == _COOPERATE:
        return action == path
    if condition == _DEVIATE:
        return action != path
    return action == condition


def _transitions(source: str, state: _State, side: Side) -> tuple[tuple[int, ...], ...]:
    """The state's transition table; the most specific matching condition wins."""
    ranked: list[tuple[tuple[bool, bool, bool], int | None, int, int]] = []
    for rule in state.rules:
        key = _dotted("states", state.name, "next", rule.key)
        rival = _word(source, key, rule.rival, side.other_actions, _CONDITION_ROLES, "the rival")
        own = (
            None
            if rule.own is None
            else _word(source, key, rule.own, side.own_actions, _CONDITION_ROLES, "this player")
        )
        # pairs first, then a rival action name, then an own action name
        rank = (own is not None, rival >= 0, own is not None and own >= 0)
        ranked.append((rank, own, rival, rule.target))
    ranked.sort(key=lambda r: r[0], reverse=True)

    def move(i: int, j: int) -> int:
        for _, own, rival, target in ranked:
            if _matches(rival, j, side.other_cooperate) and _matches(own, i, side.cooperate):
                return target
        return state.default

    return tuple(tuple(move(i, j) for j in range(side.n_other)) for i in range(side.n_own))
