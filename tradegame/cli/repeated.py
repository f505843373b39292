"""Repeated-game commands: ``strategies``, ``match``, ``tournament`` and ``repeated``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from tradegame.cli.common import (
    command_line,
    count_option_value,
    exact_number,
    format_option,
    load,
    parse_path,
    path_option,
    reports_errors,
    set_option,
    stamp,
)

__all__ = [
    "MAX_TURNS",
    "MIN_DELTA",
    "match_command",
    "repeated_command",
    "strategies_command",
    "strategy_files",
    "strategy_stamp",
    "tournament_command",
]


#: The most periods a finite match may have (``--turns`` of match, tournament and evolve).
#: Expected payoffs are exact fractions whose size grows with the turns, so with noise or
#: a randomising strategy the work grows with the square of the turns: a noisy round robin
#: of every named strategy takes about a minute at 10,000 turns, and so over an hour at
#: 100,000. The bound is 50 times the tournament's default of 200.
MAX_TURNS = 10_000
#: The smallest discount factor ``--delta`` takes, as for a model's ``discount``: below it,
#: payoffs divided by the discount factor overflow and the subgame-perfect set comes out empty.
MIN_DELTA = 1e-15


def _delta_option(command: Any) -> Any:
    return click.option(
        "--delta",
        default=None,
        metavar="D or DR,DC",
        help=f"Discount factor(s) in (0, 1), at least {MIN_DELTA:g}, overriding the model's: "
        "one for both, or ROW,COL.",
    )(command)


def parse_delta(text: str | None, model: Any) -> tuple[Any, Any] | None:
    """``--delta`` as a pair of numbers, else the model's own discount factors (or None)."""
    if text is None:
        own: tuple[Any, Any] | None = model.discounts()
        return own
    parts = [p.strip() for p in text.split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) not in (1, 2) or not all(MIN_DELTA <= v < 1 for v in values):
        raise ValueError(
            f"--delta {text!r}: expected a discount factor in (0, 1) and at least "
            f"{MIN_DELTA:g}, or two as ROW,COL"
        )
    return (values[0], values[-1])


def strategy_files(specs: Iterable[str]) -> list[tuple[str, Path]]:
    """The strategy arguments that are files (``.toml``, as ``resolve`` reads them), in order."""
    return [("strategy", Path(s.strip())) for s in specs if s.strip().lower().endswith(".toml")]


def strategy_stamp(
    models: Sequence[Any],
    specs: Iterable[str],
    output: str = "stdout",
    digest: str | None = None,
) -> dict[str, Any]:
    """The running command's stamp, with the strategy files among ``specs`` hashed in it."""
    from tradegame.report.provenance import build_stamp

    return build_stamp(
        command_line(), models, output=output, digest=digest, files=strategy_files(specs)
    )


@click.command("strategies")
@format_option(("text", "json", "markdown"))
@reports_errors
def strategies_command(style: str) -> None:
    """List the named strategies, with their parameters, criterion and reference."""
    from tradegame.report.repeated import render_strategies
    from tradegame.solvers.strategies import strategies, strategy

    click.echo(render_strategies([strategy(n) for n in strategies()], style), nl=False)


@click.command("match")
@click.argument("model")
@click.argument("row_strategy", metavar="S1")
@click.argument("col_strategy", metavar="S2")
@set_option
@format_option(("text", "json", "markdown"))
@click.option(
    "--turns",
    type=int,
    default=None,
    help=f"Periods to play (totals), 1 to {MAX_TURNS}; default: ∞.",
)
@click.option("--noise", default="0", help="Probability that an intended action is replaced.")
@_delta_option
@reports_errors
def match_command(
    model: str,
    row_strategy: str,
    col_strategy: str,
    overrides: tuple[str, ...],
    style: str,
    turns: int | None,
    noise: str,
    delta: str | None,
) -> None:
    """Play S1 (row player) against S2 (column player) on MODEL, exactly.

    Without --turns the match is infinite and payoffs are normalised and
    discounted at the model's discount factors (or --delta). S1 and S2 are
    names from `tradegame strategies`, labels such as truce(punish=4), or
    paths to .toml strategy files. JSON output carries a provenance stamp
    (with the sha256 of each strategy file) for `tradegame reproduce`.
    """
    from tradegame.report.repeated import render_match
    from tradegame.solvers.play import play

    if turns is not None:
        count_option_value("--turns", turns, 1, MAX_TURNS)
    probability = _probability(noise)
    m = load(model, overrides)
    deltas = parse_delta(delta, m)
    if turns is None and deltas is None:
        raise ValueError(
            f"{m.name} has no discount factors: give --turns N for totals, or --delta D"
        )
    outcome = play(
        m.game(), row_strategy, col_strategy, delta=deltas, turns=turns, noise=probability
    )
    stamped = strategy_stamp([m], (row_strategy, col_strategy))
    click.echo(render_match(m, outcome, style, stamped), nl=False)


