"""The structure tree of tagged PDFs, read back: what a screen reader is given.

The default brief (in the recommended variant) keeps its cover, contents, charts,
tables, notes and back page properly tagged; a project whose lists, table and
definition list split across pages gets one element for each, however many pages
it spans (WeasyPrint issues #2902 and #2903, repaired by reportgen.pdf.tagging).
"""

from __future__ import annotations

import pytest

import structtree
from conftest import REPO
from reportgen.model import Project
from reportgen.pdf.variants import RECOMMENDED
from structtree import Node
from tagged import ITEMS, LOOSE, ROWS, TERMS, Renders, write_long_lists

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Node:
    renders = Renders(REPO, ("full",), tmp_path_factory.mktemp("brief"))
    return structtree.read(renders.get(RECOMMENDED)["full"])


@pytest.fixture(scope="module")
def long_lists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Node]:
    folder = write_long_lists(tmp_path_factory.mktemp("long-lists"))
    renders = Renders(folder, ("full", "footnoted"), tmp_path_factory.mktemp("out"))
    return {name: structtree.read(pdf) for name, pdf in renders.get("pdf/ua-1").items()}


def lists_are_well_formed(document: Node) -> None:
    """ISO 32000-1 14.8.4.3.3 and PDF/UA-1: L holds LI (or L, Caption), LI holds Lbl and LBody."""
    for node in document.walk():
        if node.tag == "L":
            assert {kid.tag for kid in node.kids} <= {"LI", "L", "Caption"}, node
        if node.tag == "LI":
            assert node.kids and {kid.tag for kid in node.kids} <= {"Lbl", "LBody"}, node
            assert len([kid for kid in node.kids if kid.tag == "LBody"]) <= 1, node
        for kid in node.kids:
            if kid.tag == "LI":
                assert node.tag == "L", (node, kid)


def one_containing(document: Node, tag: str, text: str) -> Node:
    found = [node for node in document.find(tag) if text in node.text]
    innermost = [n for n in found if not any(o is not n and n in o.walk() for o in found)]
    assert len(innermost) == 1, f"{len(innermost)} {tag} elements hold {text!r}"
    return innermost[0]


@pytest.mark.parametrize("output", ["full", "footnoted"])
def test_a_list_split_across_pages_is_one_list(long_lists: dict[str, Node], output: str) -> None:
    document = long_lists[output]
    tight = one_containing(document, "L", "Item 1 of the long list")
    assert len(tight.pages) > 1, "the list spans pages (else this test shows nothing)"
    items = [kid for kid in tight.kids if kid.tag == "LI"]
    assert len(items) == ITEMS
    for number, item in enumerate(items, start=1):
        assert f"Item {number} of the long list" in item.text
    lists_are_well_formed(document)


def test_an_item_split_across_pages_is_one_item(long_lists: dict[str, Node]) -> None:
    item = one_containing(long_lists["full"], "LI", "One item longer than a page")
    assert len(item.pages) > 1
    assert [kid.tag for kid in item.kids] == ["Lbl", "LBody"]
    assert item.text.count("It goes on with more words.") == 170


def test_loose_items_hold_their_paragraphs_in_the_body(long_lists: dict[str, Node]) -> None:
    loose = one_containing(long_lists["full"], "L", "Loose item 1:")
    items = [kid for kid in loose.kids if kid.tag == "LI"]
    assert len(items) == LOOSE and len(loose.pages) > 1
    for number, item in enumerate(items, start=1):
        body = item.kids[-1]
        assert body.tag == "LBody" and [k.tag for k in body.kids] == ["P", "P"]
        assert f"Loose item {number}:" in body.text
    nested = [kid for kid in loose.kids if kid.tag == "L"]
    assert len(nested) == LOOSE and all(len(n.kids) == 2 for n in nested)


