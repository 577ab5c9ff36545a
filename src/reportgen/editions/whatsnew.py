"""An edition's "What's new" box: the changes since an earlier edition in a reader's words,
each linked to where it now stands (the `changes` that whats-new.html.j2 shows)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from ..formatting import format_date
from ..model import Project
from .align import KEY_JUDGMENTS
from .changes import (
    BlockChange,
    Diff,
    FieldChange,
    FigureChange,
    PointChange,
    SectionChange,
    SourceChange,
)
from .words import WordOp, excerpt, plain

MAX_ITEMS = 12  # a short box: the rest is counted, and `reportgen diff` lists them all
QUOTE_WORDS = 24
_NESTED = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019"})  # quotes in a quotation


@dataclass(frozen=True)
class Item:
    """One change as a reader reads it: what changed, where it now stands (a link target in
    this output, or None), and the words concerned (an excerpt, or None)."""

    kind: str  # brief | section | key_judgment | key_point | text | figure | source
    change: str  # added | removed | revised | moved | renamed | updated
    text: str
    href: str | None = None
    quote: str | None = None
    section: str | None = None  # the section it belongs to, if any


@dataclass(frozen=True)
class WhatsNew:
    """What changed since an earlier edition, for one output (templates see it as `changes`)."""

    since: dt.date  # the earlier edition's date
    edition: str  # the earlier edition's name
    label: str  # the revision or folder it was read from
    items: list[Item] = field(default_factory=list)
    more: int = 0  # changes not listed (beyond MAX_ITEMS)
    after: str | None = None  # the id of the section the box follows in this output

    @property
    def title(self) -> str:
        return f"Changes since the {format_date(self.since)} edition"

    def __bool__(self) -> bool:
        return True  # shown (saying "no changes") even when nothing changed


def whats_new(
    diff: Diff, old: Project, new: Project, sections: list[str], marking_of: str | None
) -> WhatsNew:
    """The box for an output of `new` that shows `sections` (ids, in order), its own
    marking being `outputs.<marking_of>.marking` if it has one."""
    titles = {s.id: s.running_title for s in new.sections}  # "Background", not its subtitle
    diff = dataclasses.replace(
        diff,
        points=[_titled(c, titles) for c in diff.points],
        blocks=[_titled(c, titles) for c in diff.blocks],
    )
    items = [i for i in _items(diff, marking_of) if i.section is None or i.section in sections]
    shown = [
        dataclasses.replace(i, quote=i.quote.translate(_NESTED) if i.quote else None)
        for i in items[:MAX_ITEMS]
    ]
    after = KEY_JUDGMENTS if KEY_JUDGMENTS in sections else (sections[0] if sections else None)
    return WhatsNew(
        old.meta.date, old.meta.edition, diff.old.label, shown, len(items) - len(shown), after
    )


def unmarked(diff: Diff, marking_of: str | None) -> list[str]:
    """The changes a redline's text cannot show (markings, dates, sources, moves, charts),
    in a reader's words, for its legend."""
    shown = {("section", "moved"), ("text", "updated"), ("text", "columns")}
    return [
        i.text
        for i in _items(diff, marking_of)
        if i.kind in ("brief", "source") or (i.kind, i.change) in shown
    ]


C = TypeVar("C", PointChange, BlockChange)


def _titled(change: C, titles: dict[str, str]) -> C:
    return dataclasses.replace(
        change, section_title=titles.get(change.section, change.section_title)
    )


def _items(diff: Diff, marking_of: str | None) -> Iterator[Item]:
    yield from (i for c in diff.brief if (i := _brief(c, marking_of)))
    points = [_point(c) for c in diff.points]
    yield from (i for i in points if i.kind == "key_judgment")
    yield from sorted((_figure(c) for c in diff.figures), key=lambda i: i.kind != "key_figure")
    yield from (_section(c) for c in diff.sections)
    yield from (i for i in points if i.kind != "key_judgment")
    yield from _blocks(diff.blocks)
    yield from (_source(c) for c in diff.sources)


def _brief(change: FieldChange, marking_of: str | None) -> Item | None:
    if change.field in ("marking", f"outputs.{marking_of}.marking"):
        return Item("brief", "revised", f"Handling marking now {change.new} (was {change.old})")
    if change.field == "as_of":
        now, was = format_date(change.new), format_date(change.old)
        return Item("brief", "revised", f"Information now current to {now} (was {was})")
    if change.field == "title":
        return Item("brief", "revised", f"New title: {change.new}")
    return None


def _section(change: SectionChange) -> Item:
    old, new = change.old, change.new
    if new is None:
        assert old is not None
        return Item("section", "removed", f"Section removed: {old.title}")
    href, sid = f"#{new.id}", new.id
    if old is None:
        return Item("section", "added", f"New section: {new.title}", href, section=sid)
    if change.change == "renamed":
        text = f"Section \u201c{old.title}\u201d is now \u201c{new.title}\u201d"
        return Item("section", "renamed", text, href, section=sid)
    return Item("section", "moved", f"Section moved: {new.title}", href, section=sid)


