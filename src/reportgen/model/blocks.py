"""Blocks that draw on a data file: tables, key figures and charts."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .types import Citations, MissingMarks, Model, Slug, Text

WIDE_TABLE_COLUMNS = 6
ColumnFormat = Literal["text", "integer", "decimal", "percent", "currency", "date"]
NUMERIC_FORMATS = ("integer", "decimal", "percent", "currency")


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
        description="digits after the point (decimal: 1, percent: 0)",
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

    @property
    def label(self) -> str:
        return self.heading or self.key

    @property
    def alignment(self) -> str:
        return self.align or ("right" if self.format in NUMERIC_FORMATS else "left")


class TableBlock(Model):
    """A table drawn from a CSV or JSON file."""

    type: Literal["table"] = Field(examples=["table"])
    id: Slug = Field(description="unique in the project; the table's anchor", examples=["timeline"])
    data: str = Field(
        description="path of the CSV/JSON file, relative to reportgen.yaml",
        examples=["data/tables/timeline.csv"],
    )
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
        False, description="add a total row summing the numeric columns", examples=[True]
    )
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


class KeyFigures(Model):
    """A key-figures box from a CSV with columns figure, value, as_of, source."""

    type: Literal["key_figures"] = Field(examples=["key_figures"])
    id: Slug = Field("key-figures", description="unique in the project", examples=["key-figures"])
    data: str = Field(description="path of the CSV file", examples=["data/tables/key_figures.csv"])
    caption: Text = Field("Key figures", examples=["Key figures"])
    rows: list[Annotated[int, Field(ge=1)]] | None = Field(
        None, description="1-based data rows to show; default all", examples=[[1, 2, 4]]
    )


VALUE_LABEL_LIMIT = 24  # bars a chart labels with their values unless `labels:` says
MARKER_LIMIT = 40  # points a line marks unless `markers:` says
ChartKind = Literal["bar", "stacked_bar", "line", "timeline"]
CHART_KINDS: tuple[str, ...] = ("bar", "stacked_bar", "line", "timeline")


class ChartBlock(Model):
    """A chart drawn from CSV series, as vector SVG in both the HTML and the PDF."""

    type: Literal["chart"] = Field(examples=["chart"])
    id: Slug = Field(
        description="unique in the project; the figure's anchor", examples=["himars-deliveries"]
    )
    kind: ChartKind = Field(
        description="bar, stacked_bar and line plot `y` against `x`; timeline places "
        "`label`s at the dates in `x`",
        examples=["stacked_bar"],
    )
    data: str = Field(
        description="path of the CSV/JSON file, relative to reportgen.yaml",
        examples=["data/tables/himars.csv"],
    )
    x: Text = Field(
        description="the column of categories (bar), x values or dates (line), "
        "or event dates (timeline)",
        examples=["item"],
    )
    y: list[Text] = Field(
        default_factory=list,
        description="numeric columns, one series each; the header is "
        "the legend label (not used by timeline)",
        examples=[["Delivered", "Awaiting delivery"]],
    )
    label: Text | None = Field(
        None, description="timeline: the column of event labels", examples=["label"]
    )
    caption: Text = Field(examples=["HIMARS launchers delivered to Taiwan"])
    alt: Text = Field(
        description="required alternative text: what the chart shows, in words",
        examples=["A bar: 11 of 29 launchers delivered, 18 awaited."],
    )
    title: Text | None = Field(None, description="printed above the plot", examples=["Deliveries"])
    x_label: Text | None = Field(None, examples=["Year"])
    y_label: Text | None = Field(None, examples=["Launchers"])
    horizontal: bool = Field(False, description="bars run left to right", examples=[True])
    labels: bool | None = Field(
        None,
        description=f"value labels on bars; default: shown up to {VALUE_LABEL_LIMIT} bars",
        examples=[False],
    )
    markers: bool | None = Field(
        None,
        description=f"a marker at each point of a line; default: shown up to {MARKER_LIMIT} "
        "points a series",
        examples=[True],
    )
    y_format: Literal["number", "percent"] = Field(
        "number",
        description="how the value axis and labels show numbers: with thousands separators, "
        "or as percentages read as written (12.5 is 12.5%)",
        examples=["percent"],
    )
    size: Literal["full", "column"] = Field(
        "full",
        description="full: drawn at the text width; column: at half of it, for a two-column "
        "layout, so the chart's text keeps its size (8 pt) there",
        examples=["column"],
    )
    aspect: float | None = Field(
        None,
        gt=0.3,
        le=6,
        description="width / height; default: about 2.5 (full) or 1.5 (column)",
        examples=[2.0],
    )
    cite_column: Text | None = Field(
        None, description="a column of source ids cited per row", examples=["source"]
    )
    na: MissingMarks = Field(
        default_factory=list,
        description="texts that mean a missing value in any column of the file, as an empty "
        "cell does (a gap in the line, no bar)",
        examples=[["n/a", ".."]],
    )
    cite: Citations = Field(default_factory=list, examples=[["us-ties-2025"]])
    notes: Text | None = Field(None, examples=["As reported in October 2025."])


KEY_FIGURE_COLUMNS = ("figure", "value", "as_of", "source")
