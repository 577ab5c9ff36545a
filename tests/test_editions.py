"""Comparing two editions (editions.compare): each change of the default brief is found and
named, and nothing else is; reflowed, reordered or renumbered data is no change."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import MakeProject
from edition_pairs import (
    KEY_JUDGMENTS,
    REPO,
    add_key_judgment,
    change_key_figure,
    copy_brief,
    front_matter,
    redate_source,
    remove_section,
    reword_key_judgment,
    second_edition,
    write_front_matter,
)
from reportgen.editions import diff_editions
from reportgen.editions.report import render
from reportgen.editions.words import assign, pair, similarity, word_diff


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_brief(tmp_path_factory.mktemp("first") / "brief")


@pytest.fixture
def second(tmp_path: Path) -> Path:
    return copy_brief(tmp_path / "second")


def changes(old: Path, new: Path) -> dict[str, Any]:
    """The diff's JSON, as `reportgen diff --format json` prints it."""
    data: dict[str, Any] = json.loads(render(diff_editions(str(old), str(new)), "json"))
    return data


def kinds(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Each change as (kind, change), in the diff's order."""
    lists = ("brief", "sections", "points", "blocks", "figures", "sources")
    return [(k, c.get("change", c.get("field"))) for k in lists for c in data[k]]


def test_the_same_edition_has_no_changes(first: Path, second: Path) -> None:
    data = changes(first, second)
    assert (data["changed"], data["count"], kinds(data)) == (False, 0, [])
    assert render(diff_editions(str(first), str(second))).rstrip().endswith("no changes")


def test_a_changed_key_figure_is_old_and_new_with_its_as_of_date(first: Path, second: Path) -> None:
    figure, old, new = change_key_figure(second, as_of="2025-11")
    data = changes(first, second)
    assert kinds(data) == [("figures", "changed")]
    (entry,) = data["figures"]
    assert (entry["kind"], entry["table"], entry["row"]) == ("key_figures", "key-figures", figure)
    assert entry["cells"] == [{"column": "value", "heading": "value", "old": old, "new": new}]
    assert entry["as_of"]["new"] == "November 2025"
    assert entry["as_of"]["old"] != entry["as_of"]["new"]


def test_an_added_key_judgment_is_one_addition_and_no_renumbering(
    first: Path, second: Path
) -> None:
    number = add_key_judgment(second, at=1)  # every judgment after it is renumbered
    data = changes(first, second)
    assert kinds(data) == [("points", "added")]
    (entry,) = data["points"]
    assert (entry["kind"], entry["section"], entry["new"]["number"]) == (
        "key judgment",
        "key-judgments",
        number,
    )
    assert entry["old"] is None


def test_a_reworded_key_judgment_is_matched_to_its_old_self(first: Path, second: Path) -> None:
    reword_key_judgment(second, 3, "now")
    add_key_judgment(second)  # an addition alongside must not take its place
    data = changes(first, second)
    assert kinds(data) == [("points", "reworded"), ("points", "added")]
    entry = data["points"][0]
    assert (entry["old"]["number"], entry["new"]["number"]) == (3, 3)
    assert [op for op in entry["words"] if op[0] != "="] == [["+", "now"]]


def test_a_removed_section_is_one_change(first: Path, second: Path) -> None:
    sid, title = remove_section(second)
    data = changes(first, second)
    assert kinds(data) == [("sections", "removed")]
    assert data["sections"][0]["old"]["id"] == sid
    assert data["sections"][0]["old"]["title"] == title
    assert data["sections"][0]["new"] is None


def test_a_redated_source(first: Path, second: Path) -> None:
    sid, old, new = redate_source(second)
    data = changes(first, second)
    assert kinds(data) == [("sources", "redated")]
    assert data["sources"][0]["id"] == sid
    assert data["sources"][0]["fields"] == [{"field": "date", "old": old, "new": new}]


def test_all_five_changes_together_and_nothing_else(first: Path, second: Path) -> None:
    change_key_figure(second, as_of="2025-11")
    reword_key_judgment(second, 2, "still")
    add_key_judgment(second)
    remove_section(second)
    redate_source(second)
    data = changes(first, second)
    assert sorted(kinds(data)) == sorted(
        [
            ("figures", "changed"),
            ("points", "reworded"),
            ("points", "added"),
            ("sections", "removed"),
            ("sources", "redated"),
        ]
    )
    text = render(diff_editions(str(first), str(second)))
    assert text.rstrip().endswith("5 change(s)")
    assert "{+still+}" in text and "re-dated" in text and "removed" in text


def test_reflowed_and_reordered_data_is_no_change(first: Path, second: Path) -> None:
    # The key judgments rewrapped at another width, the keys of each in another order.
    path = second / KEY_JUDGMENTS
    head, body = front_matter(path)
    points = [{"cite": p["cite"], "text": p["text"]} for p in head.pop("key_points")]
    write_front_matter(path, {"key_points": points, **head}, body)
    # The sources with their keys in another order, wrapped at another width.
    sources = second / "data/sources.yaml"
    entries = yaml.safe_load(sources.read_text(encoding="utf-8"))["sources"]
    reordered = [dict(reversed(list(e.items()))) for e in entries]
    sources.write_text(yaml.safe_dump({"sources": reordered}, width=50), encoding="utf-8")
    assert changes(first, second)["count"] == 0


def test_mini_projects_in_yaml_and_markdown_are_the_same_edition(
    make_project: MakeProject,
) -> None:
    yaml_form = make_project(name="yaml")
    markdown = textwrap.dedent(
        """\
        ---
        title: Alpha section
        key_points:
          - text: Alpha point one.
            cite: [src-a]
        ---

        Alpha
        paragraph. [@src-b]
        """
    )
    md_form = make_project(
        {"data/sections/alpha.yaml": None, "data/sections/alpha.md": markdown}, name="md"
    )
    # The Markdown paragraph cites its source in its text, the YAML one in `cite`.
    assert changes(yaml_form, md_form)["count"] == 0


def test_sections_renamed_moved_and_table_rows(make_project: MakeProject) -> None:
    old = make_project(name="old")
    new = make_project(
        {
            "reportgen.yaml": "name: mini\nsections: [beta, alpha]\n",
            "data/sections/alpha.yaml": "title: Alpha, renamed\nkey_points:\n"
            "  - text: Alpha point one.\n    cite: [src-a]\nbody:\n  - type: paragraph\n"
            "    text: Alpha paragraph.\n    cite: [src-b]\n",
            "data/figures.csv": "name,count,source\nSecond,2,src-b\nFirst,5,src-a\nThird,3,src-a\n",
        },
        name="new",
    )
    data = changes(old, new)
    assert [(s["change"], s["new"]["id"]) for s in data["sections"]] == [
        ("moved", "beta"),
        ("renamed", "alpha"),
    ]
    figures = {(f["change"], f["row"]): f["cells"] for f in data["figures"]}
    assert figures == {
        ("changed", "First"): [{"column": "count", "heading": "count", "old": "1", "new": "5"}],
        ("added", "Third"): [
            {"column": "name", "heading": "name", "old": None, "new": "Third"},
            {"column": "count", "heading": "count", "old": None, "new": "3"},
            {"column": "source", "heading": "Source", "old": None, "new": "src-a"},
        ],
    }


def test_word_diff_keeps_a_citation_whole() -> None:
    assert word_diff("as reported [@a; @b] in 2025", "as reported [@a; @c] in 2025") == [
        ("=", "as reported"),
        ("-", "[@a; @b]"),
        ("+", "[@a; @c]"),
        ("=", "in 2025"),
    ]


def test_pairing_is_an_optimal_assignment() -> None:
    # Greedy pairing would give row 0 its best column (0) and leave row 1 unpaired.
    assert sorted(assign([[0.9, 0.8], [0.85, 0.1]], 0.4)) == [(0, 1), (1, 0)]
    old = ["the cat sat on the mat", "dogs bark at night"]
    new = ["dogs bark loudly at night", "a new point", "the cat sat on a mat"]
    pairs = pair(old, new, str, similarity)
    assert sorted(p for p in pairs if None not in p) == [(0, 2), (1, 0)]
    assert (None, 1) in pairs


def test_the_worked_example_in_the_docs_is_what_diff_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_brief(tmp_path / "first")
    edits = second_edition(copy_brief(tmp_path / "second"))
    monkeypatch.chdir(tmp_path)
    printed = render(diff_editions("first", "second"))
    docs = (REPO / "docs/editions.md").read_text(encoding="utf-8")
    shown = docs.split("`reportgen diff first second`:\n\n```text\n", 1)[1].split("```", 1)[0]
    # The brief's own wording may have changed since: its figure's label and the title of
    # the section that gains a point are taken as they now are; the rest must be as shown.
    label = re.search(r"changed Key figures: (.*?): \[-", shown)
    title = re.search(r'added key point 1 in "(.*?)"', shown)
    assert label and title, "docs/editions.md's worked example lost its lines"
    section = front_matter(tmp_path / "second/data/sections" / f"{edits['section']}.md")[0]
    shown = shown.replace(label.group(1), edits["figure"]).replace(title.group(1), section["title"])
    assert shown == printed, "docs/editions.md's worked example is stale: paste this output"


def test_marks_keep_markdown_whole() -> None:
    from reportgen.editions.marks import marked, to_html
    from reportgen.markup import render_block

    def redline(old: str, new: str) -> str:
        return to_html(str(render_block(marked(old, new, True))))

    assert redline("Intro.\n\n- one\n- two", "Intro.\n\n- one\n- new item\n- two") == (
        "<p>Intro.</p>\n<ul>\n<li>one</li>\n<li><ins>new item</ins></li>\n<li>two</li>\n</ul>\n"
    )
    assert redline("It *will* come [@a; @b].", "It *may* come [@a; @b].") == (
        "<p>It <del>will</del> <em><ins>may</ins></em> come [@a; @b].</p>\n"
    )
    # Deleted Markdown shows as the words it was, never as markup or a citation.
    assert redline("See [the report](http://x.org) [@a] now.", "Now.") == (
        "<p><del>See the report now.</del> <ins>Now.</ins></p>\n"
    )
    # In a tag's attributes and in <title>, inserted words stay and deleted ones go.
    assert to_html('<title>A \u2e06b\u2e07 \u2e00c\u2e01</title><h2 data-x="\u2e06b\u2e07 c">') == (
        '<title>A  c</title><h2 data-x=" c">'
    )
