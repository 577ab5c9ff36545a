"""Pipeline: run render and write for each selected output of a validated project."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from pydantic import ValidationError

from .charts import ChartImages
from .context import palette, timestamp
from .errors import Problem, UsageError
from .locate import suggest
from .model import FORMATS, OutputConfig, Project
from .render import for_print, project_environment, render_html
from .write import atomic_write, render_pdf


@dataclass
class OutputFile:
    """One file a build wrote."""

    path: Path
    format: str
    size: int
    pages: int | None = None


@dataclass
class BuildResult:
    """What a build wrote, and the warnings it met along the way."""

    files: list[OutputFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    charts_drawn: list[str] = field(default_factory=list, metadata={"doc": "ids not cached"})


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
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Render every selected output to HTML and PDF, writing each output's files atomically.

    Each output's files are all rendered in memory before any is written, so a
    failure leaves that output's previous files exactly as they were.
    """
    out = Path(out_dir) if out_dir is not None else project.resolve(project.config.build_dir)
    wanted = set(formats or FORMATS)
    names = list(only or project.config.outputs)
    for name in names:
        if name not in project.config.outputs:
            raise UsageError(
                f"no output named {name!r}", hint="outputs: " + ", ".join(project.config.outputs)
            )
    if settings:
        project = with_settings(project, settings, names)
    env = project_environment(project)
    epoch = int(timestamp(project).timestamp())
    charts = ChartImages(
        project.chart_blocks(), project.charts, palette(project), out / ".cache" / "charts"
    )
    result = BuildResult()
    for name in names:
        config = project.config.outputs[name]
        stem = output_stem(project, name)
        html = render_html(project, name, env, charts)
        pending: list[tuple[OutputFile, bytes]] = []
        if "html" in config.formats and "html" in wanted:
            data = html.encode("utf-8")
            pending.append((OutputFile(out / f"{stem}.html", "html", len(data)), data))
        if "pdf" in config.formats and "pdf" in wanted:
            pdf = render_pdf(
                for_print(html, env, project),
                project.root,
                [project.root],
                config.pdf_variant,
                epoch=epoch,
                attachments=config.attachments,
            )
            result.warnings += [f"{name}: {w}" for w in pdf.warnings]
            result.warnings += [refusal(project, url, why) for url, why in pdf.refused]
            pending.append(
                (OutputFile(out / f"{stem}.pdf", "pdf", len(pdf.data), pdf.pages), pdf.data)
            )
        for file, data in pending:
            atomic_write(file.path, data)
            result.files.append(file)
            if progress:
                progress(f"wrote {file.path}")
    result.charts_drawn = charts.drawn
    return result
