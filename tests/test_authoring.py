"""docs/authoring.md's example section, built as written."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from conftest import REPO, MakeProject
from reportgen.builder import BuildOptions, build
from reportgen.validate import load_project

GUIDE = (REPO / "docs" / "authoring.md").read_text()
EXAMPLE = re.search(r"````markdown\n(.*?)````", GUIDE, re.S)

CONFIG = """\
name: guide
sections: [background, cyber]
outputs:
  full: {}
  footnotes:
    notes: footnotes
"""
SOURCES = """\
sources:
  - id: mnd-2025
    title: Report to the Legislative Yuan
    publisher: Ministry of National Defense
    date: 2025-10
  - id: analysis-2025
    title: An unsigned news analysis
    date: 2025-10
"""
BACKGROUND = "title: Background\nkey_points:\n  - text: Context.\n    cite: [mnd-2025]\n"


def test_the_guides_example_builds(make_project: MakeProject, tmp_path: Path) -> None:
    assert EXAMPLE, "docs/authoring.md has no ````markdown example"
    root = make_project(
        {
            "reportgen.yaml": CONFIG,
            "data/sources.yaml": SOURCES,
            "data/sections/alpha.yaml": None,
            "data/sections/beta.yaml": None,
            "data/figures.csv": None,
            "data/sections/background.yaml": BACKGROUND,
            "data/sections/cyber.md": EXAMPLE.group(1),
            "data/tables/areas.csv": "area,source\nCyber defense,mnd-2025\n",
            "data/tables/exchanges.csv": "year,exchanges\n2024,300\n2025,340\n",
        }
    )
    project = load_project(root)
    assert project.warnings == []
    build(project, BuildOptions(out_dir=tmp_path))
    html = (tmp_path / "guide-full.html").read_text()
    for text in (
        'href="#table-tbl-areas">Table 1',
        'href="#figure-fig-exchanges">Figure 1',
        'href="#cyber">Section 2',
        'href="#background">Section 1',
        "callout-warning",
        "The report covers the year to September 30.",
    ):
        assert text in html, text
    pages = " ".join(p.extract_text() for p in PdfReader(tmp_path / "guide-footnotes.pdf").pages)
    assert "The report covers the year to September 30." in pages
