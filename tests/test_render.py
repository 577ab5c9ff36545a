"""Render stage: the loader chain, strict undefineds, autoescape, citations in reading order."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from conftest import ALPHA, CONFIG, MakeProject
from reportgen.builder import BuildOptions, build
from reportgen.errors import ReportgenError, ValidationFailed
from reportgen.render import render_html, template_loader, validate_project
from reportgen.themes import BUILTIN_TEMPLATES
from reportgen.validate import load_project


def test_loader_chain_order_is_pinned(tmp_path: Path) -> None:
    loader = template_loader(tmp_path, "civic")
    assert isinstance(loader, jinja2.ChoiceLoader)
    prefix, project, theme, builtin = loader.loaders
    assert isinstance(prefix, jinja2.PrefixLoader) and prefix.delimiter == ":"
    assert list(prefix.mapping) == ["default"]
    assert isinstance(prefix.mapping["default"], jinja2.FileSystemLoader)
    assert prefix.mapping["default"].searchpath == [str(BUILTIN_TEMPLATES)]
    assert isinstance(project, jinja2.FileSystemLoader)
    assert project.searchpath == [str(tmp_path)]
    assert isinstance(theme, jinja2.FileSystemLoader)
    assert theme.searchpath == [str(BUILTIN_TEMPLATES / "themes" / "civic")]
    assert isinstance(builtin, jinja2.FileSystemLoader)
    assert builtin.searchpath == [str(BUILTIN_TEMPLATES)]


def test_theme_layer_sits_between_project_and_builtin(tmp_path: Path) -> None:
    env = jinja2.Environment(loader=template_loader(tmp_path, "civic"))
    assert env.get_template("theme.css").filename == str(
        BUILTIN_TEMPLATES / "themes" / "civic" / "theme.css"
    )
    (tmp_path / "theme.css").write_text("/* house */")
    env = jinja2.Environment(loader=template_loader(tmp_path, "civic"))
    assert env.get_template("theme.css").render() == "/* house */"


def test_project_template_overrides_builtin_and_default_prefix_reaches_it(tmp_path: Path) -> None:
    (tmp_path / "section.html.j2").write_text("project section")
    env = jinja2.Environment(loader=template_loader(tmp_path))
    assert env.get_template("section.html.j2").render() == "project section"
    builtin = (BUILTIN_TEMPLATES / "section.html.j2").read_text()
    source, _, _ = env.loader.get_source(env, "default:section.html.j2")  # type: ignore[union-attr]
    assert source == builtin


def test_section_override_extends_builtin_and_changes_one_block(make_project: MakeProject) -> None:
    override = (
        '{% extends "default:section.html.j2" %}\n'
        '{% block key_points %}<p class="mine">custom points</p>{% endblock %}\n'
    )
    plain = render_html(load_project(make_project(name="plain")), "full")
    html = render_html(
        load_project(make_project({"templates/sections/alpha.html.j2": override}, name="over")),
        "full",
    )
    assert '<p class="mine">custom points</p>' in html
    assert html.count('class="mine"') == 1  # only alpha uses the override
    assert "Alpha paragraph." in html  # the rest of the built-in section still renders
    assert "Alpha point one." not in html and "Alpha point one." in plain


def test_data_is_escaped(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/sections/alpha.yaml": ALPHA.replace(
                "Alpha paragraph.", "'<script>alert(1)</script> & <b>bold</b>'"
            )
        }
    )
    html = render_html(load_project(root), "full")
    assert "<script>alert(1)" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_citations_are_numbered_in_order_of_first_use(make_project: MakeProject) -> None:
    html = render_html(load_project(make_project()), "full")
    # alpha cites src-a then src-b; beta cites src-b, src-a: numbers 1, 2, then 2, 1.
    markers = re.findall(r'<a href="#note-(\d)" id="(cite-\d-\d)"', html)
    assert [n for n, _ in markers][:4] == ["1", "2", "2", "1"]
    notes = re.findall(r'<li id="note-(\d)" data-source="([\w-]+)"', html)
    assert notes == [("1", "src-a"), ("2", "src-b")]
    # Each endnote links back to every place that cited it, and those anchors exist.
    for _, anchor in markers:
        assert f'href="#{anchor}"' in html


def test_undefined_name_is_located_in_the_template(make_project: MakeProject) -> None:
    root = make_project(
        {
            "templates/sections/beta.html.j2": '{% extends "default:section.html.j2" %}\n'
            "{% block body %}\n{{ section.no_such_field }}\n{% endblock %}\n"
        }
    )
    with pytest.raises(ReportgenError) as info:
        render_html(load_project(root), "full")
    assert info.value.path == str(root / "templates/sections/beta.html.j2")
    assert info.value.line == 3
    assert "no_such_field" in info.value.message


def test_validate_reports_every_template_syntax_error(make_project: MakeProject) -> None:
    root = make_project(
        {
            "templates/sections/alpha.html.j2": "{% if %}\n",
            "templates/sections/beta.html.j2": "ok\n{{ broken }\n",
        }
    )
    with pytest.raises(ValidationFailed) as info:
        validate_project(root)
    found = [(Path(p.path).name, p.line) for p in info.value.problems]
    assert found == [("alpha.html.j2", 1), ("beta.html.j2", 2)]
    assert all(p.message.startswith("template syntax error:") for p in info.value.problems)


def test_missing_template_is_located_in_the_config(make_project: MakeProject) -> None:
    root = make_project({"templates/brief.html.j2": None})
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    [problem] = info.value.problems
    assert (Path(problem.path).name, problem.line, problem.col) == ("reportgen.yaml", 5, 15)
    assert problem.message == "template not found: brief.html.j2"
    assert str(root / "templates") in problem.hint
    assert str(BUILTIN_TEMPLATES) in problem.hint


def test_an_output_without_a_template_of_its_own_gets_the_built_in_layout(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """Regression: an output without `template:` took brief.html.j2, which is no built-in
    template, so a project written from the docs failed until it copied init's one."""
    config = CONFIG.replace("    template: brief.html.j2\n", "    formats: [html]\n")
    root = make_project({"reportgen.yaml": config, "templates/brief.html.j2": None})
    build(load_project(root), BuildOptions(out_dir=tmp_path / "out"))
    assert "A Mini Brief" in (tmp_path / "out" / "mini-full.html").read_text(encoding="utf-8")


def test_every_block_has_an_id_a_template_can_test(make_project: MakeProject) -> None:
    alpha = ALPHA.replace("  - type: paragraph\n", "  - type: paragraph\n    id: origins\n") + (
        "  - type: callout\n    text: A note.\n  - type: paragraph\n    text: No anchor.\n"
    )
    template = (
        '{% extends "default:base.html.j2" %}\n{% block cover_extra %}<p class="ids">'
        "{% for s in sections %}{% for b in s.body %}{{ b.id or '-' }};{% endfor %}"
        "{% endfor %}</p>{% endblock %}\n"
    )
    root = make_project({"data/sections/alpha.yaml": alpha, "templates/brief.html.j2": template})
    html = render_html(validate_project(root), "full")
    assert '<p class="ids">origins;-;-;figures;</p>' in html
    assert '<p id="origins">Alpha paragraph.' in html
