"""Progress and summaries on stderr: a rich progress bar on a terminal, plain lines in CI."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from .errors import Problem, display_path

if TYPE_CHECKING:
    from .builder import BuildResult, OutputReport


def interactive() -> bool:
    """A person at a terminal (not CI, not piped)."""
    return sys.stderr.isatty() and not os.environ.get("CI")


class Progress:
    """Shows each output as it is built or skipped."""

    def __init__(self, total: int | None = None) -> None:
        self.bar: Any = None
        if interactive():
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
            from rich.progress import Progress as Bar

            self.bar = Bar(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
            )
            self.task = self.bar.add_task("building", total=total)
            self.bar.start()

    def __call__(self, event: OutputReport) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"{event.name}: {event.status}")
            return
        timing = f" in {event.seconds:.2f} s" if event.seconds else ""
        print(f"{event.name}: {event.status}{timing}", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def summary(result: BuildResult) -> None:
    """The files written, then a count; a table on a terminal."""
    if interactive() and result.files:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=None, box=None, pad_edge=False)
        for heading in ("file", "size", "pages"):
            table.add_column(heading, justify="left" if heading == "file" else "right")
        for file in result.files:
            table.add_row(
                display_path(file.path), f"{file.size / 1024:.0f} KB", str(file.pages or "")
            )
        Console(stderr=True).print(table)
    else:
        for file in result.files:
            pages = f", {file.pages} pages" if file.pages else ""
            print(
                f"wrote {display_path(file.path)} ({file.size / 1024:.0f} KB{pages})",
                file=sys.stderr,
            )
    built = len({f.path.stem for f in result.files})
    print(f"{built} output(s) built, {len(result.skipped)} up to date", file=sys.stderr)
    if result.quotations:
        print(result.quotations, file=sys.stderr)
    for note in result.withheld:
        print(note, file=sys.stderr)


def report(problems: list[Problem]) -> None:
    """Print findings in `path:line:col: severity: message` form (and as GitHub annotations)."""
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem.format(), file=sys.stderr)
        if github:
            print(annotation(problem), flush=True)


def annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that marks the problem on its file and line."""
    where = f"file={display_path(problem.path)}" if problem.path else ""
    if problem.line:
        where += f",line={problem.line},col={problem.col or 1}"
    message = problem.message + "".join(
        f" ({text})" for text in (problem.hint, problem.note) if text
    )
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{problem.severity} {where}::{message}"
