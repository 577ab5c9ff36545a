"""The build: validate everything, then write each output's files and the manifest.

Nothing is written until the whole project is valid: its data, every template's
syntax, and every output rendered to HTML. Then the charts drawn go to the cache,
the PDFs are laid out (pool.Workers), each output's files are written whole as
its PDF arrives, and the manifest records them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReportgenError, UsageError
from ..project import TABLE_CACHE, find_config, output_bases, output_formats, raw_config
from . import manifest
from .editions import edition_fingerprints
from .files import CHART_CACHE, atomic_write, check_out_dir, remove_stale_temps
from .options import BuildOptions
from .outputs import write_output
from .plan import select, stale
from .pool import Workers
from .results import BuildResult, OutputReport

if TYPE_CHECKING:  # the model (pydantic) is imported only once something is to be built
    from ..charts import Charts
    from ..context import Uses
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
    try:
        known, bases = _known_stale(config, raw, out, options)
    except OSError:  # a path no file can have: validation says where it is written
        known, bases = None, {}
    if raw and known is not None and not known[1]:
        remove_stale_temps(out)  # what a killed build left, even with nothing to build
        entries = manifest.entries(out)
        notes = [entries[n]["withheld"] for n in known[0] if "withheld" in entries.get(n, {})]
        return _up_to_date(known[0], progress, BuildResult(withheld=notes))
    with Workers(options.job_count()) as workers:
        if known is not None:
            pdf = _wants(options, "pdf")
            workers.start(sum(pdf and "pdf" in output_formats(raw, n, bases) for n in known[1]))
        from ..validate import load_project

        project = load_project(config, param_settings(options.settings), out / TABLE_CACHE)
        return _build(project, options, progress, workers, known)


def _known_stale(
    config: Path, raw: dict[str, Any], out: Path, options: BuildOptions
) -> tuple[tuple[list[str], list[str]] | None, dict[str, str]]:
    """The outputs to build and those not up to date, decided from raw bytes (None when
    that needs the project loaded: a foreach not known unloaded), and each output's base."""
    entries = manifest.entries(out)
    bases = output_bases(raw, config.parent, entries)
    if bases is None:
        return None, {}
    names = select(bases, options, bases)
    templates = config.parent / str(raw.get("templates_dir", "templates"))
    declared = raw.get("outputs") if isinstance(raw.get("outputs"), dict) else {}
    assert isinstance(declared, dict)
    shown = {n: declared.get(bases[n]) for n in names}  # an edition as its output's
    earlier = edition_fingerprints(config.parent, shown, options.settings, names)
    return (names, stale(names, config.parent, out, templates, options, entries, earlier)), bases


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
    known: tuple[list[str], list[str]] | None = None,  # what build_project found stale
) -> BuildResult:
    from ..pdf import print_document
    from ..render import render_outputs
    from ..validate import with_settings
    from . import content
    from .content import unchanged

    out = options.out_dir or project.resolve(project.config.build_dir)
    check_out_dir(out)
    outputs = project.config.outputs
    for name in options.only:
        if name not in outputs and name not in project.foreach_of.values():
            hint = "outputs: " + ", ".join(outputs)
            raise UsageError(f"no output named {name!r}", hint=hint)
    names = select(outputs, options, {n: project.foreach_of.get(n, n) for n in outputs})
    dumped = {n: o.model_dump() for n, o in outputs.items()}
    earlier = edition_fingerprints(project.root, dumped, options.settings, names)
    project = with_settings(project, options.settings, names)
    if options.sandbox:
        project = project.with_config(sandbox=True)
    templates = project.resolve(project.config.templates_dir)
    entries = manifest.entries(out)
    if known is not None and sorted(known[0]) == sorted(names):
        known_stale = known[1]
    else:  # not decided, or of outputs named otherwise before the project was loaded
        known_stale = stale(names, project.root, out, templates, options, entries, earlier)
    same = {} if options.force else unchanged(project, known_stale, entries, options, out, earlier)
    if same:
        with manifest.locked(out):
            manifest.update(out, same)
    todo = [
        n for n in names if n in known_stale and n not in same and _formats(project, n, options)
    ]
    counted = project.quotations.checked + project.quotations.unchecked
    quotations = project.quotations.summary() if counted else ""
    from ..context import withheld

    left_out = [note for n in names if (note := withheld(project, n))]
    result = _up_to_date(
        [n for n in names if n not in todo],
        progress,
        BuildResult(problems=project.warnings, quotations=quotations, withheld=left_out),
    )
    if not todo:
        return result
    views = {name: project.for_output(name) for name in todo}
    charts = _Charts(views, out / CHART_CACHE)
    editions: dict[str, str | None] = {}
    fields: dict[str, dict[str, Any]] = {}

    def rendered(name: str, html: str, document: str, uses: Uses) -> None:
        formats = _formats(project, name, options)
        editions[name] = html if "html" in formats else None
        used = content.used(uses, project.root)
        fields[name] = content.record(views[name], name, options, used, earlier.get(name))
        if "pdf" in formats:
            doc = print_document(views[name], name, document, out / CHART_CACHE)
            workers.submit(name, doc)

    workers.start(sum("pdf" in _formats(project, name, options) for name in todo))
    render_outputs(project, todo, lambda name: charts[name].links_for(name), rendered)
    # The project is valid: from here on, files are written. The charts are drawn while
    # the workers lay out: a worker waits for a chart only when it meets it.
    remove_stale_temps(out)
    for drawn in charts.each():
        drawn.draw(save=atomic_write)  # each written as soon as it is drawn
        result.charts_drawn += drawn.drawn_ids
    finished = {name: _inline(charts[name], html) for name, html in editions.items()}
    write = functools.partial(write_output, project, out, result=result, progress=progress)

    def record(name: str, html: str | None, pdf: PdfResult | None) -> None:
        with manifest.locked(out):  # an output's files and its entry, together
            manifest.update(out, {name: write(name, html, pdf, fields[name])})

    for name, pdf in workers.results():
        record(name, finished.pop(name), pdf)
    for name, html in finished.items():
        record(name, html, None)
    # Derived tables are cached once every output is written: a build that fails while
    # laying out (a machine without Pango, say) leaves nothing in the build folder.
    for file, text in project.computed_tables.items():
        atomic_write(out / TABLE_CACHE / file, text.encode())
    return result


class _Charts:
    """The charts of each output, drawn once for outputs that share an edition."""

    def __init__(self, views: dict[str, Project], cache: Path) -> None:
        from ..charts import Charts

        self.by_edition: dict[int, Charts] = {}
        self.of: dict[str, Charts] = {}
        for name, view in views.items():
            key = id(view.editions.get(name))  # outputs of one edition share its data
            if key not in self.by_edition:
                self.by_edition[key] = Charts(view, cache)
            self.of[name] = self.by_edition[key]

    def __getitem__(self, name: str) -> Charts:
        return self.of[name]

    def each(self) -> list[Charts]:
        return list(self.by_edition.values())


def param_settings(settings: Mapping[str, str]) -> dict[str, str]:
    """The `--set params.NAME=VALUE` settings, by parameter name."""
    return {k.removeprefix("params."): v for k, v in settings.items() if k.startswith("params.")}


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
