"""Pipeline: run render and write for each selected output of a validated project."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from pydantic import ValidationError

from . import manifest
from .batch import BuildResult, InternalError, OutputFile, OutputReport
from .charts import ChartImages
from .context import palette
from .errors import Problem, ReportgenError, UsageError, ValidationFailed
from .locate import suggest
from .model import FORMATS, OutputConfig, Project
from .render import project_environment
from .workers import Job, Rendered, Workers, in_child, prepare, render_output
from .write import atomic_write


def with_settings(project: Project, settings: Mapping[str, str], names: list[str]) -> Project:
    """The project with output options overridden (`--set key=value`) for the named outputs.

    Values are read as YAML scalars (`true`, `12`, `pdf/ua-1`) and checked by
    the same model as reportgen.yaml, so a bad value is a usage error.
    """
    outputs = dict(project.config.outputs)
    for name in names:
        values = outputs[name].model_dump()
        for key, raw in settings.items():
            if key not in values:
                raise UsageError(
                    f"--set {key}: no such output option",
                    hint=suggest(key, values) or "options: " + ", ".join(values),
                )
            values[key] = yaml.safe_load(raw) if raw.strip() else None
        try:
            outputs[name] = OutputConfig.model_validate(values)
        except ValidationError as exc:
            err = exc.errors()[0]
            key = str(err["loc"][0])
            raise UsageError(f"--set {key}={settings.get(key, '')}: {err['msg']}") from None
    return project.with_config(outputs=outputs)


def refusal(project: Project, url: str, why: str) -> str:
    """A refused resource as a warning at the template or data line that names it."""
    problem = Problem("", 0, 0, "warning", f"refused to load {url}: {why}")
    where = where_named(project, url)
    if where:
        path, line, col = where
        problem = Problem(str(path), line, col, "warning", problem.message)
    return problem.format()


def where_named(project: Project, url: str) -> tuple[Path, int, int] | None:
    """The first line of the project's templates or data that names `url` or its file."""
    tail = unquote(urlsplit(url).path).rsplit("/", 1)[-1]
    needles = [n for n in (url, tail) if n]
    templates = project.resolve(project.config.templates_dir)
    files = sorted(p for p in templates.rglob("*") if p.is_file()) if templates.is_dir() else []
    for path in [*files, *project.input_files]:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for needle in needles:
            for number, line in enumerate(lines, start=1):
                if needle in line:
                    return path, number, line.index(needle) + 1
    return None


def output_stem(project: Project, name: str) -> str:
    """The file name (without extension) of one output."""
    return project.config.outputs[name].filename or f"{project.config.name}-{name}"


def build(
    project: Project,
    *,
    out_dir: Path | str | None = None,
    formats: Iterable[str] | None = None,
    only: Iterable[str] | None = None,
    settings: Mapping[str, str] | None = None,
    jobs: int = 1,
    force: bool = False,
    shard: tuple[int, int] | None = None,
    workers: Workers | None = None,
    progress: Callable[[OutputReport], None] | None = None,
    idle: Callable[[], object] | None = None,
) -> BuildResult:
    """Build the selected outputs that are not up to date, writing each one atomically.

    Outputs whose inputs hash as at their last build are skipped (`force`
    rebuilds them). With `jobs` > 1 (or `workers` started early by the caller)
    outputs are laid out in worker processes while the charts are drawn in a
    short-lived process; otherwise everything happens here, in turn. Each
    output's files are written only when all of them rendered, so a failure
    leaves that output's previous files as they were. Problems in any output
    are raised together, after the good outputs are written. `idle` is called
    once the workers have their first documents: time this process has to spare.
    """
    out = Path(out_dir) if out_dir is not None else project.resolve(project.config.build_dir)
    settings = dict(settings or {})
    wanted = set(formats or FORMATS)
    for name in only or []:
        if name not in project.config.outputs:
            raise UsageError(
                f"no output named {name!r}", hint="outputs: " + ", ".join(project.config.outputs)
            )
    names = manifest.select(list(project.config.outputs), only, shard)
    if settings:
        project = with_settings(project, settings, names)
    inputs = [
        *project.input_files,
        *manifest.template_files(project.resolve(project.config.templates_dir)),
    ]
    known = manifest.read(out)["outputs"]
    result = BuildResult()
    todo: list[tuple[Job, str]] = []
    for name in names:
        digest = manifest.input_hash(project.root, inputs, name, settings, formats or [])
        if not force and name in known and manifest.is_current(known[name], out, digest):
            result.skipped.append(name)
            report(progress, OutputReport(name, "up to date"))
            continue
        config = project.config.outputs[name]
        job = Job(
            name,
            "html" in config.formats and "html" in wanted,
            "pdf" in config.formats and "pdf" in wanted,
            cache_dir=out / ".cache" / "charts",
        )
        todo.append((job, digest))
    if not todo:
        return result

    charts = ChartImages(
        project.chart_blocks(),
        project.charts,
        palette(project),
        out / ".cache" / "charts",
        mode="file",
    )
    pending = {charts.path(cid): charts.frame(cid) for cid in charts.missing()}
    for job, _ in todo:
        job.pending = pending
    hashes = {job.name: digest for job, digest in todo}
    problems: list[Problem] = []
    entries: dict[str, dict[str, Any]] = {}
    rendered = _render(project, [job for job, _ in todo], charts, jobs, workers, idle)
    for item in rendered:
        if item.crash:
            raise InternalError(f"output {item.name!r} failed to render:\n{item.crash}")
        if item.problems:
            problems += item.problems
            report(progress, OutputReport(item.name, "failed"))
            continue
        files = _write(project, out, item, charts, result)
        entries[item.name] = _entry(project, files, hashes[item.name], item.seconds, out)
        report(progress, OutputReport(item.name, "built", files, item.seconds))
    result.charts_drawn = charts.drawn
    if entries:
        manifest.update(out, entries)
    if problems:
        raise ValidationFailed(problems)
    return result


