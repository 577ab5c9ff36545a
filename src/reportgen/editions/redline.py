"""A redline edition: the new edition's model with every text marked against the old one
(words inserted and deleted, figures old and new, parts added and removed), so that the
same templates render the whole brief with its changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import (
    Block,
    BriefSection,
    Callout,
    KeyFigures,
    KeyPoint,
    Paragraph,
    Project,
    RowCells,
    Subsection,
    TableBlock,
    TableData,
)
from .align import BlockPair, SectionPair, SubsectionPair, align
from .figures import cite_column, row_pairs, rows
from .marks import deleted, inserted, marked
from .words import normal

META_FIELDS = ("title", "subtitle", "edition", "summary")  # plain text on the cover


@dataclass(frozen=True)
class Redline:
    """What templates see of a redline edition (as `redline`): the edition compared with,
    and the changes its text cannot show (sources, markings, moves), in a reader's words."""

    since: dt.date
    edition: str
    label: str
    notes: list[str] = field(default_factory=list)


def _get(item: object, name: str) -> str | None:
    """A text field of an item that may not be there (old, or new)."""
    value = getattr(item, name, None) if item is not None else None
    return value if isinstance(value, str) else None


def _mark(old: str | None, new: str | None, markdown: bool) -> str | None:
    if normal(old) == normal(new):
        return new
    if new is None:
        return deleted(old or "", markdown) or None
    if old is None:
        return inserted(new)
    return marked(old, new, markdown)


def redline(old: Project, new: Project) -> Project:
    """The new edition with its changes since the old one marked in its texts and tables."""
    tables = dict(new.tables)
    marker = _Marker(old, new, tables)
    sections = [marker.section(s) for s in align(old, new)]
    meta = new.meta.model_copy(
        update={f: _mark(getattr(old.meta, f), getattr(new.meta, f), False) for f in META_FIELDS}
    )
    return new.model_copy(update={"sections": sections, "tables": tables, "meta": meta})


class _Marker:
    """Marks one pair of editions; marked tables are written into `tables`."""

    def __init__(self, old: Project, new: Project, tables: dict[str, TableData]) -> None:
        self.old, self.new, self.tables = old, new, tables

    def section(self, s: SectionPair) -> BriefSection:
        a, b = s.old, s.new
        current = s.current
        points = []
        for i, j in s.points:
            p = a.key_points[i] if a and i is not None else None
            q = b.key_points[j] if b and j is not None else None
            points.append(self.point(p, q))
        removed = {"template": "section.html.j2"} if b is None else {}  # the generic layout
        return current.model_copy(
            update=removed
            | {
                "title": _mark(_get(a, "title"), _get(b, "title"), False),
                "short_title": _mark(_get(a, "short_title"), _get(b, "short_title"), False),
                "summary": _mark(_get(a, "summary"), _get(b, "summary"), True),
                "key_points": points,
                "body": [self.block(p) for p in s.blocks],
                "subsections": [self.subsection(sub) for sub in s.subsections],
            }
        )

    def point(self, old: KeyPoint | None, new: KeyPoint | None) -> KeyPoint:
        if new is None:
            assert old is not None
            return old.model_copy(update={"text": deleted(old.text, True), "cite": []})
        return new.model_copy(update={"text": _mark(_get(old, "text"), new.text, True)})

    def subsection(self, s: SubsectionPair) -> Subsection:
        sub = s.new or s.old
        assert sub is not None
        anchor = s.anchor if s.new else f"removed-{s.anchor}"
        title = _mark(_get(s.old, "title"), _get(s.new, "title"), False)
        body = [self.block(p) for p in s.blocks]
        return sub.model_copy(update={"id": anchor, "title": title, "body": body})

    def block(self, p: BlockPair) -> Block:
        a, b = p.old, p.new
        if b is None:
            assert a is not None
            return self.removed(a)
        if isinstance(b, Paragraph):
            text = _mark(a.text if isinstance(a, Paragraph) else None, b.text, True)
            return b.model_copy(update={"text": text})
        if isinstance(b, Callout):
            old = a if isinstance(a, Callout) else None
            title = _mark(_get(old, "title"), b.title, False)
            return b.model_copy(
                update={"title": title, "text": _mark(_get(old, "text"), b.text, True)}
            )
        update = {"caption": _mark(getattr(a, "caption", None), b.caption, False)}
        if isinstance(b, TableBlock | KeyFigures):
            self.table(a, b)
        if isinstance(b, TableBlock):
            update["notes"] = _mark(getattr(a, "notes", None), b.notes, False)
        return b.model_copy(update=update)

    def removed(self, block: Block) -> Block:
        """A block that is gone: its text struck through (a table or chart: its caption)."""
        if isinstance(block, Paragraph):
            return block.model_copy(
                update={"id": None, "text": deleted(block.text, True), "cite": []}
            )
        if isinstance(block, Callout):
            title = deleted(block.title, False) if block.title else None
            text = deleted(block.text, True)
            return block.model_copy(update={"id": None, "title": title, "text": text, "cite": []})
        what = {"table": "Table", "key_figures": "Key figures", "chart": "Chart"}[block.type]
        return Paragraph(type="paragraph", text=deleted(f"{what}: {block.caption}", False))

    def table(self, old: Block | None, new: TableBlock | KeyFigures) -> None:
        """Mark a table's cells: changed ones old and new, new rows inserted, rows gone
        struck through where they stood (not in a key-figures box that picks its rows)."""
        b = self.new.tables.get(new.id)
        a = self.old.tables.get(old.id) if isinstance(old, TableBlock | KeyFigures) else None
        if b is None:
            return
        cite = cite_column(new)
        old_rows = rows(a, cite) if a else []
        new_rows = rows(b, cite)
        keys = [c.key for c in b.columns]
        marked_rows = []
        pairs = row_pairs(old_rows, new_rows)
        picks = isinstance(new, KeyFigures) and new.rows is not None
        for i, j in pairs:
            if j is None:
                if i is None or picks:
                    continue
                cells = [deleted(old_rows[i].cells.get(k, ""), False) for k in keys]
                marked_rows.append(RowCells(cells=cells))
                continue
            row = b.rows[j]
            before = old_rows[i].cells if i is not None else None
            cells = [
                _mark(before.get(k) if before is not None else None, cell, False) or ""
                for k, cell in zip(keys, row.cells, strict=False)
            ]
            marked_rows.append(row.model_copy(update={"cells": cells}))
        total = b.total
        if a is not None and a.total and b.total and len(a.total) == len(b.total):
            total = [_mark(x, y, False) or "" for x, y in zip(a.total, b.total, strict=True)]
        self.tables[new.id] = b.model_copy(update={"rows": marked_rows, "total": total})
