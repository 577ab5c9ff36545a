"""`reportgen templates`: list the templates a project can use, or copy a built-in one in."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import echo, project_argument
from .errors import display_path


@click.group()
def templates() -> None:
    """List the templates a project can use, or copy a built-in one in to edit."""


@templates.command("list")
@project_argument
def templates_list(project: Path) -> None:
    """Show every template name and where PROJECT takes it from."""
    from .render import list_templates
    from .validate import load_project

    loaded = load_project(project)
    found = list_templates(loaded.resolve(loaded.config.templates_dir), loaded.config.theme)
    width = max(len(t.name) for t in found)
    for info in found:
        note = f"  (overrides {', '.join(info.overrides)})" if info.overrides else ""
        click.echo(f"{info.name:<{width}}  {info.origin}{note}")


@templates.command("eject")
@click.argument("name")
@project_argument
def templates_eject(name: str, project: Path) -> None:
    """Copy the built-in template NAME into PROJECT's templates folder for editing."""
    from .scaffold import eject_template

    echo(f"copied {name} to {display_path(eject_template(project, name))}")
