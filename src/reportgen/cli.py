"""The `reportgen` command: each sub-command parses its arguments and calls one library function."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .cli_common import echo, project_argument
from .cli_data import table
from .cli_diff import diff
from .cli_setup import doctor, schema
from .cli_sources import sources
from .cli_templates import templates
from .errors import ReportgenError, UsageError, ValidationFailed, display_path
from .exiting import finish, stopped_code, watch_sigterm
from .ui import report

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

sandbox_option = click.option(
    "--sandbox", is_flag=True, help="Render templates in Jinja's sandbox (untrusted templates)."
)


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """--version: the version and, for a development build, its commit (git is asked
    only here, so no other command pays for it)."""
    if not value or ctx.resilient_parsing:
        return
    from .buildinfo import version_text

    click.echo(f"reportgen, version {version_text(__version__)}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--debug", is_flag=True, help="Show Python tracebacks for every error (allowed anywhere)."
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=show_version,
    help="Show the version (and a development build's commit) and exit.",
)
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
    help="Override an output option or a parameter, e.g. --set draft=true "
    "--set params.region=South.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Render workers (default: one per core).",
)
@click.option("--force", is_flag=True, help="Rebuild outputs even if they are up to date.")
@click.option("--shard", metavar="I/N", help="Build only the I-th of N slices of the outputs.")
def build(
    project: Path,
    out_dir: Path | None,
    formats: tuple[str, ...],
    only: tuple[str, ...],
    sandbox: bool,
    settings: tuple[str, ...],
    jobs: int | None,
    force: bool,
    shard: str | None,
) -> None:
    """Validate PROJECT (default: current folder), then build its outputs that changed."""
    from .builder import BuildOptions, build_project
    from .builder.options import parse_settings, parse_shard
    from .ui import Progress, summary

    options = BuildOptions(
        out_dir=out_dir,
        formats=formats,
        only=only,
        settings=parse_settings(settings),
        jobs=jobs,
        force=force,
        shard=parse_shard(shard),
        sandbox=sandbox,
    )
    progress = Progress()
    try:
        result = build_project(project, options, progress)
    finally:
        progress.close()
    report(result.problems)
    for warning in result.warnings:
        echo(warning if ": warning: " in warning else f"warning: {warning}")
    summary(result)


@cli.command()
@project_argument
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings as errors; check quoted terms of one or two words too.",
)
@sandbox_option
def validate(project: Path, strict: bool, sandbox: bool) -> None:
    """Check PROJECT's config, data and templates without building anything."""
    from .render import validate_project

    loaded = validate_project(project, sandbox=sandbox, strict=strict)
    report(loaded.warnings)
    count = len(loaded.warnings)
    echo(f"{display_path(loaded.config_path)}: 0 errors, {count} warning(s)")
    if loaded.quotations.checked or loaded.quotations.unchecked:
        echo(f"{display_path(loaded.config_path)}: {loaded.quotations.summary()}")
    if strict and count:
        raise ReportgenError(f"{count} warning(s) with --strict")


@cli.command()
@project_argument
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on localhost (0 picks a free one).",
)
@click.option(
    "--output", "output", metavar="NAME", help="The output to preview (default: the first)."
)
def serve(project: Path, port: int, output: str | None) -> None:
    """Preview PROJECT's HTML on localhost, rebuilding and reloading on every change."""
    from .serve import serve as run_server

    try:
        run_server(project, port=port, output=output)
    except KeyboardInterrupt:
        echo("stopped")


@cli.group(name="manifest")
def manifest_group() -> None:
    """Work with build manifests (build/manifest.json)."""


@manifest_group.command("merge")
@click.argument("manifests", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Where to write the merged manifest.",
)
def manifest_merge(manifests: tuple[Path, ...], out: Path) -> None:
    """Merge the manifests of several shards into one."""
    from .builder.manifest import merge_files

    count = merge_files(manifests, out)
    echo(f"wrote {display_path(out)} ({count} outputs)")


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", default="Untitled brief", show_default=True, help="The brief's title.")
def init(folder: Path, title: str) -> None:
    """Make a new project in FOLDER that validates and builds as it is."""
    from .scaffold import init_project

    config = init_project(folder, title)
    echo(f"created {display_path(config)}; next: reportgen build {display_path(folder)}")


cli.add_command(diff)
cli.add_command(doctor)
cli.add_command(schema)
cli.add_command(sources)
cli.add_command(table)
cli.add_command(templates)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code: 0 ok, 1 a problem in the project, 2 usage."""
    args = list(sys.argv[1:] if argv is None else argv)
    # --debug is accepted anywhere before a '--' (the error messages say "run again with
    # --debug", which a user adds at the end): moved to the front, where the group reads it.
    end = args.index("--") if "--" in args else len(args)
    debug = "--debug" in args[:end]
    if debug:
        args = ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]
    try:
        code = cli.main(args=args, prog_name="reportgen", standalone_mode=False)
        if isinstance(code, int) and code:  # a command ended with ctx.exit(code)
            return code
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort as exc:  # click's form of KeyboardInterrupt (and EOF)
        return _stopped(exc.__cause__ or exc.__context__)
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
    except KeyboardInterrupt as exc:
        return _stopped(exc)
    except Exception as exc:
        if debug:
            raise
        if isinstance(exc, OSError) and "cannot load library" in str(exc):  # cffi's words
            echo(f"reportgen: error: {exc}")
            echo("  hint: WeasyPrint lacks a library: `reportgen doctor` says how to install it")
            return EXIT_PROBLEM
        echo(f"reportgen: internal error: {type(exc).__name__}: {exc}")
        echo(
            "This is a bug in reportgen, not in your project. "
            "Run again with --debug for the traceback and report it."
        )
        return EXIT_INTERNAL
    return EXIT_OK


def _stopped(cause: BaseException | None) -> int:
    """The exit code of a command stopped by Ctrl-C, SIGTERM or the end of its input."""
    code = stopped_code(cause)
    echo({130: "interrupted", 143: "terminated"}.get(code, "aborted"))
    return code


def run() -> None:
    """The console entry point: run the command, then end the process (see exiting.finish)."""
    watch_sigterm()
    finish(main())
