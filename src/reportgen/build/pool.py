"""Render workers: a standard-library process pool of long-lived workers laying out PDFs.

One path for every build: documents are submitted as they are rendered and their
PDFs come back in `results()`. With one job they are laid out here, in turn;
with more, by a ProcessPoolExecutor whose workers each import WeasyPrint and load
the fonts once (pdf.worker) and lay out many documents. Workers start from a new
interpreter (spawn), never by fork: forking a process that runs threads (the
executor's own, rich's progress bar) is unsafe, and fork saves nothing here, since
a worker's time goes to importing WeasyPrint, which the main process never does.
No worker outlives the build: on any failure they are killed, and Linux kills
them if the main process dies.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from ..pdf import PdfResult, PrintDocument, prepare_fonts, render_pdf
from ..pdf import worker as pdf_worker
from .processes import children_quiet, stop_resource_tracker, tempdir


class Workers:
    """The PDF layouts of one build: in this process (one job) or in a process pool."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs  # 1: lay out in this process
        self.scratch = Path(tempfile.mkdtemp(prefix="reportgen-"))  # WeasyPrint's font copies
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future[PdfResult], str] = {}
        self.queue: list[tuple[str, PrintDocument]] = []

    def start(self, count: int) -> None:
        """Start `count` workers now, so they import WeasyPrint while the caller goes on.

        Others start as documents are submitted, up to `jobs` in all.
        """
        for _ in range(min(count, self.jobs) if self.jobs > 1 else 0):
            self._submit(int)  # the pool starts a process for each task waiting

    def submit(self, name: str, doc: PrintDocument) -> None:
        """Lay out `doc` as soon as a worker is free (with one job: when results are read)."""
        if self.jobs == 1:
            self.queue.append((name, doc))
        else:
            self.futures[self._submit(pdf_worker.layout, doc)] = name

    def _submit(self, function: Any, *args: Any) -> Future[Any]:
        with children_quiet():  # the pool may start a worker for it
            if self.pool is None:
                self.pool = ProcessPoolExecutor(
                    self.jobs,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=pdf_worker.start,
                    initargs=(str(self.scratch), os.getpid()),
                )
            return self.pool.submit(function, *args)

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
