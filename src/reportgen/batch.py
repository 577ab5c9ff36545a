"""Building a project from its folder: the quick up-to-date check first, then render
workers started early, validation, and the build.

Importing this module is cheap: the pipeline (pydantic, pandas, Jinja) is
imported only when something must be built.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem
from .project import DATA_SUFFIXES, find_config, output_names, raw_config

if TYPE_CHECKING:
    from .workers import Workers


@dataclass
class OutputFile:
    """One file a build wrote."""

    path: Path
    format: str
    size: int
    pages: int | None = None


@dataclass
class OutputReport:
    """Progress of one output: built, up to date or failed."""

    name: str
    status: str
    files: list[OutputFile] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class BuildResult:
    """What a build wrote, skipped and met along the way."""

    files: list[OutputFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    charts_drawn: list[str] = field(default_factory=list)  # drawn, not taken from the cache
    skipped: list[str] = field(default_factory=list)  # outputs already up to date
    problems: list[Problem] = field(default_factory=list)  # validation warnings


class InternalError(RuntimeError):
    """A bug in reportgen met while rendering (not a problem in the project)."""


def default_jobs() -> int:
    """One render worker per core."""
    return os.cpu_count() or 1


def build_project(
    path: Path | str = ".",
    *,
    out_dir: Path | str | None = None,
    formats: Iterable[str] | None = None,
    only: Iterable[str] | None = None,
    settings: Mapping[str, str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    shard: tuple[int, int] | None = None,
    sandbox: bool = False,
    progress: Callable[[OutputReport], None] | None = None,
) -> BuildResult:
    """Validate and build a project's outputs, doing nothing when all are up to date."""
    from . import manifest

    config = find_config(path)
    settings = dict(settings or {})
    out = Path(out_dir) if out_dir is not None else None
    jobs = jobs or default_jobs()
    # A render worker starts first: importing WeasyPrint takes it a few tenths of a
    # second, which overlaps everything below. It is stopped again on a no-op.
    workers = _early_worker(formats)
    try:
        raw = raw_config(config)
        names = manifest.select(output_names(raw), only, shard) if raw is not None else []
        current = None
        if not force:
            current = manifest.up_to_date(config, raw, out, only, settings, formats, shard)
    except BaseException:
        if workers is not None:
            workers.close(now=True)
        raise
    if workers is not None and (current is not None or not names):
        workers.close(now=True)
        workers = None
    if current is not None:
        for name in current:
            if progress:
                progress(OutputReport(name, "up to date"))
        return BuildResult(skipped=current)
    if workers is not None:
        workers.grow(min(jobs, len(names)))  # one per output, up to --jobs
    # What validation makes lasts the build: rather than scan it again and again (some
    # 0.06 s of the default brief's validation), collect once, while the workers lay out.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .pipeline import build
        from .validate import load_project
        from .workers import in_child

        # For a large project, validate in a short-lived process, so pandas' memory
        # (some 50 MB) is gone while a worker holds a large layout; for a small one
        # the ~0.1 s that costs matters more than the memory.
        large = workers is not None and data_size(config, raw or {}) > LARGE_DATA_BYTES
        project = in_child(load_project, config) if large else load_project(config)
        if sandbox:
            project = project.with_config(sandbox=True)
        result = build(
            project,
            out_dir=out,
            formats=formats,
            only=only,
            settings=settings,
            jobs=jobs,
            force=force,
            shard=shard,
            workers=workers,
            progress=progress,
            idle=_collect_garbage if collecting else None,
        )
        result.problems = project.warnings
    except BaseException:
        if workers is not None:  # they have nothing to show: report the problem at once
            workers.close(wait=False)
        raise
    finally:
        if collecting:
            gc.enable()
    if workers is not None:
        workers.close()
    return result


def _collect_garbage() -> None:
    """Turn the collector back on and collect what validating and rendering left."""
    gc.enable()
    gc.collect()


LARGE_DATA_BYTES = 256 * 1024


def data_size(config: Path, raw: dict[str, object]) -> int:
    """Bytes of data files in the brief's folder (a cheap proxy for page count)."""
    folder = (config.parent / str(raw.get("brief", "data/brief.yaml"))).parent
    files = folder.rglob("*") if folder.is_dir() else []
    return sum(p.stat().st_size for p in files if p.suffix in DATA_SUFFIXES and p.is_file())


def _early_worker(formats: Iterable[str] | None) -> Workers | None:
    """Start a render worker now, so it imports WeasyPrint while the project validates.

    Even one output gets a worker: it lays out the PDF while this process draws charts.
    """
    if formats is not None and "pdf" not in formats:
        return None
    from .workers import Workers

    return Workers(1)
