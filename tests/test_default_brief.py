"""End to end: the default Taiwan brief builds, reads back from its PDF, and cites its sources."""

from __future__ import annotations

import itertools
import re

import pytest
from pypdf import PdfReader

from conftest import Built
from reportgen.model import Project

MISSION_SECTIONS = [
    "The US partnership",
    "Regional initiatives",
    "Cyber cooperation",
    "Humanitarian assistance and disaster relief (HADR)",
    "Future prospects and challenges",
]


@pytest.fixture(scope="module")
def plain(default_builds: dict[str, Built]) -> Built:
    return default_builds["plain"]


@pytest.fixture(scope="module")
def pdf_text(plain: Built) -> str:
    reader = PdfReader(plain.pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"-\n", "", text)  # undo hyphenation at line ends
    return re.sub(r"\s+", " ", text)


def test_default_project_validates_without_warnings(default_project: Project) -> None:
    assert default_project.warnings == []
    assert [s.id for s in default_project.sections] == [
        "key-judgments",
        "background",
        "us-partnership",
        "regional-initiatives",
        "cyber-cooperation",
        "hadr",
        "future-prospects",
    ]


def test_every_variant_builds_html_and_pdf_without_warnings(
    default_builds: dict[str, Built],
) -> None:
    for name, built in default_builds.items():
        assert built.html.is_file() and built.pdf.is_file(), name
        assert built.result.warnings == [], name


@pytest.mark.parametrize("title", MISSION_SECTIONS)
def test_pdf_has_each_mission_section_with_cited_content(pdf_text: str, title: str) -> None:
    # The heading appears after the contents, followed by text with a marker like "[1, 2]".
    start = pdf_text.index(title, pdf_text.index("Key judgments", pdf_text.index("Contents") + 10))
    assert re.search(r"\[\d+(, \d+)*\]", pdf_text[start : start + 1500])


def test_pdf_lists_the_cited_sources(pdf_text: str, default_project: Project) -> None:
    notes = pdf_text[pdf_text.index("Notes and sources", pdf_text.index("Indicators to watch")) :]
    for source in default_project.sources.values():
        assert source.title[:40] in notes


def test_pdf_states_the_corrected_treaty_facts(pdf_text: str) -> None:
    assert "It was terminated on 1 January 1980" in pdf_text
    assert "Taiwan Relations Act (Public Law 96-8, enacted 10 April 1979)" in pdf_text
    assert "ten military exchange objectives" in pdf_text
    assert "Communications and information command and control" in pdf_text


def test_html_is_self_contained(plain: Built) -> None:
    html = plain.html.read_text()
    assert "<style>" in html and "<link" not in html
    assert not re.search(r"<script[^>]*\bsrc=", html)  # only the small inline script
    # The only absolute addresses are links to sources, never loaded resources.
    assert not re.search(r'\b(src|data)="(https?:)?//', html)
    assert re.findall(r'href="(https?://[^"]+)"', html) == [
        "https://history.state.gov/historicaldocuments/frus1977-80v13/d180",
        "https://english.president.gov.tw/News/6417",
        "https://www.cia.gov/readingroom/document/cia-rdp84b00049r001303190013-6",
    ]


def test_headings_are_in_order(plain: Built) -> None:
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", plain.html.read_text())]
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
