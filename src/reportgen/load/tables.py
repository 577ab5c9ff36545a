"""CSV and JSON tables, every cell kept as text, each row with the line it starts on.

CSV is read with the standard library's `csv` module: tables hold text that
the validation stage checks and the templates format, so no data-frame
library is needed to read them (and none is imported on a build).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path
from typing import Any

from ..errors import ReportgenError
from .csvrows import GROUPED, LINE_END, cell_starts, joined, line_starts, missing, shapes
from .jsonhints import parse_json
from .text import MAX_TABLE_BYTES, read_text
from .yamlindent import shown

# The csv module's words for bad quoting, and what they mean in the file.
AFTER_QUOTE = "',' expected after '\"'"
QUOTING = {
    "unexpected end of data": (
        "a quoted cell that starts in this row is never closed",
        'end the cell with a closing quote (")',
    ),
    AFTER_QUOTE: (
        "text after the closing quote of a cell",
        'inside a quoted cell, write a quote twice ("")',
    ),
}


@dataclass
class Table:
    """A CSV or JSON table: its columns and rows, every cell kept as text."""

    path: Path
    columns: list[str]
    rows: list[dict[str, str]]
    raw_columns: list[str] = field(default_factory=list)  # the header as written
    header_line: int = 1
    lines: list[int] = field(default_factory=list)  # the file line each row starts on
    text: str = ""  # a CSV file's text, to say where a cell starts
    _starts: list[int] = field(default_factory=list, repr=False)

    def line_of(self, row: int) -> int:
        """The file line data row `row` (0-based) starts on."""
        if row < len(self.lines):
            return self.lines[row]
        return self.header_line + 1 + row

    def records(self) -> list[dict[str, str]]:
        return [dict(r) for r in self.rows]

    def offset(self, line: int) -> int:
        """Where file line `line` starts in the text."""
        if not self._starts:
            self._starts = line_starts(self.text)
        return self._starts[min(max(line, 1), len(self._starts)) - 1]

    def source_line(self, line: int) -> str:
        """File line `line` as written."""
        start = self.offset(line)
        end = LINE_END.search(self.text, start)
        return self.text[start : end.start() if end else len(self.text)]

    def cell_at(self, row: int, column: str | int) -> tuple[int, int]:
        """The line and character column where the cell of data row `row` (0-based; -1
        for the header) in `column` (a name, or an index in the header as written)
        starts; the row's line and column 1 for JSON."""
        line = self.header_line if row < 0 else self.line_of(row)
        known = isinstance(column, int) or column in self.raw_columns
        if not self.text or not known:
            return line, 1
        index = column if isinstance(column, int) else self.raw_columns.index(column)
        starts = cell_starts(self.text, self.offset(line), index + 1)
        if len(starts) <= index:
            return line, 1
        extra, col = starts[index]
        return line + extra, col


def load_table(path: Path) -> Table:
    """Read a CSV or JSON table; errors keep their line."""
    if not path.is_file():
        raise ReportgenError("table file not found", path)
    text = read_text(path, MAX_TABLE_BYTES)
    if path.suffix.lower() == ".json":
        return _json_table(path, text)
    return _csv_table(path, text)


def _csv_table(path: Path, text: str) -> Table:
    """A CSV table: blank lines skipped, rows with a cell too many (or too few, where the
    cells then stand in the wrong columns) an error, other short rows padded."""
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True, strict=True)
    header: list[str] | None = None
    header_line, rows, lines = 1, [], []
    start = 1  # the line the next row starts on
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            message, hint = QUOTING.get(str(exc), (str(exc), ""))
            if exc.args == (AFTER_QUOTE,) and reader.line_num > start:  # ran on past its line
                message = f"a quote opened in this row is closed only on line {reader.line_num}"
                hint = 'end the quoted cell where it should end, with a quote (")'
            raise ReportgenError(f"CSV error: {message}", path, start, 1, hint=hint) from None
        if cells is None:
            break
        line, start = start, reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # a blank line
        if header is None:
            header, header_line = [c.strip() for c in cells], line
            continue
        while len(cells) > len(header) and not cells[-1].strip():
            cells.pop()  # a trailing comma too many
        rows.append(cells)
        lines.append(line)
    if header is None:
        raise ReportgenError("table file is empty (no header row)", path, 1, 1)
    if len(header) == 1 and ";" in header[0] and all(";" in "".join(row) for row in rows):
        raise ReportgenError(
            "CSV error: this file separates its columns with ';', but reportgen reads ','",
            path,
            header_line,
            header[0].index(";") + 1,
            hint="save it as comma-separated values (a spreadsheet's CSV UTF-8 format); "
            "a cell that holds a comma is then put in quotes",
        )
    table = Table(path, [], [], header, header_line, lines, text)
    for n, row in enumerate(rows):
        if len(header) > 1 and [cell.strip() for cell in row] == header:
            raise ReportgenError(
                "CSV error: this row repeats the header",
                path,
                lines[n],
                1,
                hint="delete it (files joined together each keep their header row)",
            )
    _check_widths(table, rows)
    rows = [row + [""] * (len(header) - len(row)) for row in rows]
    # Spreadsheets export columns once touched, now empty, as trailing commas: drop them.
    while header and not header[-1] and not any(row[len(header) - 1] for row in rows):
        header.pop()
    table.rows = [dict(zip(header, row, strict=False)) for row in rows]
    table.columns = list(dict.fromkeys(header))  # a repeated name is reported by validation
    return table


