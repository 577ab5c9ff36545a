"""Bars: one per category and series, side by side (or stacked, see stacked_bar)."""

from __future__ import annotations

from ..colours import INK
from ..frame import Frame, ValueLabel
from .common import (
    category_order,
    empty_state,
    labelled,
    log_floor,
    no_values,
    set_categories,
    value_label,
)

NAME = "bar"


def draw(frame: Frame) -> None:
    draw_bars(frame, stacked=False)


def draw_bars(frame: Frame, stacked: bool) -> None:
    """Bars for every series; grouped side by side, or stacked."""
    block, data, ax, colours = frame.block, frame.data, frame.ax, frame.colours
    order = category_order(frame)
    names = list(data.series)
    count = len(names)
    grouped = count > 1 and not stacked
    width = 0.8 / count if grouped else 0.7
    series_colours = colours.series(names)
    group_colours = colours.series(list(dict.fromkeys(data.groups))) if data.groups else {}
    every = [v for values in data.series.values() for v in values if v is not None]
    floor = log_floor(every) if block.y_scale == "log" else 0.0
    show = labelled(frame, len(order) * (1 if stacked else count)) and not no_values(frame)
    label_text = frame.numbers.labeller(every)
    base = [floor] * len(order)
    for s, name in enumerate(names):
        values = [data.series[name][i] for i in order]
        shift = (s - (count - 1) / 2) * width if grouped else 0.0
        where = [p + shift for p in range(len(order))]
        fills = []
        for i in order:
            category = data.x[i]
            group = data.groups[i] if data.groups else ""
            colour = group_colours.get(group) or series_colours[name]
            colour = colours.named(category, colour)
            fills.append(colours.shown(colour, category, name, group))
        lengths = [0.0 if v is None else v - (0.0 if stacked else floor) for v in values]
        starts = base if stacked or floor else None
        if block.sideways:
            ax.barh(where, lengths, height=width, left=starts, color=fills, zorder=2)
        else:
            ax.bar(where, lengths, width=width, bottom=starts, color=fills, zorder=2)
        if grouped or stacked:
            frame.legend.append((_patch(series_colours[name]), name))
        for j, value in enumerate(values):
            if value is None or not show:
                continue
            text = label_text(value)
            start = base[j] if stacked else floor
            end = start + value if stacked else value
            if stacked:
                _inside_label(frame, text, where[j], start, end, fills[j], width)
            else:
                room = width if grouped else 1.0
                value_label(
                    frame,
                    text,
                    where[j],
                    value,
                    end,
                    room=room,
                    bar=width,
                    fill=fills[j],
                    base=start,
                )
        if stacked:
            base = [b + (v or 0.0) for b, v in zip(base, values, strict=True)]
    for group, colour in group_colours.items():
        frame.legend.append((_patch(colours.shown(colour, group)), group))
    set_categories(frame, order)
    frame.value_axis.grid(True, color="#dde2e8", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    if no_values(frame):
        empty_state(frame)


def _inside_label(
    frame: Frame, text: str, at: float, start: float, end: float, fill: str, width: float
) -> None:
    """A stacked segment's value, in its middle (layout leaves out those that do not fit)."""
    middle = (start + end) / 2
    xy = (middle, at) if frame.block.sideways else (at, middle)
    annotation = frame.ax.annotate(
        text,
        xy,
        ha="center",
        va="center",
        color="white" if _dark(fill) else INK,
        annotation_clip=False,
    )
    frame.value_labels.append(
        ValueLabel(annotation, at, end, 0, room=width, bar=width, fill=fill, base=start)
    )


def _dark(colour: str) -> bool:
    """Whether white text reads better than black on `colour`."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5


def _patch(colour: str) -> object:
    from matplotlib.patches import Patch

    return Patch(facecolor=colour)
