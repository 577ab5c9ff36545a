"""Charts: check a chart block against its file and read its series."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem
from ..load import Document, Loc, Table
from ..model import ChartBlock, ChartData, Column, parse_partial_date
from .locate import suggest
from .tables import _NUMBER, CellError, read_cell, row_sources


@dataclass
@dataclass
class PreparedChart:
    """A chart block checked against its file: its series, or the problems found."""

    data: ChartData | None
    problems: list[Problem]
    cited: dict[str, tuple[int, int]]


def prepare_chart(
    block: ChartBlock, table: Table, doc: Document, loc: Loc, known: set[str]
) -> PreparedChart:
    """Check a chart's columns and read its series: numbers in `y`, dates where required."""
    problems = _missing_chart_columns(block, table, doc, loc)
    if problems:
        return PreparedChart(None, problems, {})
    position = {c: i + 1 for i, c in enumerate(table.columns)}
    number = Column(key="value", format="decimal")
    date = Column(key="date", format="date")
    x: list[str] = []
    series: dict[str, list[float | None]] = {key: [] for key in block.y}
    labels: list[str] = []
    cited: dict[str, tuple[int, int]] = {}
    records = table.records()
    x_format = _x_format(block, [r[block.x] for r in records])
    for n, record in enumerate(records):
        line = table.line_of(n)

        def bad(column: str, message: str, line: int = line, n: int = n) -> None:
            problems.append(
                Problem(
                    str(table.path),
                    line,
                    position[column],
                    "error",
                    f"row {n + 1}, column {column!r}: {message}",
                )
            )

        raw_x = record[block.x].strip()
        if x_format == "date":
            try:
                raw_x = str(read_cell(raw_x, date).value or "")
            except CellError as exc:
                bad(block.x, f"{exc} ({block.kind} charts need dates in {block.x!r})")
        elif x_format == "number" and not _NUMBER.match(raw_x.replace(",", "")):
            bad(block.x, f"{raw_x!r} is not a number (the other x values are numbers)")
        if not raw_x:
            bad(block.x, "is empty")
        x.append(raw_x)
        for key in block.y:
            try:
                value = read_cell(record[key], number).value
            except CellError:
                bad(key, f"{record[key].strip()!r} is not a number")
                value = None
            series[key].append(float(value) if isinstance(value, int | float) else None)
        if block.label:
            labels.append(record[block.label].strip())
        for source_id in row_sources(record.get(block.cite_column or "", "")):
            cited.setdefault(source_id, (line, position[block.cite_column or ""]))
            if source_id not in known:
                bad(block.cite_column or "", f"unknown source id {source_id!r}")
    if not records:
        problems.append(doc.problem((*loc, "data"), f"{block.data} has no data rows to chart"))
    if problems:
        return PreparedChart(None, problems, cited)
    return PreparedChart(ChartData(x=x, series=series, labels=labels, cite=list(cited)), [], cited)


def _x_format(block: ChartBlock, values: list[str]) -> str:
    """How a chart reads its x column: dates (timeline, or line over dates), numbers, or text."""
    if block.kind == "timeline":
        return "date"
    if block.kind != "line":
        return "text"
    first = next((v.strip() for v in values if v.strip()), "")
    try:
        parse_partial_date(first)
        return "date"
    except ValueError:
        return "number"


def _missing_chart_columns(
    block: ChartBlock, table: Table, doc: Document, loc: Loc
) -> list[Problem]:
    wanted: list[tuple[Loc, str]] = [((*loc, "x"), block.x)]
    wanted += [((*loc, "y", i), key) for i, key in enumerate(block.y)]
    if block.label:
        wanted.append(((*loc, "label"), block.label))
    if block.cite_column:
        wanted.append(((*loc, "cite_column"), block.cite_column))
    problems = [
        doc.problem(
            where,
            f"column {key!r} not found in {block.data}",
            hint=suggest(key, table.columns) or f"the file has columns: {', '.join(table.columns)}",
        )
        for where, key in wanted
        if key not in table.columns
    ]
    if block.kind == "timeline" and not block.label:
        problems.append(
            doc.problem(loc, "a timeline chart needs `label`: the column of event labels")
        )
    if block.kind != "timeline" and not block.y:
        problems.append(
            doc.problem(loc, f"a {block.kind} chart needs `y`: one or more numeric columns")
        )
    return problems
