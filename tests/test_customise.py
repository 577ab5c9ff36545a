"""Customising: new projects, the loader chain, eject, themes, house style, filters, sandbox."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from markupsafe import Markup
from pypdf import PdfReader

from conftest import CONFIG, REPO, MakeProject
from reportgen.builder import BuildOptions, build
from reportgen.cli import main
from reportgen.errors import ReportgenError, UsageError, ValidationFailed
from reportgen.formatting import format_date, format_number, format_percent, markdown_inline
from reportgen.render import list_templates, render_html, validate_project
from reportgen.scaffold import eject_template, init_project
from reportgen.themes import themes
from reportgen.validate import load_project


def fill(colour: str) -> str:
    """How WeasyPrint writes a fill colour into a PDF content stream."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return " ".join(f"{c:.6f}".rstrip("0").rstrip(".") for c in channels) + " rg"


def pdf_content(path: Path) -> str:
    return "".join(p.get_contents().get_data().decode("latin-1") for p in PdfReader(path).pages)


def test_init_makes_a_project_that_validates_and_builds(tmp_path: Path) -> None:
    config = init_project(tmp_path / "new", "Ports and Shipping")
    project = validate_project(config)
    assert project.warnings == []
    result = build(project)
    assert sorted(f.path.name for f in result.files) == [
        "ports-and-shipping-full.html",
        "ports-and-shipping-full.pdf",
        "ports-and-shipping-south.html",
        "ports-and-shipping-south.pdf",
        "ports-and-shipping-summary.html",  # the built-in executive summary layout
        "ports-and-shipping-summary.pdf",
    ]
    pdfs = {f.path.stem: PdfReader(f.path) for f in result.files if f.format == "pdf"}
    assert "Ports and Shipping" in pdfs["ports-and-shipping-full"].pages[0].extract_text()
    # The parameterised output shows its own region's rows of the example table.
    south = " ".join(p.extract_text() for p in pdfs["ports-and-shipping-south"].pages)
    assert "Example figures, South region" in south and "260" in south
    north = " ".join(p.extract_text() for p in pdfs["ports-and-shipping-full"].pages)
    assert "Example figures, North region" in north and "140" in north
    with pytest.raises(UsageError, match="already exists"):
        init_project(tmp_path / "new")


def test_init_from_the_command_line(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "b"), "--title", "A: B"]) == 0
    assert load_project(tmp_path / "b").meta.title == "A: B"


def test_templates_list_shows_origins_and_overrides(make_project: MakeProject) -> None:
    root = make_project(
        {
            "templates/section.html.j2": "{% extends 'default:section.html.j2' %}",
            "templates/theme.css": "{% include 'default:themes/default/theme.css' %}",
        }
    )
    found = {t.name: t for t in list_templates(root / "templates")}
    assert found["base.html.j2"].origin == "built-in"
    assert found["section.html.j2"].origin == "project"
    assert found["section.html.j2"].overrides == ("built-in",)
    assert found["theme.css"].overrides == ("theme default",)
    assert found["brief.html.j2"].overrides == ()


def test_eject_copies_then_refuses_to_overwrite(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    target = eject_template(root, "section.html.j2")
    assert target == root / "templates" / "section.html.j2"
    target.write_text(
        target.read_text().replace(
            "{% block footer %}{% endblock %}",
            '{% block footer %}<p class="ejected">edited after eject</p>{% endblock %}',
        )
    )
    html = render_html(load_project(root), "full")
    assert html.count('<p class="ejected">edited after eject</p>') == 2  # both sections
    with pytest.raises(ReportgenError, match="already in the project"):
        eject_template(root, "section.html.j2")
    with pytest.raises(UsageError, match=r"no built-in template named 'sectoin\.html\.j2'"):
        eject_template(root, "sectoin.html.j2")


def test_two_themes_and_an_unknown_one(make_project: MakeProject, tmp_path: Path) -> None:
    assert themes() == ["civic", "default"]
    civic = make_project({"reportgen.yaml": CONFIG + "theme: civic\n"}, name="civic")
    build(load_project(civic), BuildOptions(out_dir=tmp_path / "civic", formats=["pdf"]))
    assert fill("#0b5563") in pdf_content(tmp_path / "civic" / "mini-full.pdf")
    bad = make_project({"reportgen.yaml": CONFIG + "theme: civik\n"}, name="bad")
    with pytest.raises(ValidationFailed) as info:
        load_project(bad)
    [problem] = info.value.problems
    assert (problem.line, problem.message, problem.hint) == (
        6,
        "unknown theme 'civik'",
        "did you mean 'civic'?",
    )


def test_house_style_colour_font_size_and_logo_reach_the_pdf(
    make_project: MakeProject, tmp_path: Path
) -> None:
    logo = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#123456"/></svg>'
    )
    style = (
        "style:\n  accent: '#aa2200'\n  heading_font: DejaVu Sans\n  page_size: a4\n"
        "  logo: assets/logo.svg\n"
    )
    root = make_project({"reportgen.yaml": CONFIG + style, "assets/logo.svg": logo})
    build(load_project(root), BuildOptions(out_dir=tmp_path))
    content = pdf_content(tmp_path / "mini-full.pdf")
    assert fill("#aa2200") in content and fill("#1f3a5f") not in content
    assert fill("#123456") in content  # the logo is drawn
    reader = PdfReader(tmp_path / "mini-full.pdf")
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4 in points
    fonts = {
        str(f.get_object()["/BaseFont"])
        for p in reader.pages
        for f in p["/Resources"]["/Font"].values()
    }
    assert any("DejaVu-Sans" in f for f in fonts)
    html = (tmp_path / "mini-full.html").read_text()
    assert "--rg-accent: #aa2200;" in html and 'src="data:image/svg+xml;base64,' in html


