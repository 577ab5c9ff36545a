"""The commands that set up a machine or an editor for reportgen: `doctor` and `schema`."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import display_path


@click.command()
@click.argument("project", required=False, default=".", type=click.Path(path_type=Path))
@click.option(
    "--strict", is_flag=True, help="Fail on a warning too (a missing HarfBuzz subsetter)."
)
def doctor(project: Path, strict: bool) -> None:
    """Check this machine can build PROJECT: Python, Pango, HarfBuzz, fonts, WeasyPrint."""
    from .doctor import doctor as run_doctor

    run_doctor(project, click.echo, strict)


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="The folder to write the schemas into.",
)
def schema(out_dir: Path) -> None:
    """Write JSON Schemas of reportgen.yaml, section files and the bibliography for editors."""
    from .schema import write_schemas

    for path in write_schemas(out_dir):
        click.echo(f"wrote {display_path(path)}", err=True)
