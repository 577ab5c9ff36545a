"""What changed between two editions, as typed records: the result of a comparison, the
`--format json` shape (documented in docs/editions.md) and what the other formats show."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .words import WordOp

KINDS = ("brief", "sections", "points", "blocks", "figures", "sources")  # lists of a Diff
FORMAT_VERSION = 1  # of the JSON shape; raised only when a field changes meaning or goes


@dataclass(frozen=True)
class EditionInfo:
    """One of the two editions compared: where it came from and its front matter."""

    label: str  # the revision or folder as given, or "working tree"
    title: str
    edition: str
    date: str  # ISO dates
    as_of: str


@dataclass(frozen=True)
class FieldChange:
    """A field whose value changed (of the brief, or of a source)."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Place:
    """Where a section stands in one edition (position: 1-based, in reading order)."""

    id: str
    title: str
    position: int


@dataclass(frozen=True)
class SectionChange:
    """A section added, removed, renamed (its title changed) or moved."""

    change: str  # added | removed | renamed | moved
    old: Place | None
    new: Place | None


@dataclass(frozen=True)
class PointState:
    """A key point or key judgment as it stands in one edition (number: 1-based)."""

    number: int
    text: str
    cite: list[str]


@dataclass(frozen=True)
class PointChange:
    """A key point or key judgment added, removed, reworded, moved, or citing other sources."""

    change: str  # added | removed | reworded | moved | cited
    kind: str  # "key judgment" | "key point"
    section: str  # the section's id (in the new edition, unless removed with it)
    section_title: str
    old: PointState | None
    new: PointState | None
    words: list[WordOp] = field(default_factory=list)


@dataclass(frozen=True)
class BlockChange:
    """A change to a section's text other than its key points: a paragraph, callout or
    standfirst added, removed or reworded; a table, chart or sub-section added or removed;
    a caption reworded, a table's columns or a chart's data changed."""

    change: str  # added | removed | reworded | renamed | columns | updated
    kind: str  # paragraph | callout | summary | subsection | table | key_figures | chart
    section: str
    section_title: str
    anchor: str | None  # where it stands in the new edition (an element id), if anywhere
    old: str | None
    new: str | None
    words: list[WordOp] = field(default_factory=list)


@dataclass(frozen=True)
class Cell:
    """A table cell that changed (column: the column's key; heading: as printed)."""

    column: str
    heading: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class FigureChange:
    """A table row or key figure whose values changed, or that was added or removed."""

    change: str  # changed | added | removed
    kind: str  # key_figures | table
    table: str  # the block's id
    caption: str
    section: str
    row: str  # the row's label (its first cell): the new one, or the old if removed
    cells: list[Cell]
    as_of: FieldChange | None = None  # key figures: the as-of dates, old and new


@dataclass(frozen=True)
class SourceChange:
    """A source added, removed, re-dated (its date or access date changed) or revised."""

    change: str  # added | removed | redated | revised
    id: str
    title: str
    date: str | None  # as it stands (the old one if removed)
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class Diff:
    """Every change from one edition to another, by kind, each list in reading order."""

    old: EditionInfo
    new: EditionInfo
    brief: list[FieldChange] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)
    points: list[PointChange] = field(default_factory=list)
    blocks: list[BlockChange] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    sources: list[SourceChange] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many changes there are."""
        return sum(len(getattr(self, kind)) for kind in KINDS)

    @property
    def changed(self) -> bool:
        return self.count > 0

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (docs/editions.md): plain values, stable keys."""
        data: dict[str, Any] = {"reportgen_diff": FORMAT_VERSION}
        data |= {"changed": self.changed, "count": self.count, **dataclasses.asdict(self)}
        for kind in ("points", "blocks"):
            for entry in data[kind]:
                entry["words"] = [list(op) for op in entry["words"]]
        return data
