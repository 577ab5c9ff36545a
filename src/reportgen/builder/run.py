"""The build: validate everything, then write each output's files and the manifest.

Nothing is written until the whole project is valid: its data, every template's
syntax, and every output rendered to HTML. Then the charts drawn go to the cache,
the PDFs are laid out (pool.Workers), each output's files are written whole as
its PDF arrives, and the manifest records them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReportgenError, UsageError
from ..project import find_config, output_formats, output_names, raw_config
from . import manifest
from .files import CHART_CACHE, atomic_write, check_out_dir, remove_stale_temps
from .options import BuildOptions
from .outputs import write_output
from .plan import files_hash, input_hash, select, stale, template_files
from .pool import Workers
from .results import BuildResult, OutputReport

if TYPE_CHECKING:  # the model (pydantic) is imported only once something is to be built
    from ..charts import Charts
    from ..model import Project
    from ..pdf import PdfResult

Progress = Callable[[OutputReport], None]


def build_project(
    path: Path | str = ".", options: BuildOptions | None = None, progress: Progress | None = None
) -> BuildResult:
    """Validate a project and build its outputs that are not up to date.

    What is up to date is decided first, from raw bytes, so a no-op imports
    nothing heavy and starts no worker. Render workers start before validation,
    so they import WeasyPrint while this process validates.
    """
    options = options or BuildOptions()
    config = find_config(path)
    raw = raw_config(config) or {}
    out = options.out_dir or config.parent / str(raw.get("build_dir", "build"))
    try:
        check_out_dir(out)
    except UsageError as exc:
        if options.out_dir is None:  # the project's own build_dir: say where it is written
            raise _in_config(config, exc) from None
        raise
    names = select(output_names(raw), options)
    templates = config.parent / str(raw.get("templates_dir", "templates"))
    try:
        todo = stale(names, config.parent, out, templates, options)
    except OSError:  # a path no file can have: validation says where it is written
        todo = list(names)
    if raw and not todo:
        remove_stale_temps(out)  # what a killed build left, even with nothing to build
        return _up_to_date(names, progress, BuildResult())
    with Workers(options.job_count()) as workers:
        pdfs = [n for n in todo if "pdf" in output_formats(raw, n) and _wants(options, "pdf")]
        workers.start(len(pdfs))
        from ..validate import load_project

        return _build(load_project(config), options, progress, workers, todo)


def _in_config(config: Path, exc: UsageError) -> ReportgenError:
    """A problem with the project's build folder, at its `build_dir` in reportgen.yaml
    (or a located error in reportgen.yaml that explains it)."""
    from ..load import load_yaml
    from ..validate import load_project

    load_project(config)
    line, col = load_yaml(config).where(("build_dir",))
    hint = "change build_dir in reportgen.yaml, or give --out"
    return ReportgenError(f"build_dir: {exc.message}", config, line, col, hint=hint)


def build(
    project: Project, options: BuildOptions | None = None, progress: Progress | None = None
) -> BuildResult:
    """Build a validated project's outputs that are not up to date (see build_project)."""
    options = options or BuildOptions()
    with Workers(options.job_count()) as workers:
        return _build(project, options, progress, workers)


def _build(
    project: Project,
    options: BuildOptions,
    progress: Progress | None,
    workers: Workers,
    known_stale: list[str] | None = None,  # build_project decided it already
) -> BuildResult:
    from ..charts import Charts
    from ..pdf import print_document
    from ..render import render_outputs
    from ..validate import with_settings

    out = options.out_dir or project.resolve(project.config.build_dir)
    check_out_dir(out)
    for name in options.only:
        if name not in project.config.outputs:
            hint = "outputs: " + ", ".join(project.config.outputs)
            raise UsageError(f"no output named {name!r}", hint=hint)
    names = select(project.config.outputs, options)
    project = with_settings(project, options.settings, names)
    if options.sandbox:
        project = project.with_config(sandbox=True)
    templates = project.resolve(project.config.templates_dir)
    if known_stale is None:
        known_stale = stale(names, project.root, out, templates, options)
    todo = [n for n in names if n in known_stale and _formats(project, n, options)]
    result = _up_to_date(
        [n for n in names if n not in todo], progress, BuildResult(problems=project.warnings)
    )
    if not todo:
        return result
    files = files_hash(project.root, [*project.input_files, *template_files(templates)])
    hashes = {name: input_hash(files, name, options) for name in todo}
    charts = Charts(project, out / CHART_CACHE)
    editions: dict[str, str | None] = {}

    def rendered(name: str, html: str, document: str) -> None:
        formats = _formats(project, name, options)
        editions[name] = html if "html" in formats else None
        if "pdf" in formats:
            doc = print_document(project, name, document, out / CHART_CACHE)
            workers.submit(name, doc)

    workers.start(sum("pdf" in _formats(project, name, options) for name in todo))
    render_outputs(project, todo, charts.links, rendered)
    # The project is valid: from here on, files are written. The charts are drawn while
    # the workers lay out: a worker waits for a chart only when it meets it.
    remove_stale_temps(out)
    charts.draw(save=atomic_write)  # each written as soon as it is drawn
    result.charts_drawn = list(charts.drawn_ids)
    finished = {name: _inline(charts, html) for name, html in editions.items()}  # meanwhile too
    write = functools.partial(write_output, project, out, result=result, progress=progress)

    def record(name: str, html: str | None, pdf: PdfResult | None) -> None:
        with manifest.locked(out):  # an output's files and its entry, together
            manifest.update(out, {name: write(name, html, pdf, hashes[name])})

    for name, pdf in workers.results():
        record(name, finished.pop(name), pdf)
    for name, html in finished.items():
        record(name, html, None)
    return result


def _inline(charts: Charts, html: str | None) -> str | None:
    if html is None:
        return None
    from ..render.webfonts import font_cache, with_web_fonts  # the HTML edition's fonts

    return charts.inline(with_web_fonts(html, font_cache()))


def _wants(options: BuildOptions, fmt: str) -> bool:
    return not options.formats or fmt in options.formats


def _formats(project: Project, name: str, options: BuildOptions) -> list[str]:
    """The formats to write of one output: its own, less those not asked for."""
    return [f for f in project.config.outputs[name].formats if _wants(options, f)]


def _up_to_date(names: list[str], progress: Progress | None, result: BuildResult) -> BuildResult:
    for name in names:
        result.skipped.append(name)
        _report(progress, OutputReport(name, "up to date"))
    return result


def _report(progress: Progress | None, event: OutputReport) -> None:
    if progress:
        progress(event)
