"""End to end: the default Taiwan brief builds, reads back from its PDF, and cites its sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO
from reportgen.model import Project
from reportgen.pipeline import BuildResult, build
from reportgen.validate import validate_project

MISSION_SECTIONS = [
    "The US partnership",
    "Regional initiatives",
    "Cyber cooperation",
    "Humanitarian assistance and disaster relief (HADR)",
    "Future prospects and challenges",
]


@pytest.fixture(scope="module")
def project() -> Project:
    return validate_project(REPO)


@pytest.fixture(scope="module")
def built(project: Project, tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("brief")
    return build(project, out_dir=out), out


@pytest.fixture(scope="module")
def pdf_text(built: tuple[BuildResult, Path]) -> str:
    _, out = built
    reader = PdfReader(out / "taiwan-defense-brief.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"-\n", "", text)  # undo hyphenation at line ends
    return re.sub(r"\s+", " ", text)


def test_default_project_validates_without_warnings(project: Project) -> None:
    assert project.warnings == []
    assert [s.id for s in project.sections] == [
        "key-judgments",
        "background",
        "us-partnership",
        "regional-initiatives",
        "cyber-cooperation",
        "hadr",
        "future-prospects",
    ]


def test_build_writes_html_and_pdf_without_warnings(built: tuple[BuildResult, Path]) -> None:
    result, out = built
    assert sorted(p.name for p in out.iterdir()) == [
        "taiwan-defense-brief.html",
        "taiwan-defense-brief.pdf",
    ]
    assert result.warnings == []


@pytest.mark.parametrize("title", MISSION_SECTIONS)
def test_pdf_has_each_mission_section_with_cited_content(pdf_text: str, title: str) -> None:
    # The heading appears, and is followed by text carrying a citation marker like "[1, 2]".
    start = pdf_text.index(title, pdf_text.index("Key judgments", pdf_text.index("Contents") + 10))
    assert re.search(r"\[\d+(, \d+)*\]", pdf_text[start : start + 1500])


def test_pdf_lists_the_cited_sources(pdf_text: str, project: Project) -> None:
    notes = pdf_text[pdf_text.index("Notes and sources", pdf_text.index("Indicators to watch")) :]
    for source in project.sources.values():
        assert source.title[:40] in notes


def test_pdf_states_the_corrected_treaty_facts(pdf_text: str) -> None:
    assert "It was terminated on 1 January 1980" in pdf_text
    assert "Taiwan Relations Act (Public Law 96-8, enacted 10 April 1979)" in pdf_text
    assert "ten military exchange objectives" in pdf_text
    assert "Communications and information command and control" in pdf_text


def test_pdf_metadata_comes_from_the_brief(built: tuple[BuildResult, Path]) -> None:
    _, out = built
    info = PdfReader(out / "taiwan-defense-brief.pdf").metadata
    assert info is not None
    assert info.title == "Taiwan: Defense Cooperation with the United States and Partners"
    assert info["/CreationDate"].startswith("D:20261121")


def test_html_is_self_contained(built: tuple[BuildResult, Path]) -> None:
    _, out = built
    html = (out / "taiwan-defense-brief.html").read_text()
    assert "<style>" in html and "<link" not in html and "<script" not in html
    # The only absolute addresses are links to sources, never loaded resources.
    assert not re.search(r'\b(src|data)="(https?:)?//', html)
    assert re.findall(r'href="(https?://[^"]+)"', html) == [
        "https://www.congress.gov/bill/96th-congress/house-bill/2479"
    ]
