"""Bars: one per category and series, side by side (or stacked, see stacked_bar)."""

from __future__ import annotations

from ..colours import INK, dark
from ..frame import Frame, ValueLabel
from .common import categories, empty_state, no_values, set_categories, value_label

NAME = "bar"


def draw(frame: Frame) -> None:
    draw_bars(frame, stacked=False)


def draw_bars(frame: Frame, stacked: bool) -> None:
    """Bars for every series; grouped side by side, or stacked."""
    block, data, ax = frame.block, frame.data, frame.ax
    count = len(data.series)
    grouped = count > 1 and not stacked
    width = 0.8 / count if grouped else 0.7
    these = categories(frame, len(data.x) * (1 if stacked else count))
    order = these.order
    base = [these.base] * len(order)
    for s, name in enumerate(these.names):
        values = [data.series[name][i] for i in order]
        shift = (s - (count - 1) / 2) * width if grouped else 0.0
        where = [p + shift for p in range(len(order))]
        fills = [these.fill(frame, i, name) for i in order]
        lengths = [0.0 if v is None else v - (0.0 if stacked else these.base) for v in values]
        starts = base if stacked or these.base else None
        if block.sideways:
            ax.barh(where, lengths, height=width, left=starts, color=fills, zorder=2)
        else:
            ax.bar(where, lengths, width=width, bottom=starts, color=fills, zorder=2)
        if grouped or stacked:
            frame.legend.append((_patch(these.series[name]), name))
        for j, value in enumerate(values):
            if value is None or not these.shown:
                continue
            if stacked:
                end = base[j] + value
                _inside_label(frame, these.label(value), where[j], base[j], end, fills[j], width)
            else:
                room = width if grouped else 1.0
                fields = {"room": room, "bar": width, "fill": fills[j], "base": these.base}
                value_label(frame, these.label(value), where[j], value, value, **fields)
        if stacked:
            base = [b + (v or 0.0) for b, v in zip(base, values, strict=True)]
    for group, colour in these.groups.items():
        frame.legend.append((_patch(frame.colours.shown(colour, group)), group))
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
        color="white" if dark(fill) else INK,
        annotation_clip=False,
    )
    frame.value_labels.append(
        ValueLabel(annotation, at, end, 0, room=width, bar=width, fill=fill, base=start)
    )


def _patch(colour: str) -> object:
    from matplotlib.patches import Patch

    return Patch(facecolor=colour)
