"""Comparing two validated editions: what a reader would call a change, and nothing else
(reflowed text, reordered keys and renumbering after an insertion are no change)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Block, Callout, ChartBlock, KeyFigures, Paragraph, Project, TableBlock
from .align import KEY_JUDGMENTS, BlockPair, SectionPair, align, reading
from .changes import (
    BlockChange,
    Diff,
    EditionInfo,
    Place,
    PointChange,
    PointState,
    SectionChange,
)
from .figures import brief_changes, data_changes, source_changes, table_changes
from .words import moved, normal, word_diff

DATA_BLOCKS = (TableBlock, KeyFigures, ChartBlock)


def compare(old: Project, new: Project, old_label: str = "old", new_label: str = "new") -> Diff:
    """Every change from the `old` edition to the `new` one."""
    sections = align(old, new)
    return Diff(
        old=edition_info(old, old_label),
        new=edition_info(new, new_label),
        brief=brief_changes(old, new),
        sections=[c for s in sections if (c := _section_change(s))],
        points=[c for s in sections if s.old and s.new for c in _point_changes(s)],
        blocks=[c for s in sections if s.old and s.new for c in _block_changes(s, old, new)],
        figures=[c for s in sections if s.old and s.new for c in table_changes(s, old, new)],
        sources=source_changes(old, new),
    )


def edition_info(project: Project, label: str) -> EditionInfo:
    meta = project.meta
    return EditionInfo(
        label, meta.title, meta.edition, meta.date.isoformat(), meta.as_of.isoformat()
    )


def _section_change(s: SectionPair) -> SectionChange | None:
    old = Place(s.old.id, s.old.title, s.old_position or 0) if s.old else None
    new = Place(s.new.id, s.new.title, s.new_position or 0) if s.new else None
    if old is None or new is None:
        return SectionChange("added" if old is None else "removed", old, new)
    if normal(old.title) != normal(new.title):
        return SectionChange("renamed", old, new)
    if s.moved:
        return SectionChange("moved", old, new)
    return None


def point_kind(section_id: str) -> str:
    return "key judgment" if section_id == KEY_JUDGMENTS else "key point"


def _point_changes(s: SectionPair) -> Iterator[PointChange]:
    assert s.old is not None and s.new is not None
    shifted = moved(s.points)
    kind = point_kind(s.new.id)
    for i, j in s.points:
        a = s.old.key_points[i] if i is not None else None
        b = s.new.key_points[j] if j is not None else None
        old = PointState(i + 1, a.text, list(a.cite)) if a and i is not None else None
        new = PointState(j + 1, b.text, list(b.cite)) if b and j is not None else None
        if old is None or new is None:
            change = "added" if old is None else "removed"
            yield PointChange(change, kind, s.new.id, s.new.title, old, new)
            continue
        (old_words, old_cites), (new_words, new_cites) = (
            reading(old.text, old.cite),
            reading(new.text, new.cite),
        )
        if old_words != new_words:
            words = word_diff(old.text, new.text)
            yield PointChange("reworded", kind, s.new.id, s.new.title, old, new, words)
        elif j in shifted:
            yield PointChange("moved", kind, s.new.id, s.new.title, old, new)
        elif old_cites != new_cites:
            yield PointChange("cited", kind, s.new.id, s.new.title, old, new)


def _block_changes(
    s: SectionPair, old_project: Project, new_project: Project
) -> Iterator[BlockChange]:
    assert s.old is not None and s.new is not None
    section = (s.new.id, s.new.title)
    projects = (old_project, new_project)
    if normal(s.old.summary) != normal(s.new.summary):
        yield _reworded("summary", section, s.new.id, s.old.summary, s.new.summary)
    yield from _paired_blocks(s.blocks, section, projects)
    for sub in s.subsections:
        anchor = f"{s.new.id}--{sub.anchor}"
        if sub.new is None:
            title = sub.old.title if sub.old else None
            yield BlockChange("removed", "subsection", *section, None, title, None)
            continue
        if sub.old is None:
            yield BlockChange("added", "subsection", *section, anchor, None, sub.new.title)
            continue
        if normal(sub.old.title) != normal(sub.new.title):
            yield BlockChange(
                "renamed", "subsection", *section, anchor, sub.old.title, sub.new.title
            )
        yield from _paired_blocks(sub.blocks, section, projects)


def _paired_blocks(
    pairs: list[BlockPair], section: tuple[str, str], projects: tuple[Project, Project]
) -> Iterator[BlockChange]:
    for p in pairs:
        if p.old is None or p.new is None:
            block = p.new or p.old
            assert block is not None
            change = "added" if p.old is None else "removed"
            text = _label(block)
            old, new = (None, text) if p.old is None else (text, None)
            yield BlockChange(change, block.type, *section, anchor(p.new), old, new)
            continue
        yield from _block_change(p.old, p.new, section)
        for change, old, new in data_changes(p.old, p.new, *projects):
            yield BlockChange(change, p.new.type, *section, anchor(p.new), old, new)


def _block_change(old: Block, new: Block, section: tuple[str, str]) -> Iterator[BlockChange]:
    where = anchor(new)
    if isinstance(old, Paragraph) and isinstance(new, Paragraph):
        if reading(old.text, old.cite) != reading(new.text, new.cite):
            yield _reworded("paragraph", section, where, old.text, new.text)
    elif isinstance(old, Callout) and isinstance(new, Callout):
        if normal(old.title) != normal(new.title):
            yield _reworded("callout", section, where, old.title, new.title)
        if reading(old.text, old.cite) != reading(new.text, new.cite):
            yield _reworded("callout", section, where, old.text, new.text)
    elif (
        isinstance(old, DATA_BLOCKS)
        and isinstance(new, DATA_BLOCKS)
        and normal(old.caption) != normal(new.caption)
    ):
        yield _reworded(new.type, section, where, old.caption, new.caption)


def _reworded(
    kind: str, section: tuple[str, str], where: str | None, old: str | None, new: str | None
) -> BlockChange:
    words = word_diff(old or "", new or "")
    return BlockChange("reworded", kind, *section, where, old, new, words)


def _label(block: Block) -> str:
    """What a reader knows a block by: its caption, or its text."""
    if isinstance(block, DATA_BLOCKS):
        return block.caption
    if isinstance(block, Paragraph | Callout):
        return block.text
    return block.type


def anchor(block: Block | None) -> str | None:
    """The element id a block has in the HTML (as the built-in macros write it)."""
    if block is None or block.id is None:
        return None
    if isinstance(block, TableBlock):
        return f"table-{block.id}"
    if isinstance(block, ChartBlock):
        return f"figure-{block.id}"
    return block.id
