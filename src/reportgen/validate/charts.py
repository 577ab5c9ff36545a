"""Charts: check a chart block against its file and read its series."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from ..errors import Problem
from ..load import Document, Loc, Table
from ..model import ChartBlock, ChartData, Column
from .cells import BadCell, cell_problems
from .chartfit import date_span, fit_problems
from .chartspec import chart_names, name_problems, spec_problems, x_format_of
from .locate import suggest
from .tables import _NUMBER, CellError, read_cell, row_sources

NUMBER_READERS = {"number": "decimal", "integer": "decimal"}  # how `y_format` reads cells


@dataclass
class PreparedChart:
    """A chart block checked against its file: its series, or the problems found."""

    data: ChartData | None
    problems: list[Problem]
    cited: dict[str, tuple[int, int]]


def prepare_chart(
    block: ChartBlock,
    table: Table,
    doc: Document,
    loc: Loc,
    known: Collection[str],
    pages: dict[str, str] | None = None,
) -> PreparedChart:
    """Check a chart's spec and columns and read its series: numbers in `y`, dates or
    numbers in `x` where the kind needs them; then whether it fits the outputs' `pages`."""
    problems = spec_problems(block, table, doc, loc)
    if problems:
        return PreparedChart(None, problems, {})
    reader = _Reader(block, table, doc, loc, known)
    data = reader.read()
    if data is not None:
        reader.problems += name_problems(block, chart_names(block, data), doc, loc)
        reader.problems += fit_problems(block, data, pages or {}, doc, loc)
    if any(p.severity == "error" for p in reader.problems):
        return PreparedChart(None, reader.problems, reader.cited)
    return PreparedChart(data, reader.problems, reader.cited)


def number_column(fmt: str | None, currency: str = "$", fractions: bool = False) -> Column:
    """The table column format a chart's numbers are read with."""
    fmt = fmt or "number"
    scale = "fraction" if fractions and fmt == "percent" else None
    return Column(key="value", format=NUMBER_READERS.get(fmt, fmt), currency=currency, scale=scale)


