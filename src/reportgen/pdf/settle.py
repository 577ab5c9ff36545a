"""Settling a laid-out document: every footnote on its call's page, and a cross-reference's
page ("Figure 1 (p. 4)") printed only when it names another page.

CSS cannot compare a call's page with its note's, nor a reference's page with its
target's. After WeasyPrint lays the document out, each page's links and anchors
(its public `Page.links` and `Page.anchors`) say where every call, note, reference
and target landed; what must change is marked with a class in the document's tree,
and the document is laid out again, until nothing changes (a few rounds at most).
The classes are styled by paged.css:
- `xref-here` on a cross-reference to its own page (its page number is not printed);
  when that is all there is to change, the number is taken out of the laid-out line
  instead (pagerefs.py), which costs no new layout;
- `fn-push` on the block holding a call whose note went to another page (the block
  starts a page, and its note with it);
- `fn-inline` on a note that still would not follow its call: it stands in the text,
  in brackets, rather than anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .pagerefs import drop_page_numbers

ROUNDS = 3  # layouts after the first, at most: pushes first, notes set inline in the last
# Elements a pushed call's block can be: the nearest one holding the call starts a page.
BLOCKS = {"p", "li", "tr", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div"}
BLOCKS |= {"figure", "table", "section", "ul", "ol", "dl"}


@dataclass
class Placed:
    """Where one layout put things: each anchor's page, and each internal link's page,
    target and element (in reading order)."""

    anchors: dict[str, int]
    links: list[tuple[int, str, Any]]

    @classmethod
    def read(cls, document: Any) -> Placed:
        anchors: dict[str, int] = {}
        links: list[tuple[int, str, Any]] = []
        for number, page in enumerate(document.pages):
            for name in page.anchors:
                anchors.setdefault(name, number)
            for kind, target, _, box in page.links:
                if kind == "internal" and box.element is not None:
                    links.append((number, target, box.element))
        return cls(anchors, links)

    def of_class(self, name: str) -> Iterator[tuple[int, str, Any]]:
        """The links whose element has the class `name`, each once (on its first page)."""
        seen: set[int] = set()
        for page, target, element in self.links:
            if name in classes(element) and id(element) not in seen:
                seen.add(id(element))
                yield page, target, element


def settle(root: Any, document: Any, layout: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Lay the document out again (`layout()`, after marking `root`, the tree it lays
    out) until its footnotes and page references are right; the final layout, and what
    is still wrong in it, if anything. A round that only has page numbers to drop drops
    them from the layout itself (pagerefs), with no new layout."""
    for round in range(ROUNDS + 1):
        placed = Placed.read(document)
        wrong = misplaced_notes(placed)
        drop, restore = page_references(placed)
        moving = bool(wrong) and round < ROUNDS
        mark(drop, here=True)
        mark({0: restore}, here=False)
        if drop and not (moving or restore) and drop_page_numbers(document, drop):
            drop = {}  # taken out of this layout, as a new one would have them
        changed = bool(drop or restore)
        if moving:
            changed |= move_notes(root, placed, wrong, inline=round >= ROUNDS - 1)
        if not changed or round == ROUNDS:
            return document, [f"footnote {n} is not on the page of its call" for n in wrong]
        document = layout()
    raise AssertionError("unreachable")  # pragma: no cover


def misplaced_notes(placed: Placed) -> list[str]:
    """The footnotes (by number) not on the page of their call, or not laid out at all."""
    return [
        target.removeprefix("fn-")
        for page, target, _ in placed.of_class("fn-call")
        if placed.anchors.get(target) != page
    ]


def page_references(placed: Placed) -> tuple[dict[int, list[Any]], list[Any]]:
    """The cross-references whose target is on their own page but which print its number,
    by page; and those that print none but whose target is on another page."""
    drop: dict[int, list[Any]] = {}
    restore = []
    for page, target, element in placed.of_class("xref"):
        here = placed.anchors.get(target) == page
        if here and "xref-here" not in classes(element):
            drop.setdefault(page, []).append(element)
        elif not here and "xref-here" in classes(element):
            restore.append(element)
    return drop, restore


def mark(elements: dict[int, list[Any]], here: bool) -> None:
    """Mark cross-references as on their target's page (or not) for the next layout."""
    for links in elements.values():
        for element in links:
            set_class(element, "xref-here", here)


def move_notes(root: Any, placed: Placed, wrong: list[str], inline: bool) -> bool:
    """Start a page at the block of each misplaced note's call, or, for a note that is
    misplaced still (or with `inline`), set the note in the text; whether any changed."""
    parents = {child: parent for parent in root.iter() for child in parent}
    notes = {el.get("id"): el for el in root.iter() if "footnote" in classes(el)}
    calls = {target: element for _, target, element in placed.of_class("fn-call")}
    pushed: set[int] = set()  # blocks pushed in this round
    changed = False
    for number in wrong:
        note, block = notes.get(f"fn-{number}"), pushed_block(calls[f"fn-{number}"], parents)
        if note is None or "fn-inline" in classes(note):
            continue
        if block is not None and id(block) in pushed:
            continue  # another note of the block moves it already
        if inline or block is None or "fn-push" in classes(block):
            set_class(note, "fn-inline", True)
        else:
            set_class(block, "fn-push", True)
            pushed.add(id(block))
        changed = True
    return changed


def pushed_block(element: Any, parents: dict[Any, Any]) -> Any | None:
    """The block that must start a page for `element` to: its nearest block ancestor (a
    table row, unless it is its table's first, which the table then is)."""
    block = parents.get(element)
    while block is not None and tag(block) not in BLOCKS:
        block = parents.get(block)
    if block is not None and tag(block) == "tr":
        rows = [child for child in parents[block] if tag(child) == "tr"]
        if rows and rows[0] is block:
            while block is not None and tag(block) != "table":
                block = parents.get(block)
    if block is not None and tag(block) in ("section", "main", "body"):
        return None  # a call directly in a section: nothing smaller to move
    return block


def tag(element: Any) -> str:
    return str(element.tag).rpartition("}")[2]


def classes(element: Any) -> list[str]:
    return str(element.get("class") or "").split()


def set_class(element: Any, name: str, on: bool) -> None:
    """Add or remove one class of an element."""
    names = [c for c in classes(element) if c != name] + ([name] if on else [])
    element.set("class", " ".join(names))
