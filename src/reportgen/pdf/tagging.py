"""A hook into WeasyPrint's tagging that repairs the structure tree it builds.

WeasyPrint 70 tags a PDF page by page (weasyprint/pdf/tags.py: `add_tags` walks each
page's boxes with `_build_box_tree`). This hook wraps both, without changing
either: `_build_box_tree` to record where each structure element came from (its
HTML element, its box, its page), `add_tags` to repair the finished tree with that
(pdf.structure, pdf.lists). The repairs are written to move upstream as they are
(into tags.py, after the tree is built); until WeasyPrint ships them the hook is
installed for the WeasyPrint versions it was written for and tested with, and never
twice. A newer WeasyPrint is left alone: the tests that validate every variant
then say whether it still needs the repairs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from .annotations import tag_attachments
from .lists import repair_lists
from .notes import tag_notes
from .structure import (
    Origin,
    Tree,
    hide,
    merge_fragments,
    parent_tree,
    stray_content,
    table_headers,
)

LAST_AFFECTED = 70  # the newest WeasyPrint major version the repairs are for (70.0 tested)
MARK = "reportgen_repairs"  # set on the wrapped functions, so a second install sees them
_off = False  # see unrepaired()


def needed(version: str) -> bool:
    """Whether a WeasyPrint version (e.g. '70.0') gets the repairs."""
    return int(version.split(".")[0]) <= LAST_AFFECTED


def install() -> bool:
    """Wrap WeasyPrint's tagging once per process, if its version needs it; True if wrapped."""
    import weasyprint
    import weasyprint.pdf
    from weasyprint.pdf import tags

    if getattr(weasyprint.pdf.add_tags, MARK, False):
        return True
    if not needed(weasyprint.__version__):
        return False
    tags._build_box_tree = _recording(tags._build_box_tree)
    weasyprint.pdf.add_tags = _repairing(weasyprint.pdf.add_tags)
    return True


@contextlib.contextmanager
def unrepaired() -> Iterator[None]:
    """Tag as WeasyPrint does on its own, for a while (the tests show with it what the
    repairs repair, and whether WeasyPrint still needs them)."""
    global _off
    _off = True
    try:
        yield
    finally:
        _off = False


def repair(pdf: Any, page_streams: list[Any]) -> None:
    """Repair a structure tree WeasyPrint built, whose elements carry their origins."""
    tree = Tree(pdf, page_streams)
    hide(tree, tree.document)
    merge_fragments(tree, tree.document)
    repair_lists(tree, tree.document)
    tag_notes(tree)
    table_headers(tree)
    stray_content(tree)
    tag_attachments(tree)
    parent_tree(tree)


def _repairing(add_tags: Callable[..., None]) -> Callable[..., None]:
    def repaired(pdf: Any, document: Any, pdf_version: Any, page_streams: list[Any]) -> None:
        add_tags(pdf, document, pdf_version, page_streams)
        if not _off:
            repair(pdf, page_streams)

    setattr(repaired, MARK, True)
    return repaired


def _recording(build: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def recorded(box: Any, parent: Any, pdf: Any, page_number: int, *rest: Any) -> Iterator[Any]:
        for element in build(box, parent, pdf, page_number, *rest):
            if not hasattr(element, "reportgen_origin"):  # the innermost call knows best
                element.reportgen_origin = _origin(box, page_number)
            yield element

    setattr(recorded, MARK, True)
    return recorded


def _origin(box: Any, page: int) -> Origin:
    """What a structure element built for `box` on page `page` came from."""
    from weasyprint.css import AnonymousStyle
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    box = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
    element = box.element
    return Origin(
        element=element,
        tag=None if element is None else box.element_tag,
        page=page,
        anonymous=isinstance(box.style, AnonymousStyle),
        repeated=bool(getattr(box, "is_header", False) or getattr(box, "is_footer", False)),
        hidden=element is not None and element.get("aria-hidden", "").lower() == "true",
        footnotes=isinstance(box, FootnoteAreaBox),
    )
