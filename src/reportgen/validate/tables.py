"""Tables: check a table block against its file, read each cell by format, sort, total."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ..errors import Problem
from ..load import Document, Loc, Table
from ..model import (
    KEY_FIGURE_COLUMNS,
    WIDE_TABLE_COLUMNS,
    Column,
    KeyFigures,
    RowCells,
    TableBlock,
    TableData,
    WeightedTotal,
)

# Read by charts (and others) from here.
from .cells import _NUMBER as _NUMBER
from .cells import (
    BadCell,
    Cell,
    cell_problems,
    fraction_warnings,
    show_cell,
    sort_key,
)
from .cells import CellError as CellError
from .cells import read_cell as read_cell
from .locate import suggest
from .totals import check_totals, no_totals, total_cells

HISTORICAL = ("yes", "true", "y", "x", "1")  # a key figure's `historical` cell
WEIGHT = Column(key="weight", format="decimal")


@dataclass
class Prepared:
    """A table block checked against its file: the data, or the problems found."""

    data: TableData | None
    problems: list[Problem]
    cited: dict[str, tuple[int, int]]  # source id -> (file line, column) of first citation
    dates: list[tuple[str, int, int]]  # as-of dates of key figures, with line and column


def block_columns(block: TableBlock | KeyFigures, table: Table) -> tuple[list[Column], str | None]:
    """The columns a block reads, and the column holding its per-row source ids."""
    if isinstance(block, KeyFigures):
        columns = [
            Column(key="figure"),
            Column(key="value"),
            Column(key="as_of", format="date"),
            Column(key="source"),
        ]
        return columns, "source"
    columns = block.columns or [Column(key=c) for c in table.columns]
    return columns, block.cite_column


def prepare_table(
    block: TableBlock | KeyFigures, table: Table, doc: Document, loc: Loc, known: Collection[str]
) -> Prepared:
    """Check a block's columns and every cell; return formatted, sorted rows."""
    columns, cite_column = block_columns(block, table)
    problems = _missing_columns(block, table, doc, loc, columns, cite_column)
    totals = check_totals(block, table, doc, loc) if isinstance(block, TableBlock) else []
    problems += [p for p in totals if p.severity == "error"]
    if problems:
        return Prepared(None, problems, {}, [])
    shown = [c for c in columns if c.key != cite_column]
    na = {mark.strip() for mark in getattr(block, "na", [])}
    weights: dict[str, list[float | None]] = {w: [] for w in _weights(block, loc)}
    rows: list[tuple[list[Cell], list[str]]] = []
    cited: dict[str, tuple[int, int]] = {}
    dates: list[tuple[str, int, int]] = []
    bad: dict[str, list[BadCell]] = {c.key: [] for c in shown}
    records = table.records()
    for n, record in enumerate(records):
        line = table.line_of(n)
        cells = []
        for column in shown:
            try:
                cell = read_cell(record[column.key], column, na)
            except CellError as exc:
                bad[column.key].append(BadCell(n + 1, line, str(exc), record[column.key]))
                cell = Cell(None)
            cells.append(cell)
            current = record.get("historical", "").strip().lower() not in HISTORICAL
            if isinstance(block, KeyFigures) and column.key == "as_of" and cell.value and current:
                dates.append((str(cell.value), *table.cell_at(n, "as_of")))
        for key, values in weights.items():
            try:
                weight = read_cell(record[key], WEIGHT, na).value
            except CellError as exc:
                bad.setdefault(key, []).append(BadCell(n + 1, line, str(exc), record[key]))
                weight = None
            values.append(float(weight) if isinstance(weight, int | float) else None)
        ids = row_sources(record.get(cite_column or "", ""))
        for source_id in ids:
            where = table.cell_at(n, cite_column or "")
            cited.setdefault(source_id, where)
            if source_id not in known:
                problems.append(
                    Problem(
                        str(table.path),
                        *where,
                        "error",
                        f"row {n + 1}, column {cite_column!r}: unknown source id {source_id!r}",
                        suggest(source_id, known),
                    )
                )
        rows.append((cells, ids))
    for column in shown:
        spec = _format_loc(block, loc, column)
        problems += cell_problems(
            table, column.key, bad[column.key], doc, spec, f"format: {column.format}", block.data
        )
    for key, spec in _weights(block, loc).items():
        if key not in {c.key for c in shown}:
            problems += cell_problems(
                table, key, bad.get(key, []), doc, spec, "a weight", block.data
            )
    if isinstance(block, KeyFigures):
        problems += _key_figure_rows(block, doc, loc, len(rows))
    if problems:
        return Prepared(None, problems, cited, dates)
    warnings = fraction_warnings(block, doc, loc, shown, rows) + totals
    if isinstance(block, TableBlock):
        warnings += no_totals(block, shown, doc, loc)
    return Prepared(_table_data(block, table, shown, rows, weights), warnings, cited, dates)


