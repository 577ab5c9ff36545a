"""Editions: two validated editions of a brief compared (`reportgen diff`), what is new
since an earlier edition (`changes_since:`) and a redline edition (`redline:`).

Editions are compared as validated models, never as text files: a YAML section and its
Markdown form are the same section, and reflowed text is the same text. Importing this
package is cheap (the build's up-to-date check uses `revisions`); its modules import the
model when they are imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .changes import Diff

__all__ = ["diff_editions"]


def diff_editions(old: str, new: str | None = None, project: Path | str = ".") -> Diff:
    """Compare edition `old` with `new` (each a folder, relative to the current one, or a
    git revision of `project`); without `new`, with `project` as it is on disk."""
    from .compare import compare
    from .source import load_edition, working_tree

    project_dir = Path(project)
    if project_dir.is_file():  # its reportgen.yaml
        project_dir = project_dir.parent
    before = load_edition(old, project_dir)
    after = working_tree(project_dir) if new is None else load_edition(new, project_dir)
    return compare(before.project, after.project, before.label, after.label)
