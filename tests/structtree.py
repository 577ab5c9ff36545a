"""A tagged PDF's structure tree read back with pypdf, with the text of each element.

Test helper: `read(path)` returns the Document element as a `Node` tree; each node
knows its structure type, attributes, the pages its content is on, and its text
(the text shown inside its marked content, found by MCID in the page streams).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass
class Node:
    """One structure element."""

    tag: str  # 'L', 'LI', 'TH', ... (without the slash)
    attributes: dict[str, Any] = field(default_factory=dict)  # /A entries, without slashes
    id: str | None = None
    alt: str | None = None
    kids: list[Node] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)  # its own (page, MCID)s
    own_text: str = ""

    def walk(self) -> Iterator[Node]:
        """This node and every node under it, in reading order."""
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def find(self, tag: str) -> list[Node]:
        """Every node of a structure type at or under this one."""
        return [node for node in self.walk() if node.tag == tag]

    @property
    def text(self) -> str:
        """All the text under this node, in order, with whitespace made single spaces."""
        return " ".join(" ".join(node.own_text for node in self.walk()).split())

    @property
    def pages(self) -> set[int]:
        """The pages (from 1) this node's content is on."""
        return {page for node in self.walk() for page, _ in node.marks}

    def __repr__(self) -> str:
        return f"<{self.tag} {self.text[:40]!r}>"


def read(path: Path | str) -> Node:
    """The Document element of a tagged PDF."""
    reader = PdfReader(path)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, start=1)}
    texts = {n: mcid_text(page) for n, page in enumerate(reader.pages, start=1)}
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    kids = _kids(root)
    assert len(kids) == 1, "one Document element under the structure tree root"
    return _node(kids[0].get_object(), pages, texts, None)


def mcid_text(page: Any) -> dict[int, str]:
    """The text shown in each marked-content sequence with an MCID on a page."""
    open_marks: list[int | None] = []
    texts: dict[int, str] = defaultdict(str)

    def before(operator: bytes, operands: Any, cm: Any, tm: Any) -> None:
        if operator == b"BDC" and isinstance(operands[1], DictionaryObject):
            open_marks.append(operands[1].get("/MCID"))
        elif operator in (b"BDC", b"BMC"):
            open_marks.append(None)
        elif operator == b"EMC" and open_marks:
            open_marks.pop()

    def shown(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if open_marks and open_marks[-1] is not None:
            texts[open_marks[-1]] += text

    page.extract_text(visitor_operand_before=before, visitor_text=shown)
    return texts


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def _node(element: Any, pages: dict[int, int], texts: dict[int, dict[int, str]], page: Any) -> Node:
    page = pages[element.raw_get("/Pg").idnum] if "/Pg" in element else page
    attributes = element.get("/A")
    node = Node(
        tag=str(element["/S"])[1:],
        attributes={} if attributes is None else {k[1:]: v for k, v in attributes.items()},
        id=str(element["/ID"]) if "/ID" in element else None,
        alt=str(element["/Alt"]) if "/Alt" in element else None,
    )
    for kid in _kids(element):
        if isinstance(kid, int):
            node.marks.append((page, kid))
            continue
        target = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if target.get("/Type") == "/MCR":
            node.marks.append((pages[target.raw_get("/Pg").idnum], int(target["/MCID"])))
        elif target.get("/Type") != "/OBJR":
            node.kids.append(_node(target, pages, texts, page))
    node.own_text = " ".join(texts[p].get(m, "") for p, m in node.marks)
    return node
