"""Build model files for tests: player sections, coercion models, a tiny TOML writer."""

from __future__ import annotations

from typing import Any


def player(**overrides: Any) -> dict[str, Any]:
    """A player section whose harm is exactly its criticality (V = D = 1, x = 1)."""
    section: dict[str, Any] = {
        "ladder": {"open": 0, "restrict": 1},
        "consumption": 1,
        "dependence": 1,
        "criticality": 0,
        "substitution_premium": 0,
        "substitution_time": 1,
        "stockpile": 0,
        "margin": 0,
        "reputation_cost": 0,
        "concession_rate": 0,
        "spiral_cost": 0,
        "domestic_gain": 0,
        "discount": 0.9,
    }
    section.update(overrides)
    return section


def coercion_data(row: dict[str, Any], col: dict[str, Any]) -> dict[str, Any]:
    """A coercion model's data with players 'a' (row) and 'b' (column)."""
    return {"kind": "coercion", "unit": "$bn", "period": 1, "players": {"a": row, "b": col}}


def toml_text(data: dict[str, Any]) -> str:
    """A tiny TOML writer for test files (tables of scalars, one level of nesting)."""
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []

    def scalar(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, dict):
            return "{ " + ", ".join(f'"{k}" = {scalar(x)}' for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(scalar(x) for x in v) + "]"
        if isinstance(v, float) and v != v:
            return "nan"
        if isinstance(v, float) and v in (float("inf"), float("-inf")):
            return "inf" if v > 0 else "-inf"
        return repr(v)

    def walk(prefix: str, table: dict[str, Any]) -> None:
        for key, value in table.items():
            if (
                isinstance(value, dict)
                and key not in ("ladder",)
                and all(isinstance(v, dict) for v in value.values())
                and value
            ):
                for sub, inner in value.items():
                    tables.append((f"{prefix}{key}.{sub}", inner))
            elif isinstance(value, dict) and key in ("sources", "params"):
                tables.append((f"{prefix}{key}", value))
            else:
                lines.append(
                    f'"{key}" = {scalar(value)}' if "." in key else f"{key} = {scalar(value)}"
                )

    walk("", data)
    for name, table in tables:
        lines.append(f"\n[{name}]")
        for key, value in table.items():
            lines.append(f'"{key}" = {scalar(value)}')
    return "\n".join(lines) + "\n"
