"""What runs in a render worker process: WeasyPrint and the theme's fonts, loaded once.

The pool (build.pool) starts each worker with `start` and sends it documents
to `layout`. This module imports nothing of the data model or Jinja, so a
worker holds only what laying out needs.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile

from .layout import Fonts, PdfResult, PrintDocument, prepare_fonts, render_pdf

_fonts: Fonts | None = None
_failed: BaseException | None = None


def start(scratch: str, parent: int) -> None:
    """Get this process ready to lay out: tied to its parent, quiet, fonts loaded.

    `scratch` is a folder the main process owns and removes after the build,
    whatever happens to this process: WeasyPrint keeps copies of fonts there.
    `parent` is the main process's id.
    """
    global _fonts, _failed
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _die_with_parent(parent)
    # A worker reports through its results, never by printing, so it need not hold
    # the command's stdout and stderr: a pipe reading them closes when the command ends.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    tempfile.tempdir = scratch
    try:
        _fonts = prepare_fonts()
    except BaseException as exc:  # reported by the first document, as itself
        _failed = exc


def layout(doc: PrintDocument) -> PdfResult:
    """Lay out one document with the fonts this worker loaded."""
    if _failed is not None:
        raise _failed
    return render_pdf(doc, _fonts)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the main process dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)
