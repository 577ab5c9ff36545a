"""The handling marking prints at the top and bottom of every page of every layout, from
the output's data, whatever blocks a project's templates override or remove."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import CONFIG, MakeProject
from reportgen.builder import BuildOptions, build
from reportgen.validate import load_project

MARKING = "UNCLASSIFIED"  # the mini project's brief.yaml

LAYOUTS = {
    "built-in": '{% extends "default:base.html.j2" %}\n',
    "cover overridden": (
        '{% extends "default:base.html.j2" %}\n'
        '{% block cover %}<header class="cover my-cover"><h1>{{ brief.title }}</h1>'
        "<p>{{ brief.organisation }}</p></header>{% endblock %}\n"
    ),
    "cover, contents and back page removed": (
        '{% extends "default:base.html.j2" %}\n'
        "{% block cover %}{% endblock %}{% block contents %}{% endblock %}"
        "{% block back_page %}{% endblock %}\n"
    ),
    "all three overridden": (
        '{% extends "default:base.html.j2" %}\n'
        '{% block cover %}<div class="front"><h1>{{ brief.title }}</h1></div>{% endblock %}'
        '{% block contents %}<nav class="toc"><p>In this brief: {{ sections | length }} '
        "sections</p></nav>{% endblock %}"
        '{% block back_page %}<footer class="back-page"><p>The end.</p></footer>{% endblock %}\n'
    ),
}


def marking_lines(pdf: Path) -> list[tuple[int, int]]:
    """For each page: how many runs of text near its top and near its bottom read the marking."""
    return [_top_and_bottom(page) for page in PdfReader(pdf).pages]


def _top_and_bottom(page: Any) -> tuple[int, int]:
    height = float(page.mediabox.height)
    places: list[float] = []

    def visit(text: str, cm: object, tm: list[float], *_: object) -> None:
        if text.strip() == MARKING:
            places.append(tm[5] / height)

    page.extract_text(visitor_text=visit)
    return sum(y > 0.9 for y in places), sum(y < 0.1 for y in places)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_page_of_every_layout_carries_the_marking(
    layout: str, make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project({"templates/brief.html.j2": LAYOUTS[layout]})
    build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["pdf"]))
    counts = marking_lines(tmp_path / "mini-full.pdf")
    assert len(counts) >= 2
    assert counts == [(1, 1)] * len(counts), f"{layout}: (top, bottom) per page {counts}"


def test_an_outputs_marking_replaces_the_briefs_on_every_page(
    make_project: MakeProject, tmp_path: Path
) -> None:
    config = CONFIG + '    marking: "SECRET // REL TO \\"X\\" <ALPHA>"\n'
    root = make_project({"reportgen.yaml": config})
    build(load_project(root), BuildOptions(out_dir=tmp_path))
    pages = [p.extract_text() for p in PdfReader(tmp_path / "mini-full.pdf").pages]
    assert all(text.count('SECRET // REL TO "X" <ALPHA>') == 2 for text in pages)
    assert not any(MARKING + "\n" in text for text in pages)
    html = (tmp_path / "mini-full.html").read_text()
    assert "SECRET // REL TO &#34;X&#34; &lt;ALPHA&gt;" in html  # the screen banner


def test_no_marking_prints_no_banner(make_project: MakeProject, tmp_path: Path) -> None:
    from reportgen.render import for_print, project_environment, render_html

    project = load_project(make_project())
    project.meta.__dict__["marking"] = ""  # a brief without a marking
    env = project_environment(project)
    html = render_html(project, "full", env)
    assert 'class="marking-banner"' not in html and 'class="cover-marking"' not in html
    printed = for_print(html, env, project, "full")
    assert 'content: "";' in printed and "string(marking)" not in printed


@pytest.mark.parametrize("layout", ["built-in", "cover, contents and back page removed"])
def test_the_tagged_pdf_holds_the_marking_once_as_text(
    layout: str, make_project: MakeProject, tmp_path: Path
) -> None:
    """The margins' copies are artifacts: a screen reader hears the marking from the
    document's own banner, whatever a layout removes."""
    import structtree

    root = make_project({"templates/brief.html.j2": LAYOUTS[layout]})
    project = load_project(root).with_config(sandbox=True)
    build(
        project,
        BuildOptions(out_dir=tmp_path, formats=["pdf"], settings={"pdf_variant": "pdf/ua-1"}),
    )
    document = structtree.read(tmp_path / "mini-full.pdf")
    assert document.text.count(MARKING) == 1
    assert marking_lines(tmp_path / "mini-full.pdf")[0] == (1, 1)
