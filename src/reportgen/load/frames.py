"""Tables through pandas: Excel and Parquet files read, and tables turned into data frames
and back. pandas is imported here only, and only when a project has such a table.

A frame keeps each row's origin in the column `ORIGIN` (the line of its file, or of the
data step that made it), so that errors in a derived table are still located.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReportgenError
from .tables import Table

if TYPE_CHECKING:
    import pandas as pd

ORIGIN = "__reportgen_line__"
FRAME_SUFFIXES = {".xlsx": "excel", ".xlsm": "excel", ".parquet": "parquet", ".pq": "parquet"}
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$|^[+-]?\.\d+$")


def read_frame_file(path: Path, sheet: str | None = None) -> Table:
    """An Excel sheet (the first unless `sheet` names one) or a Parquet file as a Table;
    a row's line is its row in the sheet (the header is row 1), or its number."""
    import pandas as pd

    kind = FRAME_SUFFIXES[path.suffix.lower()]
    try:
        if kind == "excel":
            with pd.ExcelFile(path) as book:  # closed however the reading ends
                sheets = [str(s) for s in book.sheet_names]
                if sheet is not None and sheet not in sheets:
                    raise ReportgenError(
                        f"no sheet named {sheet!r}", path, hint="sheets: " + ", ".join(sheets)
                    )
                frame = pd.read_excel(
                    book, sheet_name=sheet if sheet is not None else 0, dtype=object
                )
        else:
            frame = pd.read_parquet(path)
    except ImportError:
        package = "openpyxl" if kind == "excel" else "pyarrow"
        raise ReportgenError(
            f"reading {path.suffix} files needs {package}, which is not installed",
            path,
            hint=f"install reportgen's `{kind}` extra: pip install 'reportgen-briefs[{kind}]'",
        ) from None
    except ReportgenError:
        raise
    except Exception as exc:  # a damaged file: the readers raise their own errors
        raise ReportgenError(f"cannot read {path.name}: {exc}", path) from None
    first = 2 if kind == "excel" else 1
    columns = [cell_text(c) for c in frame.columns]
    rows = [
        dict(zip(columns, (cell_text(v) for v in values), strict=True))
        for values in frame.itertuples(index=False, name=None)
    ]
    return Table(path, columns, rows, columns, first - 1, [first + i for i in range(len(rows))])


def cell_text(value: Any) -> str:
    """A value of a frame as the text a CSV cell would hold (empty for a missing one)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        import numpy as np

        return str(np.format_float_positional(value, trim="-"))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # a numpy scalar
        return cell_text(value.item())
    return str(value)


def to_frame(table: Table) -> pd.DataFrame:
    """A table as a data frame: a column whose filled cells are all numbers holds numbers
    (whole ones as integers), any other text; empty cells are missing."""
    import pandas as pd

    data: dict[str, Any] = {}
    records = table.rows
    for column in table.columns:
        cells = [r.get(column, "").strip() for r in records]
        data[column] = _column(cells)
    data[ORIGIN] = [table.line_of(i) for i in range(len(records))]
    frame = pd.DataFrame(data, columns=[*table.columns, ORIGIN])
    frame.attrs["path"] = str(table.path)
    return frame


def _column(cells: list[str]) -> Any:
    import pandas as pd

    filled = [c for c in cells if c]
    if filled and all(_NUMBER.match(c) for c in filled):
        numbers = [c.replace(",", "") for c in cells]
        if all("." not in c for c in numbers):
            return pd.array([int(c) if c else None for c in numbers], dtype="Int64")
        return pd.array([float(c) if c else math.nan for c in numbers], dtype="float64")
    return pd.array([c if c else None for c in cells], dtype=object)


def from_frame(frame: pd.DataFrame, fallback: Path) -> Table:
    """A data frame as a table of text cells, each row with its origin's line."""
    columns = [str(c) for c in frame.columns if c != ORIGIN]
    rows = [
        {c: cell_text(v) for c, v in zip(columns, values, strict=True)}
        for values in frame[columns].astype(object).itertuples(index=False, name=None)
    ]
    lines = [int(v) for v in frame[ORIGIN].tolist()] if ORIGIN in frame else []
    path = Path(frame.attrs.get("path", fallback))
    return Table(path, columns, rows, list(columns), 0, lines)
