"""Outputs that show an earlier edition: the "What's new" box (`changes_since`) and the
redline (`redline`), built from the worked example (a second edition of the default brief,
docs/editions.md) and read back from the PDF; templates that restyle or move the box; the
up-to-date check; git revisions; --set."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from edition_pairs import (
    COMMUNIQUE,
    KEY_JUDGMENTS,
    commit_all,
    config,
    copy_brief,
    front_matter,
    git,
    remove_section,
    second_edition,
    write_front_matter,
)
from reportgen.builder import BuildOptions, build_project
from reportgen.cli import main
from test_html_edition import BROWSER, CHROMIUM, VNU, need

INS = (0.043, 0.365, 0.118)  # #0b5d1e, editions.css
DEL = (0.608, 0.063, 0.125)  # #9b1020


def add_outputs(root: Path, outputs: str) -> None:
    """Append outputs to the project's reportgen.yaml (under `outputs:`)."""
    text = (root / "reportgen.yaml").read_text(encoding="utf-8")
    text = text.replace("outputs:\n", f"outputs:\n{outputs}", 1)
    (root / "reportgen.yaml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The worked example: the first edition, and beside it the second with two outputs,
    one with "What's new" and one redline, built once (HTML and PDF)."""
    base = tmp_path_factory.mktemp("editions")
    copy_brief(base / "first")
    second = copy_brief(base / "second")
    edits = second_edition(second)
    add_outputs(
        second,
        "  whatsnew:\n    changes_since: ../first\n    formats: [html, pdf]\n"
        "  redline:\n    redline: ../first\n    formats: [html, pdf]\n",
    )
    out = base / "out"
    options = BuildOptions(out_dir=out, only=("whatsnew", "redline"), jobs=2)
    result = build_project(second, options)
    name = config(second)["name"]
    return {
        "edits": edits,
        "second": second,
        "first": base / "first",
        "result": result,
        "html": {o: (out / f"{name}-{o}.html").read_text(encoding="utf-8") for o in OUTPUTS},
        "pdf": {o: PdfReader(out / f"{name}-{o}.pdf") for o in OUTPUTS},
    }


OUTPUTS = ("whatsnew", "redline")


def text_of(reader: PdfReader, pages: int) -> str:
    """The text of the first pages, words hyphenated at a line's end joined again."""
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages[:pages]))
    return re.sub(r"(\w)- (\w)", r"\1\2", text)


def test_whats_new_is_on_the_first_pages_after_the_key_judgments(example: dict[str, Any]) -> None:
    edits = example["edits"]
    text = text_of(example["pdf"]["whatsnew"], 5)
    box = text[text.index("Changes since the 31 October 2025 edition") :]
    assert f"now {edits['new']} (was {edits['old']}), as of November 2025" in box
    assert f"New key point in {edits['title']}:" in box
    assert "does not seek to carry out a long-term policy of arms sales to Taiwan" in box
    assert f"New source: {COMMUNIQUE['title']}" in box
    assert "Information now current to 28 November 2025 (was 22 October 2025)" in box
    html = example["html"]["whatsnew"]
    assert html.index('id="key-judgments"') < html.index('id="whats-new"')
    assert html.index('id="whats-new"') < html.index(f'id="{edits["section"]}"')
    for target in ("#key-figures", f"#{edits['section']}", "#notes"):
        assert f'href="{target}"' in html[html.index('id="whats-new"') :]
    assert "<ins>" not in html and "<del>" not in html  # no redline in this output