@pytest.mark.parametrize(
    ("style", "message"),
    [
        (
            "  accent: red;background:url(x)\n",
            "style.accent: 'red;background:url(x)' is not a valid colour",
        ),
        ("  logo: ../outside.png\n", "logo '../outside.png' is outside the project folder"),
        ("  logo: data/brief.yaml\n", "logo 'data/brief.yaml' is not a PNG, JPEG or SVG image"),
    ],
)
def test_bad_house_style_is_located(make_project: MakeProject, style: str, message: str) -> None:
    root = make_project({"reportgen.yaml": CONFIG + "style:\n" + style})
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    [problem] = info.value.problems
    assert problem.line == 7 and problem.message.startswith(message)


def test_filters() -> None:
    assert format_date("2025-10-22") == "22 October 2025"
    assert format_date("2025-10-22", "short") == "22 Oct 2025"
    assert format_date("2025-10", "month") == "October 2025"
    assert format_date("2025-10-22", "iso") == "2025-10-22"
    assert format_number(12345.6) == "12,345.6" and format_number(3, 2) == "3.00"
    assert format_number(1200.0) == "1,200"
    assert format_percent(12.5, 1) == "12.5%" and format_percent(40) == "40%"
    assert format_percent(11 / 29, scale="fraction") == "38%"
    assert format_percent(0.125, 1, "fraction") == "12.5%"
    assert markdown_inline('*a* **b** `c` and "quoted"') == Markup(
        "<em>a</em> <strong>b</strong> <code>c</code> and \u201cquoted\u201d"
    )


def test_markdown_escapes_html_and_refuses_script_links() -> None:
    html = str(markdown_inline("<script>x()</script> [a](javascript:alert(1)) [b](https://e.org)"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://e.org">b</a>' in html


HOSTILE = (
    '{% extends "default:base.html.j2" %}\n{% block cover_extra %}\n'
    "{{ cycler.__init__.__globals__.os.getcwd() }}\n{% endblock %}\n"
)


def test_sandbox_refuses_python_internals_cleanly(
    make_project: MakeProject,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project({"templates/brief.html.j2": HOSTILE})
    monkeypatch.chdir(root)
    assert main(["build", "--sandbox"]) == 1
    err = capsys.readouterr().err
    assert (
        "templates/brief.html.j2:3:1: error: template error: access to attribute "
        "'__init__' of 'type' object is unsafe."
    ) in err.splitlines()
    assert "Traceback" not in err and not (root / "build").exists()
    config = CONFIG + "sandbox: true\n"
    sandboxed = make_project(
        {"templates/brief.html.j2": HOSTILE, "reportgen.yaml": config}, name="configured"
    )
    assert main(["validate", str(sandboxed)]) == 1
    assert "is unsafe" in capsys.readouterr().err


def test_worked_example_from_the_guide(tmp_path: Path) -> None:
    guide = (REPO / "docs" / "templates.md").read_text()
    name, code = re.search(
        r"<!-- example: (\S+) -->\n```jinja\n(.*?)```\n<!-- end example -->", guide, re.S
    ).groups()  # type: ignore[union-attr]
    root = tmp_path / "brief"
    shutil.copytree(
        REPO,
        root,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "tests", "src", "docs", "bench"),
    )
    before = render_html(load_project(root), "full")
    (root / name).write_text(code)
    after = render_html(load_project(root), "full")
    cyber = re.compile(r'<section class="section section-cyber-cooperation".*?\n</section>', re.S)
    assert cyber.sub("", before) == cyber.sub("", after)  # nothing else changed
    assert "How to read this section" not in before and "How to read this section" in after
    build(
        load_project(root), BuildOptions(out_dir=tmp_path / "out", formats=["pdf"], only=["full"])
    )
    pages = PdfReader(tmp_path / "out" / "taiwan-defense-brief-full.pdf").pages
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))
    assert "HOW TO READ THIS SECTION" in text  # the callout title is set in capitals
    assert "This section has 3 key points and cites 2 sources" in text
