"""Footnotes and endnotes tagged as Note, the structure type ISO 32000-1 (14.8.4) gives
"an item of explanatory text, such as a footnote or an endnote, that is referred to
from elsewhere in the document"; PDF/UA-1 (7.9) wants each with a unique ID.

WeasyPrint 70 tags a footnote (`float: footnote`) as whatever its element is, and
knows no endnotes. Here a note is each footnote in a page's footnote area, an
element whose ARIA role is doc-footnote or doc-endnote, or an item of a list inside
an element whose role is doc-endnotes (DPUB-ARIA): such an item stays a list item,
and its body holds the Note.
"""

from __future__ import annotations

from typing import Any

from .structure import Tree, origin

NOTE_ROLES = ("doc-footnote", "doc-endnote")


def tag_notes(tree: Tree) -> None:
    """Tag the document's footnotes and endnotes as notes."""
    _walk(tree, tree.document, False, _ids(tree))


def _walk(tree: Tree, element: Any, endnotes: bool, ids: set[str], footnote: bool = False) -> None:
    """Tag the notes at or under `element` (`endnotes`: inside a doc-endnotes element;
    `footnote`: the element is one of a footnote area's)."""
    where = origin(element)
    role = where.attribute("role").lower() if where else ""
    if (footnote or role in NOTE_ROLES) and element["S"] not in ("/LI", "/L"):
        element["S"] = "/Note"
        _identify(element, where.attribute("id") if where else "", ids, "footnote")
        return
    if endnotes and element["S"] == "/LBody":
        note = tree.new("/Note", element)
        for item in list(element["K"]):
            tree.move(item, element, note)
        element["K"][:] = [note.reference]
        _identify(note, where.attribute("id") if where else "", ids, "note")
        return
    area = where is not None and where.footnotes
    for kid in tree.kids(element):
        _walk(tree, kid, endnotes or role == "doc-endnotes", ids, area)


def _ids(tree: Tree) -> set[str]:
    """The IDs structure elements already have (table header cells')."""
    return {e["ID"].string for e in tree.subtree(tree.document) if "ID" in e}


def _identify(note: Any, wanted: str, ids: set[str], kind: str) -> None:
    """Give a note a unique ID: its HTML id if it has a free one, else `kind`-N."""
    import pydyf

    chosen, number = wanted, 1
    while not chosen or chosen in ids:
        chosen, number = f"{kind}-{number}", number + 1
    ids.add(chosen)
    note["ID"] = pydyf.String(chosen)
