"""Comparing what is not running text: table rows and key figures, the brief's front
matter and markings, and the bibliography."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Block, KeyFigures, Project, RowCells, TableBlock, TableData
from .align import SectionPair
from .changes import Cell, FieldChange, FigureChange, SourceChange
from .words import Pair, normal, pair, similarity

ROW_LIKENESS = 0.5  # a row whose label changed is the same row if its cells are this alike
BRIEF_FIELDS = (
    "title",
    "subtitle",
    "edition",
    "date",
    "as_of",
    "organisation",
    "author",
    "marking",
    "audience",
    "language",
    "keywords",
    "summary",
    "contact",
)
SOURCE_FIELDS = ("title", "author", "publisher", "date", "url", "accessed", "note")
SOURCE_DATES = ("date", "accessed")


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return normal(str(value))


def _fields(old: object, new: object, names: tuple[str, ...]) -> list[FieldChange]:
    changes = []
    for name in names:
        a, b = _text(getattr(old, name, None)), _text(getattr(new, name, None))
        if a != b:
            changes.append(FieldChange(name, a, b))
    return changes


def brief_changes(old: Project, new: Project) -> list[FieldChange]:
    """The brief's front matter that changed, and any output's own handling marking."""
    changes = _fields(old.meta, new.meta, BRIEF_FIELDS)
    for name, output in new.config.outputs.items():
        before = old.config.outputs.get(name)
        a = _text(before.marking) if before else None
        if before is not None and a != _text(output.marking):
            changes.append(FieldChange(f"outputs.{name}.marking", a, _text(output.marking)))
    return changes


def source_changes(old: Project, new: Project) -> list[SourceChange]:
    """Sources added, removed, re-dated or otherwise revised (by id)."""
    changes = []
    for source_id, source in new.sources.items():
        before = old.sources.get(source_id)
        if before is None:
            changes.append(SourceChange("added", source_id, source.title, source.date))
            continue
        fields = _fields(before, source, SOURCE_FIELDS)
        if fields:
            redated = any(f.field in SOURCE_DATES for f in fields)
            kind = "redated" if redated else "revised"
            changes.append(SourceChange(kind, source_id, source.title, source.date, fields))
    for source_id, source in old.sources.items():
        if source_id not in new.sources:
            changes.append(SourceChange("removed", source_id, source.title, source.date))
    return changes


@dataclass(frozen=True)
class Row:
    """A table row as the diff compares it: its label, and its cells by column key."""

    key: str  # its label, numbered when several rows share one
    label: str
    cells: dict[str, str]


def rows(data: TableData, cite_column: str | None) -> list[Row]:
    """A table's rows with their cells by column key (the sources under the cite column)."""
    seen: dict[str, int] = {}
    found = []
    for row in data.rows:
        cells = {c.key: normal(v) for c, v in zip(data.columns, row.cells, strict=False)}
        if cite_column:
            cells[cite_column] = "; ".join(row.cite)
        label = normal(row.cells[0]) if row.cells else ""
        seen[label] = seen.get(label, 0) + 1
        found.append(Row(f"{label}\0{seen[label]}", label, cells))
    return found


def cite_column(block: Block) -> str | None:
    if isinstance(block, KeyFigures):
        return "source"
    return block.cite_column if isinstance(block, TableBlock) else None


def row_pairs(old: list[Row], new: list[Row]) -> list[Pair]:
    """Rows paired by label, else by the likeness of their cells; in reading order."""
    return pair(
        old,
        new,
        lambda r: r.key,
        lambda a, b: similarity(" ".join(a.cells.values()), " ".join(b.cells.values())),
        ROW_LIKENESS,
    )


def table_changes(s: SectionPair, old: Project, new: Project) -> Iterator[FigureChange]:
    """The rows of a section's tables and key figures that changed, were added or removed."""
    pairs = [*s.blocks, *(b for sub in s.subsections for b in sub.blocks)]
    for p in pairs:
        if not (isinstance(p.old, TableBlock | KeyFigures) and type(p.new) is type(p.old)):
            continue
        assert isinstance(p.new, TableBlock | KeyFigures) and s.new is not None
        a, b = old.tables.get(p.old.id), new.tables.get(p.new.id)
        if a is not None and b is not None and not _same(a.rows, b.rows):
            yield from _row_changes(p.new, a, b, s.new.id)


def _same(a: list[RowCells], b: list[RowCells]) -> bool:
    return [(r.cells, r.cite) for r in a] == [(r.cells, r.cite) for r in b]


def _row_changes(
    block: TableBlock | KeyFigures, old: TableData, new: TableData, section: str
) -> Iterator[FigureChange]:
    kind = block.type
    cite = cite_column(block)
    headings = {c.key: c.label for c in [*old.columns, *new.columns]}
    if cite:
        headings[cite] = "Source"
    keys = [c.key for c in new.columns if c.key in {d.key for d in old.columns}]
    keys += [cite] if cite else []
    dated = isinstance(block, KeyFigures)
    before, after = rows(old, cite), rows(new, cite)
    for i, j in row_pairs(before, after):
        a = before[i] if i is not None else None
        b = after[j] if j is not None else None
        row = b or a
        assert row is not None
        as_of = None
        if dated:
            as_of = FieldChange(
                "as_of", a.cells.get("as_of") if a else None, b.cells.get("as_of") if b else None
            )
        shown = [k for k in keys if not (dated and k == "as_of")]
        cells = [
            Cell(k, headings[k], a.cells.get(k) if a else None, b.cells.get(k) if b else None)
            for k in shown
        ]
        if a is None or b is None:
            change = "added" if a is None else "removed"
            yield FigureChange(
                change, kind, block.id, block.caption, section, row.label, cells, as_of
            )
            continue
        changed = [c for c in cells if c.old != c.new]
        if changed or (as_of and as_of.old != as_of.new):
            yield FigureChange(
                "changed", kind, block.id, block.caption, section, row.label, changed, as_of
            )


def data_changes(
    old_block: Block, new_block: Block, old: Project, new: Project
) -> Iterator[tuple[str, str | None, str | None]]:
    """What changed in a table's columns or a chart's data: (change, old, new)."""
    if isinstance(old_block, TableBlock) and isinstance(new_block, TableBlock):
        a, b = old.tables.get(old_block.id), new.tables.get(new_block.id)
        if a and b and [c.key for c in a.columns] != [c.key for c in b.columns]:
            yield (
                "columns",
                ", ".join(c.label for c in a.columns),
                ", ".join(c.label for c in b.columns),
            )
    elif old_block.type == new_block.type == "chart":
        assert old_block.id is not None and new_block.id is not None
        a_chart, b_chart = old.charts.get(old_block.id), new.charts.get(new_block.id)
        if a_chart and b_chart and a_chart.model_dump() != b_chart.model_dump():
            caption = getattr(new_block, "caption", None)
            yield "updated", caption, caption
