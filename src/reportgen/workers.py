"""Render workers: long-lived processes that each lay out many documents.

A worker starts before the project is validated and imports WeasyPrint
meanwhile. Its first document arrives ready to lay out (the parent renders the
HTML as soon as the project is valid), so a one-output build never waits for
a worker to import the data model and Jinja; later documents the worker renders
itself from the project, sent once (never a process per document). Charts still
being drawn by another process are laid out from their frames (see
fetch.PendingChart) and waited for only when their page is drawn.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem, ReportgenError, UsageError, ValidationFailed

if TYPE_CHECKING:  # the model (pydantic) is imported by whoever loads the project
    from .model import Project
    from .write import Fonts


@dataclass
class Layout:
    """A print document and what laying it out needs (see write.render_pdf)."""

    html: str
    base_dir: Path
    allowed: list[Path]
    variant: str | None
    epoch: int
    attachments: bool
    pending: dict[Path, str]  # charts still being drawn: file -> frame
    identity: str


@dataclass
class Prepared:
    """One output rendered to HTML: its HTML edition (chart file URLs) and print document."""

    edition: str
    layout: Layout | None


@dataclass
class Job:
    """One output to render."""

    name: str
    html: bool
    pdf: bool
    pending: dict[Path, str] = field(default_factory=dict)  # charts being drawn: file -> frame
    cache_dir: Path | None = None
    prepared: Prepared | None = None  # rendered by the parent: no project needed


@dataclass
class Rendered:
    """What rendering one output gave: its HTML (chart file URLs), PDF, or problems."""

    name: str
    html: str = ""
    pdf: Any = None  # write.PdfResult
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    crash: str = ""  # an unexpected exception, formatted


def prepare(
    project: Project, job: Job, env: Any = None, charts: Mapping[str, str] | None = None
) -> Prepared:
    """Render one output's HTML and, if it has a PDF, the document to lay out.

    `charts` maps chart ids to their cache file URLs (made here if not given).
    Problems in templates raise ReportgenError.
    """
    from .context import timestamp
    from .render import for_print, project_environment, render_html

    env = env or project_environment(project)
    if charts is None:
        from .charts import ChartImages
        from .context import palette

        blocks = project.chart_blocks()
        charts = ChartImages(blocks, project.charts, palette(project), job.cache_dir, mode="file")
    html = render_html(project, job.name, env, charts)
    layout = None
    if job.pdf:
        config = project.config.outputs[job.name]
        layout = Layout(
            for_print(html, env, project),
            project.root,
            [project.root, *([job.cache_dir] if job.cache_dir else [])],
            config.pdf_variant,
            epoch=int(timestamp(project).timestamp()),
            attachments=config.attachments,
            pending=job.pending,
            # The PDF's identifier comes from this: leave out the build folder's path.
            identity=html.replace(job.cache_dir.as_uri(), "") if job.cache_dir else html,
        )
    return Prepared(html if job.html else "", layout)


def render_output(
    project: Project | None, job: Job, env: Any = None, fonts: Fonts | None = None
) -> Rendered:
    """Render one output's HTML (unless the job comes prepared) and, if wanted, its PDF.

    `fonts` are write.prepare_fonts(), made once for many documents. No files are written.
    """
    start = time.perf_counter()
    try:
        prepared = job.prepared
        if prepared is None:
            assert project is not None, "a job that is not prepared needs the project"
            prepared = prepare(project, job, env)
        pdf = None
        if prepared.layout is not None:
            from .write import render_pdf

            pdf = render_pdf(**vars(prepared.layout), fonts=fonts)
    except ReportgenError as exc:
        return Rendered(job.name, problems=exc.problems)
    return Rendered(job.name, prepared.edition, pdf, time.perf_counter() - start)


def _serve(conn: Connection) -> None:
    """A worker's life: import WeasyPrint, render the jobs it is sent, exit fast."""
    # WeasyPrint keeps copies of fonts in temporary folders that its objects remove
    # when collected, which exiting without teardown skips: keep them all in one
    # folder of this worker's own and remove that on the way out.
    signal.signal(signal.SIGTERM, _stopped)
    tempfile.tempdir = tempfile.mkdtemp(prefix="reportgen-worker-")
    try:
        _work(conn)
    except SystemExit:
        pass
    finally:
        shutil.rmtree(tempfile.tempdir, ignore_errors=True)
    os._exit(0)  # skip interpreter teardown: nothing left to flush


def _stopped(signum: int, frame: object) -> None:
    """SIGTERM: stop at once, by way of _serve's clean-up."""
    raise SystemExit(0)


