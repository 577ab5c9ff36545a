"""What an output's templates see of an earlier edition: its "What's new" box (`changes`,
from the output option `changes_since`) and its redline (`redline`, from `redline`, with
the brief's texts marked)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from ..editions.compare import compare
from ..editions.redline import Redline, redline
from ..editions.source import Edition, load_edition
from ..editions.whatsnew import unmarked, whats_new
from ..errors import ReportgenError, UsageError
from ..model import Project
from ..project import CONFIG_NAME

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
    names nothing is an error at the option's value in reportgen.yaml."""
    try:
        return load_edition(ref, project.root, base=project.root)
    except UsageError as exc:
        line, col = _place_of(project, option, ref)
        if not line:  # given with --set: a mistake on the command line
            raise UsageError(f"--set {option}={ref}: {exc.message}", hint=exc.hint) from None
        message, hint = f"{option}: {exc.message}", exc.hint
        if exc.message.startswith(f"no {CONFIG_NAME} found"):
            message = f"{option}: the folder {ref!r} holds no {CONFIG_NAME}"
            hint = (
                f"an earlier edition is a project folder (with its {CONFIG_NAME}) or a git revision"
            )
        near = _near_edition(project.root, ref)
        if near:
            message = f"{option}: {ref!r} is neither a folder nor a git revision"
            hint = f"did you mean {near!r}? (the folder of an earlier edition's {CONFIG_NAME})"
        raise ReportgenError(message, project.config_path, line, col, hint=hint) from None


def _place_of(project: Project, option: str, ref: str) -> tuple[int, int]:
    """The line and column of reportgen.yaml where `option` is `ref` ((0, 0) if none: it
    came from --set)."""
    try:
        lines = project.config_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0, 0
    for number, text in enumerate(lines, 1):
        found = re.match(rf"(\s*{option}\s*:\s*)(\S.*)?$", text)
        if found and (found[2] or "").strip("'\" ").startswith(ref.strip()[:1]):
            return number, len(found[1]) + 1
    return 0, 0


def _near_edition(root: Path, ref: str) -> str:
    """A folder of the project holding a reportgen.yaml whose name is near `ref`."""
    try:
        folders = [p.name for p in root.iterdir() if (p / CONFIG_NAME).is_file()]
    except OSError:
        return ""
    close = difflib.get_close_matches(ref.strip().strip("/"), folders, n=1, cutoff=0.6)
    return close[0] if close else ""