def _weights(block: TableBlock | KeyFigures, loc: Loc) -> dict[str, Loc]:
    """The columns a total row weights means by, each with where it is named."""
    if not isinstance(block, TableBlock):
        return {}
    return {
        c.total.weight: (*loc, "columns", i, "total", "weight")
        for i, c in enumerate(block.columns or [])
        if isinstance(c.total, WeightedTotal)
    }


def _format_loc(block: TableBlock | KeyFigures, loc: Loc, column: Column) -> Loc:
    """Where a column's format is set: its `format:` line, else the block's `data:`."""
    if isinstance(block, TableBlock) and block.columns:
        for i, c in enumerate(block.columns):
            if c is column:
                return (*loc, "columns", i, "format")
    return (*loc, "data")


def _missing_columns(
    block: TableBlock | KeyFigures,
    table: Table,
    doc: Document,
    loc: Loc,
    columns: list[Column],
    cite_column: str | None,
) -> list[Problem]:
    if isinstance(block, KeyFigures):
        wanted = [((*loc, "data"), k) for k in KEY_FIGURE_COLUMNS]
    else:
        wanted = [((*loc, "columns", i, "key"), c.key) for i, c in enumerate(block.columns or [])]
        if cite_column:
            wanted.append(((*loc, "cite_column"), cite_column))
        if block.sort_by:
            wanted.append(((*loc, "sort_by"), block.sort_by))
    problems = []
    for where, key in wanted:
        if key not in table.columns:
            hint = suggest(key, table.columns) or has_columns(table)
            problems.append(
                doc.problem(where, f"column {key!r} not found in {block.data}", hint=hint)
            )
    duplicates = sorted({c for c in table.raw_columns if table.raw_columns.count(c) > 1})
    for name in duplicates:
        second = table.raw_columns.index(name, table.raw_columns.index(name) + 1)
        problems.append(
            Problem(
                str(table.path),
                *table.cell_at(-1, second),
                "error",
                f"column {name!r} appears twice in the header",
            )
        )
    return problems


def has_columns(table: Table, shown: int = 12) -> str:
    """'the file has columns: a, b, c' (the first few of many)."""
    more = f", ... ({len(table.columns)} in all)" if len(table.columns) > shown else ""
    return f"the file has columns: {', '.join(table.columns[:shown])}{more}"


def _key_figure_rows(block: KeyFigures, doc: Document, loc: Loc, count: int) -> list[Problem]:
    return [
        doc.problem(
            (*loc, "rows", i), f"rows[{i}]: there is no row {row} (the file has {count} data rows)"
        )
        for i, row in enumerate(block.rows or [])
        if row > count
    ]


MONEY_PLACES = 2  # amounts show cents at most, however many places the data has


def row_sources(text: str) -> list[str]:
    return [s.strip() for s in text.split(";") if s.strip()]


def _table_data(
    block: TableBlock | KeyFigures,
    table: Table,
    shown: list[Column],
    rows: list[tuple[list[Cell], list[str]]],
    weights: dict[str, list[float | None]],
) -> TableData:
    places = [
        min(written, MONEY_PLACES) if column.format == "currency" else written
        for column, written in zip(
            shown,
            (max((cells[i].decimals for cells, _ in rows), default=0) for i in range(len(shown))),
            strict=True,
        )
    ]
    total = None
    if isinstance(block, TableBlock) and block.total:
        total = total_cells(shown, [cells for cells, _ in rows], weights, show_cell, places)
    if isinstance(block, TableBlock) and block.sort_by:
        index = next((i for i, c in enumerate(shown) if c.key == block.sort_by), None)
        if index is not None:
            # Empty cells go last whichever way the rest is sorted.
            filled = [r for r in rows if r[0][index].value is not None]
            empty = [r for r in rows if r[0][index].value is None]
            rows = [
                *sorted(filled, key=lambda r: sort_key(r[0][index]), reverse=block.descending),
                *empty,
            ]
    formatted = [
        RowCells(
            cells=[
                show_cell(c, col, places[i])
                for i, (c, col) in enumerate(zip(cells, shown, strict=True))
            ],
            cite=ids,
        )
        for cells, ids in rows
    ]
    layout = block.layout if isinstance(block, TableBlock) else "normal"
    if layout == "auto":
        layout = "compact" if len(shown) > WIDE_TABLE_COLUMNS else "normal"
    return TableData(path=table.path, columns=shown, rows=formatted, total=total, layout=layout)
