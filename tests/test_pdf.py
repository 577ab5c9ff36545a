"""Print features of the default brief's PDF, read back with pypdf: contents numbers,
bookmarks, markings, page numbers, metadata, links, fonts, variants, reproducibility."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from conftest import Built, assert_fonts_embedded
from reportgen.builder import BuildOptions, build
from reportgen.model import Project

MARKING = "UNCLASSIFIED // FOR PUBLIC RELEASE"


@pytest.fixture(scope="module")
def reader(default_builds: dict[str, Built]) -> PdfReader:
    return PdfReader(default_builds["plain"].pdf)


def lines_with_height(page: Any) -> list[tuple[str, float]]:
    """Each text run on a page with its vertical position as a fraction of the page height."""
    height = float(page.mediabox.height)
    runs: list[tuple[str, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            runs.append((text.strip(), (cm[5] + tm[5] * cm[3]) / height))

    page.extract_text(visitor_text=visit)
    return runs


def test_contents_numbers_match_the_pages_headings_land_on(reader: PdfReader) -> None:
    destinations = reader.named_destinations
    contents = reader.pages[1]
    links = [a.get_object() for a in contents.get("/Annots", [])]
    # Each entry's link is split into fragments (text, leader, number): keep the first.
    targets = list(dict.fromkeys(str(a["/Dest"]) for a in links if a.get("/Subtype") == "/Link"))
    assert len(targets) == 15  # 7 sections, 7 sub-sections, and the notes
    text = contents.extract_text()
    numbers = [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", text, re.M)]
    assert len(numbers) == len(targets)
    for target, number in zip(targets, numbers, strict=True):
        page = reader.get_destination_page_number(destinations[target]) + 1
        assert number == page, f"contents says {target} is on page {number}, it is on {page}"
    assert min(numbers) >= 3  # nothing reads 0 or 1 (WeasyPrint #1491, #2114)


def test_one_bookmark_per_section_and_subsection(
    reader: PdfReader, default_project: Project
) -> None:
    def tree(outline: list[Any]) -> list[Any]:
        items: list[Any] = []
        for item in outline:
            if isinstance(item, list):
                items[-1] = (items[-1], tree(item))
            else:
                assert isinstance(item, Destination)
                items.append(item.title)
        return items

    # The headings as the contents list them: with their portion marks (the full output
    # has `portion_marks`, and the us scheme marks the contents).
    expected: list[Any] = []
    for section in default_project.sections:
        subs = [f"(U) {sub.title}" for sub in section.subsections]
        expected.append((f"(U) {section.title}", subs) if subs else f"(U) {section.title}")
    expected.append("Notes and sources")
    assert tree(reader.outline) == expected


def test_marking_top_and_bottom_of_every_page_after_the_cover(reader: PdfReader) -> None:
    for number, page in enumerate(reader.pages[1:], start=2):
        runs = lines_with_height(page)
        markings = [y for text, y in runs if text == MARKING]  # whole, never wrapped
        assert any(y > 0.9 for y in markings), f"page {number}: no marking at the top"
        assert any(y < 0.1 for y in markings), f"page {number}: no marking at the bottom"


def test_cover_has_marking_but_no_running_header_or_page_number(reader: PdfReader) -> None:
    text = reader.pages[0].extract_text()
    assert text.count(MARKING) == 2
    assert "Page 1" not in text
    assert "Taiwan: Defense Cooperation with the United States and Partners" in (
        re.sub(r"\s+", " ", text)
    )


def test_page_n_of_m_on_every_page_after_the_cover(reader: PdfReader) -> None:
    total = len(reader.pages)
    for number, page in enumerate(reader.pages[1:], start=2):
        runs = lines_with_height(page)
        assert (f"Page {number} of {total}", True) in [(t, y < 0.1) for t, y in runs]


def test_running_footer_names_the_current_section(reader: PdfReader) -> None:
    destinations = reader.named_destinations
    page = reader.get_destination_page_number(destinations["cyber-cooperation"])
    assert "Cyber cooperation" in [t for t, y in lines_with_height(reader.pages[page]) if y < 0.1]


def test_metadata_comes_from_the_brief(reader: PdfReader) -> None:
    info = reader.metadata
    assert info is not None
    assert info.title == "Taiwan: Defense Cooperation with the United States and Partners"
    assert info.author == "reportgen example briefs"
    assert info.subject is not None and info.subject.startswith("How Taiwan is deepening")
    assert info["/Keywords"].startswith("Taiwan, defense cooperation, United States")
    assert info["/CreationDate"].startswith("D:20251031000000")
    assert info["/ModDate"].startswith("D:20251031000000")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_citations_and_notes_link_both_ways(reader: PdfReader) -> None:
    destinations = set(reader.named_destinations)
    dests = [
        str(a.get_object()["/Dest"])
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/Dest" in a.get_object()
    ]
    to_notes = [d for d in dests if d.startswith("note-")]
    back = [d for d in dests if d.startswith("cite-")]
    assert to_notes and back
    assert set(to_notes) <= destinations and set(back) <= destinations
    # Every note is reached from the text, and every note links back.
    notes = {d for d in destinations if d.startswith("note-")}
    assert set(to_notes) == notes
    assert {d.split("-")[1] for d in back} == {n.split("-")[1] for n in notes}


def test_tables_and_figures_are_numbered(reader: PdfReader) -> None:
    text = "\n".join(p.extract_text() for p in reader.pages)
    # (each caption starts with its portion mark: the full output has `portion_marks`)
    assert "Table 1. (U) Timeline" in text and "Table 2. (U) The ten military exchange" in text
    assert "Figure 1. (U) From the 1954 treaty" in text
    assert "Figure 2. (U) HIMARS launchers" in text


def test_fonts_are_the_theme_family_embedded_and_subset(reader: PdfReader) -> None:
    assert_fonts_embedded(reader)


def test_pdf_ua_variant_is_tagged(default_builds: dict[str, Built]) -> None:
    reader = PdfReader(default_builds["ua"].pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and re.search(r"pdfuaid:part[^0-9]*1", xmp)
    assert root["/Lang"] == "en"
    assert reader.metadata is not None and reader.metadata.title


def test_pdf_a_variant_declares_conformance(default_builds: dict[str, Built]) -> None:
    root = PdfReader(default_builds["pdfa"].pdf).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]*3", xmp) and re.search(r"pdfaid:conformance\W*B", xmp)
    assert root["/OutputIntents"]


def test_draft_and_marking_are_output_options(default_builds: dict[str, Built]) -> None:
    reader = PdfReader(default_builds["draft"].pdf)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "DRAFT" in text, f"page {number} has no watermark"
        assert MARKING not in text
    assert "UNCLASSIFIED // TEST ONLY, NOT FOR RELEASE" in reader.pages[3].extract_text()


def test_two_builds_are_byte_identical(
    default_project: Project, default_builds: dict[str, Built], tmp_path: Path
) -> None:
    build(default_project, BuildOptions(out_dir=tmp_path))
    first = default_builds["plain"]
    assert (tmp_path / first.pdf.name).read_bytes() == first.pdf.read_bytes()
    assert (tmp_path / first.html.name).read_bytes() == first.html.read_bytes()
