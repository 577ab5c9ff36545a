"""Sections written in Markdown: front matter, citations, callouts, fenced blocks,
cross-references; their errors located in the .md file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MakeProject, snapshot
from reportgen.builder import BuildOptions, build
from reportgen.cli import main
from reportgen.validate import load_project

ALPHA_MD = """\
---
title: Alpha section
summary: What alpha is about [@src-a].
key_points:
  - text: Alpha point one, see @fig-counts.
    cite: [src-a]
---

Alpha paragraph with a citation [@src-b, p. 3] and *emphasis*, as @tbl-figures shows.[^gap]

- a listed item [@src-a; @src-b]
- another item

::: {.callout-warning title="Evidence gap"}
No source names a **date** for this.
:::

## Details {#details}

```{chart}
id: fig-counts
kind: bar
data: data/figures.csv
x: name
y: [count]
caption: Counts by name
alt: Two bars, First 1 and Second 2.
cite_column: source
```

See @sec-beta for the table.

[^gap]: The figure is as reported,
    not checked against a second source.
"""


@pytest.fixture
def md_project(make_project: MakeProject) -> Path:
    return make_project({"data/sections/alpha.yaml": None, "data/sections/alpha.md": ALPHA_MD})


def test_a_markdown_section_validates_into_the_same_model(md_project: Path) -> None:
    project = load_project(md_project)
    alpha = project.sections[0]
    assert alpha.title == "Alpha section" and alpha.key_points[0].cite == ["src-a"]
    assert [b.type for b in alpha.body] == ["paragraph", "paragraph", "callout"]
    callout = alpha.body[2]
    assert callout.type == "callout" and callout.tone == "warning"
    assert callout.title == "Evidence gap"
    assert alpha.subsections[0].id == "details"
    assert [b.type for b in alpha.subsections[0].body] == ["chart", "paragraph"]
    assert "fig-counts" in project.charts
    assert project.warnings == []  # every source cited, inline or in key points


def test_a_markdown_section_builds_with_citations_and_cross_references(
    md_project: Path, tmp_path: Path
) -> None:
    build(load_project(md_project), BuildOptions(out_dir=tmp_path))
    html = (tmp_path / "mini-full.html").read_text()
    # Citations numbered in reading order and linked both ways, with the locator.
    assert re.search(r'<a href="#note-2" id="cite-2-\d+" role="doc-noteref">2</a>, p\. 3', html)
    assert 'id="note-2"' in html
    assert "<li>a listed item\u2060<sup" in html  # a citation at the end of a list item
    assert '<a class="xref" href="#figure-fig-counts">Figure 1</a>' in html
    assert '<a class="xref" href="#table-figures">Table 1</a>' in html
    assert '<a class="xref" href="#beta">Section 2</a>' in html
    assert 'class="callout callout-warning"' in html and "Evidence gap" in html
    assert "<strong>date</strong>" in html
    pages = [
        re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(tmp_path / "mini-full.pdf").pages
    ]
    text = " ".join(pages)
    # In print a cross-reference gives its target's page, unless the target is on its page.
    ref = next(i for i, page in enumerate(pages) if "see Figure 1" in page)
    figure = next(i for i, page in enumerate(pages) if "Figure 1. Counts by name" in page)
    shown = f"see Figure 1 (p. {figure + 1})." if figure != ref else "see Figure 1."
    assert shown in pages[ref]
    assert re.search(r"Section 2 \(p\.\s?\d+\)", text)


def test_citations_and_cross_references_in_yaml_text_too(
    make_project: MakeProject, tmp_path: Path
) -> None:
    alpha = """\
title: Alpha section
key_points:
  - text: As @tbl-figures shows [@src-a, pp. 2-4].
    cite: [src-b]
