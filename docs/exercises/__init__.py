"""Classroom exercise files (TOML data, never executed), installed as ``tradegame._exercises``."""
