"""Repairs to a tagged PDF's structure tree, made on the PDF objects before they are written.

WeasyPrint 70 builds the tree page by page (weasyprint/pdf/tags.py), so an element
split by a page break becomes one structure element per page (WeasyPrint issues
#2902 and #2903), and a table's header row repeated on each page is tagged again
each time. With the origin of each structure element (the HTML element and box it
came from, recorded by pdf.tagging), these functions make the tree say what the
document is: one element however many pages it spans; repeated table headers,
content hidden with aria-hidden and the page margins' content (running header and
footer, page numbers) as artifacts; table headers with their scope. They keep the
parent tree (MCID to element) and the cells' Headers in step.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pydyf

GROUPS = ("/Div", "/NonStruct", "/Part", "/Sect", "/Art", "/Span")  # grouping, no meaning


@dataclass(frozen=True)
class Origin:
    """Where a structure element came from: its HTML element and the box laid out for it."""

    element: Any  # the HTML element (its identity is what matters)
    tag: str | None  # WeasyPrint's element tag, with a pseudo-element ('li::marker')
    page: int
    anonymous: bool  # an anonymous box (many may share one element)
    repeated: bool  # a table's header or footer rows, which WeasyPrint repeats on each page
    hidden: bool  # aria-hidden="true": not for assistive technology
    footnotes: bool  # a page's footnote area: each of its kids is a footnote

    def attribute(self, name: str) -> str:
        """An attribute of the HTML element ('' if absent)."""
        return "" if self.element is None else str(self.element.get(name, ""))


def origin(element: Any) -> Origin | None:
    """The origin recorded on a structure element (None for text spans and new ones)."""
    return getattr(element, "reportgen_origin", None)


class Tree:
    """A PDF's structure tree as pydyf objects, and the bookkeeping of its repairs."""

    def __init__(self, pdf: Any, streams: list[Any]) -> None:
        self.pdf = pdf
        self.streams = streams
        self.pages = {ref: i for i, ref in enumerate(pdf.page_references)}
        self.root = self.resolve(pdf.catalog["StructTreeRoot"])
        self.document = self.get(self.root["K"][0])  # WeasyPrint's one Document element
        self.replaced: dict[bytes, bytes | None] = {}  # element removed -> what took its place
        self.ids: dict[str, str | None] = {}  # header cell ID removed -> the ID that stands for it
        self._marks: dict[int, dict[int, int]] = {}  # page -> MCID -> index in its stream

    def resolve(self, reference: bytes) -> Any:
        return self.pdf.objects[int(reference.split()[0])]

    def get(self, item: Any) -> Any:
        """The structure element a K entry refers to, or None (MCID, MCR, OBJR)."""
        if isinstance(item, bytes) and item.endswith(b" R"):
            target = self.resolve(item)
            if isinstance(target, dict) and target.get("Type") == "/StructElem":
                return target
        return None

    def kids(self, element: Any) -> list[Any]:
        return [kid for item in element["K"] if (kid := self.get(item)) is not None]

    def page(self, element: Any) -> int:
        return self.pages[element["Pg"]]

    def new(self, tag: str, parent: Any) -> Any:
        """A new, empty structure element under `parent` (not yet among its kids)."""
        element = pydyf.Dictionary(
            {"Type": "/StructElem", "S": tag, "K": pydyf.Array(), "P": parent.reference}
        )
        element["Pg"] = parent.get("Pg") or self.pdf.page_references[0]
        self.pdf.add_object(element)
        return element

    def move(self, item: Any, source: Any, target: Any, first: bool = False) -> None:
        """Give K entry `item` of `source` to `target` (at its end, or its start)."""
        kid = self.get(item)
        if kid is not None:
            kid["P"] = target.reference
        elif isinstance(item, int) and source["Pg"] != target["Pg"]:
            item = pydyf.Dictionary({"Type": "/MCR", "Pg": source["Pg"], "MCID": item})
        if first:
            target["K"].insert(0, item)
        else:
            target["K"].append(item)

    def absorb(self, target: Any, source: Any) -> None:
        """Move all of `source`'s content to the end of `target`; `source` is gone."""
        for item in list(source["K"]):
            self.move(item, source, target)
        if "ID" in source and "ID" in target:
            self.ids[source["ID"].string] = target["ID"].string
        self.discard(source, target)

    def discard(self, element: Any, instead: Any = None) -> None:
        """Forget an element taken out of the tree (its object stays, emptied)."""
        self.replaced[element.reference] = None if instead is None else instead.reference
        element.clear()

    def marks(self, element: Any) -> Iterator[tuple[int, int] | None]:
        """Every (page, MCID) under an element; None for an annotation (which stays tagged)."""
        for item in element["K"]:
            if isinstance(item, int):
                yield self.page(element), item
            elif isinstance(item, dict):  # a marked-content reference
                yield self.pages[item["Pg"]], item["MCID"]
            elif (kid := self.get(item)) is not None:
                yield from self.marks(kid)
            else:
                yield None

    def to_artifact(self, element: Any, ids: dict[str, str | None]) -> bool:
        """Mark an element's content as an artifact and take it out of the tree.

        `ids` says which IDs stand for its header cells' IDs. False, and nothing
        changed, if it holds an annotation or content this cannot find.
        """
        marks = list(self.marks(element))
        if None in marks or any(self._index(*mark) is None for mark in marks if mark):
            return False
        for page, mcid in (mark for mark in marks if mark):
            self.unmark(page, mcid)
        for sub in self.subtree(element):
            if "ID" in sub:
                self.ids[sub["ID"].string] = ids.get(sub["ID"].string)
            self.discard(sub)
        return True

    def subtree(self, element: Any) -> list[Any]:
        """An element and all the structure elements under it."""
        found = [element]
        for kid in self.kids(element):
            found += self.subtree(kid)
        return found

    def unmark(self, page: int, mcid: int) -> bool:
        """Turn a marked-content sequence into an artifact; False if it cannot be found."""
        index = self._index(page, mcid)
        if index is None:
            return False
        # `/Span <</MCID n>> BDC` becomes `/Artifact BMC`, in as many items (indices hold).
        self.streams[page].stream[index - 1 : index + 2] = [b"/Artifact", b"BMC", b""]
        return True

    def _index(self, page: int, mcid: int) -> int | None:
        """Where the property list of a marked-content sequence sits in its page's stream."""
        if page not in self._marks:
            items = self.streams[page].stream
            self._marks[page] = {
                item["MCID"]: i
                for i, item in enumerate(items)
                if isinstance(item, dict) and "MCID" in item and i + 1 < len(items)
                if items[i + 1] == b"BDC"
            }
        return self._marks[page].get(mcid)