def test_a_table_split_across_pages_is_one_table(long_lists: dict[str, Node]) -> None:
    table = one_containing(long_lists["full"], "Table", "Row 1")
    assert len(table.pages) >= 3
    assert [kid.tag for kid in table.kids] == ["Caption", "THead", "TBody"]
    (head,) = table.kids[1].kids
    assert [th.text for th in head.kids] == ["Name", "Value"], "repeated headers are artifacts"
    assert all(th.attributes["Scope"] == "/Column" for th in head.kids)
    rows = table.kids[2].kids
    assert len(rows) == ROWS
    ids = {th.id for th in table.find("TH")}
    for number, row in enumerate(rows, start=1):
        header, value = row.kids
        assert (header.tag, header.text, header.attributes["Scope"]) == (
            "TH",
            f"Row {number}",
            "/Row",
        )
        assert value.tag == "TD" and set(value.attributes["Headers"]) == {
            header.id,
            head.kids[1].id,
        }
        assert set(value.attributes["Headers"]) <= ids
    assert "(continued)" not in table.text, "the hidden 'continued' row is an artifact"


def test_a_definition_list_is_one_list_of_terms_and_details(long_lists: dict[str, Node]) -> None:
    glossary = one_containing(long_lists["full"], "L", "Term 1")
    assert len(glossary.kids) == TERMS and len(glossary.pages) > 1
    for number, item in enumerate(glossary.kids, start=1):
        assert [kid.tag for kid in item.kids] == ["Lbl", "LBody"]
        assert item.kids[0].text == f"Term {number}"
        assert item.kids[1].text.startswith(f"What term {number} means")


def test_hidden_content_is_not_read(long_lists: dict[str, Node]) -> None:
    assert "decorative line" not in long_lists["full"].text


def test_footnotes_and_endnotes_are_notes(long_lists: dict[str, Node]) -> None:
    for output in ("full", "footnoted"):
        notes = long_lists[output].find("Note")
        ids = [note.id for note in notes]
        assert ids and None not in ids and len(set(ids)) == len(ids), output
        assert any("The note\u2019s text" in note.text for note in notes), output
    endnotes = [n for n in long_lists["full"].find("LBody") if n.kids and n.kids[0].tag == "Note"]
    assert endnotes, "an endnote stays a list item; its body holds the Note"


def test_cover_contents_and_back_page_are_tagged(brief: Node, default_project: Project) -> None:
    meta = default_project.meta
    (title,) = brief.find("H1")
    assert title.text == meta.title and title.pages == {1}
    cover = " ".join(node.text for node in brief.kids if node.pages == {1})
    assert meta.edition in cover and meta.audience in cover
    for facts in [found for found in brief.find("L") if meta.edition in found.text]:
        assert all(item.kids[0].tag == "Lbl" for item in facts.kids)  # a term, or a bullet
    contents = one_containing(brief, "L", default_project.sections[0].title)
    assert all(item.find("Link") for item in contents.kids)
    assert brief.text.count(meta.marking) >= 1
    back = brief.kids[-1]
    assert meta.organisation in back.text and back.pages == {max(brief.pages)}
    lists_are_well_formed(brief)


def test_charts_are_figures_with_their_alt_text(brief: Node, default_project: Project) -> None:
    alts = {block.alt for block in default_project.chart_blocks().values()}
    figures = brief.find("Figure")
    assert alts and alts <= {figure.alt for figure in figures}
    assert all(figure.alt for figure in figures)


def test_table_headers_have_a_scope(brief: Node) -> None:
    headers = brief.find("TH")
    assert headers
    assert all(th.attributes.get("Scope") in ("/Row", "/Column") for th in headers)
    ids = {th.id for th in headers}
    for cell in brief.find("TD"):
        assert set(cell.attributes.get("Headers", [])) <= ids


def test_endnotes_are_notes(brief: Node) -> None:
    notes = brief.find("Note")
    assert notes and len({note.id for note in notes}) == len(notes)
