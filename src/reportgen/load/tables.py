"""CSV and JSON tables, read through pandas with every cell kept as text."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReportgenError
from .text import MAX_TABLE_BYTES, read_text

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Table:
    """A CSV or JSON table read through pandas, every cell kept as text."""

    path: Path
    frame: pd.DataFrame
    raw_columns: list[str] = field(default_factory=list)
    header_line: int = 1

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def line_of(self, row: int) -> int:
        """The file line of data row `row` (0-based) in a CSV without multi-line cells."""
        return self.header_line + 1 + row

    def records(self) -> list[dict[str, str]]:
        return [{str(k): v for k, v in r.items()} for r in self.frame.to_dict("records")]


def load_table(path: Path) -> Table:
    """Read a CSV or JSON table with pandas; parse errors keep their line."""
    import pandas as pd

    if not path.is_file():
        raise ReportgenError("table file not found", path)
    text = read_text(path, MAX_TABLE_BYTES)
    if path.suffix.lower() == ".json":
        frame = _json_frame(path, text)
        return Table(path, frame, [str(c) for c in frame.columns])

    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True
        )
    except pd.errors.EmptyDataError:
        raise ReportgenError("table file is empty (no header row)", path, 1, 1) from None
    except pd.errors.ParserError as exc:
        raise ReportgenError(f"CSV error: {_csv_message(exc)}", path, _csv_line(exc), 1) from None
    # pandas renames a repeated header ('a', 'a.1'); keep the header as written to catch it.
    raw_columns = [c.strip() for c in next(csv.reader(io.StringIO(text)), [])]
    frame.columns = [str(c).strip() for c in frame.columns]
    return Table(path, frame, raw_columns)


def _json_frame(path: Path, text: str) -> pd.DataFrame:
    import pandas as pd

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
    rows = [{str(k): _cell_text(v) for k, v in row.items()} for row in data]
    columns = list(dict.fromkeys(k for row in rows for k in row))
    return pd.DataFrame(rows, columns=columns, dtype=str).fillna("")


def _cell_text(value: Any) -> str:
    """A JSON value as the text a CSV cell would hold (null is empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _csv_line(exc: Exception) -> int:
    import re

    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else 0


def _csv_message(exc: Exception) -> str:
    return str(exc).strip().replace("Error tokenizing data. C error: ", "")
