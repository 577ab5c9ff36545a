"""Paths a project names that no file system can hold (a name over 255 bytes, a path
over 4096, a NUL character): said as located errors before anything looks them up."""

from __future__ import annotations

import os
from pathlib import PurePath

from ..errors import Problem
from ..load import Document
from ..model import ProjectConfig

NAME_MAX = 255  # bytes in one file or folder name (Linux, macOS, Windows)
PATH_MAX = 4096


def unusable(path: PurePath | str) -> str:
    """Why no file can have this path, or '' when one can."""
    text = os.fspath(path)
    if "\0" in text:
        return "it holds a NUL character"
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
        for key in ("brief", "sources", "sections_dir", "templates_dir", "build_dir")
    }
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
            problems.append(doc.problem(loc, f"no file can have this path: {why}"))
    return problems
