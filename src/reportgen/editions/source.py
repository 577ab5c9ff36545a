"""Where an edition comes from: a project folder, or a git revision of the current project
(see revisions), validated; its problems located `REV:path:line:col`."""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, UsageError, ValidationFailed, display_path
from ..model import Project
from ..project import CONFIG_NAME
from ..validate import load_project
from .revisions import HINT, git, revision_tree, write_tree

CACHE_SIZE = 4


@dataclass(frozen=True)
class Edition:
    """A validated edition and what to call it (a revision, a folder, "working tree")."""

    label: str
    project: Project


def load_edition(ref: str, project_dir: Path, base: Path | None = None) -> Edition:
    """The edition `ref` names: a folder (relative to `base`, default the current folder),
    else a git revision of the project in `project_dir`. A usage error when it is neither;
    ValidationFailed, its paths written `REV:path`, when it does not validate."""
    folder = (base or Path.cwd()) / ref
    if folder.exists():
        return Edition(display_path(folder), load_project(folder))
    tree = revision_tree(ref, project_dir)
    cached = _cache.get(tree)
    if cached is None:
        cached = _load_revision(ref, tree, project_dir)
        _cache[tree] = cached
        while len(_cache) > CACHE_SIZE:
            del _cache[next(iter(_cache))]
    return Edition(ref, cached)


_cache: dict[str, Project] = {}  # by the git tree id of the project folder: its content


def working_tree(project_dir: Path) -> Edition:
    """The project as it is on disk."""
    return Edition("working tree", load_project(project_dir))


def _load_revision(ref: str, tree: str, project_dir: Path) -> Project:
    """Validate the project as revision `ref` has it, written to a temporary folder."""
    prefix = git(["rev-parse", "--show-prefix"], project_dir).decode().strip()
    with tempfile.TemporaryDirectory(prefix="reportgen-edition-") as tmp:
        root = Path(tmp)
        write_tree(tree, project_dir, root)
        if not (root / CONFIG_NAME).is_file():
            raise UsageError(
                f"revision {ref} has no {CONFIG_NAME} in {prefix or 'the repository root'}",
                hint=HINT,
            )
        try:
            return load_project(root)
        except ValidationFailed as exc:
            raise _relabelled(exc, root, f"{ref}:{prefix}", ref) from None


def _relabelled(exc: ValidationFailed, root: Path, prefix: str, ref: str) -> ValidationFailed:
    """The problems of an edition read from git, located `REV:path:line:col`."""
    roots = {str(root), str(root.resolve())}
    problems = []
    for problem in exc.problems:
        if problem.severity != "error":
            continue  # the old edition's warnings are not this command's business
        path = problem.path
        for folder in roots:
            with contextlib.suppress(ValueError):
                path = prefix + Path(problem.path).relative_to(folder).as_posix()
                break
        problems.append(dataclasses.replace(problem, path=path))
    errors = sum(p.severity == "error" for p in problems)
    summary = Problem(
        f"{prefix}{CONFIG_NAME}",
        0,
        0,
        "error",
        f"the edition at {ref} does not validate under this version's rules ({errors} error(s))",
        "compare with a later revision, or fix the errors in a new commit",
    )
    return ValidationFailed([*problems, summary])
