"""Dots: each category's values as dots on a line of its own, ranked with `sort:`;
two or more series are joined, a dumbbell per category."""

from __future__ import annotations

from ..frame import Frame
from .common import categories, empty_state, no_values, set_categories, value_label

NAME = "dot"


def draw(frame: Frame) -> None:
    draw_dots(frame, stems=False)


def draw_dots(frame: Frame, stems: bool) -> None:
    """A dot per category and series; with `stems`, a line from the value axis's base."""
    block, data, ax = frame.block, frame.data, frame.ax
    these = categories(frame, len(data.x))
    labelled = these.shown and len(these.names) == 1  # one series: each dot's value
    for j, i in enumerate(these.order):
        present = [v for n in these.names if (v := data.series[n][i]) is not None]
        if len(present) > 1 or (stems and present):
            _segment(frame, j, these.base if stems else min(present), max(present), stems)
    for name in these.names:
        for j, i in enumerate(these.order):
            value = data.series[name][i]
            if value is None:
                continue
            xy = (value, j) if block.sideways else (j, value)
            colour = these.fill(frame, i, name)
            ax.plot(*xy, "o", color=colour, markersize=6 if stems else 5.5, zorder=3)
            if labelled:
                value_label(frame, these.label(value), j, value, value, pad=6.0)
        if len(these.names) > 1:
            frame.legend.append((_marker(these.series[name]), name))
    for group, colour in these.groups.items():
        frame.legend.append((_marker(frame.colours.shown(colour, group)), group))
    set_categories(frame, these.order)
    frame.value_axis.grid(True, color="#dde2e8", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    if no_values(frame):
        empty_state(frame)


def _segment(frame: Frame, at: int, low: float, high: float, stem: bool) -> None:
    colour = "#9aa3ad" if stem else "#c5ccd4"
    width = 1.2 if stem else 2.0
    if frame.block.sideways:
        frame.ax.plot([low, high], [at, at], color=colour, linewidth=width, zorder=2)
    else:
        frame.ax.plot([at, at], [low, high], color=colour, linewidth=width, zorder=2)


def _marker(colour: str) -> object:
    from matplotlib.lines import Line2D

    return Line2D([], [], marker="o", linestyle="", color=colour, markersize=5.5)
