"""The `reportgen` command: each sub-command parses its arguments and calls one library function."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import Problem, ReportgenError, UsageError, ValidationFailed, display_path

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

sandbox_option = click.option(
    "--sandbox", is_flag=True, help="Render templates in Jinja's sandbox (untrusted templates)."
)
project_argument = click.argument(
    "project", required=False, default=".", type=click.Path(path_type=Path)
)


def echo(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for every error.")
@click.version_option(__version__, prog_name="reportgen")
def cli(debug: bool) -> None:
    """Build briefing documents (HTML and PDF) from data and templates."""


@cli.command()
@project_argument
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Write outputs here instead of the project's build folder.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["html", "pdf"]),
    multiple=True,
    help="Only write this format (repeatable). Default: each output's formats.",
)
@click.option("--only", multiple=True, metavar="NAME", help="Only build this output (repeatable).")
@sandbox_option
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override an output option, e.g. --set draft=true --set pdf_variant=pdf/ua-1.",
)
def build(
    project: Path,
    out_dir: Path | None,
    formats: tuple[str, ...],
    only: tuple[str, ...],
    sandbox: bool,
    settings: tuple[str, ...],
) -> None:
    """Validate PROJECT (default: current folder), then build its outputs."""
    from .pipeline import build as run_build
    from .validate import load_project

    loaded = load_project(project)
    if sandbox:
        loaded = loaded.with_config(sandbox=True)
    report(loaded.warnings)
    result = run_build(
        loaded,
        out_dir=out_dir,
        formats=formats or None,
        only=only or None,
        settings=parse_settings(settings),
    )
    for warning in result.warnings:
        echo(f"warning: {warning}")
    for file in result.files:
        pages = f", {file.pages} pages" if file.pages else ""
        echo(f"wrote {display_path(file.path)} ({file.size / 1024:.0f} KB{pages})")


@cli.command()
@project_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@sandbox_option
def validate(project: Path, strict: bool, sandbox: bool) -> None:
    """Check PROJECT's config, data and templates without building anything."""
    from .validate import validate_project

    loaded = validate_project(project, sandbox=sandbox)
    report(loaded.warnings)
    count = len(loaded.warnings)
    echo(f"{display_path(loaded.config_path)}: 0 errors, {count} warning(s)")
    if strict and count:
        raise ReportgenError(f"{count} warning(s) with --strict")


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", default="Untitled brief", show_default=True, help="The brief's title.")
def init(folder: Path, title: str) -> None:
    """Make a new project in FOLDER that validates and builds as it is."""
    from .scaffold import init_project

    config = init_project(folder, title)
    echo(f"created {display_path(config)}; next: reportgen build {display_path(folder)}")


@cli.group()
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


def parse_settings(pairs: tuple[str, ...]) -> dict[str, str]:
    """`KEY=VALUE` options as a mapping; a pair without '=' is a usage error."""
    settings = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--set")
        settings[key.strip()] = value
    return settings


def report(problems: list[Problem]) -> None:
    """Print findings in `path:line:col: severity: message` form."""
    for problem in problems:
        echo(problem.format())


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code: 0 ok, 1 a problem in the project, 2 usage."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="reportgen", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        echo("aborted")
        return EXIT_PROBLEM
    except click.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except ReportgenError as exc:
        if debug:
            raise
        report(exc.problems)
        if isinstance(exc, ValidationFailed):
            errors = sum(p.severity == "error" for p in exc.problems)
            echo(f"{errors} error(s), {len(exc.problems) - errors} warning(s)")
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_PROBLEM
    except KeyboardInterrupt:
        echo("interrupted")
        return 130
    except Exception as exc:
        if debug:
            raise
        echo(f"reportgen: internal error: {type(exc).__name__}: {exc}")
        echo(
            "This is a bug in reportgen, not in your project. "
            "Run again with --debug for the traceback and report it."
        )
        return EXIT_INTERNAL
    return EXIT_OK
