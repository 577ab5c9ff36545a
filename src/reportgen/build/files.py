"""Files a build writes: always whole (temp file, then rename), into a folder that can take them."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from ..errors import ReportgenError, UsageError

TEMP_SUFFIX = ".tmp"


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


def remove_stale_temps(folder: Path) -> None:
    """Remove temp files left in `folder` by builds that were killed mid-write."""
    for tmp in folder.glob(f".*{TEMP_SUFFIX}") if folder.is_dir() else []:
        parts = tmp.name.split(".")
        pid = int(parts[-3]) if len(parts) >= 4 and parts[-3].isdigit() else 0
        if pid and not _alive(pid):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours to signal
        return True
    return True


def check_out_dir(folder: Path) -> None:
    """A usage error unless `folder` is, or can become, a writable folder."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            "the output folder is a file, not a folder", folder, hint="give --out a folder"
        )
    existing = next(p for p in [folder, *folder.parents] if p.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(
            "the output folder is not writable", folder, hint="choose another --out folder"
        )
