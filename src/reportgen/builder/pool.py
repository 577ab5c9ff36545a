"""Render workers: a standard-library process pool of long-lived workers laying out PDFs.

One path for every build: documents are submitted as they are rendered and their
PDFs come back in `results()`. With one job they are laid out here, in turn;
with more, by a ProcessPoolExecutor whose workers each import WeasyPrint and load
the fonts once (pdf.worker) and lay out many documents. No worker outlives the
build: on any failure they are killed, and Linux kills them if this process dies.

Workers are forked only where that is safe: on Linux, from a process running no
other thread (fork copies one thread, and a lock another held stays locked).
bench/run.py measures what it saves on a cold build: a forked worker starts
without a new interpreter, needs no semaphore-tracking process and exits without
the interpreter's teardown. Elsewhere (macOS, or with rich's progress bar
running) they start from a new interpreter (spawn).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

from ..pdf import PdfResult, PrintDocument, prepare_fonts, render_pdf
from ..pdf import worker as pdf_worker
from .processes import children_quiet, scratch_folder, stop_resource_tracker, tempdir


def start_method() -> str:
    """fork where it is safe (Linux, no other thread running), else spawn."""
    safe = sys.platform.startswith("linux") and threading.active_count() == 1
    return "fork" if safe else "spawn"


class Workers:
    """The PDF layouts of one build: in this process (one job) or in a process pool."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs  # 1: lay out in this process
        self.scratch = scratch_folder()  # WeasyPrint's font copies
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future[PdfResult], str] = {}
        self.queue: list[tuple[str, PrintDocument]] = []

    def start(self, count: int) -> None:
        """Start workers for `count` documents now (up to `jobs`), so they import
        WeasyPrint while the caller goes on."""
        if self.jobs > 1 and count > 0 and self.pool is None:
            with children_quiet():
                self.pool = ProcessPoolExecutor(
                    min(count, self.jobs),
                    mp_context=multiprocessing.get_context(start_method()),
                    initializer=pdf_worker.start,
                    initargs=(str(self.scratch), os.getpid()),
                )
                for _ in range(min(count, self.jobs)):  # a process starts for each task
                    self.pool.submit(int)

    def submit(self, name: str, doc: PrintDocument) -> None:
        """Lay out `doc` as soon as a worker is free (with one job: when results are read)."""
        if self.jobs == 1:
            self.queue.append((name, doc))
            return
        self.start(self.jobs)
        assert self.pool is not None
        self.futures[self.pool.submit(pdf_worker.layout, doc)] = name

    def results(self) -> Iterator[tuple[str, PdfResult]]:
        """Each submitted document's name and PDF, as they are done."""
        if self.pool is not None:
            for future in as_completed(self.futures):
                yield self.futures[future], future.result()
            return
        fonts = None  # the theme's fonts, shared by this build's documents
        for name, doc in self.queue:
            with tempdir(self.scratch):
                fonts = fonts or prepare_fonts()
                pdf = render_pdf(doc, fonts)
            yield name, pdf

    def close(self, now: bool = False) -> None:
        """Stop the workers (killing them at once if `now`) and remove the scratch folder."""
        if self.pool is not None:
            if now:  # Python 3.14 has pool.kill_workers(); before it, kill them one by one
                for process in list(getattr(self.pool, "_processes", {}).values()):
                    process.kill()
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            stop_resource_tracker()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: Any, *rest: Any) -> None:
        self.close(now=kind is not None)
