"""House style per output, project styles after the built-in print CSS, section breaks."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from conftest import CONFIG, MakeProject
from reportgen.builder import BuildOptions, build
from reportgen.errors import ValidationFailed
from reportgen.render import for_print, project_environment, render_html
from reportgen.validate import load_project

TWO_OUTPUTS = CONFIG + (
    "  plain:\n    template: brief.html.j2\n"
    "  other:\n    template: brief.html.j2\n    section_breaks: none\n"
    '    style: {accent: "#7a1f3d", page_size: a4}\n'
    'style: {accent: "#0b5563", muted: "#555555"}\n'
)


def test_an_output_style_is_merged_over_the_projects(make_project: MakeProject) -> None:
    project = load_project(make_project({"reportgen.yaml": TWO_OUTPUTS}))
    plain, other = render_html(project, "plain"), render_html(project, "other")
    assert "--rg-accent: #0b5563;" in plain and "--rg-accent: #7a1f3d;" not in plain
    assert "--rg-accent: #7a1f3d;" in other and "--rg-accent: #0b5563;" not in other
    assert "--rg-muted: #555555;" in other  # what the output does not set is the project's
    env = project_environment(project)
    assert "size: a4" in for_print(other, env, project, "other")
    assert "size: a4" not in for_print(plain, env, project, "plain")


def test_an_output_logo_is_checked_where_it_is_named(make_project: MakeProject) -> None:
    config = TWO_OUTPUTS.replace("page_size: a4}", "page_size: a4, logo: none.png}")
    root = make_project({"reportgen.yaml": config})
    try:
        load_project(root)
    except ValidationFailed as exc:
        found = [(Path(p.path).name, p.line, p.message) for p in exc.problems]
    assert found == [("reportgen.yaml", 11, "logo file not found: none.png")]


def test_project_styles_come_after_the_paged_css(make_project: MakeProject) -> None:
    template = (
        '{% extends "default:base.html.j2" %}\n'
        "{% block styles %}{{ super() }}\n.section + .section { break-before: avoid-page; }\n"
        "{% endblock %}\n"
    )
    project = load_project(make_project({"templates/brief.html.j2": template}))
    env = project_environment(project)
    printed = for_print(render_html(project, "full", env), env, project, "full")
    paged = printed.index(".section + .section, .endnotes { break-before: page; }")
    assert printed.index(".section + .section { break-before: avoid-page; }") > paged
    assert printed.index("@top-center") > printed.index("--rg-accent")  # after the theme


def test_section_breaks_none_lets_sections_follow_on(
    make_project: MakeProject, tmp_path: Path
) -> None:
    project = load_project(make_project({"reportgen.yaml": TWO_OUTPUTS}))
    build(project, BuildOptions(out_dir=tmp_path, formats=["pdf"], only=["plain", "other"]))

    def first_page(name: str, text: str) -> int:
        pages = PdfReader(tmp_path / f"mini-{name}.pdf").pages
        return next(i for i, p in enumerate(pages) if text in p.extract_text())

    assert first_page("plain", "Beta point.") == first_page("plain", "Alpha point one.") + 1
    assert first_page("other", "Beta point.") == first_page("other", "Alpha point one.")


def test_the_back_page_follows_the_notes(make_project: MakeProject, tmp_path: Path) -> None:
    build(load_project(make_project()), BuildOptions(out_dir=tmp_path, formats=["pdf"]))
    last = PdfReader(tmp_path / "mini-full.pdf").pages[-1].extract_text()
    assert "Source B" in last and "Built with reportgen" in last  # a note, then the back page


def test_the_html_edition_embeds_the_theme_fonts_as_woff2_subsets(
    make_project: MakeProject, tmp_path: Path
) -> None:
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    build(load_project(make_project()), BuildOptions(out_dir=tmp_path, formats=["html"]))
    html = (tmp_path / "mini-full.html").read_text()
    faces = re.findall(
        r'@font-face \{ font-family: "([^"]+)"; font-weight: (\d+); font-style: (\w+);'
        r'[^}]*url\("data:font/woff2;base64,([^"]+)"\)',
        html,
    )
    assert {f[0] for f in faces} == {"IBM Plex Serif", "Fira Sans"}
    data = base64.b64decode(faces[0][3])
    assert data[:4] == b"wOF2"
    font = TTFont(io.BytesIO(data))
    cmap = font.getBestCmap()
    assert ord("A") in cmap and ord("\u2019") in cmap  # the text's characters
    assert len(cmap) < 1000  # a subset, not the whole font
    assert html.index("@font-face") < html.index("--rg-font-body")  # before the theme
