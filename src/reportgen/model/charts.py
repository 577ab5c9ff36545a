"""The chart block: what a chart draws, from which columns, and how it reads.

Each kind is drawn by one module of `reportgen.charts.kinds` (a test keeps this
list and that registry in step); which options apply to which kinds is here, so
validation can check a spec without drawing it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, Field, model_validator

from .blocks import filter_field
from .filters import Filter
from .markings import marking_field
from .types import Citations, MissingMarks, Model, Slug, Text, is_colour_name, known_colour

VALUE_LABEL_LIMIT = 24  # bars a chart labels with their values unless `labels:` says
MARKER_LIMIT = 40  # points a line marks unless `markers:` says
ChartKind = Literal["bar", "stacked_bar", "line", "timeline", "scatter", "dot", "lollipop"]
CHART_KINDS: tuple[str, ...] = get_args(ChartKind)
CATEGORY_KINDS = ("bar", "stacked_bar", "dot", "lollipop")  # `x` holds categories
# The kinds an option applies to (options not listed apply to every kind).
OPTION_KINDS: dict[str, tuple[str, ...]] = {
    "horizontal": CATEGORY_KINDS,
    "sort": CATEGORY_KINDS,
    "labels": CATEGORY_KINDS,
    "markers": ("line",),
    "x_scale": ("line", "scatter"),
    "x_format": ("line", "scatter"),
    "x_units": ("line", "scatter"),
    "y_scale": ("bar", "line", "scatter", "dot", "lollipop"),
    "size_by": ("scatter",),
    "label_points": ("scatter",),
    "colour_by": ("bar", "line", "scatter", "dot", "lollipop"),
}
NumberFormat = Literal["number", "integer", "decimal", "percent", "currency"]
Units = Literal["auto", "none", "thousands", "millions", "billions"]
Scale = Literal["linear", "log"]


def _colours(value: str | dict[str, str]) -> str | dict[str, str]:
    """Every colour of a chart's `colour:` one CSS and matplotlib both draw."""
    for colour in value.values() if isinstance(value, dict) else [value]:
        known_colour(colour)
    return value


# One check for the whole field, so a wrong colour is one message, not one per union member.
ChartColours = Annotated[str | dict[Text, str], AfterValidator(_colours)]