def _render(
    project: Project,
    jobs: list[Job],
    charts: ChartImages,
    count: int,
    workers: Workers | None,
    idle: Callable[[], object] | None = None,
) -> Iterator[Rendered]:
    """Render jobs in worker processes (drawing charts meanwhile) or here, in turn."""
    if workers is None and (count <= 1 or not jobs):
        _draw(charts)
        env = project_environment(project)
        for job in jobs:
            yield render_output(project, job, env)
        return
    pool = workers or Workers(min(count, len(jobs)))
    try:
        # Render each worker's first document here while the workers finish starting,
        # so they begin laying out at once; a job whose templates fail ends here.
        env = project_environment(project)
        failed: list[Rendered] = []
        for job in jobs[: len(pool)]:
            try:
                job.prepared = prepare(project, job, env, charts)
            except ReportgenError as exc:
                failed.append(Rendered(job.name, problems=exc.problems))
        results = pool.run(
            project, [job for job in jobs if job.name not in {r.name for r in failed}]
        )
        yield from failed
        if idle is not None:
            idle()
        # While the workers lay out (from the charts' frames: a chart is needed only when
        # its page is drawn), draw here in a short-lived process, on the core this one
        # leaves idle, so matplotlib's memory is gone before layout peaks.
        charts.drawn = in_child(_draw, charts) if charts.missing() else []
        yield from results
    finally:
        if workers is None:
            pool.close()


def _draw(charts: ChartImages) -> list[str]:
    """Draw the missing charts; on failure, mark them so no worker waits for them."""
    try:
        return charts.draw_missing()
    except BaseException:
        for chart_id in charts.missing():
            charts.path(chart_id).with_suffix(".failed").parent.mkdir(parents=True, exist_ok=True)
            charts.path(chart_id).with_suffix(".failed").touch()
        raise


def _write(
    project: Project, out: Path, item: Rendered, charts: ChartImages, result: BuildResult
) -> list[OutputFile]:
    """Write one output's files atomically; the HTML edition gets its charts inline."""
    stem = output_stem(project, item.name)
    pending: list[tuple[OutputFile, bytes]] = []
    if item.html:
        data = charts.inline(item.html).encode("utf-8")
        pending.append((OutputFile(out / f"{stem}.html", "html", len(data)), data))
    if item.pdf is not None:
        result.warnings += [f"{item.name}: {w}" for w in item.pdf.warnings]
        result.warnings += [refusal(project, url, why) for url, why in item.pdf.refused]
        pending.append(
            (
                OutputFile(out / f"{stem}.pdf", "pdf", len(item.pdf.data), item.pdf.pages),
                item.pdf.data,
            )
        )
    for file, data in pending:
        atomic_write(file.path, data)
        result.files.append(file)
    return [file for file, _ in pending]


def _entry(
    project: Project, files: list[OutputFile], digest: str, seconds: float, out: Path
) -> dict[str, Any]:
    """One output's manifest entry."""
    return {
        "input_hash": digest,
        "inputs": sorted(p.relative_to(project.root).as_posix() for p in project.input_files),
        "files": [
            {
                "name": f.path.relative_to(out).as_posix(),
                "format": f.format,
                "size": f.size,
                "sha256": manifest.digest(f.path),
                **({"pages": f.pages} if f.pages else {}),
            }
            for f in files
        ],
        "versions": manifest.tool_versions(),
        "build_seconds": round(seconds, 3),
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }


def report(progress: Callable[[OutputReport], None] | None, event: OutputReport) -> None:
    if progress:
        progress(event)
