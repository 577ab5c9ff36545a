"""Dots: each category's values as dots on a line of its own, ranked with `sort:`;
two or more series are joined, a dumbbell per category."""

from __future__ import annotations

from ..frame import Frame
from .common import (
    category_order,
    empty_state,
    labelled,
    log_floor,
    no_values,
    set_categories,
    value_label,
)

NAME = "dot"


def draw(frame: Frame) -> None:
    draw_dots(frame, stems=False)


def draw_dots(frame: Frame, stems: bool) -> None:
    """A dot per category and series; with `stems`, a line from the value axis's base."""
    block, data, ax, colours = frame.block, frame.data, frame.ax, frame.colours
    order = category_order(frame)
    names = list(data.series)
    chosen = colours.series(names)
    groups = colours.series(list(dict.fromkeys(data.groups))) if data.groups else {}
    every = [v for values in data.series.values() for v in values if v is not None]
    base = log_floor(every) if block.y_scale == "log" else 0.0
    show = labelled(frame, len(order)) and len(names) == 1 and not no_values(frame)
    label_text = frame.numbers.labeller(every)
    for j, i in enumerate(order):
        present = [v for n in names if (v := data.series[n][i]) is not None]
        if len(present) > 1 or (stems and present):
            low = base if stems else min(present)
            _segment(frame, j, low, max(present), stems)
    for name in names:
        for j, i in enumerate(order):
            value = data.series[name][i]
            if value is None:
                continue
            category, group = data.x[i], data.groups[i] if data.groups else ""
            colour = colours.named(category, groups.get(group) or chosen[name])
            colour = colours.shown(colour, category, name, group)
            xy = (value, j) if block.sideways else (j, value)
            ax.plot(*xy, "o", color=colour, markersize=6 if stems else 5.5, zorder=3)
            if show:
                text = label_text(value)
                value_label(frame, text, j, value, value, pad=6.0)
        if len(names) > 1:
            frame.legend.append((_marker(chosen[name]), name))
    for group, colour in groups.items():
        frame.legend.append((_marker(colours.shown(colour, group)), group))
    set_categories(frame, order)
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
