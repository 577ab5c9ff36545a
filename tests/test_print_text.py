"""The small things of print, read back from real PDFs: page references only to other pages,
markers joined to their word, one style of marker per output, no hyphens where a typesetter
would set none, row headings in the body's font."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import MakeProject, markdown_alpha
from pdfpages import links_and_anchors, page_texts
from reportgen.builder import BuildOptions, build
from reportgen.validate import load_project

ALPHA_MD = """\
---
title: Alpha section
---

As @tbl-figures shows, and @fig-counts draws, the counts differ [@src-a].

```{chart}
id: fig-counts
kind: bar
data: data/figures.csv
x: name
y: [count]
caption: Counts by name
alt: Two bars.
```

```{table}
id: figures
data: data/figures.csv
caption: Some figures
cite_column: source
```

Again, @tbl-figures and @fig-counts, on this page.
"""
BETA = """\
title: Beta section
body:
  - type: paragraph
    text: Back to @tbl-figures, to @fig-counts and to @sec-alpha.
"""


# Justified text: a page number cannot be taken out of a laid-out line, so the brief is
# laid out again instead.
JUSTIFIED = (
    '{% extends "default:base.html.j2" %}\n'
    "{% block styles %}{{ super() }} p { text-align: justify; }{% endblock %}\n"
)


@pytest.mark.parametrize("layout", ["ragged", "justified"])
def test_a_cross_reference_prints_its_targets_page_only_when_it_is_another(
    layout: str, make_project: MakeProject, tmp_path: Path
) -> None:
    files = markdown_alpha(ALPHA_MD)
    if layout == "justified":
        files["templates/brief.html.j2"] = JUSTIFIED
    root = make_project({**files, "data/sections/beta.yaml": BETA})
    build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["pdf"]))
    pdf = tmp_path / "mini-full.pdf"
    texts = page_texts(pdf)
    anchors, links = {}, {}
    for prefix in ("table-", "figure-", "alpha"):
        found, linked = links_and_anchors(pdf, prefix)
        anchors |= found
        links |= linked
    # Each page's references to targets on other pages (a link may be drawn in pieces).
    expected: dict[int, list[int]] = {}
    for target, pages in links.items():
        for page in sorted(set(pages)):
            if page > 1 and anchors[target] != page:  # not the contents page
                expected.setdefault(page, []).append(anchors[target] + 1)
    assert sum(len(p) for p in expected.values()) == 3  # Beta's three references
    assert {p for pages in links.values() for p in pages if p > 1} == {2, 3}
    for page, text in enumerate(texts):
        printed = [int(n) for n in re.findall(r"\(p\. (\d+)\)", text)]
        assert sorted(printed) == sorted(expected.get(page, [])), f"page {page + 1}: {text}"
    beta = next(t for t in texts if "Back to" in t)
    assert re.search(r"Back to Table 1 \(p\. \d+\), to Figure 1 \(p\. \d+\)", beta)


FILLER = "The ministry reported cooperation with partners across the region"


def test_a_marker_never_begins_a_line(make_project: MakeProject, tmp_path: Path) -> None:
    # Markers after figures and stops, one paragraph each, shifted a letter at a time so
    # that some fall at the end of a line.
    words = (FILLER + " " + FILLER).split()
    text = "\n\n".join(
        f"{'x' * (1 + i % 9)} {' '.join(words[: 8 + i // 9])} worth ${9000 + i * 37:,}.[@src-a] "
        f"and more text{'.' if i % 2 else ''}^[Note {i}.]"
        for i in range(81)
    )
    root = make_project(markdown_alpha(f"---\ntitle: Alpha section\n---\n\n{text}\n"))
    build(load_project(root), BuildOptions(out_dir=tmp_path))
    lines = [
        line.strip()
        for page in PdfReader(tmp_path / "mini-full.pdf").pages
        for line in page.extract_text().splitlines()
    ]
    assert sum("[" in line for line in lines) > 80
    assert not [line for line in lines if re.match(r"\[\d", line)]
    html = (tmp_path / "mini-full.html").read_text()
    html = html[html.index('id="alpha"') : html.index('id="beta"')]
    # Notes and citations: one style, bracketed numbers joined to the word before.
    assert len(re.findall('\u2060<sup class="cite">\\[', html)) == 81
    assert len(re.findall('\u2060<sup class="cite note-ref">\\[', html)) == 81


def test_footnote_calls_are_one_style_for_notes_and_citations(
    make_project: MakeProject, tmp_path: Path
) -> None:
    alpha = "---\ntitle: Alpha section\n---\n\nText [@src-a] and a note.^[A note.] [@src-b]\n"
    config = "name: mini\nsections: [alpha, beta]\noutputs:\n  full:\n    notes: footnotes\n"
    root = make_project(markdown_alpha(alpha, config))
    build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["html"]))
    html = (tmp_path / "mini-full.html").read_text()
    assert "<sup" not in html.split("<main", 1)[1]  # no bracketed numbers: calls only
    assert re.search(r'Text\u2060<span class="footnote" id="fn-1"', html)
    # Two calls side by side are told apart: "2,3", not "23".
    assert re.search(r'>2</a><span class="fn-sep">,</span>\u2060<span class="footnote"', html)


HEADINGS = ["Intercontinental", "Representatives", "Expectancy", "Administrative"]


def test_headings_captions_and_table_headings_are_not_hyphenated(
    make_project: MakeProject, tmp_path: Path
) -> None:
    keys = ["name", *[f"c{i}" for i in range(6)], "source"]
    headings = [*HEADINGS, "Unemployment", "Consolidation"]
    columns = "\n".join(f"      - {{key: c{i}, heading: {headings[i]}}}" for i in range(6))
    beta = f"""\
title: Beta section
subsections:
  - title: {" ".join(HEADINGS * 3)}
    body:
      - type: table
        id: figures
        data: data/figures.csv
        caption: {" ".join(reversed(HEADINGS * 3))}
        columns:
      - {{key: name}}
{columns}
        cite_column: source
"""
    beta = beta.replace("\n      - {key", "\n          - {key")
    csv = (
        ",".join(keys)
        + "\n"
        + "".join(
            ",".join([f"Row {r}", *[str(r * i) for i in range(6)], "src-a"]) + "\n"
            for r in range(3)
        )
    )
    root = make_project({"data/sections/beta.yaml": beta, "data/figures.csv": csv})
    build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["pdf"]))
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "mini-full.pdf").pages)
    for word in headings:
        assert re.search(rf"\b{word}\b", text), word
    assert not re.search(r"[A-Za-z]-\s", text.split("Beta section", 1)[1].split("Notes")[0])


def _fonts_of(page: Any, wanted: str) -> set[str]:
    """The fonts the page sets `wanted` in."""
    fonts: set[str] = set()

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if font is not None and wanted in text:
            fonts.add(str(font["/BaseFont"]))

    page.extract_text(visitor_text=visit)
    return fonts


@pytest.mark.parametrize("theme", ["default", "civic"])
def test_a_rows_heading_is_in_the_body_font(
    theme: str, make_project: MakeProject, tmp_path: Path
) -> None:
    config = f"name: mini\ntheme: {theme}\nsections: [alpha, beta]\n"
    root = make_project({"reportgen.yaml": config})
    build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["pdf"]))
    pages = PdfReader(tmp_path / "mini-full.pdf").pages
    page = next(p for p in pages if "Second" in p.extract_text())
    body = _fonts_of(page, "Beta point")
    assert body and _fonts_of(page, "Second") == body
    assert _fonts_of(page, "count") != body  # a column's heading: the heading font
