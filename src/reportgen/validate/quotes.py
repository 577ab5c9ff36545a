"""Quotations in the brief's text, each found with the sources it cites and where it is
written (file, line, column).

Which citation a quotation answers to: the citation of its own sentence (the first
`[@...]` after it in the sentence, else the last one before it; a citation written
just after the sentence's full stop belongs to that sentence), else the next
citation in its paragraph (one citation at a paragraph's end covers it), else the
`cite:` of its block or key point. Quotations are found in section summaries, key points,
paragraphs and callouts (YAML or Markdown), table and chart captions and notes, the
cells of table rows that cite a source, and the notes of the bibliography (which
answer to their own source). A quotation is text in double quotes, straight or curly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ReportgenError
from ..load import Document, Loc, Table, load_table
from ..markup import CITATION, citations_in
from ..model import ChartBlock, KeyFigures, TableBlock
from .data import SectionDoc, blocks
from .paths import resolved, unusable
from .quotetext import words
from .sources import Bibliographies
from .tables import block_columns, row_sources

# What is not prose, so its quote marks are none: code, link targets, citations, URLs.
_NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)|<[a-z][a-z0-9+.-]*:[^>]*>|\[@[^\]]*\]")
_SENTENCE_END = re.compile("[.!?][\"\u201d\u2019')\\]]*\\s+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
ABBREVIATIONS = frozenset(
    [
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "no",
        "nos",
        "art",
        "arts",
        "vol",
        "vols",
        "p",
        "pp",
        "cf",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "sec",
        "secs",
        "ch",
        "fig",
        "figs",
        "op",
        "ed",
        "eds",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "gen",
        "col",
        "lt",
        "rep",
        "sen",
    ]
)


@dataclass(frozen=True)
class Quotation:
    """A quotation in the brief: its words, where it stands, and the sources it cites."""

    text: str
    path: str
    line: int
    col: int
    sources: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(words(self.text))


def quotations(sections: list[SectionDoc], bib: Bibliographies, root: Path) -> list[Quotation]:
    """Every quotation in the sections, their tables and the bibliography's notes, once."""
    found: list[Quotation] = []
    tables: dict[Path, Table | None] = {}
    for section, doc in sections:
        for loc, text, cites in _text_sites(section):
            found += _in_text(doc, loc, text, cites)
        for _, block in blocks(section):
            if isinstance(block, TableBlock | KeyFigures | ChartBlock):
                found += _in_table(block, root, tables)
    for key, place in bib.placed.items():
        if place.source.note:
            found += _in_text(place.doc, (*place.loc, "note"), place.source.note, (key,))
    return list(dict.fromkeys(found))  # a CSV two blocks read holds its quotations once


def _text_sites(section: Any) -> Iterator[tuple[Loc, str, tuple[str, ...]]]:
    """Each text of a section, with its location and the sources its block cites."""
    if section.summary:
        yield ("summary",), section.summary, ()
    for i, point in enumerate(section.key_points):
        yield ("key_points", i, "text"), point.text, tuple(point.cite)
    for loc, block in blocks(section):
        cites = tuple(getattr(block, "cite", ()))
        for name in ("text", "caption", "notes"):
            value = getattr(block, name, None)
            if isinstance(value, str):
                yield (*loc, name), value, cites


def _in_text(doc: Document, loc: Loc, text: str, cites: tuple[str, ...]) -> list[Quotation]:
    """The quotations of one text field, each with the sources it answers to."""
    markers = [(m.start(), m.end(), ids) for m, ids in _markers(text)]
    starts = _sentence_starts(text, [(s, e) for s, e, _ in markers])
    found = []
    for start, end in quote_spans(text):
        line, col = text_position(doc, loc, text, start)
        sources = _attributed(start, end, starts, markers) or cites
        found.append(Quotation(text[start + 1 : end - 1], str(doc.path), line, col, sources))
    return found


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Where each double-quoted passage of a text starts and ends (its marks included)."""
    prose = _NOT_PROSE.sub(lambda m: re.sub(r"\S", " ", m.group()), text)
    spans, opened = [], None
    for match in re.finditer(r"[“”\"]", prose):
        mark, at = match.group(), match.start()
        if mark == "“" or (mark == '"' and opened is None):
            opened = at
        elif opened is not None:
            spans.append((opened, at + 1))
            opened = None
    return spans


def _markers(text: str) -> Iterator[tuple[re.Match[str], tuple[str, ...]]]:
    for offset, items in citations_in(text):
        match = CITATION.match(text, offset)
        if match:
            yield match, tuple(c.id for c in items)


def _sentence_starts(text: str, markers: list[tuple[int, int]]) -> list[int]:
    """Where each sentence starts; a citation just after a full stop ends that sentence."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        stop = match.start()
        if any(s <= stop < e for s, e in markers):
            continue
        before = _WORD_BEFORE.search(text, 0, stop)
        word = before.group(1).rstrip(".").lower() if before else ""
        if text[stop] == "." and (word in ABBREVIATIONS or re.fullmatch(r"[a-z]", word)):
            continue  # "U.S.", "No.", an initial
        nxt = match.end()
        while (after := next((e for s, e in markers if s == nxt), None)) is not None:
            nxt = len(text) - len(text[after:].lstrip())
        if nxt < len(text) and text[nxt].islower():
            continue
        starts.append(nxt)
    return starts


