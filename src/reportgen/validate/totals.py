"""A table's total row: each column totals as its `total` says, and only then.

Integer columns (counts) sum unless they say otherwise; no other column totals unless
it says how, so a rate or an average is never summed. A weighted mean reads its
weights from the table's file, shown or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from ..errors import Problem
from ..load import Document, Loc, Table
from ..model import NUMERIC_FORMATS, Column, TableBlock, WeightedTotal
from .cells import Cell
from .locate import suggest

TEXT_TOTALS = ("count", "none")  # what a text column can total by, besides a text
DATE_TOTALS = ("count", "none", "min", "max")
_FUNCTIONS = ("sum", "mean", "median", "min", "max", "count", "none")


def how_totals(column: Column) -> str | WeightedTotal:
    """How a column totals: its `total`, else sum for integer columns, else none."""
    if column.total is not None:
        return column.total
    return "sum" if column.format == "integer" else "none"


def check_totals(block: TableBlock, table: Table, doc: Document, loc: Loc) -> list[Problem]:
    """Each column's `total` must suit its format, and a weight must be a column."""
    problems = []
    for i, column in enumerate(block.columns or []):
        how, where = column.total, (*loc, "columns", i, "total")
        if how is None:
            continue
        if not block.total:
            problems.append(
                doc.problem(
                    where,
                    f"column {column.key!r} says how it totals, but the table has no total row",
                    hint="add `total: true` to the table",
                    severity="warning",
                )
            )
        if isinstance(how, WeightedTotal):
            if how.weight not in table.columns:
                hint = suggest(how.weight, table.columns) or "columns: " + ", ".join(table.columns)
                message = f"weight column {how.weight!r} not found in {block.data}"
                problems.append(doc.problem((*where, "weight"), message, hint=hint))
            how = "mean"
        allowed = (
            _FUNCTIONS
            if column.format in NUMERIC_FORMATS
            else (DATE_TOTALS if column.format == "date" else TEXT_TOTALS)
        )
        if how in _FUNCTIONS and how not in allowed:
            problems.append(
                doc.problem(
                    where,
                    f"column {column.key!r} is {column.format}: it cannot total by {how}",
                    hint="a text column totals by count, none or a text of its own",
                )
            )
    return problems


def no_totals(block: TableBlock, shown: Sequence[Column], doc: Document, loc: Loc) -> list[Problem]:
    """A warning when a table asks for a total row that no column would fill."""
    if not block.total or any(how_totals(c) != "none" for c in shown):
        return []
    return [
        doc.problem(
            (*loc, "total"),
            "the total row has nothing to total: no column is an integer or says how it totals",
            hint="give a column `total:` (sum, mean, {weight: COLUMN}, ...), or drop `total: true`",
            severity="warning",
        )
    ]


def total_cells(
    shown: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    weights: dict[str, list[float | None]],
    show: object,
    places: Sequence[int],
) -> list[str]:
    """The total row's cells as text, shown as the column shows its cells (`show`)."""
    cells = []
    for i, column in enumerate(shown):
        how = how_totals(column)
        values = [row[i].value for row in rows if row[i].value is not None]
        if isinstance(how, WeightedTotal):
            pairs = [
                (float(v), w)
                for row, w in zip(rows, weights.get(how.weight, []), strict=False)
                if isinstance(v := row[i].value, int | float) and w is not None
            ]
            total = sum(w for _, w in pairs)
            amount = sum(v * w for v, w in pairs) / total if total else None
            cells.append(show(Cell(amount), column, places[i]))  # type: ignore[operator]
        elif how == "none":
            cells.append("")
        elif how == "count":
            cells.append(f"{len(values):,}")
        elif how in _FUNCTIONS:
            cells.append(show(Cell(_apply(how, values)), column, places[i]))  # type: ignore[operator]
        else:
            cells.append(how)  # a text of its own
    if cells and not cells[0] and how_totals(shown[0]) == "none":
        cells[0] = "Total"
    return cells


def _apply(how: str, values: Sequence[float | int | str | None]) -> float | str | None:
    if not values:
        return None
    if how in ("min", "max"):
        ordered = sorted(values, key=lambda v: (isinstance(v, str), v))
        return ordered[0] if how == "min" else ordered[-1]
    numbers = [float(v) for v in values if isinstance(v, int | float)]
    if how == "sum":
        total = sum(numbers)
        return int(total) if all(isinstance(v, int) for v in values) else total
    if how == "mean":
        return sum(numbers) / len(numbers)
    return median(numbers)