@click.command("tournament")
@click.argument("model")
@set_option
@format_option(("text", "json", "markdown"))
@click.option(
    "--strategies",
    "names",
    default=None,
    metavar="S1,S2,...",
    help="Strategies to enter, comma-separated (default: every named strategy).",
)
@click.option(
    "--turns",
    type=int,
    default=200,
    show_default=True,
    help=f"Periods per match, 1 to {MAX_TURNS}.",
)
@click.option("--noise", default="0", help="Probability that an intended action is replaced.")
@reports_errors
def tournament_command(
    model: str, overrides: tuple[str, ...], style: str, names: str | None, turns: int, noise: str
) -> None:
    """A round-robin tournament of strategies on MODEL, with exact expected scores.

    JSON output carries a provenance stamp (with the sha256 of each strategy
    file) for `tradegame reproduce`.
    """
    from tradegame.report.repeated import render_tournament
    from tradegame.solvers.strategies import strategies
    from tradegame.solvers.tournament import tournament

    count_option_value("--turns", turns, 1, MAX_TURNS)
    probability = _probability(noise)
    m = load(model, overrides)
    entries = strategies() if names is None else _split(names)
    table = tournament(m.game(), entries, turns=turns, noise=probability)
    click.echo(render_tournament(m, table, style, strategy_stamp([m], entries)), nl=False)


def _split(names: str) -> list[str]:
    # commas inside a label's parentheses belong to it: truce(punish=4),grim
    out, depth, current = [], 0, ""
    for char in names:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            out.append(current.strip())
            current = ""
        else:
            current += char
    out.append(current.strip())
    if not all(out):
        raise ValueError(f"--strategies {names!r}: expected names separated by commas")
    return out


def _probability(text: str) -> Any:
    """``--noise`` as an exact fraction in [0, 1); ValueError otherwise (never slow)."""
    value = exact_number(text)
    if value is None or not 0 <= value < 1:
        raise ValueError(
            f"--noise {text!r}: expected a probability in [0, 1), such as 0.05 or 1/20"
        )
    return value


@click.command("repeated")
@click.argument("model")
@set_option
@format_option(("text", "json", "markdown", "latex"))
@_delta_option
@path_option
@click.option(
    "--plot",
    "plot_path",
    default=None,
    metavar="FILE",
    help="Also draw the payoff space to FILE (.png, .svg or .pdf).",
)
@reports_errors
def repeated_command(
    model: str,
    overrides: tuple[str, ...],
    style: str,
    delta: str | None,
    path: str | None,
    plot_path: str | None,
) -> None:
    """The repeated game of MODEL: minmax, every strategy's threshold, the SPE payoff set.

    Discount factors are the model's, or --delta. The subgame-perfect payoff
    set needs a common discount factor.
    """
    from tradegame.analysis import analyse_repeated
    from tradegame.report.repeated import render_repeated

    m = load(model, overrides)
    result = analyse_repeated(m, parse_delta(delta, m), parse_path(path))
    if plot_path is not None:
        from tradegame.plot.payoff_space import plot_payoff_space
        from tradegame.plot.style import save
        from tradegame.report.numbers import fmt

        if result.deltas[0] != result.deltas[1]:
            raise ValueError(
                "--plot draws the subgame-perfect payoff set, which needs a common discount "
                "factor: give --delta D"
            )
        fig = plot_payoff_space(
            result.game,
            result.deltas[0],
            result.path,
            unit=m.unit,
            title=f"{m.name}: payoff space at δ = {fmt(result.deltas[0])}",
        )
        from tradegame.report.provenance import digest, stamp_text

        figure_stamp = stamp([m], output="--plot", digest=digest(result.to_dict()))
        save(
            fig,
            plot_path,
            metadata={"Title": f"tradegame repeated {m.name}"},
            stamp=stamp_text(figure_stamp),
        )
        click.echo(f"tradegame: wrote {plot_path}", err=True)
    click.echo(render_repeated(result, style, stamp([m])), nl=False)
