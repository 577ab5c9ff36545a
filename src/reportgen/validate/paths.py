"""Paths a project names that cannot be used (a name over 255 bytes, a path over 4096,
a NUL character, symbolic links in a loop): said as located errors before anything
looks them up."""

from __future__ import annotations

import errno
import os
from pathlib import Path, PurePath

from ..errors import Problem
from ..load import Document
from ..model import ProjectConfig
from ..project import resolved

__all__ = ["config_paths", "looped", "resolved", "unusable"]

NAME_MAX = 255  # bytes in one file or folder name (Linux, macOS, Windows)
PATH_MAX = 4096


def looped(path: Path) -> bool:
    """Whether a path's symlinks go round in a loop."""
    try:
        path.resolve(strict=True)
    except (RuntimeError, OSError) as exc:
        return isinstance(exc, RuntimeError) or getattr(exc, "errno", 0) == errno.ELOOP
    return False


def unusable(path: PurePath | str) -> str:
    """Why no file can be read at this path, or '' when one can."""
    text = os.fspath(path)
    if "\0" in text:
        return "it holds a NUL character"
    if isinstance(path, Path) and looped(path):
        return "its symbolic links go round in a loop"
    if len(text.encode("utf-8", "surrogateescape")) > PATH_MAX:
        return f"it is longer than {PATH_MAX} bytes"
    long = next(
        (p for p in PurePath(text).parts if len(p.encode("utf-8", "surrogateescape")) > NAME_MAX),
        None,
    )
    if long is not None:
        return f"the name {long[:20]}... is longer than {NAME_MAX} bytes"
    return ""


def config_paths(config: ProjectConfig, doc: Document) -> list[Problem]:
    """reportgen.yaml's paths that no file can have, each at its key."""
    paths: dict[tuple[str | int, ...], str | None] = {
        (key,): getattr(config, key)
        for key in ("brief", "sections_dir", "templates_dir", "build_dir", "citation_style")
    }
    files = config.source_files()
    paths |= {
        ("sources",) if isinstance(config.sources, str) else ("sources", i): name
        for i, name in enumerate(files)
    }
    paths |= {("tables", name, "data"): spec.data for name, spec in config.tables.items()}
    paths[("style", "logo")] = config.style.logo
    for name, output in config.outputs.items():
        paths[("outputs", name, "template")] = output.template
        paths[("outputs", name, "style", "logo")] = output.style.logo if output.style else None
    for i, section_id in enumerate(config.sections):
        paths[("sections", i)] = f"{config.sections_dir}/{section_id}.yaml"
    problems = []
    for loc, path in paths.items():
        why = unusable(path) if path else ""
        if why:
            problems.append(doc.problem(loc, f"this path cannot be used: {why}"))
    return problems
