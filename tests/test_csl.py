"""Citation styles: `citation_style:` names a CSL style (packaged or a project file) that
formats the markers, notes and bibliography through citeproc-py; without it the built-in
numbered style is unchanged."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import pytest

from conftest import MakeProject
from reportgen.builder import BuildOptions, build
from reportgen.errors import ValidationFailed
from reportgen.render import project_environment, render_html, validate_project
from reportgen.themes import BUILTIN_TEMPLATES

FIXTURES = Path(__file__).parent / "fixtures" / "bibliographies"

CONFIG = """\
name: mini
sources: data/refs.json
sections: [alpha]
citation_style: {style}
outputs:
  full:
    template: brief.html.j2
    notes: {notes}
"""

ALPHA = """\
---
title: Alpha section
---

Chauhan reports the ministry's plans. [@chauhanTaiwanAimsStrengthen2025]

The communiqué and the notice came a week apart.
[@usNoticeTermination1978; @JointCommuniqueEstablishment1979]

The report again. [@chauhanTaiwanAimsStrengthen2025]

And again, at a page. [@chauhanTaiwanAimsStrengthen2025, p. 3]

All four. [@jiaReportTaiwanAsiaExchange2025; @JointCommuniqueEstablishment1979;
@chauhanTaiwanAimsStrengthen2025; @usNoticeTermination1978]
"""


def styled(make_project: MakeProject, tmp_path: Path, style: str, notes: str = "endnotes") -> str:
    """The HTML of the mini project built with a citation style."""
    root = make_project(
        {
            "reportgen.yaml": CONFIG.format(style=style, notes=notes),
            "data/sources.yaml": None,
            "data/sections/alpha.yaml": None,
            "data/sections/beta.yaml": None,
            "data/figures.csv": None,
            "data/sections/alpha.md": ALPHA,
        },
        name=f"proj-{style.replace('/', '-')}-{notes}",
    )
    shutil.copy(FIXTURES / "zotero-better-csl.json", root / "data" / "refs.json")
    shutil.copytree(
        Path(__file__).parent.parent / "data" / "snapshots", root / "data" / "snapshots"
    )
    project = validate_project(root)
    out = tmp_path / f"out-{style.replace('/', '-')}-{notes}"
    build(project, BuildOptions(out_dir=out, formats=("html",)))
    return (out / "mini-full.html").read_text(encoding="utf-8")


def markers(html: str) -> list[str]:
    """Each in-text marker's text, links removed."""
    found = re.findall(r'<(?:span|sup) class="cite">(.*?)</(?:span|sup)>', html, re.S)
    return [re.sub(r"<[^>]+>", "", m) for m in found]


def test_author_date_style_links_both_ways(make_project: MakeProject, tmp_path: Path) -> None:
    html = styled(make_project, tmp_path, "apa")
    shown = markers(html)
    assert shown[0] == "(Chauhan, 2025)"
    assert shown[3] == "(Chauhan, 2025, p. 3)"
    # The bibliography: each cited source once, formatted by APA, linked back to its uses.
    entry = re.search(
        r'<li id="(ref-r\d+)" data-source="chauhanTaiwan[^"]*">(.*?)</li>', html, re.S
    )
    assert entry is not None
    assert entry.group(2).startswith(
        "Chauhan, N. (2025, October 22). Taiwan aims to strengthen its military relationship"
    )
    backrefs = re.findall(r'href="#(cite-r\d+-\d+)"', entry.group(2))
    assert len(backrefs) == 4
    for anchor in backrefs:
        assert re.search(rf'<a href="#{entry.group(1)}" id="{anchor}">', html)
    assert '<a class="url" href="https://www.cia.gov/readingroom/' in html
    assert html.count('class="references-title"') == 1


def test_note_style_makes_notes_with_short_forms(make_project: MakeProject, tmp_path: Path) -> None:
    html = styled(make_project, tmp_path, "chicago-notes-bibliography-subsequent-ibid")
    notes = re.findall(r'<li id="note-\d+" class="note-text">(.*?)\n', html)
    assert notes[0].startswith("Nikhil Chauhan, “Taiwan Aims to Strengthen")
    assert "Asia In News" in notes[0]  # the first citation in full
    assert notes[2].startswith("Chauhan, “Taiwan Aims")  # a later one short
    assert notes[3].lower().startswith("ibid")  # the same source again: ibid., with its page
    assert "3" in notes[3]
    assert '<h3 class="references-title" id="references-title">Bibliography</h3>' in html


def test_note_style_as_footnotes(make_project: MakeProject, tmp_path: Path) -> None:
    html = styled(make_project, tmp_path, "chicago-notes-bibliography-subsequent-ibid", "footnotes")
    footnotes = re.findall(r'<span class="footnote"[^>]*>(.*?)</span>', html)
    assert len(footnotes) == 5
    assert footnotes[3].lower().startswith("ibid")