def _check_widths(table: Table, rows: list[list[str]]) -> None:
    """Refuse a table with rows of more cells than its header has columns, or of fewer
    cells that stand in the wrong columns: one error, at the first such row."""
    width = len(table.raw_columns)
    odd = [n for n, row in enumerate(rows) if len(row) != width]
    if not odd:
        return
    columns = shapes([row for row in rows if len(row) == width], width)
    wrong = [n for n in odd if len(rows[n]) > width or missing(rows[n], columns) is not None]
    if not wrong:
        return
    n, row = wrong[0], rows[wrong[0]]
    line, source = table.line_of(n), table.source_line(table.line_of(n))
    starts = [col for extra, col in takewhile(lambda s: not s[0], _row_starts(table, n, len(row)))]
    if len(row) > width:
        spaced = [source[col - 2 : col - 1] == " " for col in starts[1:]]
        j = joined(row, columns, spaced)
        spread = len(row) - width + 1
        value = ",".join(row[j : j + spread])
        if len(starts) == len(row):
            begin, end = _span(source, starts, j, spread)
            value = source[begin:end]
        message = f"CSV error: this row has {len(row)} cells, but the header names {width} columns"
        hint = "a cell that holds a comma must be in quotes (or delete the comma)"
        fixed = None
        if any(columns):  # other rows tell which cell it is
            message += (
                f": the cell of {table.raw_columns[j]!r} seems to hold a comma ({value.strip()!r})"
            )
            hint += ":"
            if GROUPED.match(value):
                number = value.strip().replace(",", "")
                hint = f"write the number without commas ({number}), or put the cell in quotes:"
            fixed = _quoted(source, starts, j, spread) if len(starts) == len(row) else None
    else:
        j = missing(row, columns) or 0
        message = (
            f"CSV error: this row has {len(row)} cells, but the header names {width} columns: "
            f"the cell of {table.raw_columns[j]!r} seems to be left out, so the cells after "
            "it stand in the wrong columns"
        )
        hint = (
            "an empty cell is written as nothing between two commas, and a cell that holds "
            "a comma in quotes:"
        )
        fixed = source[: starts[j] - 1] + "," + source[starts[j] - 1 :] if j < len(starts) else None
    if len(wrong) > 1:
        more = ", ".join(str(table.line_of(m)) for m in wrong[1:4])
        message += f"; {len(wrong) - 1} more row(s) like it (lines {more}" + (
            ", ...)" if len(wrong) > 4 else ")"
        )
    col = starts[j] if j < len(starts) else 1
    raise ReportgenError(
        message, table.path, line, col, hint=hint + shown([fixed]) if fixed else hint
    )


def _span(source: str, starts: list[int], j: int, spread: int) -> tuple[int, int]:
    """Where cells j to j + spread - 1 of a row's line begin and end, as written."""
    after = j + spread
    end = source.rfind(",", 0, starts[after] - 1) if after < len(starts) else len(source.rstrip())
    return starts[j] - 1, end


def _quoted(source: str, starts: list[int], j: int, spread: int) -> str | None:
    """The row's line with cells j to j + spread - 1 made one quoted cell."""
    begin, end = _span(source, starts, j, spread)
    value = source[begin:end]
    if '"' in value:
        return None
    return f'{source[:begin]}"{value}"{source[end:]}'


def _row_starts(table: Table, row: int, count: int) -> list[tuple[int, int]]:
    """Where the first `count` cells of data row `row` start."""
    return cell_starts(table.text, table.offset(table.line_of(row)), count)


def _json_table(path: Path, text: str) -> Table:
    data = parse_json(text, path)
    if isinstance(data, dict) and "data" in data:
        data = data["data"]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ReportgenError("a JSON table must be a list of objects (one per row)", path, 1, 1)
    cells = [{str(k): _cell_text(v) for k, v in row.items()} for row in data]
    columns = list(dict.fromkeys(k for row in cells for k in row))
    rows = [{c: row.get(c, "") for c in columns} for row in cells]
    return Table(path, columns, rows, list(columns))


def _cell_text(value: Any) -> str:
    """A JSON value as the text a CSV cell would hold (null is empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
