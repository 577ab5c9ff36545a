"""Files a build writes: always whole (temp file, then rename), into a folder that can take them."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from ..errors import ReportgenError, UsageError
from ..project import TABLE_CACHE

TEMP_SUFFIX = ".tmp"
CHART_CACHE = Path(".cache") / "charts"  # in the build folder
SCRATCH = "reportgen-scratch-"  # then the process id: see processes.scratch_folder


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temp file and a rename: never a half-written file."""
    # Named by process and at random, so concurrent builds never share one.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ReportgenError(f"cannot write output: {exc.strerror or exc}", path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def remove_stale_temps(out: Path) -> None:
    """Remove what builds killed mid-write left: temp files in `out` and its caches,
    and their scratch folders in the temporary folder (each is named by its process id)."""
    caches = [out, out / CHART_CACHE, out / TABLE_CACHE]
    for tmp in [t for folder in caches for t in _glob(folder, f".*{TEMP_SUFFIX}")]:
        parts = tmp.name.split(".")
        pid = int(parts[-3]) if len(parts) >= 4 and parts[-3].isdigit() else 0
        if pid and not process_alive(pid):
            with contextlib.suppress(OSError):
                tmp.unlink()
    for folder in _glob(Path(tempfile.gettempdir()), f"{SCRATCH}*-*"):
        pid_text = folder.name.removeprefix(SCRATCH).split("-")[0]
        if pid_text.isdigit() and not process_alive(int(pid_text)):
            shutil.rmtree(folder, ignore_errors=True)


def _glob(folder: Path, pattern: str) -> list[Path]:
    return list(folder.glob(pattern)) if folder.is_dir() else []


def process_alive(pid: int) -> bool:
    """Whether a process of this id runs (a build that left files may have been killed)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours to signal
        return True
    return True


def check_out_dir(folder: Path) -> None:
    """A usage error unless `folder` is, or can become, a writable folder."""
    try:
        folder.exists()
    except OSError as exc:  # a name too long, say
        raise UsageError(
            f"the output folder cannot be made: {exc.strerror}", hint="choose another folder"
        ) from None
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            "the output folder is a file, not a folder", folder, hint="give --out a folder"
        )
    existing = next(p for p in [folder, *folder.parents] if p.exists())
    if not existing.is_dir():
        raise UsageError(
            f"the output folder cannot be made: {existing} is a file",
            folder,
            hint="choose another --out folder",
        )
    if not _writable(existing):
        raise UsageError(
            "the output folder is not writable", folder, hint="choose another --out folder"
        )


def _writable(folder: Path) -> bool:
    """Whether a file can be made in `folder`: tried, since root passes every access check
    (and /proc or /sys take no files whatever their modes say); nothing is left behind."""
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    try:
        with tempfile.TemporaryFile(dir=folder):  # no name at all where Linux allows it
            return True
    except OSError:
        return False
