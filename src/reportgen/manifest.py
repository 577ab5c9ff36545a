"""The build manifest: what each output was built from, and whether it is up to date.

`build/manifest.json` records, per output, its files (sha256, size, pages),
the hash of its inputs, the tool versions and the build time. A no-op rebuild
is decided here from raw bytes alone (no pydantic, pandas, WeasyPrint or
matplotlib import), so it takes a few tens of milliseconds.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import platform
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from . import __version__
from .project import output_names

MANIFEST = "manifest.json"
PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
TOOLS = ("weasyprint", "matplotlib", "pydyf", "fontpkg-ibm-plex-serif", "fontpkg-fira-sans")


def tool_versions() -> dict[str, str]:
    """reportgen's, Python's and the rendering libraries' versions (without importing them)."""
    return dict(_versions())


@functools.cache
def _versions() -> dict[str, str]:
    """Read once per process: each lookup parses a package's metadata."""
    from importlib.metadata import PackageNotFoundError, version  # ~20 ms: only when needed

    versions = {"reportgen": __version__, "python": platform.python_version()}
    for tool in TOOLS:
        with contextlib.suppress(PackageNotFoundError):
            versions[tool] = version(tool)
    return versions


def digest(path: Path) -> str:
    """sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def template_files(templates_dir: Path) -> list[Path]:
    """Every file under the project's templates folder and reportgen's own templates."""
    folders = [templates_dir, PACKAGE_TEMPLATES] if templates_dir.is_dir() else [PACKAGE_TEMPLATES]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def input_hash(
    root: Path,
    files: Iterable[Path],
    output: str,
    settings: Mapping[str, str],
    formats: Iterable[str],
) -> str:
    """One hash of everything an output is made from: files, options, tool versions.

    `settings` are the raw `--set` values and `formats` the formats asked for on
    the command line; reportgen.yaml itself is among the files.
    """
    head = {
        "output": output,
        "settings": dict(sorted(settings.items())),
        "formats": sorted(formats),
        "versions": tool_versions(),
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    h = hashlib.sha256(json.dumps(head, sort_keys=True).encode())
    for path in sorted(set(files)):
        h.update(_name(root, path).encode() + b"\0" + digest(path).encode())
    return h.hexdigest()


def _name(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def read(out_dir: Path) -> dict[str, Any]:
    """The manifest in `out_dir`, or an empty one."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"outputs": {}}
    return data if isinstance(data.get("outputs"), dict) else {"outputs": {}}


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold a lock on the manifest while it is read, changed and written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".manifest.lock", "w") as fh:
        try:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
        except ImportError:  # not on POSIX: concurrent builds may lose an entry
            pass
        yield


def update(out_dir: Path, entries: Mapping[str, dict[str, Any]]) -> None:
    """Merge output entries into the manifest, atomically and under the lock."""
    from .write import atomic_write

    with locked(out_dir):
        data = read(out_dir)
        data["outputs"].update(entries)
        data["outputs"] = dict(sorted(data["outputs"].items()))
        atomic_write(out_dir / MANIFEST, (json.dumps(data, indent=2) + "\n").encode())


def merge(paths: Iterable[Path]) -> dict[str, Any]:
    """One manifest from several (e.g. the shards of a CI matrix); later files win."""
    merged: dict[str, Any] = {"outputs": {}}
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        merged["outputs"].update(data.get("outputs", {}))
    merged["outputs"] = dict(sorted(merged["outputs"].items()))
    return merged


def merge_files(paths: Iterable[Path], out: Path) -> int:
    """Merge manifest files into `out`; return how many outputs it lists."""
    from .write import atomic_write

    merged = merge(paths)
    atomic_write(out, (json.dumps(merged, indent=2) + "\n").encode())
    return len(merged["outputs"])


def is_current(entry: Mapping[str, Any], out_dir: Path, expected_hash: str) -> bool:
    """Whether a manifest entry matches `expected_hash` and its files are still there, unchanged."""
    if entry.get("input_hash") != expected_hash:
        return False
    for file in entry.get("files", []):
        path = out_dir / file["name"]
        if (
            not path.is_file()
            or path.stat().st_size != file["size"]
            or digest(path) != file["sha256"]
        ):
            return False
    return bool(entry.get("files"))


def up_to_date(
    config_path: Path,
    raw: dict[str, Any] | None,
    out_dir: Path | None,
    only: Iterable[str] | None,
    settings: Mapping[str, str],
    formats: Iterable[str] | None,
    shard: tuple[int, int] | None = None,
) -> list[str] | None:
    """The selected outputs' names if every one is up to date, else None.

    Reads only raw files: reportgen.yaml (`raw`, as `project.raw_config` gives it)
    for the output names and folders, the manifest for each output's inputs.
    """
    if raw is None:
        return None  # let the full path report it
    root = config_path.parent
    out = out_dir if out_dir is not None else root / str(raw.get("build_dir", "build"))
    templates = root / str(raw.get("templates_dir", "templates"))
    names = select(output_names(raw), only, shard)
    entries = read(out)["outputs"]
    for name in names:
        entry = entries.get(name)
        if not entry:
            return None
        files = [root / rel for rel in entry.get("inputs", [])]
        if not all(p.is_file() for p in files):
            return None
        files += template_files(templates)
        if not is_current(entry, out, input_hash(root, files, name, settings, formats or [])):
            return None
    return names


def select(
    names: list[str], only: Iterable[str] | None, shard: tuple[int, int] | None
) -> list[str]:
    """The outputs to build: `only` if given, then shard I of N (1-based) of them, sorted."""
    chosen = list(only) if only else list(names)
    if shard:
        index, count = shard
        chosen = [n for i, n in enumerate(sorted(chosen)) if i % count == index - 1]
    return chosen
