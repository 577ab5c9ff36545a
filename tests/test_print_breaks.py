"""Page breaks as a typesetter makes them, read back from real PDFs: headings stay with
what follows, short tables stay whole, long tables never leave a lone row or a lone
source line, figures keep their captions, notes follow on without section breaks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import MakeProject, write_project
from pdfpages import page_texts, pages_with
from reportgen.builder import BuildOptions, build
from reportgen.validate import load_project

TEXT = (
    "the ministry reported cooperation with partners across the region while analysts "
    "noted that several programmes were delayed and others expanded during the year"
)
WORDS = TEXT.split()
PARTS = 14  # sub-sections, each landing the blocks that follow at a different height


def filler(seed: int, words: int) -> str:
    return " ".join(WORDS[(seed + k) % len(WORDS)] for k in range(words)).capitalize() + "."


def table_csv(tag: str, rows: int) -> str:
    return "item,value,source\n" + "".join(f"{tag}R{r:02d},{r},src-a\n" for r in range(rows))


def breaks_project(root: Path) -> Path:
    """One section of sub-sections following on: a heading, text of varying length, and
    a short table, a long table or a chart, each with a source line."""
    files: dict[str, str | None] = {"data/sections/beta.yaml": None, "data/figures.csv": None}
    subsections = []
    for i in range(PARTS):
        kind = ("short", "long", "short", "chart")[i % 4]
        body: list[dict[str, object]] = [
            {"type": "paragraph", "text": f"Lead{i} " + filler(i, 40 + (i * 37) % 160)}
        ]
        if kind == "chart":
            files[f"data/c{i}.csv"] = "year,value\n" + "".join(
                f"{2000 + y},{y * (i + 1)}\n" for y in range(8)
            )
            body.append(
                {
                    "type": "chart",
                    "id": f"c{i}",
                    "kind": "line",
                    "data": f"data/c{i}.csv",
                    "x": "year",
                    "y": ["value"],
                    "caption": f"Chart caption C{i}",
                    "alt": "A rising line.",
                    "notes": f"Chartnote C{i}",
                }
            )
        else:
            rows = 10 if kind == "short" else 30 + i % 3
            files[f"data/t{i}.csv"] = table_csv(f"T{i}", rows)
            body.append(
                {
                    "type": "table",
                    "id": f"t{i}",
                    "data": f"data/t{i}.csv",
                    "caption": f"Table caption T{i}",
                    "cite_column": "source",
                    "notes": f"Tablenote T{i}",
                }
            )
        body.append({"type": "paragraph", "text": filler(i + 3, 30)})
        subsections.append({"title": f"Part P{i}", "body": body})
    files["data/sections/alpha.yaml"] = yaml.safe_dump(
        {"title": "Alpha section", "subsections": subsections}, sort_keys=False
    )
    files["reportgen.yaml"] = (
        "name: mini\nsections: [alpha]\noutputs:\n  full:\n    formats: [pdf]\n"
        "    section_breaks: none\n"
    )
    return write_project(root, files)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    base = tmp_path_factory.mktemp("breaks")
    root = breaks_project(base / "proj")
    build(load_project(root), BuildOptions(out_dir=base / "out"))
    return page_texts(base / "out" / "mini-full.pdf")


def test_the_document_spans_enough_pages_to_break_everywhere(pages: list[str]) -> None:
    assert len(pages) >= 8


@pytest.mark.parametrize("i", [i for i in range(PARTS) if i % 4 in (0, 2)])
def test_a_short_table_stays_whole_with_its_caption_and_source_line(
    pages: list[str], i: int
) -> None:
    holding = pages_with(pages, rf"T{i}R\d\d")
    assert len(holding) == 1, f"table T{i} on pages {holding}"
    assert pages_with(pages, rf"Table caption T{i}\b") == holding
    assert pages_with(pages, rf"Tablenote T{i}\b") == holding


@pytest.mark.parametrize("i", [i for i in range(PARTS) if i % 4 == 1])
def test_a_long_table_leaves_no_lone_rows_and_no_lone_source_line(pages: list[str], i: int) -> None:
    holding = pages_with(pages, rf"T{i}R\d\d")
    rows = [len(re.findall(rf"T{i}R\d\d", pages[p])) for p in holding]
    assert rows[0] >= 2, f"table T{i} starts with {rows[0]} row(s) on a page"
    assert rows[-1] >= 3, f"table T{i} ends with {rows[-1]} row(s) on a page"
    assert pages_with(pages, rf"Tablenote T{i}\b") == [holding[-1]]
    for page in holding[1:]:
        assert f"Table caption T{i} (continued)" in pages[page]


@pytest.mark.parametrize("i", range(PARTS))
def test_a_heading_stays_with_the_text_that_follows_it(pages: list[str], i: int) -> None:
    heading = pages_with(pages, rf"Part P{i}\b")[-1:]  # not the contents page
    assert heading == pages_with(pages, rf"Lead{i}\b"), f"heading P{i} apart from its text"


@pytest.mark.parametrize("i", [i for i in range(PARTS) if i % 4 == 3])
def test_a_figure_keeps_its_caption_and_source_line(pages: list[str], i: int) -> None:
    assert len(pages_with(pages, rf"Chart caption C{i}\b")) == 1
    assert pages_with(pages, rf"Chart caption C{i}\b") == pages_with(pages, rf"Chartnote C{i}\b")


@pytest.mark.parametrize("breaks", ["page", "none"])
def test_notes_start_a_page_only_with_section_breaks(
    breaks: str, make_project: MakeProject, tmp_path: Path
) -> None:
    config = "name: mini\nsections: [alpha, beta]\noutputs:\n  full:\n"
    config += f"    section_breaks: {breaks}\n"
    build(load_project(make_project({"reportgen.yaml": config})), BuildOptions(out_dir=tmp_path))
    texts = page_texts(tmp_path / "mini-full.pdf")
    notes = pages_with(texts, "Notes and sources")[-1]
    table = pages_with(texts, "Some figures")[-1]
    assert (notes == table) == (breaks == "none")