def colours(reader: PdfReader, pages: int) -> dict[str, set[tuple[float, ...]]]:
    """Each piece of text on the first pages and the fill colours it is drawn in."""
    found: dict[str, set[tuple[float, ...]]] = {}
    fill: list[tuple[float, ...]] = [()]

    def before(op: bytes, args: list[Any], cm: Any, tm: Any) -> None:
        if op == b"rg":
            fill[0] = tuple(round(float(a), 3) for a in args)

    def text(t: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if t.strip():
            found.setdefault(t.strip(), set()).add(fill[0])

    for page in reader.pages[:pages]:
        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


def test_the_redline_marks_words_and_the_old_and_new_figure(example: dict[str, Any]) -> None:
    edits = example["edits"]
    html = example["html"]["redline"]
    assert f"<del>{edits['old']}</del> <ins>{edits['new']}</ins>" in html  # the key figure
    assert "<del>First</del> <ins>Second</ins> edition" in html  # on the cover
    assert "<ins>In a third joint communiqué" in html  # the new key point
    assert 'class="redline-legend"' in html and "\u2e00" not in html and "\u2e06" not in html
    text = text_of(example["pdf"]["redline"], 5)
    assert "Redline: changes since the 31 October 2025 edition (First edition)" in text
    assert f"New source: {COMMUNIQUE['title']}" in text  # in the legend: not marked in text
    drawn = colours(example["pdf"]["redline"], 5)
    assert DEL in drawn[edits["old"]] and INS in drawn[edits["new"]]
    assert DEL in drawn["First"] and INS in drawn["Second"]


def test_the_edition_option_joins_the_up_to_date_check(
    example: dict[str, Any], tmp_path: Path
) -> None:
    second, first = example["second"], example["first"]
    options = BuildOptions(out_dir=tmp_path, only=("whatsnew",), formats=("html",), jobs=1)
    assert build_project(second, options).skipped == []
    assert build_project(second, options).skipped == ["whatsnew"]
    shutil.copytree(first, tmp_path / "first-copy")  # the earlier edition changes:
    remove_section(first)
    try:
        assert build_project(second, options).skipped == []
        html = next(tmp_path.glob("*-whatsnew.html")).read_text(encoding="utf-8")
        assert "New section:" in html
    finally:
        shutil.rmtree(first)
        shutil.copytree(tmp_path / "first-copy", first)


def test_a_git_revision_and_set_from_the_command_line(tmp_path: Path) -> None:
    root = copy_brief(tmp_path / "repo")
    git(root, "init", "-q")
    commit_all(root, "first edition", tag="v1")
    second_edition(root)
    out = tmp_path / "out"
    args = ["build", str(root), "--out", str(out), "--only", "summary", "--format", "html"]
    assert main([*args, "--set", "changes_since=v1"]) == 0
    html = next(out.glob("*-summary.html")).read_text(encoding="utf-8")
    assert "Changes since the 31 October 2025 edition" in html
    # The summary shows the key judgments only: changes elsewhere are not listed.
    assert "New key point" not in html and "New source" in html
    assert main([*args, "--set", "redline=v1"]) == 0
    assert "<ins>Second</ins>" in next(out.glob("*-summary.html")).read_text(encoding="utf-8")


def test_an_edition_that_names_nothing_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_brief(tmp_path / "brief")
    add_outputs(root, "  whatsnew:\n    changes_since: no-such-edition\n")
    line = next(
        n
        for n, text in enumerate((root / "reportgen.yaml").read_text().splitlines(), 1)
        if "changes_since" in text
    )
    assert main(["build", str(root), "--out", str(tmp_path / "out"), "--only", "whatsnew"]) == 1
    err = capsys.readouterr().err
    assert (
        f"reportgen.yaml:{line}:20: error: changes_since: 'no-such-edition' is not a folder" in err
    )  # at the value (column 20 of `    changes_since: no-such-edition`)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.html"))


BRIEF_MOVED = """\
{% extends "default:base.html.j2" %}
{% block whats_new %}{% endblock %}
{% block cover_extra %}{% include "whats-new.html.j2" %}{% endblock %}
"""
WHATS_NEW = """\
<div class="house-box">{% include "default:whats-new.html.j2" %}</div>
"""


def test_templates_restyle_and_move_the_box(tmp_path: Path) -> None:
    first = copy_brief(tmp_path / "first")
    second = copy_brief(tmp_path / "second")
    second_edition(second)
    (second / "templates/brief.html.j2").write_text(BRIEF_MOVED, encoding="utf-8")
    (second / "templates/whats-new.html.j2").write_text(WHATS_NEW, encoding="utf-8")
    out = tmp_path / "out"
    options = BuildOptions(
        out_dir=out, only=("full",), formats=("html",), settings={"changes_since": str(first)}
    )
    build_project(second, options)
    html = next(out.glob("*-full.html")).read_text(encoding="utf-8")
    assert html.count('id="whats-new"') == 1
    box = html.index('<div class="house-box">')
    assert box < html.index('id="whats-new"') < html.index('id="key-judgments"')


def test_the_editions_html_passes_the_nu_checker_and_axe(
    example: dict[str, Any], tmp_path: Path
) -> None:
    files = []
    for output, html in example["html"].items():
        files.append(tmp_path / f"{output}.html")
        files[-1].write_text(html, encoding="utf-8")
    need((shutil.which("java") is not None, "java"), (VNU.is_file(), str(VNU)))
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert json.loads(done.stdout)["messages"] == []
    need(
        (shutil.which("node") is not None, "node"),
        ((BROWSER / "node_modules" / "playwright-core").is_dir(), "tests/browser/node_modules"),
        (Path(CHROMIUM).is_file(), CHROMIUM),
    )
    done = subprocess.run(
        ["node", str(BROWSER / "check.mjs"), str(files[-1]), str(tmp_path), CHROMIUM],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for view in json.loads(done.stdout)["widths"].values():
        assert view["violations"] == []


def test_a_redline_of_rewording_and_removals(tmp_path: Path) -> None:
    first = copy_brief(tmp_path / "first")
    second = copy_brief(tmp_path / "second")
    path = second / KEY_JUDGMENTS
    head, body = front_matter(path)
    removed = head["key_points"].pop(1)["text"]
    words = head["key_points"][0]["text"].split()
    gone, words[2] = words[2], "REWORDED"
    head["key_points"][0]["text"] = " ".join(words)
    write_front_matter(path, head, body)
    sid, _ = remove_section(second)
    out = tmp_path / "out"
    settings = {"redline": str(first)}
    build_project(
        second, BuildOptions(out_dir=out, only=("full",), formats=("html",), settings=settings)
    )
    html = next(out.glob("*-full.html")).read_text(encoding="utf-8")
    assert f"<del>{gone}</del> <ins>REWORDED</ins>" in html
    # The removed judgment is struck through where it stood (after its portion mark), and
    # keeps no number.
    item = re.search(
        r'<li class="redline-deleted"><span class="portion-mark">\(U\)</span> '
        r"<del>([^<]*)</del></li>",
        html,
    )
    assert item and item.group(1).split()[:3] == removed.split()[:3]
    # The removed section is there, struck through, under its old id.
    section = html[html.index(f'id="{sid}"') :]
    assert section.index("<del>") < section.index("</h2>")
    assert "\u2e06" not in html and "\u2e00" not in html