@dataclass
class _Reader:
    """Reads a chart's rows, collecting bad cells by column."""

    block: ChartBlock
    table: Table
    doc: Document
    loc: Loc
    known: Collection[str]
    problems: list[Problem] = field(default_factory=list)
    cited: dict[str, tuple[int, int]] = field(default_factory=dict)

    def read(self) -> ChartData | None:
        block, table = self.block, self.table
        records = table.records()
        x_format, x_problem = x_format_of(
            block, [r[block.x].strip() for r in records], self.doc, self.loc
        )
        if x_problem:
            self.problems.append(x_problem)
            x_format = "text"
        bad: dict[str, list[BadCell]] = {key: [] for key in [block.x, *block.y]}
        sized: list[BadCell] = []
        grouped: list[BadCell] = []
        x: list[str] = []
        series: dict[str, list[float | None]] = {key: [] for key in block.y}
        labels, groups, sizes = [], [], []
        y_reader = number_column(block.y_format, block.currency, block.fractions)
        x_reader = number_column(block.x_format, block.currency, block.fractions)
        for n, record in enumerate(records):
            line = table.line_of(n)
            value_x, why = self._x(record[block.x].strip(), x_format, x_reader)
            if why:
                bad[block.x].append(BadCell(n + 1, line, why, record[block.x]))
            x.append(value_x)
            for key in block.y:
                value = self._number(
                    record[key], y_reader, "y_scale" if block.y_scale == "log" else ""
                )
                if isinstance(value, str):
                    bad[key].append(BadCell(n + 1, line, value, record[key]))
                    value = None
                series[key].append(value)
            if block.label:
                labels.append(record[block.label].strip())
            if block.colour_by:
                groups.append(record[block.colour_by].strip())
                if not groups[-1]:
                    grouped.append(BadCell(n + 1, line, "is empty (each row needs its group)"))
            if block.size_by:
                size = self._number(record[block.size_by], number_column(None), "size")
                if isinstance(size, str):
                    sized.append(BadCell(n + 1, line, size, record[block.size_by]))
                    size = None
                sizes.append(size)
            self._sources(record, n)
        if x_format == "date" and not bad[block.x]:
            self.problems += date_span(block, x, self.doc, self.loc)
        expected = {"date": "dates", "number": "numbers"}.get(x_format, "x values")
        where = self.loc
        self.problems += cell_problems(
            table, block.x, bad[block.x], self.doc, (*where, "x"), expected, block.data
        )
        for i, key in enumerate(block.y):
            self.problems += cell_problems(
                table, key, bad[key], self.doc, (*where, "y", i), "numbers", block.data, _hint(self)
            )
        if block.size_by:
            self.problems += cell_problems(
                table, block.size_by, sized, self.doc, (*where, "size_by"), "sizes", block.data
            )
        if block.colour_by:
            self.problems += cell_problems(
                table,
                block.colour_by,
                grouped,
                self.doc,
                (*where, "colour_by"),
                "groups",
                block.data,
            )
        if not records:
            self.problems.append(
                self.doc.problem((*where, "data"), f"{block.data} has no data rows to chart")
            )
        if any(p.severity == "error" for p in self.problems):
            return None
        self._empty(series)
        data = ChartData(
            x=x,
            series=series,
            labels=labels,
            groups=groups,
            sizes=sizes,
            cite=list(self.cited),
        )
        if block.colour_by and block.kind == "line":
            return self._by_group(data)
        return None if any(p.severity == "error" for p in self.problems) else data

    def _x(self, raw: str, x_format: str, reader: Column) -> tuple[str, str]:
        """An x value as text (dates and numbers checked), and why it does not read."""
        block = self.block
        if not raw:
            return raw, "is empty"
        if raw in block.na:
            return raw, f"{raw!r} marks a missing value (`na`), and each row needs its x"
        if x_format == "date":
            try:
                return str(read_cell(raw, Column(key="date", format="date")).value or ""), ""
            except CellError as exc:
                why = (
                    f"timeline charts need dates in {block.x!r}"
                    if block.kind == "timeline"
                    else "most x values are dates"
                )
                return raw, f"{exc} ({why})"
        if x_format == "number":
            value = self._number(raw, reader, "x_scale" if block.x_scale == "log" else "")
            if isinstance(value, str):
                return raw, value
            return (
                str(int(value)) if value is not None and value.is_integer() else repr(value)
            ), ""
        return raw, ""

    def _number(self, raw: str, reader: Column, check: str = "") -> float | str | None:
        """A cell as a number (None when empty), or why it is not one; `check`: the
        option that needs it above zero (a log scale), or "size" (not below zero)."""
        try:
            value = read_cell(raw, reader, self.block.na).value
        except CellError:
            return f"{raw.strip()!r} is not a number"
        if value is None:
            return None
        number = float(value)
        if check == "size" and number < 0:
            return f"{raw.strip()!r} is below zero, and a point's area cannot be negative"
        if check and check != "size" and number <= 0:
            return (
                f"{raw.strip()!r} cannot be shown on a log scale (`{check}: log`): "
                "only values above zero can"
            )
        return number

    def _sources(self, record: dict[str, str], n: int) -> None:
        column = self.block.cite_column
        if not column:
            return
        where = self.table.cell_at(n, column)
        for source_id in row_sources(record.get(column, "")):
            self.cited.setdefault(source_id, where)
            if source_id not in self.known:
                self.problems.append(
                    Problem(
                        str(self.table.path),
                        *where,
                        "error",
                        f"row {n + 1}, column {column!r}: unknown source id {source_id!r}",
                        suggest(source_id, self.known),
                    )
                )

    def _empty(self, series: dict[str, list[float | None]]) -> None:
        """A series with no value at all is a mistake: the wrong column, or an empty one."""
        for i, (key, values) in enumerate(series.items()):
            if values and all(v is None for v in values):
                self.problems.append(
                    self.doc.problem(
                        (*self.loc, "y", i),
                        f"column {key!r} of {self.block.data} has no values to chart "
                        "(every cell is empty)",
                        hint=_hint(self),
                    )
                )

    def _by_group(self, data: ChartData) -> ChartData | None:
        """Long data (one row per x and group) as one series per group."""
        (values,) = data.series.values()
        xs = list(dict.fromkeys(data.x))
        series: dict[str, list[float | None]] = {}
        for n, (x, group, value) in enumerate(zip(data.x, data.groups, values, strict=True)):
            column = series.setdefault(group, [None] * len(xs))
            slot = xs.index(x)
            if column[slot] is not None:
                self.problems.append(
                    Problem(
                        str(self.table.path),
                        self.table.line_of(n),
                        1,
                        "error",
                        f"row {n + 1}: {self.block.x} {x!r} appears twice for "
                        f"{self.block.colour_by} {group!r}",
                        "a line has one value per x: aggregate the rows first",
                    )
                )
            column[slot] = value
        if any(p.severity == "error" for p in self.problems):
            return None
        # Groups in the order of their names, as every kind colours them (charts.palette).
        return ChartData(x=xs, series={g: series[g] for g in sorted(series)}, cite=data.cite)


def _numeric(values: list[str]) -> bool:
    filled = [v.strip().replace(",", "") for v in values if v.strip()]
    return bool(filled) and all(_NUMBER.match(v) for v in filled)


def _hint(reader: _Reader) -> str:
    records, block = reader.table.records(), reader.block
    numeric = [
        c for c in reader.table.columns if c != block.x and _numeric([r[c] for r in records])
    ]
    if not numeric:
        return "a chart's `y` names columns of numbers"
    return "a chart's `y` names columns of numbers; the numeric columns are: " + ", ".join(numeric)
