"""Live preview: serve the HTML edition on localhost, rebuild it when its files change,
and reload the browser. Problems show in the page as well as the terminal; the PDF
is built on request at /pdf."""

from __future__ import annotations

import errno
import html as html_escape
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, ReportgenError, UsageError
from .project import DATA_SUFFIXES, find_config

if TYPE_CHECKING:
    from .model import Project

EVENTS = "/__reportgen/events"
RELOAD = f"""<script>
/* reportgen serve: reload when the brief is rebuilt. */
new EventSource("{EVENTS}").onmessage = function () {{ location.reload(); }};
</script>"""


class Preview:
    """The current page of one output, rebuilt when the project's files change."""

    def __init__(
        self,
        project_path: Path | str,
        output: str | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.config = find_config(project_path)
        self.output = output
        self.log = log or (lambda message: print(message, file=sys.stderr))
        self.version = 0
        self.page = b""
        self.watched: dict[Path, int] = {}
        self.changed = threading.Condition()
        self.rebuild()

    def rebuild(self) -> None:
        """Render the HTML edition again (or an error page) and tell waiting browsers."""
        page, files = self.render()
        with self.changed:
            self.page = page.replace("</body>", RELOAD + "\n</body>").encode("utf-8")
            self.watched = {p: _mtime(p) for p in files}
            self.version += 1
            self.changed.notify_all()

    def render(self) -> tuple[str, list[Path]]:
        from .builder.files import CHART_CACHE, atomic_write
        from .builder.plan import template_files
        from .charts import Charts
        from .render import embed_images, project_environment, render_html, validate_project

        watch = [self.config, *template_files(self.config.parent / "templates")]
        try:
            project = validate_project(self.config)
            output = _first(project, self.output)
            view = project.for_output(output)  # its edition's charts, if it has parameters
            charts = Charts(view, project.resolve(project.config.build_dir) / CHART_CACHE)
            shown = charts.for_output(output)  # drawn for its page size
            page = render_html(project, output, project_environment(project), shown)
            page = embed_images(page, project.root)  # as the HTML edition has them
            for path, svg in charts.drawn.items():  # so the next rebuild need not draw them
                atomic_write(path, svg)
            templates = project.resolve(project.config.templates_dir)
            watch = [*project.input_files, *template_files(templates), *_data_files(project)]
            self.log(f"rebuilt {output} ({len(page) / 1024:.0f} KB)")
            return page, watch
        except ReportgenError as exc:
            for problem in exc.problems:
                self.log(problem.format())
            return error_page(exc.problems), [*watch, *_project_files(self.config)]

    def poll(self) -> bool:
        """Rebuild if any watched file changed; return whether it did."""
        if any(_mtime(path) != stamp for path, stamp in list(self.watched.items())):
            self.rebuild()
            return True
        return False

    def pdf(self) -> bytes:
        """Build the PDF of the previewed output now (on request) and return it."""
        from .builder import BuildOptions, build
        from .validate import load_project

        project = load_project(self.config)
        name = _first(project, self.output)
        options = BuildOptions(only=(name,), formats=("pdf",), force=True, jobs=1)
        result = build(project, options)
        for file in result.files:
            if file.format == "pdf":
                return file.path.read_bytes()
        raise ReportgenError(f"output {name!r} has no PDF format", self.config)


def _first(project: Project, output: str | None) -> str:
    """The output to preview: the one named (the first a `foreach` makes, if it names
    that output), else the project's first."""
    made = [n for n, base in project.foreach_of.items() if base == output]
    return made[0] if made else output or next(iter(project.config.outputs))


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def _data_files(project: Project) -> list[Path]:
    """Every data file beside the brief, so a new or renamed section file is noticed."""
    folder = project.resolve(project.config.brief).parent
    return sorted(p for p in folder.rglob("*") if p.suffix in DATA_SUFFIXES)


def _project_files(config: Path) -> list[Path]:
    """While the project does not load: its usual data and template files."""
    folders = [config.parent / "data", config.parent / "templates"]
    return sorted(p for f in folders if f.is_dir() for p in f.rglob("*") if p.is_file())


def error_page(problems: list[Problem]) -> str:
    """A page listing the problems that stopped the rebuild."""
    items = "\n".join(f"<li><code>{html_escape.escape(p.format())}</code></li>" for p in problems)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>reportgen: problems</title>
<style>body {{ font: 16px system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; }}
code {{ white-space: pre-wrap; }} li {{ margin: 0.6em 0; }} h1 {{ color: #8a1020; }}</style>
</head><body><main><h1>The brief did not build</h1>
<p>Fix these and save; this page reloads by itself.</p>
<ul class="problems">{items}</ul></main></body></html>"""


def changed_since(preview: Preview, version: int) -> bool:
    return preview.version != version


def make_handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    """The request handler: the page, its reload events, and the PDF."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == EVENTS:
                return self.events()
            if self.path in ("/pdf", "/brief.pdf"):
                try:
                    return self.send(preview.pdf(), "application/pdf")
                except ReportgenError as exc:
                    return self.send(error_page(exc.problems).encode(), "text/html; charset=utf-8")
            if self.path in ("/", "/index.html"):
                return self.send(preview.page, "text/html; charset=utf-8")
            self.send_error(404)

        def send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def events(self) -> None:
            """Server-sent events: one message per rebuild after the page was served."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = preview.version
            try:
                self.wfile.write(b"retry: 500\n\n")
                self.wfile.flush()
                while True:
                    with preview.changed:
                        preview.changed.wait_for(partial(changed_since, preview, seen), timeout=15)
                    if preview.version != seen:
                        seen = preview.version
                        self.wfile.write(f"data: {seen}\n\n".encode())
                    else:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def serve(
    project_path: Path | str = ".",
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    output: str | None = None,
    interval: float = 0.3,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the preview until interrupted, polling the project's files for changes."""
    # Bound first, so a busy port is said at once, before the first build.
    try:
        server = ThreadingHTTPServer((host, port), BaseHTTPRequestHandler)
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
            raise
        busy = "is in use" if exc.errno == errno.EADDRINUSE else "may not be used"
        raise UsageError(
            f"port {port} on {host} {busy}",
            hint="choose another with --port N (--port 0 picks a free one)",
        ) from None
    try:
        preview = Preview(project_path, output)
    except BaseException:
        server.server_close()
        raise
    server.RequestHandlerClass = make_handler(preview)
    server.daemon_threads = True
    url = f"http://{host}:{server.server_address[1]}/"
    (ready or (lambda u: print(f"serving {u} (Ctrl-C to stop)", file=sys.stderr, flush=True)))(url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        while True:
            time.sleep(interval)
            preview.poll()
    finally:
        server.shutdown()
        server.server_close()
