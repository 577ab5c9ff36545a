"""CSV rows as written: where each cell starts (line and character column), and, for a
row with a cell too many or too few, which cell it most likely is, judged from what the
other rows hold in each column."""

from __future__ import annotations

import re
from collections.abc import Sequence

NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)%?$")
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
GROUPED = re.compile(r"^\s*[+-]?\d{1,3}(,\d{3})+(\.\d+)?\s*$")  # 8,425,333
LINE_END = re.compile(r"\r\n|\r|\n")  # the line ends the csv module counts


def cell_starts(text: str, start: int, count: int) -> list[tuple[int, int]]:
    """Where each of the first `count` cells of the row at `text[start]` begins, as (lines
    after the row's first, 1-based character column); spaces before a value are skipped."""
    found: list[tuple[int, int]] = []
    line, line_start, i, quoted, fresh = 0, start, start, False, True
    while i <= len(text) and len(found) < count:
        if fresh:
            while i < len(text) and text[i] == " ":
                i += 1
            found.append((line, i - line_start + 1))
            fresh = False
            if i < len(text) and text[i] == '"':
                quoted, i = True, i + 1
            continue
        if i >= len(text):
            break
        char = text[i]
        if quoted and char == '"':
            quoted = text[i + 1 : i + 2] == '"'  # a doubled quote stays inside
            i += 2 if quoted else 1
            continue
        if char in "\r\n":
            if not quoted:
                break
            i += 2 if text[i : i + 2] == "\r\n" else 1
            line, line_start = line + 1, i
            continue
        fresh = char == "," and not quoted
        i += 1
    return found


def _shape(value: str) -> str:
    """What a cell holds: '' (nothing), 'integer', 'decimal', 'date' or 'text'."""
    value = value.strip()
    if DATE.match(value):
        return "date"
    value = value.replace(",", "")
    if not value:
        return ""
    if NUMBER.match(value):
        return "decimal" if "." in value else "integer"
    return "text"


def shapes(rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """What each of `width` columns holds in these rows: 'integer', 'decimal', 'text', or
    '' when it holds nothing to go by."""
    found = []
    for i in range(width):
        seen = {_shape(row[i]) for row in rows if i < len(row)} - {""}
        found.append(
            "text" if "text" in seen else "decimal" if "decimal" in seen else min(seen, default="")
        )
    return found


def _misfits(cells: Sequence[str], columns: Sequence[str]) -> int:
    """How many cells do not hold what their column holds in the other rows."""
    misfit = 0
    for cell, column in zip(cells, columns, strict=False):
        shape = _shape(cell)
        if shape and column and shape != column and column != "text":
            misfit += not (shape == "integer" and column == "decimal")
    return misfit


def joined(cells: Sequence[str], columns: Sequence[str], spaced: Sequence[bool] = ()) -> int:
    """For a row with more cells than columns: the first of the cells that most likely
    are one value with a comma in it. `spaced[k]` says a space follows the comma before
    cell k + 1, as in prose ("Treaty, signed"), which breaks ties."""
    extra = len(cells) - len(columns)
    options = range(len(columns))
    merged = [
        [*cells[:j], ",".join(cells[j : j + extra + 1]), *cells[j + extra + 1 :]] for j in options
    ]

    def prose(j: int) -> bool:
        return any(spaced[k] for k in range(j, j + extra) if k < len(spaced))

    def grouped(j: int) -> bool:  # a number written with thousands separators
        return columns[j] in ("integer", "decimal") and bool(GROUPED.match(merged[j][j]))

    return min(
        options,
        key=lambda j: (
            _misfits(merged[j], columns),
            not grouped(j),
            not prose(j),
            columns[j] != "text",
        ),
    )


def missing(cells: Sequence[str], columns: Sequence[str]) -> int | None:
    """For a row with fewer cells than columns: the column whose cell most likely was left
    out, or None when the cells read best as they are (the last ones left empty)."""
    lack = len(columns) - len(cells)
    as_is = _misfits(cells, columns)
    best, where = as_is, None
    for j in range(len(cells)):
        score = _misfits([*cells[:j], *[""] * lack, *cells[j:]], columns)
        if score < best:
            best, where = score, j
    return where


def line_starts(text: str) -> list[int]:
    """The offset in `text` of each line's first character (line 1 first)."""
    return [0, *(m.end() for m in LINE_END.finditer(text))]
