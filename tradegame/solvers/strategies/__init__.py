"""Repeated-game strategies: automata, the named library, and user-defined strategies."""
