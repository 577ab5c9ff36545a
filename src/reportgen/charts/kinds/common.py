"""What several kinds share: category order, value labels, x values, the log floor."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...model import VALUE_LABEL_LIMIT
from ..colours import INK
from ..frame import Frame, ValueLabel


@dataclass(frozen=True)
class Categories:
    """What a chart of categories (bars, dots) draws from: rows in order, series and
    group colours, where its marks start, and how its values read."""

    order: list[int]  # row indices, in drawing order
    names: list[str]  # the series
    series: dict[str, str]  # colours by series
    groups: dict[str, str]  # colours by `colour_by` group
    base: float  # where bars and stems start: zero, or on a log axis a power of ten
    label: Callable[[float], str]  # a value label's text
    shown: bool  # whether values are labelled

    def fill(self, frame: Frame, row: int, name: str) -> str:
        """A mark's colour: its group's or series', unless `colour:` names its category;
        muted when a highlight leaves it out."""
        data, colours = frame.data, frame.colours
        category, group = data.x[row], data.groups[row] if data.groups else ""
        colour = colours.named(category, self.groups.get(group) or self.series[name])
        return colours.shown(colour, category, name, group)


def categories(frame: Frame, marks: int) -> Categories:
    """The shared set-up of a chart of categories with `marks` marks to label."""
    data, colours = frame.data, frame.colours
    values = [v for series in data.series.values() for v in series if v is not None]
    return Categories(
        order=category_order(frame),
        names=list(data.series),
        series=colours.series(list(data.series)),
        groups=colours.series(list(dict.fromkeys(data.groups))) if data.groups else {},
        base=log_floor(values) if frame.block.y_scale == "log" else 0.0,
        label=frame.numbers.labeller(values),
        shown=labelled(frame, marks) and not no_values(frame),
    )


def category_order(frame: Frame) -> list[int]:
    """Row indices in drawing order: as in the file, or sorted by the first series."""
    data, block = frame.data, frame.block
    rows = list(range(len(data.x)))
    if block.sort == "none" or not data.series:
        return rows
    first = next(iter(data.series.values()))
    present = [i for i in rows if first[i] is not None]
    present.sort(key=lambda i: first[i] or 0.0, reverse=block.sort == "descending")
    return present + [i for i in rows if first[i] is None]


def set_categories(frame: Frame, order: list[int]) -> None:
    """Name the categories on their axis (layout wraps, turns or thins them later)."""
    frame.categories = [frame.data.x[i] for i in order]
    positions = list(range(len(order)))
    if frame.block.sideways:
        frame.ax.set_yticks(positions, frame.categories)
        frame.ax.set_ylim(len(order) - 0.5, -0.5)  # the first category on top
        frame.ax.tick_params(axis="y", length=0)
    else:
        frame.ax.set_xticks(positions, frame.categories)
        frame.ax.set_xlim(-0.5, len(order) - 0.5)
        frame.ax.tick_params(axis="x", length=0)


def labelled(frame: Frame, marks: int) -> bool:
    """Whether values are labelled: `labels:`, else when there are few marks."""
    if frame.block.labels is not None:
        return frame.block.labels
    return marks <= VALUE_LABEL_LIMIT


def value_label(
    frame: Frame, text: str, at: float, value: float, end: float, **fields: Any
) -> ValueLabel:
    """A value label just beyond `end` (a bar's or dot's end along the value axis);
    layout (charts.labels) turns, moves or leaves it out."""
    sign = -1 if value < 0 else 1
    label = ValueLabel(None, at, end, sign, **fields)
    xy = (end, at) if frame.block.sideways else (at, end)
    label.text = frame.ax.annotate(
        text, xy, xytext=(0, 0), textcoords="offset points", color=INK, annotation_clip=False
    )
    frame.value_labels.append(label)
    return label


def log_floor(values: list[float]) -> float:
    """Where bars start on a log axis: the power of ten at or below the smallest value."""
    smallest = min((v for v in values if v > 0), default=1.0)
    return 10.0 ** math.floor(math.log10(smallest) - 1e-9)  # below it: its bar shows


def is_date(text: str) -> bool:
    return len(text) >= 4 and text[:4].isdigit() and (len(text) == 4 or text[4] == "-")


def as_date(iso: str) -> dt.date:
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def x_values(frame: Frame) -> list[Any]:
    """A line's or scatter's x values: dates (a line over dates or years), or numbers."""
    xs, block = frame.data.x, frame.block
    dates = block.kind == "line" and not block.x_format and block.x_scale == "linear"
    if dates and xs and is_date(xs[0]):
        return [as_date(x) for x in xs]
    return [float(x.replace(",", "")) for x in xs]


def no_values(frame: Frame) -> bool:
    """True when every value is zero or missing: the chart shows an empty state."""
    return all(not v for values in frame.data.series.values() for v in values)


def empty_state(frame: Frame) -> None:
    """A chart with nothing to draw says so in its plot, with a value axis from 0 to 1."""
    limits = (0.0, 1.0)
    if frame.block.sideways:
        frame.ax.set_xlim(*limits)
    else:
        frame.ax.set_ylim(*limits)
    frame.ax.text(
        0.5,
        0.5,
        "All values are zero",
        transform=frame.ax.transAxes,
        ha="center",
        va="center",
        color=INK,
    )