def merge_fragments(tree: Tree, parent: Any) -> None:
    """Join the structure elements of one element split by page breaks, from the top down.

    Among a parent's kids, a kid that comes from the same element (and box kind) as
    an earlier kid from an earlier page continues it. An anonymous box continues
    only the kid just before it (many anonymous boxes share one element). Table
    header and footer rows repeated on a later page become artifacts.
    """
    latest: dict[tuple[int, str | None, str], tuple[Any, int]] = {}  # key -> (kid, its page)
    kept = pydyf.Array()
    previous = None
    for item in list(parent["K"]):
        kid = tree.get(item)
        here = origin(kid) if kid is not None else None
        key = (id(here.element), here.tag, kid["S"]) if here and here.element is not None else None
        first, page = latest.get(key, (None, 0)) if key else (None, 0)
        # An anonymous box continues only the kid just before it.
        if (
            here
            and first is not None
            and page < here.page
            and (not here.anonymous or previous is first)
        ):
            if not (here.repeated and tree.to_artifact(kid, _same_headers(tree, first, kid))):
                tree.absorb(first, kid)
            continue
        kept.append(item)
        if kid is not None:
            previous = kid
            if key and here:
                latest[key] = (kid, here.page)
    parent["K"][:] = kept
    for kid in tree.kids(parent):
        merge_fragments(tree, kid)


def _same_headers(tree: Tree, first: Any, repeat: Any) -> dict[str, str | None]:
    """The IDs of a repeated header's cells, each mapped to its first showing's cell ID."""
    firsts = {}
    for cell in tree.subtree(first):
        if "ID" in cell and (where := origin(cell)) is not None:
            firsts[(id(where.element), where.tag)] = cell["ID"].string
    ids: dict[str, str | None] = {}
    for cell in tree.subtree(repeat):
        if "ID" in cell and (where := origin(cell)) is not None:
            ids[cell["ID"].string] = firsts.get((id(where.element), where.tag))
    return ids


def hide(tree: Tree, parent: Any) -> None:
    """Content marked aria-hidden="true" becomes an artifact, as it is hidden from assistive
    technology in the HTML (an element holding a link stays: a link is always tagged)."""
    for item in list(parent["K"]):
        kid = tree.get(item)
        if kid is None:
            continue
        where = origin(kid)
        if where and where.hidden and tree.to_artifact(kid, {}):
            parent["K"].remove(item)
        else:
            hide(tree, kid)


def table_headers(tree: Tree) -> None:
    """Give header cells their scope, and point cells' Headers at the IDs still there."""
    for element in tree.subtree(tree.document):
        attributes = element.get("A")
        if element["S"] == "/TH" and isinstance(attributes, dict):
            where = origin(element)
            scope = where.attribute("scope").lower() if where else ""
            # Row headers as WeasyPrint lists them in Headers: only those that say so.
            attributes["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"
        if isinstance(attributes, dict) and "Headers" in attributes:
            headers = [tree.ids.get(h.string, h.string) for h in attributes["Headers"]]
            attributes["Headers"] = pydyf.Array(
                pydyf.String(h) for h in dict.fromkeys(h for h in headers if h)
            )


def stray_content(tree: Tree) -> None:
    """Content marked for the structure tree but left out of it becomes an artifact.

    WeasyPrint builds a tree for the page margins (running header and footer, page
    numbers) and leaves it out of the document's, as content that is not the
    document's own; marked as an artifact, it is pagination (ISO 32000-1 14.8.2.2).
    """
    reachable = {id(element) for element in tree.subtree(tree.document)}
    nums = tree.resolve(tree.root["ParentTree"])["Nums"]
    for i in range(0, len(nums), 2):
        page, entries = nums[i], nums[i + 1]
        if not isinstance(entries, list) or page >= len(tree.streams):
            continue
        for mcid, reference in enumerate(entries):
            element = tree.get(reference) if reference not in tree.replaced else None
            if element is not None and id(element) not in reachable and tree.unmark(page, mcid):
                entries[mcid] = b"null"


def parent_tree(tree: Tree) -> None:
    """Point the parent tree at the elements that took the place of removed ones."""

    def current(reference: bytes) -> bytes:
        while reference in tree.replaced:
            replacement = tree.replaced[reference]
            if replacement is None:
                return b"null"
            reference = replacement
        return reference

    nums = tree.resolve(tree.root["ParentTree"])["Nums"]
    for i in range(1, len(nums), 2):
        if isinstance(nums[i], list):
            nums[i][:] = [current(ref) for ref in nums[i]]
        else:
            nums[i] = current(nums[i])
