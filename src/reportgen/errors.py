"""The one exception family reportgen raises for problems in a user's project."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


PARTIAL_DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


def not_a_date(value: object, why: str = "", partial: bool = False) -> str:
    """The one wording of a date that does not read, wherever it is written (a YAML
    field, a date in a bibliography, a CSV cell): "'2025-13' is not a date (write ...)"."""
    forms = PARTIAL_DATE_FORMS if partial else "YYYY-MM-DD"
    return f"{value!r} is not a date{': ' + why if why else ''} (write {forms})"


def display_path(path: Path | str | None) -> str:
    """Show a path relative to the current directory when it lies below it."""
    if path is None:
        return "<unknown>"
    path = Path(path)
    try:
        return os.path.relpath(path) if path.is_absolute() and _below_cwd(path) else str(path)
    except ValueError:  # different drive on Windows
        return str(path)


def _below_cwd(path: Path) -> bool:
    try:
        path.relative_to(Path.cwd())
    except ValueError:
        return False
    return True


# Characters that would break a message's line or move the terminal's cursor: a value
# quoted from a file or the command line shows them escaped (a carriage return as \r).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


def printable(text: str) -> str:
    """`text` with control characters (but for line breaks and tabs) written as escapes."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding: an error or a warning about a user's file."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    hint: str = ""  # the fix; lines after the first are corrected lines, shown indented
    note: str = ""  # what else is known, e.g. how many errors wait on this one's fix

    def format(self) -> str:
        """Render as `path:line:col: severity: message` (with hint and note lines if any)."""
        where = display_path(self.path) if self.path else "reportgen"
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        text = f"{printable(where)}: {self.severity}: {printable(self.message)}"
        if self.hint:
            text += f"\n  hint: {printable(self.hint)}"
        if self.note:
            text += f"\n  note: {printable(self.note)}"
        return text


class ReportgenError(Exception):
    """A problem in the user's project (data, templates, config): exit code 1."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int = 0,
        col: int = 0,
        hint: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.col = col
        self.hint = hint

    @classmethod
    def from_problem(cls, problem: Problem) -> ReportgenError:
        """The error that reports one located finding."""
        return cls(problem.message, problem.path or None, problem.line, problem.col, problem.hint)

    @property
    def problems(self) -> list[Problem]:
        """The located findings this error carries."""
        return [Problem(self.path or "", self.line, self.col, "error", self.message, self.hint)]

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled whole (path, line, hint, problems), so an error raised in a render
        # worker reaches the main process as itself.
        return (_rebuild, (type(self), dict(self.__dict__)))


def _rebuild(cls: type[ReportgenError], state: dict[str, object]) -> ReportgenError:
    """Unpickle a ReportgenError (or subclass) from its attributes."""
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class ValidationFailed(ReportgenError):
    """Validation found errors; carries every finding, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        problems = sorted(set(problems))  # once each, though two outputs share a template
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) found")
        self._problems = problems

    @property
    def problems(self) -> list[Problem]:
        return self._problems


class UsageError(ReportgenError):
    """The command was called wrongly (bad option value, no project): exit code 2."""


class InternalError(RuntimeError):
    """A bug in reportgen, not a problem in the project: exit code 3."""