"""
    root = make_project({"data/sections/alpha.yaml": alpha})
    build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["html"]))
    html = (tmp_path / "mini-full.html").read_text()
    assert '<a class="xref" href="#table-figures">Table 1</a>' in html
    assert re.search(r">1</a>, pp\. 2-4\]</sup>", html)


BROKEN = [
    (
        "unknown-source",
        ALPHA_MD.replace("[@src-b, p. 3]", "[@src-bb, p. 3]"),
        "data/sections/alpha.md:9:33: error: unknown source id 'src-bb'",
    ),
    (
        "unknown-label",
        ALPHA_MD.replace("as @tbl-figures shows", "as @tbl-figuers shows"),
        "data/sections/alpha.md:9:67: error: no table has the label tbl-figuers",
    ),
    (
        "front-matter-yaml",
        ALPHA_MD.replace("summary: What alpha is about [@src-a].", 'summary: "What alpha'),
        "data/sections/alpha.md:3:10: error: YAML syntax error: this quoted text is not closed",
    ),
    (
        "unclosed-callout",
        ALPHA_MD.replace("No source names a **date** for this.\n:::\n", "No source.\n"),
        "data/sections/alpha.md:14:1: error: this ::: block is not closed",
    ),
    (
        "unknown-block-field",
        ALPHA_MD.replace("caption: Counts by name", "captoin: Counts by name"),
        "data/sections/alpha.md:26:1: error: unknown key 'captoin'",
    ),
    (
        "note-without-text",
        ALPHA_MD.replace("shows.[^gap]", "shows.[^gpa]"),
        "data/sections/alpha.md:9:86: error: note [^gpa] has no text",
    ),
    (
        "unknown-front-matter-key",
        ALPHA_MD.replace("key_points:", "keypoints:"),
        "data/sections/alpha.md:4:1: error: unknown key 'keypoints'",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_errors_in_markdown_are_located_and_write_nothing(
    md_project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    expected: str,
) -> None:
    monkeypatch.chdir(md_project)
    assert main(["build"]) == 0
    before = snapshot(md_project / "build")
    (md_project / "data/sections/alpha.md").write_text(text)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert any(line.startswith(expected) for line in err.splitlines()), err
    assert "Traceback" not in err
    assert snapshot(md_project / "build") == before


def test_a_section_with_both_files_is_an_error(md_project: Path) -> None:
    (md_project / "data/sections/alpha.yaml").write_text("title: Alpha\n")
    from reportgen.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as info:
        load_project(md_project)
    assert "has two files, alpha.yaml and .md" in str(info.value)


def test_notes_are_numbered_endnotes_by_default(md_project: Path, tmp_path: Path) -> None:
    build(load_project(md_project), BuildOptions(out_dir=tmp_path, formats=["html"]))
    html = (tmp_path / "mini-full.html").read_text()
    match = re.search(r'<sup class="cite note-ref">\[<a href="#note-(\d+)" id="(cite-\d+-1)"', html)
    assert match, "the note's call"
    number, anchor = match.groups()
    item = re.search(rf'<li id="note-{number}" class="note-text">(.*?)</li>', html, re.S)
    assert item and "not checked against a second source." in item.group(1)
    assert f'href="#{anchor}"' in item.group(1)  # and back


def test_footnotes_are_set_at_the_foot_of_the_page_they_are_cited_on(
    make_project: MakeProject, tmp_path: Path
) -> None:
    config = "name: mini\nsections: [alpha, beta]\noutputs:\n  full:\n    notes: footnotes\n"
    root = make_project(
        {
            "reportgen.yaml": config,
            "data/sections/alpha.yaml": None,
            "data/sections/alpha.md": ALPHA_MD,
        }
    )
    build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["pdf"]))
    pages = [p.extract_text() for p in PdfReader(tmp_path / "mini-full.pdf").pages]
    cited = next(i for i, text in enumerate(pages) if "Alpha paragraph" in text)
    page = re.sub(r"\s+", " ", pages[cited])
    assert "not checked against a second source." in page  # the note, on its page
    assert "Source B" in page  # a citation, as a footnote on the same page
    _, _, foot = page.partition("Alpha paragraph")
    assert foot.index("No source names") < foot.index("not checked against")  # below the text


def test_an_unlisted_markdown_section_is_a_warning(md_project: Path) -> None:
    (md_project / "data/sections/gamma.md").write_text("---\ntitle: Gamma\n---\n\nText.\n")
    warnings = [p.format() for p in load_project(md_project).warnings]
    assert any("gamma.md:1:1: warning: section file is not listed" in w for w in warnings)


def test_init_shows_both_section_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen.scaffold import init_project

    config = init_project(tmp_path / "new", "A new brief")
    sections = sorted(p.name for p in (config.parent / "data/sections").iterdir())
    assert sections == ["findings.md", "overview.yaml"]
    assert main(["validate", "--strict", str(config.parent)]) == 0
    build(load_project(config.parent), BuildOptions(out_dir=tmp_path / "out", formats=["html"]))
    html = next((tmp_path / "out").glob("*.html")).read_text()
    assert '<a class="xref" href="#overview">Section 1</a>' in html
    assert "callout-note" in html


def test_an_image_in_a_section_reaches_the_pdf_and_the_html_edition(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """An image the text shows from the project's files is laid out, and embedded in the
    HTML edition (a missing one is an error before anything is written: tests/corpus)."""
    import base64
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (40, 20), "steelblue").save(png, format="PNG")
    root = make_project(
        {
            "data/sections/alpha.md": "---\ntitle: Alpha section\n---\n\n"
            "The area. ![A map of the area](images/map%20one.png) [@src-a]\n",
            "data/sections/alpha.yaml": None,
        }
    )
    (root / "images").mkdir()
    (root / "images" / "map one.png").write_bytes(png.getvalue())
    out = tmp_path / "out"
    build(load_project(root), BuildOptions(out_dir=out, jobs=1))
    images = [image for page in PdfReader(out / "mini-full.pdf").pages for image in page.images]
    assert {image.image.size for image in images} == {(40, 20)}  # (resources shared by pages)
    edition = (out / "mini-full.html").read_text()  # stands alone: the image is in it
    assert 'alt="A map of the area"' in edition and "images/map" not in edition
    embedded = re.search(r'src="data:image/png;base64,([^"]+)"', edition)
    assert embedded and base64.b64decode(embedded.group(1)) == png.getvalue()