def _work(conn: Connection) -> None:
    """Get ready to lay out, then render the jobs the parent sends until told to stop."""
    # What is imported and prepared now lives as long as the worker: never scan it
    # for garbage (collections during imports are pure cost).
    gc.disable()
    import weasyprint  # noqa: F401

    from .write import prepare_fonts

    fonts = prepare_fonts()  # before the first document arrives; shared by all of them
    gc.freeze()
    gc.enable()
    project: Project | None = None
    env = None
    while True:
        try:
            kind, payload = conn.recv()
        except EOFError:
            break
        if kind == "stop":
            break
        if kind == "project":
            project, env = payload, None
            continue
        if payload.prepared is None and env is None:
            from .render import project_environment

            assert project is not None, "the project comes before the first job that needs it"
            env = project_environment(project)
        try:
            result = render_output(project, payload, env, fonts)
        except BaseException:
            result = Rendered(payload.name, crash=traceback.format_exc())
        conn.send(result)
    conn.close()


class Workers:
    """A set of render worker processes, started early, fed one job at a time each."""

    def __init__(self, count: int) -> None:
        method = "fork" if can_fork() else "spawn"
        self.context: Any = multiprocessing.get_context(method)
        self.conns: list[Connection] = []
        self.procs: list[Any] = []
        self.project: Project | None = None
        self.informed: set[Connection] = set()  # workers that have the project
        self.grow(max(1, count))

    def grow(self, count: int) -> None:
        """Start more workers, up to `count` in all."""
        while len(self.procs) < count:
            parent, child = self.context.Pipe()
            proc = self.context.Process(target=_serve, args=(child,), daemon=True)
            proc.start()
            child.close()
            self.conns.append(parent)
            self.procs.append(proc)

    def __len__(self) -> int:
        return len(self.conns)

    def run(self, project: Project, jobs: list[Job]) -> Iterator[Rendered]:
        """Start rendering `jobs` across the workers now; the iterator yields results.

        The first jobs are sent before this returns (not when iteration starts),
        so the workers lay out while the caller draws charts.
        """
        self.project = project
        queue = list(jobs)
        busy: dict[Connection, Job] = {}
        for conn in self.conns:
            if queue:
                busy[conn] = queue.pop(0)
                self._send(conn, busy[conn])
        return self._collect(busy, queue)

    def _send(self, conn: Connection, job: Job) -> None:
        """Send a job; the project goes first to a worker that needs it for the first time."""
        if job.prepared is None and conn not in self.informed:
            conn.send(("project", self.project))
            self.informed.add(conn)
        conn.send(("render", job))

    def _collect(self, busy: dict[Connection, Job], queue: list[Job]) -> Iterator[Rendered]:
        while busy:
            for ready in wait(list(busy)):
                conn = next(c for c in busy if c is ready)
                job = busy.pop(conn)
                try:
                    result: Rendered = conn.recv()
                except EOFError:
                    result = Rendered(job.name, crash="the render worker stopped unexpectedly")
                # The worker's next job goes first: it lays out while the caller writes files.
                if queue and not result.crash:
                    busy[conn] = queue.pop(0)
                    self._send(conn, busy[conn])
                yield result

    def close(self, wait: bool = True, now: bool = False) -> None:
        """Tell the workers to stop; unless `wait` is false (a build that failed early and
        should say so at once), wait for them, which may mean letting them finish starting.
        `now` stops them at once, whatever they are doing (a build with nothing to do)."""
        for conn in self.conns:
            with contextlib.suppress(OSError):
                conn.send(("stop", None))
                conn.close()
        for proc in self.procs:
            if now:
                proc.terminate()  # the worker cleans up on SIGTERM (see _serve)
            if wait or now:
                proc.join(timeout=10)
                if proc.is_alive():
                    proc.kill()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def in_child(function: Any, *args: Any) -> Any:
    """Run `function(*args)` in a short-lived forked process and return its result.

    For work whose memory should not outlive it: validation (pandas) and chart
    drawing (matplotlib) leave the parent small while a worker holds a large
    layout. Problems in the project come back as the same error; without fork
    (not POSIX) the function simply runs here.
    """
    if not can_fork():
        return function(*args)
    context: Any = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    proc = context.Process(target=_answer, args=(child, function, args), daemon=True)
    proc.start()
    child.close()
    return _result(parent, proc)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _answer(conn: Connection, function: Any, args: tuple[Any, ...]) -> None:
    """The child's side: run the function, send back its result or what went wrong, exit."""
    try:
        conn.send(("ok", function(*args)))
    except ReportgenError as exc:
        error = (
            "validation"
            if isinstance(exc, ValidationFailed)
            else "usage"
            if isinstance(exc, UsageError)
            else "error"
        )
        conn.send(("problems", (exc.problems, error)))
    except BaseException:
        conn.send(("crash", traceback.format_exc()))
    conn.close()
    os._exit(0)


def _result(conn: Connection, proc: Any) -> Any:
    """The parent's side: the child's result, or its problems raised as the same error."""
    try:
        kind, payload = conn.recv()
    except EOFError:
        kind, payload = "crash", "the helper process stopped unexpectedly"
    finally:
        conn.close()
        proc.join()
    if kind == "ok":
        return payload
    if kind == "problems":
        problems, error = payload
        if error == "validation":
            raise ValidationFailed(problems)
        first = problems[0]
        cls = UsageError if error == "usage" else ReportgenError
        raise cls(first.message, first.path or None, first.line, first.col, first.hint)
    raise RuntimeError(payload)
