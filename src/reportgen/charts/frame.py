"""What a chart kind draws into, and what it leaves for layout to fit.

A kind (charts.kinds) draws its marks on `frame.ax` and records its texts by
role: category names, value labels, direct labels, point labels, and the legend
entries. Layout (charts.layout) then fits those texts so that none touches
another. Part of the drawing code: matplotlib is imported only by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import ChartBlock, ChartData, ChartSize
from .colours import Colours
from .numbers import Numbers


@dataclass
class ValueLabel:
    """A value label (`text`, an Annotation) for the mark at `at` along the category axis
    ending at `value` along the value axis, pointing away from zero (`sign`; 0 for a
    label centred in a stacked segment). `room`: data units across it may take; `bar`:
    the bar's thickness, its colour `fill` and its start `base` (labels may go inside)."""

    text: Any
    at: float
    value: float
    sign: int = 1
    room: float = 1.0
    bar: float = 0.0
    fill: str | None = None
    base: float = 0.0
    pad: float = 2.5  # points between the mark's end and the label
    inside: bool = False  # moved inside its bar (layout's choice)


@dataclass
class Frame:
    """One chart being drawn: its figure and axes, spec, data, colours and texts."""

    fig: Any
    ax: Any
    block: ChartBlock
    data: ChartData
    colours: Colours
    size: ChartSize
    numbers: Numbers  # the value axis and value labels
    x_numbers: Numbers | None = None  # a numeric x axis
    categories: list[str] = field(default_factory=list)  # in drawing order
    value_labels: list[ValueLabel] = field(default_factory=list)
    direct_labels: list[tuple[Any, float]] = field(default_factory=list)  # (text, y value)
    point_labels: list[tuple[Any, float, float, float]] = field(default_factory=list)
    legend: list[tuple[Any, str]] = field(default_factory=list)  # (handle, name)
    legend_artist: Any = None
    legend_place: str = "none"  # top, right or none
    log_subs: dict[str, int] = field(default_factory=dict)  # each log axis's first LOG_SUBS
    locators: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # each axis's first

    @property
    def value_axis(self) -> Any:
        """The matplotlib axis that carries the values."""
        return self.ax.xaxis if self.block.sideways else self.ax.yaxis

    @property
    def category_axis(self) -> Any:
        """The axis that carries the categories, if the kind has them."""
        if not self.categories:
            return None
        return self.ax.yaxis if self.block.sideways else self.ax.xaxis
