"""Process hygiene for the pool: children that never hold the command's pipes and leave nothing."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .files import SCRATCH


def scratch_folder() -> Path:
    """A new temporary folder for a build's font copies, named by this process's id so
    that the next build removes it if this one is killed (files.remove_stale_temps)."""
    return Path(tempfile.mkdtemp(prefix=f"{SCRATCH}{os.getpid()}-"))


@contextlib.contextmanager
def tempdir(folder: Path) -> Iterator[None]:
    """Make `folder` the temporary folder while this process lays out documents."""
    before, tempfile.tempdir = tempfile.tempdir, str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = before


@contextlib.contextmanager
def children_quiet() -> Iterator[None]:
    """Processes started meanwhile get /dev/null, not the command's stdout and stderr.

    So no child can hold the command's pipes open (`reportgen build | tee log`),
    even one that is still starting when the command is killed.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        saved = [os.dup(1), os.dup(2)]  # not inherited by children
    except OSError:  # no stdout or stderr to protect
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, devnull):
            os.close(fd)


def stop_resource_tracker() -> None:
    """Stop the helper process multiprocessing started for the pool's semaphores.

    It would otherwise live until this process exits; `_stop` is CPython's own
    way to end it (3.8 and later), and the next pool starts it again.
    """
    from multiprocessing import resource_tracker

    stop = getattr(resource_tracker._resource_tracker, "_stop", None)
    if stop is not None:
        stop()
