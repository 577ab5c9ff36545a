"""What an output's templates see of an earlier edition: its "What's new" box (`changes`,
from the output option `changes_since`) and its redline (`redline`, from `redline`, with
the brief's texts marked)."""

from __future__ import annotations

import re
from typing import Any

from ..editions.compare import compare
from ..editions.redline import Redline, redline
from ..editions.source import Edition, load_edition
from ..editions.whatsnew import unmarked, whats_new
from ..errors import ReportgenError, UsageError
from ..model import Project

THIS_EDITION = "this edition"


def edition_context(project: Project, output: str) -> tuple[Project, dict[str, Any]]:
    """The project as the output shows it (marked, for a redline) and the variables
    `changes` and `redline` (None when the output does not ask for them)."""
    config = project.config.outputs[output]
    sections = config.sections or [s.id for s in project.sections]
    changes = marked = None
    if config.changes_since:
        old = other_edition(project, "changes_since", config.changes_since)
        diff = compare(old.project, project, old.label, THIS_EDITION)
        changes = whats_new(diff, old.project, project, sections, output)
    if config.redline:
        old = other_edition(project, "redline", config.redline)
        diff = compare(old.project, project, old.label, THIS_EDITION)
        meta = old.project.meta
        marked = Redline(meta.date, meta.edition, old.label, unmarked(diff, output))
        project = redline(old.project, project)
    return project, {"changes": changes, "redline": marked}


def other_edition(project: Project, option: str, ref: str) -> Edition:
    """The edition an output option names, read relative to the project; a reference that
    names nothing is an error at the option's line in reportgen.yaml."""
    try:
        return load_edition(ref, project.root, base=project.root)
    except UsageError as exc:
        line = _line_of(project, option)
        raise ReportgenError(
            f"{option}: {exc.message}", project.config_path if line else None, line, hint=exc.hint
        ) from None


def _line_of(project: Project, option: str) -> int:
    """The line of reportgen.yaml that sets `option` (0 if none: it came from --set)."""
    try:
        lines = project.config_path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    found = (n for n, text in enumerate(lines, 1) if re.match(rf"\s*{option}\s*:", text))
    return next(found, 0)
