"""Figures (matplotlib). Imported only when a figure is asked for."""
