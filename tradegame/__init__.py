"""tradegame: economic coercion as a game, solved exactly.

Chips-versus-minerals retaliation (US chip export controls against Chinese
rare-earth export controls) as parameterised stage and repeated games.

The public names are listed in ``__all__``. They are imported lazily, so that
``import tradegame`` stays fast and loads neither sympy nor matplotlib nor
scipy until a solver or a figure needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "Game": "tradegame.game",
    "Model": "tradegame.model.model",
    "ModelError": "tradegame.model.spec",
    "list_models": "tradegame.model.load",
    "load_model": "tradegame.model.load",
    "Equilibrium": "tradegame.solvers.stage",
    "equilibria": "tradegame.solvers.stage",
    "pure_equilibria": "tradegame.solvers.stage",
    "minmax": "tradegame.solvers.minmax",
    "dominance": "tradegame.solvers.dominance",
    "is_equilibrium": "tradegame.solvers.stage",
    "lemke_howson": "tradegame.solvers.lemke_howson",
    "lemke_howson_all": "tradegame.solvers.lemke_howson",
    "classify": "tradegame.solvers.classify",
    "RepeatedGame": "tradegame.solvers.repeated",
    "Strategy": "tradegame.solvers.strategies",
    "Automaton": "tradegame.solvers.strategies",
    "strategies": "tradegame.solvers.strategies",
    "strategy": "tradegame.solvers.strategies",
    "tournament": "tradegame.solvers.tournament",
    "nash_bargaining": "tradegame.solvers.bargaining",
    "rubinstein": "tradegame.solvers.rubinstein",
    "chain_store": "tradegame.solvers.reputation",
    "reputation_bound": "tradegame.solvers.commitment",
    "markov_perfect": "tradegame.solvers.markov",
    "backward_induction": "tradegame.solvers.markov",
    "simulate_path": "tradegame.solvers.paths",
    "leverage_regions": "tradegame.solvers.regions",
    "play_dynamic": "tradegame.solvers.dynamic_play",
    "split_path": "tradegame.solvers.bargaining",
    "sweep": "tradegame.sweeps",
}

__all__ = [
    "Automaton",
    "Equilibrium",
    "Game",
    "Model",
    "ModelError",
    "RepeatedGame",
    "Strategy",
    "__version__",
    "backward_induction",
    "chain_store",
    "classify",
    "dominance",
    "equilibria",
    "is_equilibrium",
    "lemke_howson",
    "lemke_howson_all",
    "leverage_regions",
    "list_models",
    "load_model",
    "markov_perfect",
    "minmax",
    "nash_bargaining",
    "play_dynamic",
    "pure_equilibria",
    "reputation_bound",
    "rubinstein",
    "simulate_path",
    "split_path",
    "strategies",
    "strategy",
    "sweep",
    "tournament",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from tradegame.game import Game
    from tradegame.model.load import list_models, load_model
    from tradegame.model.model import Model
    from tradegame.model.spec import ModelError
    from tradegame.solvers.bargaining import nash_bargaining, split_path
    from tradegame.solvers.classify import classify
    from tradegame.solvers.commitment import reputation_bound
    from tradegame.solvers.dominance import dominance
    from tradegame.solvers.dynamic_play import play_dynamic
    from tradegame.solvers.lemke_howson import lemke_howson, lemke_howson_all
    from tradegame.solvers.markov import backward_induction, markov_perfect
    from tradegame.solvers.minmax import minmax
    from tradegame.solvers.paths import simulate_path
    from tradegame.solvers.regions import leverage_regions
    from tradegame.solvers.repeated import RepeatedGame
    from tradegame.solvers.reputation import chain_store
    from tradegame.solvers.rubinstein import rubinstein
    from tradegame.solvers.stage import Equilibrium, equilibria, is_equilibrium, pure_equilibria
    from tradegame.solvers.strategies import Automaton, Strategy, strategies, strategy
    from tradegame.solvers.tournament import tournament
    from tradegame.sweeps import sweep


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tradegame' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
