"""Charts: check a chart block against its file and read its series."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from ..errors import Problem
from ..load import Document, Loc, Table
from ..model import ChartBlock, ChartData, Column, parse_partial_date, partial_date_end
from .cells import BadCell, cell_problems
from .locate import suggest
from .tables import _NUMBER, CellError, has_columns, read_cell, row_sources


@dataclass
class PreparedChart:
    """A chart block checked against its file: its series, or the problems found."""

    data: ChartData | None
    problems: list[Problem]
    cited: dict[str, tuple[int, int]]


def prepare_chart(
    block: ChartBlock, table: Table, doc: Document, loc: Loc, known: Collection[str]
) -> PreparedChart:
    """Check a chart's columns and read its series: numbers in `y`, dates where required."""
    problems = _missing_chart_columns(block, table, doc, loc)
    if problems:
        return PreparedChart(None, problems, {})
    number = Column(key="value", format="decimal")
    date = Column(key="date", format="date")
    x: list[str] = []
    series: dict[str, list[float | None]] = {key: [] for key in block.y}
    labels: list[str] = []
    cited: dict[str, tuple[int, int]] = {}
    records = table.records()
    x_values = [r[block.x].strip() for r in records]
    x_format, x_problem = _x_format(block, x_values, doc, loc)
    if x_problem:
        problems.append(x_problem)
        x_format = "text"
    bad: dict[str, list[BadCell]] = {key: [] for key in [block.x, *block.y]}
    for n, record in enumerate(records):
        line = table.line_of(n)
        raw_x = record[block.x].strip()
        if not raw_x:
            bad[block.x].append(BadCell(n + 1, line, "is empty"))
        elif x_format == "date":
            try:
                raw_x = str(read_cell(raw_x, date).value or "")
            except CellError as exc:
                why = (
                    f"timeline charts need dates in {block.x!r}"
                    if block.kind == "timeline"
                    else "most x values are dates"
                )
                bad[block.x].append(BadCell(n + 1, line, f"{exc} ({why})"))
        elif x_format == "number" and not _NUMBER.match(raw_x.replace(",", "")):
            bad[block.x].append(
                BadCell(n + 1, line, f"{raw_x!r} is not a number (most x values are numbers)")
            )
        x.append(raw_x)
        for key in block.y:
            try:
                value = read_cell(record[key], number, block.na).value
            except CellError:
                message = f"{record[key].strip()!r} is not a number"
                bad[key].append(BadCell(n + 1, line, message, record[key]))
                value = None
            series[key].append(float(value) if isinstance(value, int | float) else None)
        if block.label:
            labels.append(record[block.label].strip())
        for source_id in row_sources(record.get(block.cite_column or "", "")):
            where = table.cell_at(n, block.cite_column or "")
            cited.setdefault(source_id, where)
            if source_id not in known:
                problems.append(
                    Problem(
                        str(table.path),
                        *where,
                        "error",
                        f"row {n + 1}, column {block.cite_column!r}: unknown source id "
                        f"{source_id!r}",
                        suggest(source_id, known),
                    )
                )
    if x_format == "date" and not bad[block.x]:
        problems += _date_span(block, x, doc, loc)
    expected = {"date": "dates", "number": "numbers"}.get(x_format, "x values")
    problems += cell_problems(table, block.x, bad[block.x], doc, (*loc, "x"), expected, block.data)
    for i, key in enumerate(block.y):
        hint = _y_hint(table, records, block)
        problems += cell_problems(
            table, key, bad[key], doc, (*loc, "y", i), "numbers", block.data, hint
        )
    if not records:
        problems.append(doc.problem((*loc, "data"), f"{block.data} has no data rows to chart"))
    if problems:
        return PreparedChart(None, problems, cited)
    return PreparedChart(ChartData(x=x, series=series, labels=labels, cite=list(cited)), [], cited)


def _numeric(values: list[str]) -> bool:
    filled = [v.strip().replace(",", "") for v in values if v.strip()]
    return bool(filled) and all(_NUMBER.match(v) for v in filled)


def _is_date(value: str) -> bool:
    try:
        parse_partial_date(value)
        return True
    except ValueError:
        return False


def _y_hint(table: Table, records: list[dict[str, str]], block: ChartBlock) -> str:
    numeric = [c for c in table.columns if c != block.x and _numeric([r[c] for r in records])]
    if not numeric:
        return "a chart's `y` names columns of numbers"
    return "a chart's `y` names columns of numbers; the numeric columns are: " + ", ".join(numeric)


def _x_format(
    block: ChartBlock, values: list[str], doc: Document, loc: Loc
) -> tuple[str, Problem | None]:
    """How a chart reads its x column: dates (timeline, or line over dates), numbers, or
    text; for a line chart whose x values are neither dates nor numbers, the one problem."""
    if block.kind == "timeline":
        return "date", None
    if block.kind != "line":
        return "text", None
    filled = [v for v in values if v]
    dates = sum(_is_date(v) for v in filled)
    numbers = sum(bool(_NUMBER.match(v.replace(",", ""))) for v in filled)
    if dates and (dates >= numbers or _is_date(values[0])) and dates * 2 >= len(filled):
        return "date", None  # (a chart whose first x is a date is drawn over dates)
    if numbers and numbers * 2 >= len(filled):
        return "number", None
    example = next((v for v in filled if not _is_date(v)), "")
    return "text", doc.problem(
        (*loc, "x"),
        f"a line chart's x values must be dates or numbers, and column {block.x!r} of "
        f"{block.data} holds neither (for example {example!r})",
        hint="write dates as YYYY, YYYY-MM or YYYY-MM-DD (1959Q1 as 1959-01), "
        "or use `kind: bar` for categories",
    )


def _date_span(block: ChartBlock, x: list[str], doc: Document, loc: Loc) -> list[Problem]:
    """Dates a chart can place: its axis, with a margin, must stay within the years
    1 to 9999."""
    days = [partial_date_end(v).toordinal() for v in x if v]
    if not days:
        return []
    margin = max((max(days) - min(days)) * 0.1, 3660)
    if min(days) - margin >= 1 and max(days) + margin <= dt.date(9999, 12, 31).toordinal():
        return []
    first, last = min(x), max(x)
    return [
        doc.problem(
            (*loc, "x"),
            f"the dates in column {block.x!r} of {block.data} run from {first} to {last}: "
            "a chart's time axis can show the years 11 to 9989",
            hint="check the years of the earliest and latest dates",
        )
    ]


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
            hint=suggest(key, table.columns) or has_columns(table),
        )
        for where, key in wanted
        if key not in table.columns
    ]
    problems += [
        doc.problem((*loc, "y", i), f"column {key!r} is named twice in `y`", hint="name it once")
        for i, key in enumerate(block.y)
        if key in block.y[:i]
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
