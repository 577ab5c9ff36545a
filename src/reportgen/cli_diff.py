"""`reportgen diff OLD [NEW]`: what changed between two editions of a brief."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .exiting import EXIT_PROBLEM


@click.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--project",
    "project",
    type=click.Path(path_type=Path),
    default=".",
    show_default=True,
    help="The project whose git revisions OLD and NEW name (and whose files are NEW by default).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text (coloured on a terminal), json (docs/editions.md) or markdown (a PR comment).",
)
@click.option(
    "--exit-code", is_flag=True, help="Exit 1 when the editions differ, 0 when they do not."
)
def diff(old: str, new: str | None, project: Path, fmt: str, exit_code: bool) -> None:
    """Show what changed from edition OLD to NEW: sections, key judgments and key points,
    figures, sources, marking, date and edition.

    OLD and NEW are project folders or git revisions of the project (a tag, branch or
    commit, read without a checkout); without NEW, OLD is compared with the project as it
    is on disk: `reportgen diff v1`, `reportgen diff v1 HEAD`, `reportgen diff old/ .`.
    """
    from rich.console import Console

    from .editions import diff_editions
    from .editions.report import render

    result = diff_editions(old, new, project)
    console = Console()
    color = fmt == "text" and console.is_terminal and bool(console.color_system)
    color = color and not console.no_color  # NO_COLOR
    sys.stdout.write(render(result, fmt, color=color))
    sys.stdout.flush()
    if exit_code and result.changed:
        raise click.exceptions.Exit(EXIT_PROBLEM)
