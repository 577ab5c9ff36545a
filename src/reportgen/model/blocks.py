"""Blocks that draw on a data file: tables, key figures and charts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from .filters import Filter
from .markings import marking_field
from .types import Citations, MissingMarks, Model, PartialDate, Slug, Text

WIDE_TABLE_COLUMNS = 6
ColumnFormat = Literal["text", "integer", "decimal", "percent", "currency", "date"]
NUMERIC_FORMATS = ("integer", "decimal", "percent", "currency")
TotalFunction = Literal["sum", "mean", "median", "min", "max", "count", "none"]
TOTAL_FUNCTIONS: tuple[str, ...] = ("sum", "mean", "median", "min", "max", "count", "none")


class WeightedTotal(Model):
    """A total that is the mean of a column weighted by another (a rate, an average)."""

    weight: Text = Field(description="the column that weights the mean", examples=["pop"])


def historical_field() -> Any:
    """The `historical` field of what holds dated figures (a table, key figures, a section)."""
    return Field(
        False,
        description="its figures are historical on purpose: no staleness warning",
        examples=[True],
    )


def filter_field(note: str = "") -> Any:
    """The `filter` field of a block that reads data."""
    return Field(
        None,
        description=f"only the rows whose cells pass (as the `filter` data step){note}",
        examples=[{"continent": "{params.continent}"}],
    )


def empty_field(what: str) -> Any:
    """The `empty` field of a block that may have no rows."""
    return Field(
        None,
        description=f"printed instead of the {what} when it has no rows; "
        f"without it a {what} with no rows is an error",
        examples=["No country of {params.continent} reports these figures."],
    )


def stale_field(default: str = "the section's, else the project's") -> Any:
    """The `stale_after_days` field of what holds dated figures."""
    return Field(
        None,
        ge=1,
        le=36500,
        description="warn when its figures are older than this many days before the brief's "
        f"date; default: {default} `stale_after_days`",
        examples=[3650],
    )


class Column(Model):
    """One column of a table: which CSV column, its heading, how cells are read and shown."""

    key: Text = Field(description="the column's name in the CSV header", examples=["count"])
    heading: Text | None = Field(None, description="default: the key", examples=["Count"])
    format: ColumnFormat = Field(
        "text",
        description="how cells are checked and shown; numbers are right-aligned; "
        "integer shows numbers rounded to whole ones",
        examples=["integer"],
    )
    decimals: int | None = Field(
        None,
        ge=0,
        le=10,
        description="digits after the point; default: as many as the column's cells are "
        "written with (computed values to 12 significant digits), at most 2 for currency",
        examples=[1],
    )
    scale: Literal["points", "fraction"] | None = Field(
        None,
        description="percent columns: `points` (the default) reads 12.5 and 12.5% as 12.5%; "
        "`fraction` reads 0.125 as 12.5%",
        examples=["fraction"],
    )
    currency: Text = Field("$", description="symbol for currency columns", examples=["NT$"])
    align: Literal["left", "right", "center"] | None = Field(
        None, description="default: right for numbers, left otherwise", examples=["center"]
    )
    na: MissingMarks = Field(
        default_factory=list,
        description="texts that mean a missing value in this column, besides an empty cell "
        "(and the table's own `na`)",
        examples=[["n/a", "-"]],
    )
    total: TotalFunction | WeightedTotal | Text | None = Field(
        None,
        description="its cell in the table's total row: sum, mean, median, min, max, count "
        "(of filled cells), none, a mean weighted by another column (`{weight: pop}`), or "
        "a text; default: sum for integer columns (counts), none for others",
        examples=[{"weight": "pop"}],
    )

    @property
    def label(self) -> str:
        return self.heading or self.key

    @property
    def alignment(self) -> str:
        return self.align or ("right" if self.format in NUMERIC_FORMATS else "left")


class TableBlock(Model):
    """A table drawn from a file (CSV, JSON, .xlsx, .parquet) or a table named in `tables`."""

    type: Literal["table"] = Field(examples=["table"])
    id: Slug = Field(description="unique in the project; the table's anchor", examples=["timeline"])
    data: str = Field(
        description="path of the data file, relative to reportgen.yaml, or a table's name "
        "in `tables`",
        examples=["data/tables/timeline.csv"],
    )
    filter: Filter | None = filter_field()
    empty: Text | None = empty_field("table")
    caption: Text = Field(examples=["Timeline of events"])
    columns: list[Column] | None = Field(
        None,
        description="default: every column in file order, as text",
        examples=[[{"key": "date", "format": "date"}, {"key": "event"}]],
    )
    sort_by: Text | None = Field(
        None, description="a column key to sort rows by", examples=["date"]
    )
    descending: bool = Field(False, description="sort largest first", examples=[True])
    total: bool = Field(
        False,
        description="add a total row: each column as its `total` says (integer columns sum "
        "by default; no rate or average is summed)",
        examples=[True],
    )
    as_of: PartialDate | None = Field(
        None,
        description="the date its figures are current to, checked for staleness",
        examples=["2025-06"],
    )
    historical: bool = historical_field()
    stale_after_days: int | None = stale_field()
    layout: Literal["auto", "normal", "compact", "landscape"] = Field(
        "auto",
        description="compact: smaller type; landscape: a page of its own turned sideways; "
        f"auto: compact when more than {WIDE_TABLE_COLUMNS} columns",
        examples=["landscape"],
    )
    cite_column: Text | None = Field(
        None,
        description="a column of source ids (separated by ';') cited per row",
        examples=["source"],
    )
    na: MissingMarks = Field(
        default_factory=list,
        description="texts that mean a missing value in any column of the file, as an empty "
        "cell does (shown as a dash, left out of totals)",
        examples=[["n/a", ".."]],
    )
    cite: Citations = Field(
        default_factory=list, description="sources of the whole table", examples=[["mnd-2025"]]
    )
    notes: Text | None = Field(None, examples=["Figures as reported."])
    marking: Text | None = marking_field("its sub-section's, else its section's")


class KeyFigures(Model):
    """A key-figures box from a CSV with columns figure, value, as_of, source (and, if a
    row's figure is historical on purpose, a column `historical` holding yes there)."""

    type: Literal["key_figures"] = Field(examples=["key_figures"])
    id: Slug = Field("key-figures", description="unique in the project", examples=["key-figures"])
    data: str = Field(description="path of the CSV file", examples=["data/tables/key_figures.csv"])
    caption: Text = Field("Key figures", examples=["Key figures"])
    rows: list[Annotated[int, Field(ge=1)]] | None = Field(
        None, description="1-based data rows to show; default all", examples=[[1, 2, 4]]
    )
    filter: Filter | None = filter_field()
    empty: Text | None = empty_field("box")
    historical: bool = historical_field()
    stale_after_days: int | None = stale_field()
    marking: Text | None = marking_field("its sub-section's, else its section's")


KEY_FIGURE_COLUMNS = ("figure", "value", "as_of", "source")
