"""Resources WeasyPrint was refused, reported at the template or data line that named them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..errors import Problem

if TYPE_CHECKING:
    from ..model import Project


def refusal(project: Project, url: str, why: str) -> str:
    """A refused resource as a warning at the template or data line that names it."""
    problem = Problem("", 0, 0, "warning", f"refused to load {url}: {why}")
    where = where_named(project, url)
    if where:
        path, line, col = where
        problem = Problem(str(path), line, col, "warning", problem.message)
    return problem.format()


def where_named(project: Project, url: str) -> tuple[Path, int, int] | None:
    """The first line of the project's templates or data that names `url` or its file."""
    tail = unquote(urlsplit(url).path).rsplit("/", 1)[-1]
    needles = [n for n in (url, tail) if n]
    templates = project.resolve(project.config.templates_dir)
    files = sorted(p for p in templates.rglob("*") if p.is_file()) if templates.is_dir() else []
    for path in [*files, *project.input_files]:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for needle in needles:
            for number, line in enumerate(lines, start=1):
                if needle in line:
                    return path, number, line.index(needle) + 1
    return None