def test_renamed_style_name_still_found(make_project: MakeProject, tmp_path: Path) -> None:
    """chicago-note-bibliography is now chicago-shortened-notes-bibliography."""
    html = styled(make_project, tmp_path, "chicago-note-bibliography")
    assert re.findall(r'<li id="note-1" class="note-text">Chauhan, “Taiwan Aims', html)


def test_numeric_style_sorts_each_marker(make_project: MakeProject, tmp_path: Path) -> None:
    shown = markers(styled(make_project, tmp_path, "ieee"))
    # notice [2], communique [3]: written in the other order, shown sorted.
    assert shown[:2] == ["[1]", "[2], [3]"]
    assert shown[4] == "[1], [2], [3], [4]"


def test_numeric_style_collapses_ranges_where_it_says_so(
    make_project: MakeProject, tmp_path: Path
) -> None:
    html = styled(make_project, tmp_path, "nature")
    shown = markers(html)
    assert shown[1] == "2,3"
    assert shown[4] == "1\u20134"  # nature collapses citation numbers
    assert '<li id="ref-r1" data-source="chauhanTaiwanAimsStrengthen2025">1. Chauhan, N.' in html


def test_project_csl_file(make_project: MakeProject, tmp_path: Path) -> None:
    from reportgen.load.styles import find_style

    style = find_style("apa", Path("/"))
    assert style is not None
    root_html = styled(make_project, tmp_path, "apa")
    (tmp_path / "house.csl").write_bytes(style.read_bytes())
    root = tmp_path / "proj-apa-endnotes"
    (root / "styles").mkdir()
    shutil.copy(tmp_path / "house.csl", root / "styles" / "house.csl")
    config = root / "reportgen.yaml"
    config.write_text(
        config.read_text().replace("citation_style: apa", "citation_style: styles/house.csl")
    )
    project = validate_project(root)
    assert root / "styles" / "house.csl" in project.input_files
    assert markers(render_html(project, "full")) == markers(root_html)


def test_unknown_style_is_located_with_a_suggestion(make_project: MakeProject) -> None:
    root = make_project(
        {"reportgen.yaml": CONFIG.format(style="chicago-notes-bibliograpy", notes="endnotes")}
    )
    with pytest.raises(ValidationFailed) as failed:
        validate_project(root)
    (problem,) = [p for p in failed.value.problems if "citation style" in p.message]
    assert (problem.line, problem.message) == (
        4,
        "unknown citation style 'chicago-notes-bibliograpy'",
    )
    assert problem.hint == "did you mean 'chicago-notes-bibliography'?"


def test_formatted_text_is_escaped(make_project: MakeProject, tmp_path: Path) -> None:
    sources = """\
sources:
  - id: src-a
    title: Tags <script>alert(1)</script> & more
    author: A & B
    url: https://example.org/a?b=1&c=2
  - id: src-b
    title: Source B
"""
    root = make_project({"data/sources.yaml": sources})
    config = root / "reportgen.yaml"
    config.write_text(config.read_text() + "citation_style: apa\n")
    html = render_html(validate_project(root), "full")
    assert "<script>alert" not in html
    assert "Tags &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert '<a class="url" href="https://example.org/a?b=1&amp;c=2">' in html


def test_styled_builds_are_reproducible(make_project: MakeProject, tmp_path: Path) -> None:
    first = styled(make_project, tmp_path, "apa")
    root = tmp_path / "proj-apa-endnotes"
    out = tmp_path / "again"
    build(validate_project(root), BuildOptions(out_dir=out, formats=("html",)))
    assert (out / "mini-full.html").read_text(encoding="utf-8") == first


def test_builtin_style_output_unchanged_by_the_csl_hooks(default_project: object) -> None:
    """The default brief (no citation_style) renders byte for byte as it did before CSL styles
    existed: the base template without its CSL lines gives the same HTML."""
    from reportgen.model import Project

    assert isinstance(default_project, Project)
    env = project_environment(default_project)
    base = (BUILTIN_TEMPLATES / "base.html.j2").read_text(encoding="utf-8")
    hooks = [line for line in base.splitlines(keepends=True) if "cite.style" in line]
    assert len(hooks) == 4  # two includes, and two conditions that hold without a style
    includes = [line for line in hooks if "{% include" in line]
    assert len(includes) == 2
    without = "".join(line for line in base.splitlines(keepends=True) if line not in includes)
    without = without.replace(" and not cite.style %}", " %}")
    without = without.replace("{% if notes or not cite.style %}", "{% if true %}")
    assert "cite.style" not in without
    plain = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.DictLoader({"default:base.html.j2": without}), env.loader]  # type: ignore[list-item]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    plain.filters.update(env.filters)
    assert render_html(default_project, "full", env) == render_html(default_project, "full", plain)
