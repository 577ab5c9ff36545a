"""Handling markings under a marking scheme, end to end from projects made by `reportgen
init`: portions checked against the declared banner and located in their own files, the
banner computed, portion marks in the PDF's text, lower-audience outputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.cli import main
from reportgen.errors import ValidationFailed
from reportgen.scaffold import init_project
from reportgen.validate import load_project

OVERVIEW_PARAGRAPH = (
    "    cite: [example-source]\n  - type: paragraph\n    text: >-\n      The table"
)


def project(tmp_path: Path, scheme: str, banner: str, **outputs: str) -> Path:
    """A `reportgen init` project under `scheme`, its brief declaring `banner`; each output
    named in `outputs` added with those YAML options (a `full` one replaces init's)."""
    root = tmp_path / "p"
    config = init_project(root, "Marked brief")
    text = config.read_text().replace(
        "theme: default\n", f"theme: default\nmarking_scheme: {scheme}\n"
    )
    for name, options in outputs.items():
        if name == "full":
            text = text.replace("  full:\n    template: brief.html.j2\n", "  full:\n" + options)
        else:
            text += f"  {name}:\n{options}"
    config.write_text(text)
    brief = root / "data/brief.yaml"
    brief.write_text(brief.read_text().replace("marking: UNCLASSIFIED", f"marking: {banner}"))
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1))


def append(root: Path, rel: str, text: str) -> None:
    with (root / rel).open("a") as file:
        file.write(text)


def mark_sections(root: Path, overview: str, findings: str) -> None:
    edit(
        root,
        "data/sections/overview.yaml",
        "title: Overview\n",
        f"title: Overview\nmarking: {overview}\n",
    )
    edit(
        root,
        "data/sections/findings.md",
        "title: Findings\n",
        f"title: Findings\nmarking: {findings}\n",
    )


