"""build/manifest.json: per output, its files (sha256, size, pages), the hash of its
inputs, the tool versions and its build time; changed under a lock, written atomically."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .files import atomic_write

MANIFEST = "manifest.json"


def read(out_dir: Path) -> dict[str, Any]:
    """The manifest in `out_dir`, or an empty one."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"outputs": {}}
    return data if isinstance(data, dict) and isinstance(data.get("outputs"), dict) else {"outputs": {}}


def entries(out_dir: Path) -> dict[str, Any]:
    """The manifest's entries, by output name."""
    outputs: dict[str, Any] = read(out_dir)["outputs"]
    return outputs


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold a lock on the manifest while it is read, changed and written."""
    with open(out_dir / ".manifest.lock", "w") as fh:
        try:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
        except ImportError:  # not on POSIX: concurrent builds may lose an entry
            pass
        yield


def update(out_dir: Path, new: Mapping[str, dict[str, Any]]) -> None:
    """Merge output entries into the manifest, atomically and under the lock."""
    with locked(out_dir):
        data = read(out_dir)
        data["outputs"] = dict(sorted({**data["outputs"], **new}.items()))
        atomic_write(out_dir / MANIFEST, (json.dumps(data, indent=2) + "\n").encode())


def merge(paths: Iterable[Path]) -> dict[str, Any]:
    """One manifest from several (e.g. the shards of a CI matrix); later files win."""
    merged: dict[str, Any] = {}
    for path in paths:
        merged.update(json.loads(Path(path).read_text(encoding="utf-8")).get("outputs", {}))
    return {"outputs": dict(sorted(merged.items()))}


def merge_files(paths: Iterable[Path], out: Path) -> int:
    """Merge manifest files into `out`; return how many outputs it lists."""
    merged = merge(paths)
    atomic_write(out, (json.dumps(merged, indent=2) + "\n").encode())
    return len(merged["outputs"])
