"""`reportgen sources`: lock the snapshots of a project's sources, and check its quotations."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import project_argument
from .errors import ValidationFailed, display_path


@click.group()
def sources() -> None:
    """Snapshots of the sources, and the quotations checked against them."""


@sources.command("lock")
@project_argument
def sources_lock(project: Path) -> None:
    """Record the sha256 of each source's snapshot (in sources.yaml, or sources.lock)."""
    from .snapshots import describe, lock_sources

    click.echo(describe(lock_sources(project)), err=True)


@sources.command("check")
@project_argument
@click.option(
    "--strict",
    is_flag=True,
    help="Check quoted terms of one or two words too; a quotation no snapshot checks is an error.",
)
def sources_check(project: Path, strict: bool) -> None:
    """Validate PROJECT and list the quotations no snapshot could check."""
    from .snapshots import unlocked
    from .ui import report
    from .validate import load_project

    loaded = load_project(project, strict=strict)
    unchecked = loaded.quotations.unchecked_at
    if strict and unchecked:
        raise ValidationFailed([*unchecked, *loaded.warnings])
    report(loaded.warnings)
    for problem in unchecked:
        where = f"{display_path(problem.path)}:{problem.line}:{problem.col}"
        click.echo(f"{where}: note: {problem.message}", err=True)
    for line in unlocked(loaded):
        click.echo(f"{display_path(loaded.config_path)}: note: {line}", err=True)
    click.echo(f"{display_path(loaded.config_path)}: {loaded.quotations.summary()}", err=True)