def errors(root: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as failed:
        load_project(root)
    return [p.format().splitlines()[0] for p in failed.value.problems if p.severity == "error"]


def where(root: Path, rel: str, needle: str) -> tuple[int, int]:
    """The line and column of `needle` in a project file."""
    for number, line in enumerate((root / rel).read_text().splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def build(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Build with the CLI; return what it printed on stderr."""
    capsys.readouterr()
    code = main(["build", str(root), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    return err


def pages(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def banner_lines(pdf: Path, banner: str) -> list[tuple[int, int]]:
    """Per page: how many text runs near its top and near its bottom read `banner`."""
    counts = []
    for page in PdfReader(pdf).pages:
        height = float(page.mediabox.height)
        places: list[float] = []

        def visit(text: str, cm: object, tm: list[float], *_: object) -> None:
            if text.strip() == banner:
                places.append(tm[5] / height)  # noqa: B023 (used at once, in this loop)

        page.extract_text(visitor_text=visit)
        counts.append((sum(y > 0.9 for y in places), sum(y < 0.1 for y in places)))
    return counts


CALLOUT = '{.callout-note title="How to write this"}'
ABOVE = {  # scheme, banner, the sections' markings, the edit, where the marking stands
    "a CUI paragraph under UNCLASSIFIED, in YAML": (
        ("us", "UNCLASSIFIED", "U", "U"),
        ("data/sections/overview.yaml", OVERVIEW_PARAGRAPH, "CUI"),
        "portion marked CUI is above the banner UNCLASSIFIED",
    ),
    "a TLP:RED callout under TLP:AMBER, in Markdown": (
        ("tlp", "TLP:AMBER", "TLP:GREEN", "AMBER"),
        ("data/sections/findings.md", CALLOUT, "marking=TLP:RED"),
        "portion marked TLP:RED is above the banner TLP:AMBER",
    ),
    "an AMBER+STRICT key point under TLP:GREEN, in front matter": (
        ("tlp", "TLP:GREEN", "CLEAR", "GREEN"),
        ("data/sections/findings.md", "    cite: [example-source]\n---", "amber+strict"),
        "portion marked TLP:AMBER+STRICT is above the banner TLP:GREEN",
    ),
    "a CUI sub-section under UNCLASSIFIED, in Markdown": (
        ("us", "UNCLASSIFIED", "U", "U"),
        ("data/sections/findings.md", "by their ids.\n", "marking=CUI"),
        "portion marked CUI is above the banner UNCLASSIFIED",
    ),
}


def marked_at(text: str, marking: str) -> str:
    """`text` (a paragraph's YAML, a callout's line, a key point's end, a paragraph to
    follow with a sub-section) with `marking`."""
    if text == OVERVIEW_PARAGRAPH:
        return text.replace(
            "  - type: paragraph\n", f"    marking: {marking}\n  - type: paragraph\n"
        )
    if text == CALLOUT:
        return text.replace("}", f" {marking}}}")
    if text.startswith("by their ids"):  # a sub-section after the paragraph
        return f"{text}\n## Detail {{#detail {marking}}}\n\nText.\n"
    return text.replace("\n---", f"\n    marking: {marking}\n---")


@pytest.mark.parametrize("case", ABOVE)
def test_a_portion_above_the_banner_is_located_in_its_own_file(tmp_path: Path, case: str) -> None:
    (scheme, banner, overview, findings), (rel, old, marking), message = ABOVE[case]
    root = project(tmp_path, scheme, banner)
    mark_sections(root, overview, findings)
    edit(root, rel, old, marked_at(old, marking))
    line, col = where(root, rel, marking)
    assert errors(root) == [f"{root.resolve() / rel}:{line}:{col}: error: {message}"]


def test_an_unmarked_section_among_marked_ones_is_reported_in_its_file(tmp_path: Path) -> None:
    root = project(
        tmp_path, "us", "CUI", full="    template: brief.html.j2\n    portion_marks: true\n"
    )
    edit(
        root, "data/sections/overview.yaml", "title: Overview\n", "title: Overview\nmarking: CUI\n"
    )
    found = errors(root)
    assert len(found) == 1
    assert re.fullmatch(
        rf"{re.escape(str(root.resolve()))}/data/sections/findings\.md:\d+:\d+: error: section "
        "'findings' is not marked, while other portions are",
        found[0],
    )


def test_unknown_levels_and_schemes_are_located_with_a_suggestion(tmp_path: Path) -> None:
    root = project(tmp_path, "us", "UNCLASSIFIED")
    mark_sections(root, "UNCLASIFIED", "U")
    with pytest.raises(ValidationFailed) as failed:
        load_project(root)
    (problem,) = failed.value.problems
    assert problem.message == "unknown marking 'UNCLASIFIED'"
    assert problem.hint == "did you mean 'UNCLASSIFIED'?"
    assert problem.path.endswith("overview.yaml") and problem.line == 3
    edit(root, "reportgen.yaml", "marking_scheme: us", "marking_scheme: tpl")
    (problem,) = [p for p in errors(root) if "scheme" in p]
    assert "unknown marking scheme 'tpl' (did you mean 'tlp'?" in problem


def test_portion_markings_without_a_scheme_are_one_error(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init_project(root, "No scheme")
    mark_sections(root, "CUI", "CUI")
    found = errors(root)
    assert len(found) == 1 and "a portion's `marking` needs a `marking_scheme`" in found[0]


@pytest.mark.slow
def test_a_fully_marked_project_shows_its_marks_and_computed_banner_on_every_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(
        tmp_path,
        "us",
        "CUI // NOFORN",
        full="    template: brief.html.j2\n    portion_marks: true\n",
    )
    mark_sections(root, "U", "CUI")
    build(root, tmp_path / "out", capsys)
    pdf = tmp_path / "out" / "marked-brief-full.pdf"
    text = "\n".join(pages(pdf))
    assert re.search(r"^\(U\) Overview$", text, re.M)  # the heading, and in the contents
    assert re.search(r"^\(U\) Paragraphs take inline Markdown", text, re.M)
    assert re.search(r"^\(CUI\) Findings$", text, re.M)
    assert re.search(r"^\(CUI\) Write the body as Markdown", text, re.M)
    assert re.search(r"^\(CUI\) Key points sit in the front matter", text, re.M)
    assert "Table 1. (U) Example figures" in text
    assert text.count("(U) Overview") == 2  # the contents show the headings' marks
    assert banner_lines(pdf, "CUI // NOFORN") == [(1, 1)] * len(pages(pdf))
    html = (tmp_path / "out" / "marked-brief-full.html").read_text()
    assert '<span class="portion-mark">(CUI)</span> Findings' in html
    # Without portion_marks (the summary), no marks; the banner is still computed.
    summary = "\n".join(pages(tmp_path / "out" / "marked-brief-summary.pdf"))
    assert "(U)" not in summary and "UNCLASSIFIED // NOFORN" in summary


@pytest.mark.slow
def test_a_max_marking_output_leaves_the_cui_portion_out_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = "    template: brief.html.j2\n    portion_marks: true\n"
    root = project(tmp_path, "us", "CUI", full=options, public=options + "    max_marking: U\n")
    mark_sections(root, "U", "U")
    edit(
        root,
        "data/sections/overview.yaml",
        OVERVIEW_PARAGRAPH,
        marked_at(OVERVIEW_PARAGRAPH, "CUI"),
    )
    err = build(root, tmp_path / "out", capsys)
    assert "public: 1 portion withheld (above its max_marking U)" in err
    full = pages(tmp_path / "out" / "marked-brief-full.pdf")
    public = pages(tmp_path / "out" / "marked-brief-public.pdf")
    assert "(CUI) Paragraphs take inline Markdown" in "\n".join(full)
    assert "Paragraphs take" not in "\n".join(public)
    assert banner_lines(tmp_path / "out" / "marked-brief-full.pdf", "CUI") == [(1, 1)] * len(full)
    assert banner_lines(tmp_path / "out" / "marked-brief-public.pdf", "UNCLASSIFIED") == [
        (1, 1)
    ] * len(public)
    assert "Paragraphs take" not in (tmp_path / "out" / "marked-brief-public.html").read_text()
    # A build with nothing to do says it too (from the manifest).
    again = build(root, tmp_path / "out", capsys)
    assert "0 output(s) built" in again
    assert "public: 1 portion withheld (above its max_marking U)" in again
    assert main(["validate", str(root)]) == 0
    assert "public: 1 portion withheld (above its max_marking U)" in capsys.readouterr().err


@pytest.mark.slow
def test_tlp_portion_marks_are_rendered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(
        tmp_path, "tlp", "TLP:RED", full="    template: brief.html.j2\n    portion_marks: true\n"
    )
    mark_sections(root, "TLP:CLEAR", "GREEN")
    edit(
        root,
        "data/sections/findings.md",
        '{.callout-note title="How to write this"}',
        '{.callout-note title="How to write this" marking=AMBER}',
    )
    build(root, tmp_path / "out", capsys)
    pdf = tmp_path / "out" / "marked-brief-full.pdf"
    text = "\n".join(pages(pdf))
    assert "(TLP:CLEAR) Overview" in text and "(TLP:GREEN) Findings" in text
    assert "(TLP:AMBER) docs/authoring.md" in text
    assert "(TLP:CLEAR) Overview . ." not in text  # TLP marks no contents
    assert banner_lines(pdf, "TLP:AMBER") == [(1, 1)] * len(pages(pdf))


def test_a_cross_reference_to_a_withheld_portion_is_an_error(tmp_path: Path) -> None:
    options = "    template: brief.html.j2\n    portion_marks: true\n"
    root = project(tmp_path, "us", "CUI", green=options + "    max_marking: U\n")
    mark_sections(root, "CUI", "U")
    line, col = where(root, "data/sections/findings.md", "@sec-overview")
    assert errors(root) == [
        f"{root.resolve()}/data/sections/findings.md:{line}:{col}: error: @sec-overview refers "
        "to a section that output 'green' withholds (marked CUI, above its max_marking U)"
    ]


@pytest.mark.slow
def test_per_page_banners_print_the_highest_level_on_each_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = "    template: brief.html.j2\n    portion_marks: true\n    banner: per_page\n"
    root = project(tmp_path, "us", "CUI // NOFORN", full=options)
    mark_sections(root, "U", "CUI")
    build(root, tmp_path / "out", capsys)
    pdf = tmp_path / "out" / "marked-brief-full.pdf"
    texts = pages(pdf)
    overview = next(i for i, t in enumerate(texts) if "(U) Paragraphs take" in t)
    findings = next(i for i, t in enumerate(texts) if "(CUI) Write the body" in t)
    unclassified = banner_lines(pdf, "UNCLASSIFIED // NOFORN")
    cui = banner_lines(pdf, "CUI // NOFORN")
    assert unclassified[overview] == (1, 1) and cui[overview] == (0, 0)
    assert cui[findings] == (1, 1) and unclassified[findings] == (0, 0)
    # The cover, the contents (listing a CUI heading) and the notes: the document's.
    others = [i for i in range(len(texts)) if i != overview]
    assert [cui[i] for i in others] == [(1, 1)] * len(others)


def test_per_page_banners_need_portion_marks(tmp_path: Path) -> None:
    root = project(
        tmp_path, "us", "CUI", full="    template: brief.html.j2\n    banner: per_page\n"
    )
    mark_sections(root, "U", "CUI")
    (found,) = errors(root)
    assert found.endswith("error: `banner: per_page` needs `portion_marks: true`")


def test_markdown_marks_sub_sections_divs_and_fenced_blocks(tmp_path: Path) -> None:
    root = project(tmp_path, "us", "CUI")
    mark_sections(root, "U", "U")
    append(
        root,
        "data/sections/findings.md",
        "\n## Detail {#detail marking=CUI}\n\nInherits the sub-section's.\n\n"
        "::: {marking=U}\nFirst wrapped.\n\nSecond wrapped.\n:::\n\n"
        "```{table}\nid: kf\ndata: data/tables/offices.csv\ncaption: Offices\n"
        "marking: CUI\n```\n",
    )
    loaded = load_project(root)
    findings = loaded.sections[1]
    (detail,) = findings.subsections
    assert (detail.id, detail.marking, detail.title) == ("detail", "CUI", "Detail")
    assert [b.marking for b in detail.body] == [None, "U", "U", "CUI"]


@pytest.mark.slow
def test_a_scheme_of_the_projects_own_and_notes_marked_as_their_portion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scheme = (
        "\n  levels:\n    - {name: PUBLIC, banner: PUBLIC, portion: P}\n"
        "    - {name: INTERNAL, banner: INTERNAL USE ONLY, portion: I, aliases: [STAFF]}\n"
    )
    root = project(
        tmp_path,
        scheme,
        "INTERNAL USE ONLY",
        full="    template: brief.html.j2\n    portion_marks: true\n",
    )
    mark_sections(root, "PUBLIC", "staff")
    edit(root, "data/sections/findings.md", "by their ids.", "by their ids.[^1]\n\n[^1]: A note.")
    build(root, tmp_path / "out", capsys)
    text = "\n".join(pages(tmp_path / "out" / "marked-brief-full.pdf"))
    assert "(P) Overview" in text and "(I) Findings" in text
    assert "(I) A note." in text  # the endnote's text, marked as the paragraph citing it
    assert banner_lines(tmp_path / "out" / "marked-brief-full.pdf", "INTERNAL USE ONLY")[1] == (
        1,
        1,
    )


def test_max_marking_takes_a_sub_section_with_all_it_holds_and_a_section_left_empty(
    tmp_path: Path,
) -> None:
    from reportgen.context import output_view, withheld

    options = "    template: brief.html.j2\n    portion_marks: true\n"
    root = project(tmp_path, "us", "CUI", public=options + "    max_marking: U\n")
    mark_sections(root, "U", "U")
    append(
        root,
        "data/sections/findings.md",
        "\n## Detail {#detail marking=CUI}\n\nInherits CUI.\n\n::: {marking=U}\nU.\n:::\n",
    )
    edit(
        root,
        "data/sections/overview.yaml",
        "key_points:\n",
        "key_points:\n  - text: A CUI point.\n    cite: [example-source]\n    marking: CUI\n",
    )
    # Every other portion of the overview is CUI too: the section goes whole.
    text = (root / "data/sections/overview.yaml").read_text()
    text = text.replace(
        "    cite: [example-source]\n  - type",
        "    cite: [example-source]\n    marking: CUI\n  - type",
    )
    text = text.replace("    total: true\n", "    total: true\n    marking: CUI\n")
    text = text.replace(
        "    cite: [example-source]\nbody:", "    cite: [example-source]\n    marking: CUI\nbody:"
    )
    text = text.replace("      parameter's default", "      parameter's default")
    (root / "data/sections/overview.yaml").write_text(text)
    edit(
        root,
        "data/sections/overview.yaml",
        "  - type: paragraph\n    text: >-\n      The table",
        "  - type: paragraph\n    marking: CUI\n    text: >-\n      The table",
    )
    with pytest.raises(ValidationFailed) as failed:
        load_project(root)
    (problem,) = failed.value.problems
    assert problem.message == (
        "@sec-overview refers to a section that output 'public' withholds (all it holds is "
        "marked above its max_marking U)"
    )
    edit(root, "data/sections/findings.md", "such as @sec-overview,", "such as the overview,")
    loaded = load_project(root)
    view = output_view(loaded.for_output("public"), "public")
    assert view is not None
    assert [s.id for s in view.sections] == ["findings"]
    assert [s.title for s in view.sections[0].subsections] == []
    assert withheld(loaded, "public") == "public: 9 portions withheld (above its max_marking U)"
    assert view.banner == "UNCLASSIFIED"


def test_set_options_are_checked_against_the_scheme(tmp_path: Path) -> None:
    from reportgen.errors import UsageError
    from reportgen.validate import with_settings

    root = project(tmp_path, "us", "CUI")
    mark_sections(root, "U", "CUI")
    loaded = load_project(root)
    cases = {
        "TEST ONLY // X": "the banner 'TEST ONLY // X' does not start with a level",
        "UNCLASSIFIED": "the output shows portions marked CUI, above the banner UNCLASSIFIED",
    }
    for marking, message in cases.items():
        with pytest.raises(UsageError, match=re.escape(message)):
            with_settings(loaded, {"marking": marking}, ["full"])
    # Withheld above U, the CUI section no longer stands above an UNCLASSIFIED banner.
    changed = with_settings(loaded, {"marking": "UNCLASSIFIED", "max_marking": "U"}, ["full"])
    assert changed.config.outputs["full"].max_marking == "U"


def test_a_blocks_own_marking_inside_a_div_is_located_where_it_is_written(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, "us", "UNCLASSIFIED")
    mark_sections(root, "U", "U")
    append(
        root,
        "data/sections/findings.md",
        "\n::: {marking=U}\nWrapped.\n\n```{table}\nid: kf\ndata: data/tables/offices.csv\n"
        "caption: Offices\nmarking: CUI\n```\n:::\n",
    )
    line, col = where(root, "data/sections/findings.md", "CUI")
    assert errors(root) == [
        f"{root.resolve()}/data/sections/findings.md:{line}:{col}: error: portion marked CUI "
        "is above the banner UNCLASSIFIED"
    ]


def test_a_section_whose_portions_are_all_marked_takes_the_highest_for_its_heading(
    tmp_path: Path,
) -> None:
    from reportgen.context import output_view

    options = "    template: brief.html.j2\n    portion_marks: true\n"
    root = project(tmp_path, "us", "CUI", full=options)
    edit(root, "data/sections/overview.yaml", "title: Overview\n", "title: Overview\nmarking: U\n")
    findings = "data/sections/findings.md"
    edit(
        root,
        findings,
        "    cite: [example-source]\n---",
        "    cite: [example-source]\n    marking: U\n---",
    )
    edit(root, findings, "Write the body", "::: {marking=U}\nWrite the body")
    edit(root, findings, "by their ids.\n", "by their ids.\n:::\n")
    edit(root, findings, CALLOUT, marked_at(CALLOUT, "marking=CUI"))
    loaded = load_project(root)  # no section left unmarked
    view = output_view(loaded, "full")
    assert view is not None
    heading = view.sections[1]
    assert heading.marking == "CUI"
    assert [p.marking for p in heading.key_points] == ["UNCLASSIFIED"]
    assert [b.marking for b in heading.body] == ["UNCLASSIFIED", "CUI"]
