"""`reportgen table`: a named (or derived) table as CSV, to see what data steps made."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click


@click.command()
@click.argument("name")
@click.argument("project", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--output", metavar="NAME", help="With this output's parameter values.")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="params.NAME=VALUE",
    help="A parameter's value (default: its default).",
)
def table(name: str, project: Path, output: str | None, settings: tuple[str, ...]) -> None:
    """Print the table NAME of PROJECT's `tables` (or a data file) as CSV."""
    from .builder.options import parse_settings
    from .errors import UsageError
    from .validate.export import named_table

    values = parse_settings(settings)
    wrong = [k for k in values if not k.startswith("params.")]
    if wrong:
        raise UsageError(f"--set {wrong[0]}: only parameters (params.NAME) apply to a table")
    params = {k.removeprefix("params."): v for k, v in values.items()}
    found = named_table(project, name, params, output)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(found.columns)
    writer.writerows([row[c] for c in found.columns] for row in found.rows)