def _point(change: PointChange) -> Item:
    judgment = change.kind == "key judgment"
    kind = "key_judgment" if judgment else "key_point"
    where = "" if judgment else f" in {change.section_title}"
    name = "key judgment" if judgment else "key point"
    href, sid = f"#{change.section}", change.section
    old, new = change.old, change.new
    if new is None:
        assert old is not None
        quote = excerpt(plain(old.text), QUOTE_WORDS)
        return Item(kind, "removed", f"{name.capitalize()} removed{where}", None, quote, sid)
    number = f" {new.number}" if judgment else ""
    if old is None:
        quote = excerpt(plain(new.text), QUOTE_WORDS)
        return Item(kind, "added", f"New {name}{number}{where}", href, quote, sid)
    if change.change == "reworded":
        text = f"{name.capitalize()}{number} revised{where}"
        return Item(kind, "revised", text, href, changed_words(change.words), sid)
    if change.change == "moved":
        text = f"{name.capitalize()}{number} moved{where} (was {old.number})"
        return Item(kind, "moved", text, href, section=sid)
    text = f"{name.capitalize()}{number} now cites other sources{where}"
    return Item(kind, "revised", text, href, section=sid)


def changed_words(ops: list[WordOp], context: int = 6) -> str:
    """The new wording around the first change, as plain words: "... are still kept ..."."""
    first = next((n for n, (kind, _) in enumerate(ops) if kind != "="), None)
    if first is None:
        return ""
    words: list[str] = []
    lead = trail = False
    if first and ops[first - 1][0] == "=":
        before = ops[first - 1][1].split()
        lead = len(before) > context
        words += before[-context:]
    for kind, text in ops[first:]:
        found = text.split()
        if kind == "=" and len(found) > context:
            words += found[:context]
            trail = True
            break
        if kind != "-":
            words += found
    shown = plain(" ".join(words)).split()
    trail = trail or len(shown) > QUOTE_WORDS
    return (
        ("\u2026 " if lead else "") + " ".join(shown[:QUOTE_WORDS]) + (" \u2026" if trail else "")
    )


def _blocks(changes: list[BlockChange]) -> Iterator[Item]:
    """Revised text once per section; tables and charts added, removed or updated each."""
    revised: dict[str, str] = {}
    for change in changes:
        sid = change.section
        if change.kind in ("table", "key_figures", "chart") and change.change != "reworded":
            yield _data_block(change)
        elif sid not in revised:
            revised[sid] = change.section_title
            yield Item(
                "text", "revised", f"Text revised in {change.section_title}", f"#{sid}", section=sid
            )


def _data_block(change: BlockChange) -> Item:
    what = {"table": "table", "key_figures": "key figures", "chart": "chart"}[change.kind]
    caption, section = change.new or change.old or "", change.section_title
    texts = {
        "added": f"New {what} in {section}: {caption}",
        "removed": f"{what.capitalize()} removed from {section}: {caption}",
        "columns": f"Columns of a {what} changed in {section}",
        "updated": f"Chart updated in {section}: {caption}",
    }
    href = f"#{change.anchor}" if change.anchor and change.change != "removed" else None
    return Item("text", change.change, texts[change.change], href, section=change.section)


def _figure(change: FigureChange) -> Item:
    key = change.kind == "key_figures"
    kind = "key_figure" if key else "figure"
    href = f"#{change.table}" if key else f"#table-{change.table}"
    as_of = change.as_of.new if change.as_of else None
    dated = f", as of {format_date(as_of)}" if as_of else ""
    sid = change.section
    if change.change == "added":
        values = "; ".join(c.new for c in change.cells if c.new and c.heading != "Source")
        what = "New key figure" if key else f"New row in {change.caption}"
        return Item(kind, "added", f"{what}: {change.row}: {values}{dated}", href, section=sid)
    if change.change == "removed":
        what = "Key figure removed" if key else f"Row removed from {change.caption}"
        return Item(kind, "removed", f"{what}: {change.row}", section=sid)
    parts = []
    for cell in change.cells:
        label = "" if key and cell.column == "value" else f"{cell.heading} "
        parts.append(f"{label}now {cell.new or 'empty'} (was {cell.old or 'empty'})")
    if not parts and change.as_of:
        parts.append(
            f"now as of {format_date(change.as_of.new)} (was {format_date(change.as_of.old)})"
        )
        dated = ""
    where = "" if key else f"{change.caption}: "
    return Item(
        kind, "updated", f"{where}{change.row}: {'; '.join(parts)}{dated}", href, section=sid
    )


def _source(change: SourceChange) -> Item:
    if change.change == "added":
        return Item("source", "added", f"New source: {change.title}", "#notes")
    if change.change == "removed":
        return Item("source", "removed", f"Source no longer used: {change.title}")
    if change.change == "redated":
        dates = next(f for f in change.fields if f.field in ("date", "accessed"))
        what = "now dated" if dates.field == "date" else "now accessed"
        now, was = format_date(dates.new) or "undated", format_date(dates.old) or "undated"
        return Item("source", "revised", f"{change.title}: {what} {now} (was {was})", "#notes")
    return Item("source", "revised", f"Source details revised: {change.title}", "#notes")