class ChartBlock(Model):
    """A chart drawn from CSV series, as vector SVG in both the HTML and the PDF."""

    type: Literal["chart"] = Field(examples=["chart"])
    id: Slug = Field(
        description="unique in the project; the figure's anchor", examples=["himars-deliveries"]
    )
    kind: ChartKind = Field(
        description="bar, stacked_bar and line plot `y` against `x`; scatter places a point "
        "per row at (`x`, `y`); dot and lollipop rank categories by value; timeline places "
        "`label`s at the dates in `x`",
        examples=["stacked_bar"],
    )
    data: str = Field(
        description="path of the data file, relative to reportgen.yaml, or a table's name "
        "in `tables`",
        examples=["data/tables/himars.csv"],
    )
    filter: Filter | None = filter_field("; a chart with no rows is an error")
    x: Text = Field(
        description="the column of categories (bar, stacked_bar, dot, lollipop), x values or "
        "dates (line), numbers (scatter), or event dates (timeline)",
        examples=["item"],
    )
    y: list[Text] = Field(
        default_factory=list,
        description="numeric columns, one series each; the header is "
        "the legend label (not used by timeline)",
        examples=[["Delivered", "Awaiting delivery"]],
    )
    label: Text | None = Field(
        None,
        description="timeline: the column of event labels; scatter: the column naming each "
        "point (for `label_points` and `highlight`)",
        examples=["label"],
    )
    caption: Text = Field(examples=["HIMARS launchers delivered to Taiwan"])
    alt: Text = Field(
        description="required alternative text: what the chart shows, in words",
        examples=["A bar: 11 of 29 launchers delivered, 18 awaited."],
    )
    title: Text | None = Field(None, description="printed above the plot", examples=["Deliveries"])
    x_label: Text | None = Field(None, examples=["Year"])
    y_label: Text | None = Field(None, examples=["Launchers"])
    horizontal: bool | None = Field(
        None,
        description="bars or dots run left to right, categories down the side; default: "
        "false for bar and stacked_bar, true for dot and lollipop",
        examples=[True],
    )
    sort: Literal["none", "ascending", "descending"] = Field(
        "none",
        description="order of the categories: as in the file, or by the first series' values",
        examples=["descending"],
    )
    labels: bool | None = Field(
        None,
        description=f"value labels on bars and dots; default: shown up to {VALUE_LABEL_LIMIT} "
        "(those that do not fit are moved inside the bar, turned, or left out)",
        examples=[False],
    )
    markers: bool | None = Field(
        None,
        description=f"a marker at each point of a line; default: shown up to {MARKER_LIMIT} "
        "points a series",
        examples=[True],
    )
    y_format: NumberFormat = Field(
        "number",
        description="how the value axis and value labels show numbers: number (thousands "
        "separators, decimals as needed), integer, decimal (one place, or `decimals`), "
        "percent (read as written: 12.5 is 12.5%) or currency (`currency` symbol)",
        examples=["currency"],
    )
    x_format: NumberFormat | None = Field(
        None,
        description="how a numeric x axis shows numbers (as `y_format`); default: number for "
        "scatter, as written for line (years stay 1990, 2000)",
        examples=["currency"],
    )
    y_units: Units = Field(
        "auto",
        description="shows values in thousands (12 k), millions (3.4 m) or billions (1.2 bn); "
        "auto: millions or billions when the largest value reaches them, thousands from "
        "100,000; none: every digit",
        examples=["billions"],
    )
    x_units: Units = Field(
        "auto", description="units of a numeric x axis (as `y_units`)", examples=["none"]
    )
    decimals: int | None = Field(
        None,
        ge=0,
        le=6,
        description="digits after the point in value labels; default: as the values need",
        examples=[1],
    )
    currency: Text = Field("$", description="symbol for currency numbers", examples=["€"])
    fractions: bool = Field(
        False,
        description="percent numbers are written as fractions (0.45 for 45%), as a table "
        "column's `scale: fraction`; by default as points (45 for 45%)",
        examples=[True],
    )
    y_scale: Scale = Field(
        "linear",
        description="log: a logarithmic value axis, ticks at 1, 2 and 5 in each decade; "
        "every value must then be above zero",
        examples=["log"],
    )
    x_scale: Scale = Field(
        "linear", description="log: a logarithmic x axis (line, scatter)", examples=["log"]
    )
    legend: Literal["top", "right", "none", "direct"] | None = Field(
        None,
        description="where series names go: above the plot (the default when there is more "
        "than one series or group), at its right, nowhere, or direct (line charts: each "
        "name at the end of its line)",
        examples=["direct"],
    )
    colour: ChartColours | None = Field(
        None,
        description="one colour for the whole chart, or colours by series, category or "
        "group name; default: the accent colour for a single series, else the palette",
        examples=[{"Africa": "#8a1020", "Europe": "#1f3a5f"}],
    )
    highlight: list[Text] = Field(
        default_factory=list,
        description="categories, series, groups or (scatter) point labels drawn in the "
        "accent colour, every other one muted",
        examples=[["China", "India"]],
    )
    colour_by: Text | None = Field(
        None,
        description="a column of group names: each group in its own colour, with a legend; "
        "in a line chart each group is a series of the one `y` column (long data)",
        examples=["continent"],
    )
    size_by: Text | None = Field(
        None,
        description="scatter: a numeric column setting each point's area",
        examples=["population"],
    )
    label_points: list[Text] = Field(
        default_factory=list,
        description="scatter: points to name, by their `label`; placed where no other label "
        "is, or left out",
        examples=[["China", "India", "United States"]],
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
        description="width / height; default: 2.5 (full) or 1.5 (column), scatter 1.6 or "
        "1.2, and for charts with categories down the side a height from their number; "
        "a chart too tall for the page is narrowed to fit",
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
    marking: Text | None = marking_field("its sub-section's, else its section's")

    @model_validator(mode="before")
    @classmethod
    def _scatter_columns(cls, data: Any) -> Any:
        """A scatter's `size:` or `colour:` naming a column (not a width or a colour) is
        read as `size_by:` or `colour_by:`, each point sized or coloured by it."""
        if not isinstance(data, dict) or data.get("kind") != "scatter":
            return data
        data = dict(data)
        size, colour = data.get("size"), data.get("colour")
        if isinstance(size, str) and size not in ("full", "column") and "size_by" not in data:
            data["size_by"] = data.pop("size")
        if (
            isinstance(colour, str)
            and not colour.startswith("#")
            and not is_colour_name(colour)
            and "colour_by" not in data
        ):
            data["colour_by"] = data.pop("colour")
        return data

    @property
    def sideways(self) -> bool:
        """Categories run down the side (horizontal bars, dots, lollipops, timelines)."""
        if self.kind == "timeline":
            return True
        if self.kind not in CATEGORY_KINDS:
            return False
        return self.horizontal if self.horizontal is not None else self.kind in ("dot", "lollipop")
