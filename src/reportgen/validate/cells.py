"""Cells: read by their column's format and shown; those that do not read, reported once
per mistake; warnings about what cells hold."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from ..errors import Problem, not_a_date
from ..formatting import format_date, round_whole
from ..load import Document, Loc, Table
from ..model import NUMERIC_FORMATS, Column, KeyFigures, TableBlock, parse_partial_date

Value = float | int | str | None


@dataclass(frozen=True)
class Cell:
    """A cell's typed value, plus how many decimals it was written with."""

    value: Value
    decimals: int = 0


@dataclass(frozen=True)
class BadCell:
    """A cell that did not read: its 1-based data row, its file line, and why."""

    row: int
    line: int
    message: str
    text: str = ""  # the cell as written


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class CellError(ValueError):
    """A cell that does not read as its column's format."""


def read_cell(text: str, column: Column, na: Collection[str] = ()) -> Cell:
    """Read one cell by its column's format; empty cells, and cells that hold one of the
    texts `na` or the column's `na` list as missing, are None."""
    text = text.strip()
    if not text or text in na or text in column.na:
        return Cell(None)
    fmt = column.format
    if fmt == "text":
        return Cell(text)
    if fmt == "date":
        try:
            return Cell(parse_partial_date(text))
        except ValueError:
            raise CellError(not_a_date(text, partial=True)) from None
    raw = text
    if fmt == "percent":
        raw = raw.removesuffix("%").strip()
    if fmt == "currency":
        raw = raw.replace(column.currency, "", 1).strip()
    raw = raw.replace(",", "").replace("_", "")
    if not _NUMBER.match(raw):
        expected = {
            "integer": "a whole number",
            "decimal": "a number",
            "percent": "a percentage such as 12.5 or 12.5%",
            "currency": f"an amount such as {column.currency}1,200",
        }[fmt]
        raise CellError(f"{text!r} is not {expected}")
    if fmt == "integer":
        # Shown rounded to a whole number (see show_cell); totals sum the values as written.
        return Cell(int(raw) if "." not in raw else float(raw))
    decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
    if fmt == "percent" and column.scale == "fraction":
        return Cell(float(Decimal(raw) * 100), max(decimals - 2, 0))
    return Cell(float(raw), decimals)


FLOAT_DIGITS = 15


def show_cell(cell: Cell, column: Column, decimals: int) -> str:
    """A typed cell as display text; empty numeric cells show an en dash."""
    value = cell.value
    if value is None:
        return "\u2013" if column.format in NUMERIC_FORMATS else ""
    if column.format == "date":
        return format_date(str(value))
    if column.format == "integer" and isinstance(value, int | float):
        return f"{round_whole(value):,}"
    if isinstance(value, int | float):
        places = column.decimals if column.decimals is not None else decimals
        # A float holds 15 significant digits: places past them would show binary noise.
        places = min(places, max(0, FLOAT_DIGITS - len(str(int(abs(value))))))
        number = f"{abs(value):,.{places}f}"
        sign = "-" if value < 0 else ""
        if column.format == "percent":
            return f"{sign}{number}%"
        if column.format == "currency":
            return f"{sign}{column.currency}{number}"
        return f"{sign}{number}"
    return str(value)


def sort_key(cell: Cell) -> float | str:
    """Sort numbers by value and text case-insensitively."""
    if isinstance(cell.value, int | float):
        return float(cell.value)
    return str(cell.value).casefold()


FEW_ROWS = 3  # more bad cells than this in one column are one mistake in the spec


def cell_problems(
    table: Table,
    key: str,
    bad: list[BadCell],
    doc: Document,
    spec: Loc,
    expected: str,
    data: str,
    hint: str = "",
) -> list[Problem]:
    """The problems of one column's bad cells: at each row when they are few (a slip in
    the data), else once at the spec's line (`spec` in `doc`) with the count of rows
    affected and the first few row numbers (a mistake in the spec, or a column of
    another kind)."""
    if not bad:
        return []
    total = len(table.rows)
    if len(bad) <= FEW_ROWS and not (len(bad) == total and total > 1):
        return [
            Problem(
                str(table.path),
                *table.cell_at(b.row - 1, key),
                "error",
                f"row {b.row}, column {key!r}: {b.message}",
                _missing_hint(b.text),
            )
            for b in bad
        ]
    first = ", ".join(str(b.row) for b in bad[:FEW_ROWS])
    more = f" and {len(bad) - FEW_ROWS} more" if len(bad) > FEW_ROWS else ""
    return [
        doc.problem(
            spec,
            f"column {key!r} of {data}: {len(bad)} of {total} rows do not read as {expected} "
            f"(rows {first}{more}; row {bad[0].row}: {bad[0].message})",
            hint=hint or _format_hint(expected, table, key),
        )
    ]


# Texts that spreadsheets and statistics offices write for "no value".
MISSING_MARKS = {"n/a", "na", "nan", "null", "none", "missing", "unknown", "not available"}


def _missing_hint(text: str) -> str:
    """How to say a value is missing, for a cell that looks like it means that."""
    text = text.strip()
    looks_missing = text.lower() in MISSING_MARKS or (
        text and len(text) <= 3 and not any(c.isalnum() for c in text)
    )
    if not looks_missing:
        return ""
    return (
        f"if {text!r} means the value is missing, leave the cell empty, or list it in the "
        f"block's `na:` (na: [{text!r}]), or the column's"
    )


def _format_hint(expected: str, table: Table, key: str) -> str:
    if expected in ("format: integer", "format: decimal", "format: percent", "format: currency"):
        return f"if {key!r} holds text, give it `format: text`; else fix the rows listed"
    if expected == "format: date":
        return "write dates as YYYY, YYYY-MM or YYYY-MM-DD, or give the column `format: text`"
    return ""


def fraction_warnings(
    block: TableBlock | KeyFigures,
    doc: Document,
    loc: Loc,
    shown: list[Column],
    rows: list[tuple[list[Cell], list[str]]],
) -> list[Problem]:
    """Warn where a percent column that does not say its `scale` holds only fractions."""
    if not isinstance(block, TableBlock) or not block.columns:
        return []
    problems = []
    for i, column in enumerate(shown):
        if column.format != "percent" or column.scale is not None:
            continue
        values = [c[i].value for c, _ in rows if isinstance(c[i].value, int | float)]
        numbers = [float(v) for v in values if isinstance(v, int | float)]
        if numbers and any(numbers) and all(abs(v) <= 1 for v in numbers):
            index = next(j for j, c in enumerate(block.columns) if c is column)
            problems.append(
                doc.problem(
                    (*loc, "columns", index, "format"),
                    f"percent column {column.key!r} holds only values between -1 and 1 "
                    f"({numbers[0]:g} is shown as {numbers[0]:g}%)",
                    hint="if the values are fractions (0.125 for 12.5%), add `scale: fraction` "
                    "to the column; if they are percentage points, add `scale: points`",
                    severity="warning",
                )
            )
    return problems
