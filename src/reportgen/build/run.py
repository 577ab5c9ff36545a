"""The build: validate everything, then write each output's files and the manifest.

Nothing is written until the whole project is valid: its data, every template's
syntax, and every output rendered to HTML. Then the charts drawn go to the cache,
the PDFs are laid out (pool.Workers), each output's files are written whole as
its PDF arrives, and the manifest records them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReportgenError, UsageError, ValidationFailed
from ..project import find_config, output_names, raw_config
from . import manifest
from .files import atomic_write, check_out_dir, remove_stale_temps
from .options import BuildOptions
from .plan import digest, input_hash, is_current, select, template_files, tool_versions
from .pool import Workers
from .results import BuildResult, OutputFile, OutputReport

if TYPE_CHECKING:  # the model (pydantic) is imported only once something is to be built
    from ..charts import Charts
    from ..model import OutputConfig, Project
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
    check_out_dir(out)
    templates = config.parent / str(raw.get("templates_dir", "templates"))
    known, root = manifest.entries(out), config.parent
    names = select(output_names(raw), options)
    stale = [n for n in names if not _current(known.get(n), root, out, templates, n, options)]
    if raw and not stale:
        for name in names:
            _report(progress, OutputReport(name, "up to date"))
        return BuildResult(skipped=names)
    with Workers(options.job_count()) as workers:
        workers.start(_pdf_count(raw, stale, options))
        from ..validate import load_project

        return _build(load_project(config), options, progress, workers)


def build(
    project: Project, options: BuildOptions | None = None, progress: Progress | None = None
) -> BuildResult:
    """Build a validated project's outputs that are not up to date (see build_project)."""
    options = options or BuildOptions()
    with Workers(options.job_count()) as workers:
        return _build(project, options, progress, workers)


def _current(entry: Any, root: Path, out: Path, templates: Path, name: str, o: BuildOptions) -> bool:
    return not o.force and is_current(entry, root, out, templates, name, o)


def _pdf_count(raw: dict[str, Any], names: list[str], options: BuildOptions) -> int:
    """How many of the named outputs have a PDF to lay out, as reportgen.yaml reads raw."""
    outputs = raw.get("outputs") if isinstance(raw.get("outputs"), dict) else {}
    count = 0
    for name in names:
        entry = outputs.get(name) if isinstance(outputs, dict) else None
        formats = entry.get("formats") if isinstance(entry, dict) else None
        formats = formats if isinstance(formats, list) else ["html", "pdf"]
        count += "pdf" in formats and "pdf" in (options.formats or ["pdf"])
    return count


def _build(project: Project, options: BuildOptions, progress: Progress | None, workers: Workers) -> BuildResult:
    from ..charts import Charts
    from ..validate import with_settings

    out = options.out_dir or project.resolve(project.config.build_dir)
    check_out_dir(out)
    for name in options.only:
        if name not in project.config.outputs:
            outputs = ", ".join(project.config.outputs)
            raise UsageError(f"no output named {name!r}", hint=f"outputs: {outputs}")
    names = select(project.config.outputs, options)
    project = with_settings(project, options.settings, names)
    if options.sandbox:
        project = project.with_config(sandbox=True)
    templates = project.resolve(project.config.templates_dir)
    known = manifest.entries(out)
    result = BuildResult(problems=project.warnings)
    todo = []
    for name in names:
        if _current(known.get(name), project.root, out, templates, name, options):
            result.skipped.append(name)
            _report(progress, OutputReport(name, "up to date"))
        elif _formats(project.config.outputs[name], options):
            todo.append(name)
    if not todo:
        return result
    inputs = [*project.input_files, *template_files(templates)]
    hashes = {name: input_hash(project.root, inputs, name, options) for name in todo}
    charts = Charts(project, out / ".cache" / "charts")
    editions = _render(project, todo, options, charts, workers)
    # The project is valid: from here on, files are written.
    remove_stale_temps(out)
    for path, svg in charts.drawn.items():
        atomic_write(path, svg)
    result.charts_drawn = list(charts.drawn_ids)
    entries: dict[str, dict[str, Any]] = {}
    try:
        for name, pdf in workers.results():
            entries[name] = _write(project, out, name, editions.pop(name, None), pdf, result)
            entries[name]["input_hash"] = hashes[name]
            _report(progress, OutputReport(name, "built", result.files[-2:], pdf.seconds))
        for name, html in editions.items():
            entries[name] = _write(project, out, name, html, None, result)
            entries[name]["input_hash"] = hashes[name]
            _report(progress, OutputReport(name, "built", result.files[-1:]))
    finally:
        if entries:
            manifest.update(out, entries)
    return result


def _formats(config: OutputConfig, options: BuildOptions) -> list[str]:
    """The formats to write of one output: its own, less those not asked for."""
    return [f for f in config.formats if not options.formats or f in options.formats]


def _render(
    project: Project, names: list[str], options: BuildOptions, charts: Charts, workers: Workers
) -> dict[str, str]:
    """Each output's HTML edition by name; its print document goes to the workers.

    Every problem in the templates is raised together, before anything is written.
    """
    from ..context import timestamp
    from ..pdf import PrintDocument
    from ..render import check_syntax, for_print, project_environment, render_html

    problems = check_syntax(project)
    editions: dict[str, str] = {}
    if not problems:
        charts.draw()
        env = project_environment(project)
        for name in names:
            config = project.config.outputs[name]
            try:
                html = render_html(project, name, env, charts)
            except ReportgenError as exc:
                problems += exc.problems
                continue
            if "html" in _formats(config, options):
                editions[name] = html
            if "pdf" in _formats(config, options) and not problems:
                epoch = int(timestamp(project).timestamp())
                doc = for_print(html, env, project)
                workers.submit(
                    name,
                    PrintDocument(
                        doc, project.root, (project.root,), config.pdf_variant, epoch,
                        config.attachments,
                    ),
                )
    if problems:
        raise ValidationFailed([*problems, *project.warnings])
    return editions


def _write(
    project: Project, out: Path, name: str, html: str | None, pdf: PdfResult | None,
    result: BuildResult,
) -> dict[str, Any]:
    """Write one output's files, each whole; return its manifest entry (less the input hash)."""
    from .refusals import refusal

    stem = project.config.outputs[name].filename or f"{project.config.name}-{name}"
    files: list[tuple[OutputFile, bytes]] = []
    if html is not None:
        data = html.encode("utf-8")
        files.append((OutputFile(out / f"{stem}.html", "html", len(data)), data))
    if pdf is not None:
        result.warnings += [f"{name}: {w}" for w in pdf.warnings]
        result.warnings += [refusal(project, url, why) for url, why in pdf.refused]
        files.append((OutputFile(out / f"{stem}.pdf", "pdf", len(pdf.data), pdf.pages), pdf.data))
    for file, data in files:
        atomic_write(file.path, data)
        result.files.append(file)
    return {
        "inputs": sorted(p.relative_to(project.root).as_posix() for p in project.input_files),
        "files": [
            {"name": f.path.name, "format": f.format, "size": f.size, "sha256": digest(data)}
            | ({"pages": f.pages} if f.pages else {})
            for f, data in files
        ],
        "versions": tool_versions(),
        "build_seconds": round(pdf.seconds if pdf else 0.0, 3),
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }


def _report(progress: Progress | None, event: OutputReport) -> None:
    if progress:
        progress(event)
