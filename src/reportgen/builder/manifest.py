"""build/manifest.json: per output, its files (sha256, size, pages), the hash of its
inputs, the tool versions and its build time; changed under a lock, written atomically."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import ReportgenError
from .files import atomic_write

MANIFEST = "manifest.json"


def entries(out_dir: Path) -> dict[str, Any]:
    """The manifest's entries by output name (none if it is missing or unreadable)."""
    try:
        outputs = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["outputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return outputs if isinstance(outputs, dict) else {}


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the build folder's lock: racing builds write an output's files and its entry
    one build at a time, so the manifest always describes the files beside it."""
    path = out_dir / ".manifest.lock"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        lock = open(path, "w")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise ReportgenError(f"cannot write output: {exc.strerror or exc}", path) from None
    with lock:
        with contextlib.suppress(ImportError):  # not POSIX: a racing build may lose an entry
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def update(out_dir: Path, new: Mapping[str, dict[str, Any]]) -> None:
    """Merge output entries into the manifest, atomically (hold `locked` around it)."""
    outputs = dict(sorted({**entries(out_dir), **new}.items()))
    write(out_dir / MANIFEST, outputs)


def write(path: Path, outputs: Mapping[str, Any]) -> None:
    atomic_write(path, (json.dumps({"outputs": outputs}, indent=2) + "\n").encode())


def merge(paths: Iterable[Path]) -> dict[str, Any]:
    """One manifest from several (e.g. the shards of a CI matrix); later files win."""
    merged: dict[str, Any] = {}
    for path in paths:
        merged.update(json.loads(Path(path).read_text(encoding="utf-8")).get("outputs", {}))
    return {"outputs": dict(sorted(merged.items()))}


def merge_files(paths: Iterable[Path], out: Path) -> int:
    """Merge manifest files into `out`; return how many outputs it lists."""
    merged = merge(paths)["outputs"]
    write(out, merged)
    return len(merged)
