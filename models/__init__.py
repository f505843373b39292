"""Bundled model files (TOML data, never executed), installed as ``tradegame._bundled``."""
