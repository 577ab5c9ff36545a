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
from pathlib import Path
from typing import Any

from ..errors import ReportgenError
from .text import MAX_TABLE_BYTES, read_text

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

    def line_of(self, row: int) -> int:
        """The file line data row `row` (0-based) starts on."""
        if row < len(self.lines):
            return self.lines[row]
        return self.header_line + 1 + row

    def records(self) -> list[dict[str, str]]:
        return [dict(r) for r in self.rows]


def load_table(path: Path) -> Table:
    """Read a CSV or JSON table; errors keep their line."""
    if not path.is_file():
        raise ReportgenError("table file not found", path)
    text = read_text(path, MAX_TABLE_BYTES)
    if path.suffix.lower() == ".json":
        return _json_table(path, text)
    return _csv_table(path, text)


def _csv_table(path: Path, text: str) -> Table:
    """A CSV table: blank lines skipped, short rows padded, long rows an error."""
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
        if len(cells) > len(header):
            message = f"CSV error: Expected {len(header)} fields in line {line}, saw {len(cells)}"
            raise ReportgenError(message, path, line, 1)
        rows.append(cells + [""] * (len(header) - len(cells)))
        lines.append(line)
    if header is None:
        raise ReportgenError("table file is empty (no header row)", path, 1, 1)
    # Spreadsheets export columns once touched, now empty, as trailing commas: drop them.
    while header and not header[-1] and not any(row[len(header) - 1] for row in rows):
        header.pop()
    records = [dict(zip(header, row, strict=False)) for row in rows]
    columns = list(dict.fromkeys(header))  # a repeated name is reported by validation
    return Table(path, columns, records, header, header_line, lines)


def _json_table(path: Path, text: str) -> Table:
    try:
        data = json.loads(text)
    except RecursionError:
        raise ReportgenError("JSON nested too deeply", path, 1, 1) from None
    except json.JSONDecodeError as exc:
        raise ReportgenError(f"JSON syntax error: {exc.msg}", path, exc.lineno, exc.colno) from None
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
