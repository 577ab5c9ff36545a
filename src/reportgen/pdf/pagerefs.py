"""Dropping a cross-reference's page number ("Figure 1 (p. 4)" on page 4) from a laid-out
document, without laying it out again.

The page number is the reference's `::after` box, the last thing in an unbreakable
(`white-space: nowrap`) link. Removing it from its line and moving what follows on
that line left by its width gives the line a second layout would give it, when the
line is set flush left (ragged right: the words that follow keep their places, the
line just ends sooner). For any other alignment, or a box shaped otherwise, nothing is
changed and the caller lays the document out again.
"""

from __future__ import annotations

from typing import Any

# Alignments where removing a box from a line leaves the rest of the line where a new
# layout would put it (a left-to-right line, set flush left).
FLUSH_LEFT = {"start", "left"}


def drop_page_numbers(document: Any, elements: dict[int, list[Any]]) -> bool:
    """Remove the page number after each link element of `elements` (page index: its
    cross-references) from the laid-out `document`; whether all could be removed (if
    not, nothing is changed)."""
    from weasyprint.document import Page
    from weasyprint.formatting_structure.boxes import InlineBox, LineBox

    edits = []
    for number, links in elements.items():
        page_box = document.pages[number]._page_box
        parents = {id(child): box for box in page_box.descendants() for child in _children(box)}
        wanted = {id(element) for element in links}
        found = [
            box
            for box in page_box.descendants()
            if isinstance(box, InlineBox)
            and id(box.element) in wanted
            and not box.element_tag.endswith("::after")
        ]
        for link in found:
            edit = _edit(link, parents, InlineBox, LineBox)
            if edit is None:
                return False
            edits.append(edit)
        if len(found) != len(links):
            return False
    for link, after, ancestors, line in edits:
        _remove(link, after, ancestors, line)
    for number in elements:
        document.pages[number] = Page(document.pages[number]._page_box)
    return True


def _children(box: Any) -> list[Any]:
    return list(getattr(box, "children", None) or [])


def _edit(
    link: Any, parents: dict[int, Any], inline: Any, line_type: Any
) -> tuple[Any, Any, list[Any], Any] | None:
    """What removing the link's page number takes: the box, the inline boxes around it
    and its line; None if the link is not shaped as expected or its line not flush left."""
    after = [c for c in link.children if getattr(c, "element_tag", "").endswith("::after")]
    if len(after) != 1 or link.children[-1] is not after[0]:
        return None
    ancestors, box = [link], parents.get(id(link))
    while box is not None and not isinstance(box, line_type):
        if not isinstance(box, inline):
            return None
        ancestors.append(box)
        box = parents.get(id(box))
    if box is None or box.style["direction"] != "ltr":
        return None
    if box.style["text_align_all"] not in FLUSH_LEFT or box.style["text_align_last"] not in (
        "auto",
        *FLUSH_LEFT,
    ):
        return None
    return link, after[0], ancestors, box


def _remove(link: Any, after: Any, ancestors: list[Any], line: Any) -> None:
    """Take the page number out of its line and close the gap."""
    width = after.margin_width()
    end = after.position_x + width
    link.children = [child for child in link.children if child is not after]
    for box in ancestors:
        box.width -= width
    for box in line.descendants():
        if box is not line and box.position_x >= end - 0.01:
            box.position_x -= width
