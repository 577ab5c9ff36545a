"""Shared fixtures: small throwaway projects, the default brief, and a WeasyPrint warning guard."""

from __future__ import annotations

import logging
import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import reportgen
from reportgen.builder import BuildOptions, BuildResult, build
from reportgen.model import Project
from reportgen.render import validate_project

REPO = Path(__file__).resolve().parent.parent
INSTALLED = "REPORTGEN_TEST_INSTALLED"  # set by the release workflow: test the installed wheel


def pytest_configure(config: pytest.Config) -> None:
    """With REPORTGEN_TEST_INSTALLED set, refuse to test this checkout's own sources."""
    package = Path(reportgen.__file__).resolve().parent
    if os.environ.get(INSTALLED) and package.is_relative_to(REPO):
        raise pytest.UsageError(
            f"{INSTALLED} is set, but reportgen is imported from this checkout ({package}): "
            "run pytest with the Python of the environment the wheel is installed in"
        )


def package_sources(dest: Path) -> Path:
    """A copy of what the package is built from (as a checkout has it), in dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("pyproject.toml", "setup.py", "README.md", ".gitattributes", ".git_archival.txt"):
        shutil.copy2(REPO / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_build_info.py")
    shutil.copytree(REPO / "src" / "reportgen", dest / "src" / "reportgen", ignore=ignore)
    return dest


def pytest_report_header() -> str:
    """Which reportgen the tests run against: the checkout's sources or an installed wheel."""
    return f"reportgen {reportgen.__version__} from {Path(reportgen.__file__).resolve().parent}"


CONFIG = """\
name: mini
sections: [alpha, beta]
outputs:
  full:
    template: brief.html.j2
"""

BRIEF = """\
title: A Mini Brief
edition: First edition
date: 2025-10-22
as_of: 2025-10-01
organisation: Test Office
marking: UNCLASSIFIED
audience: Testers
"""

SOURCES = """\
sources:
  - id: src-a
    title: Source A
    date: 2025-10
  - id: src-b
    title: Source B
    publisher: Publisher B
"""

ALPHA = """\
title: Alpha section
key_points:
  - text: Alpha point one.
    cite: [src-a]
body:
  - type: paragraph
    text: Alpha paragraph.
    cite: [src-b]
"""

BETA = """\
title: Beta section
key_points:
  - text: Beta point.
    cite: [src-b, src-a]
body:
  - type: table
    id: figures
    data: data/figures.csv
    caption: Some figures
    columns:
      - key: name
      - key: count
        align: right
    cite_column: source
"""

FIGURES = """\
name,count,source
First,1,src-a
Second,2,src-b
"""

BRIEF_TEMPLATE = '{% extends "default:base.html.j2" %}\n'

MINI_FILES = {
    "reportgen.yaml": CONFIG,
    "data/brief.yaml": BRIEF,
    "data/sources.yaml": SOURCES,
    "data/sections/alpha.yaml": ALPHA,
    "data/sections/beta.yaml": BETA,
    "data/figures.csv": FIGURES,
    "templates/brief.html.j2": BRIEF_TEMPLATE,
}

MakeProject = Callable[..., Path]


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write a small valid project, with any file replaced (None removes it)."""

    def make(files: dict[str, str | None] | None = None, name: str = "proj") -> Path:
        return write_project(tmp_path / name, files)

    return make


def markdown_alpha(text: str, config: str | None = None) -> dict[str, str | None]:
    """The files that make section alpha the Markdown `text` (with `config` as
    reportgen.yaml, if given)."""
    files = {"data/sections/alpha.yaml": None, "data/sections/alpha.md": text}
    return files if config is None else {**files, "reportgen.yaml": config}


def write_project(root: Path, files: dict[str, str | None] | None = None) -> Path:
    """Write the small valid project into `root`, with any file replaced (None removes it)."""
    merged: dict[str, str | None] = {**MINI_FILES, **(files or {})}
    for rel, text in merged.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def no_weasyprint_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail any test during which WeasyPrint logs a warning, unless it is marked to expect one."""
    records: list[logging.LogRecord] = []

    class Guard(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    guard = Guard(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(guard)
    try:
        yield
    finally:
        logger.removeHandler(guard)
    if records and not request.node.get_closest_marker("weasyprint_warnings"):
        pytest.fail("unexpected WeasyPrint warnings: " + "; ".join(r.getMessage() for r in records))


@pytest.fixture(autouse=True)
def charts_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every chart a test draws is checked on its SVG: no two texts within 1.5 pt of each
    other, no legend over a data mark (see svgcheck)."""
    import reportgen.charts.draw
    import svgcheck

    draw = reportgen.charts.draw.draw_chart

    def checked(*args: Any, **kwargs: Any) -> bytes:
        svg = draw(*args, **kwargs)
        problems = svgcheck.problems(svg)
        assert not problems, f"chart {args[0].id!r} drawn badly: {problems}"
        return svg

    monkeypatch.setattr(reportgen.charts.draw, "draw_chart", checked)


@dataclass
class Built:
    """One build of the default brief: its result and its files."""

    result: BuildResult
    html: Path
    pdf: Path


# Variants of the default brief that the PDF tests read back.
VARIANTS: dict[str, dict[str, str]] = {
    "plain": {},
    "ua": {"pdf_variant": "pdf/ua-1"},
    "pdfa": {"pdf_variant": "pdf/a-3b"},
    "draft": {"draft": "true", "marking": "TEST ONLY // NOT FOR RELEASE"},
}


@pytest.fixture(scope="session")
def default_project() -> Project:
    return validate_project(REPO)


@pytest.fixture(scope="session")
def default_builds(
    default_project: Project, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Built]:
    """The default brief built once per variant for the whole session."""
    builds = {}
    for name, settings in VARIANTS.items():
        out = tmp_path_factory.mktemp(f"brief-{name}")
        result = build(default_project, BuildOptions(out_dir=out, only=["full"], settings=settings))
        builds[name] = Built(
            result, out / "taiwan-defense-brief-full.html", out / "taiwan-defense-brief-full.pdf"
        )
    return builds


def outputs(folder: Path) -> list[str]:
    """The output files in a build folder (not the manifest, its lock or the chart cache)."""
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".html", ".pdf"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a build folder, by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_fonts_embedded(reader: Any) -> None:
    """Every font in the PDF is a subset of the themes' families, embedded."""
    import re

    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = descriptor.get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+(IBM-Plex-Serif|Fira-Sans)", name), name
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, f"{name} not embedded"
