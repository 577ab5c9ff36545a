"""What the `reportgen` sub-commands share: the PROJECT argument and messages to stderr."""

from __future__ import annotations

from pathlib import Path

import click

project_argument = click.argument(
    "project", required=False, default=".", type=click.Path(path_type=Path)
)


def echo(message: str) -> None:
    """Print a message for the user on stderr (stdout stays for what a command outputs)."""
    click.echo(message, err=True)