def _attributed(
    start: int, end: int, starts: list[int], markers: list[tuple[int, int, tuple[str, ...]]]
) -> tuple[str, ...]:
    """The sources of the citation in the quotation's sentence, else of the next citation
    in its paragraph (none if there is neither)."""
    first = max(s for s in starts if s <= start)
    last = min((s for s in starts if s >= end), default=10**9)
    after = [ids for s, _, ids in markers if end <= s]
    if after and any(end <= s < last for s, _, _ in markers):
        return after[0]
    before = [ids for s, e, ids in markers if first <= s and e <= start]
    if before:
        return before[-1]
    return after[0] if after else ()


def text_position(doc: Document, loc: Loc, text: str, offset: int) -> tuple[int, int]:
    """The line and column in the file of `text[offset]`, for a text read from the value
    at `loc`: found by counting the characters that are not space, which YAML's folding
    and Markdown's line breaks leave alone. Where escapes or notes make the count
    differ, the value's own position (in a Markdown body, the quotation's line)."""
    line, col = doc.where(loc)
    if doc.path.suffix == ".md" and loc[0] in ("body", "subsections"):
        start = text.rfind("\n", 0, offset) + 1  # the body is kept line by line as written
        line += text.count("\n", 0, offset)
        return _counted(str(doc.path), (line, 1), text[start:], offset - start) or (line, 1)
    raw = _lines(str(doc.path))
    row, at = line - 1, col - 1
    if row < len(raw) and raw[row][at : at + 1] in (">", "|"):  # a block scalar's indicator
        row, at = row + 1, 0
    elif row < len(raw) and raw[row][at : at + 1] in ('"', "'"):
        at += 1
    return _counted(str(doc.path), (row + 1, at + 1), text, offset) or (line, col)


def _counted(path: str, start: tuple[int, int], text: str, offset: int) -> tuple[int, int] | None:
    """Where `text[offset]` stands in the file, counting from `start` the characters that
    are not space (None if the file's character there is another)."""
    raw = _lines(path)
    row, at = start[0] - 1, start[1] - 1
    target = sum(1 for ch in text[:offset] if not ch.isspace())
    count = 0
    while row < len(raw):
        for i in range(at, len(raw[row])):
            if raw[row][i].isspace():
                continue
            if count == target:
                return (row + 1, i + 1) if raw[row][i] == text[offset] else None
            count += 1
        row, at = row + 1, 0
    return None


@cache
def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _in_table(
    block: TableBlock | KeyFigures | ChartBlock, root: Path, tables: dict[Path, Table | None]
) -> list[Quotation]:
    """Quotations in the cells of a table's rows that cite a source (its row's, else the
    block's), located at the cell."""
    path = resolved(root / block.data)
    if path not in tables:
        try:
            readable = path.is_relative_to(root) and not unusable(path)
            tables[path] = load_table(path) if readable else None
        except ReportgenError:  # reported where the table is checked
            tables[path] = None
    table = tables[path]
    if table is None:
        return []
    if isinstance(block, ChartBlock):
        cite_column = block.cite_column
    else:
        cite_column = block_columns(block, table)[1]
    found = []
    for n, record in enumerate(table.records()):
        cites = tuple(row_sources(record.get(cite_column or "", "")))
        cites = cites or tuple(getattr(block, "cite", ()))
        if not cites:
            continue
        line = table.line_of(n)
        for column, cell in record.items():
            if column == cite_column:
                continue
            for start, end in quote_spans(cell):
                inner = cell[start + 1 : end - 1]
                col = _cell_column(table, line, inner)
                found.append(Quotation(inner, str(table.path), line, col, cites))
    return found


def _cell_column(table: Table, line: int, inner: str) -> int:
    """The column of a quotation's opening mark on its row's line (1 if not found)."""
    raw = _lines(str(table.path))
    text = raw[line - 1] if 0 < line <= len(raw) else ""
    at = text.find(inner[:20])
    return at if at > 0 else 1
