"""Scatter: a point per row at (x, y), coloured by group, sized by a column, some named."""

from __future__ import annotations

import math

from ..colours import INK, MUTED
from ..frame import Frame
from ..numbers import Numbers
from .common import x_values

NAME = "scatter"
PLAIN_PT = 4.5  # a point's diameter without `size_by`
SMALLEST_PT, LARGEST_PT = 2.5, 22.0  # with `size_by`: diameters, area by value
KEY_PT = 12.0  # the largest point the legend shows


def draw(frame: Frame) -> None:
    block, data, ax, colours = frame.block, frame.data, frame.ax, frame.colours
    xs = x_values(frame)
    groups = list(dict.fromkeys(data.groups))
    names = list(data.series)
    keyed = colours.series(groups or names)
    sizes = _diameters(data.sizes) if data.sizes else [PLAIN_PT] * len(xs)
    labels = data.labels or [""] * len(xs)
    named = set(block.label_points) | set(block.highlight)
    for name in names:
        ys = {i: v for i, v in enumerate(data.series[name]) if v is not None}
        points = list(ys)
        fills = {}
        for i in points:
            key = data.groups[i] if data.groups else name
            fills[i] = colours.shown(colours.named(labels[i], keyed[key]), key, labels[i], name)
        # Large points first, so small ones stay visible on top; highlighted ones last.
        points.sort(key=lambda i: (fills[i] != MUTED, -sizes[i]))
        ax.scatter(
            [xs[i] for i in points],
            [ys[i] for i in points],
            s=[sizes[i] ** 2 for i in points],
            c=[fills[i] for i in points],
            alpha=0.85,
            edgecolors="white",
            linewidths=0.5,
            zorder=3,
        )
        for i in points:
            if labels[i] and labels[i] in named:
                text = ax.annotate(
                    labels[i],
                    (xs[i], ys[i]),
                    xytext=(sizes[i] / 2 + 2, 0),
                    textcoords="offset points",
                    ha="left",
                    va="center",
                    color=INK,
                    annotation_clip=False,
                    zorder=4,
                )
                frame.point_labels.append((text, xs[i], ys[i], sizes[i] / 2))
    if groups or len(names) > 1:
        for key, colour in keyed.items():
            frame.legend.append((_marker(colours.shown(colour, key), PLAIN_PT + 1), key))
    if data.sizes:
        frame.legend += _size_key(frame, data.sizes)
    ax.grid(True, color="#eef1f4", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)


def _diameters(values: list[float | None]) -> list[float]:
    """Point diameters with areas in proportion to the values (missing: the smallest)."""
    largest = max((v for v in values if v), default=0.0)
    if not largest:
        return [PLAIN_PT] * len(values)
    return [max(SMALLEST_PT, LARGEST_PT * math.sqrt((v or 0.0) / largest)) for v in values]


def _size_key(frame: Frame, values: list[float | None]) -> list[tuple[object, str]]:
    """Legend entries for two or three round sizes: none larger than KEY_PT across, so the
    legend stays small, and none so small that its area no longer follows its value."""
    largest = max((v for v in values if v), default=0.0)
    if not largest:
        return []
    top = _round_down(largest * (KEY_PT / LARGEST_PT) ** 2)
    smallest = largest * (SMALLEST_PT / LARGEST_PT) ** 2
    keys = [k for k in (top / 100, top / 10, top) if k >= smallest]
    label_text = Numbers().labeller(keys)
    return [
        (
            _marker(MUTED, LARGEST_PT * math.sqrt(value / largest)),
            f"{frame.block.size_by} {label_text(value)}",
        )
        for value in keys
    ]


def _round_down(value: float) -> float:
    """`value` rounded down to one significant digit (1,318,683,096 -> 1,000,000,000)."""
    power = 10.0 ** math.floor(math.log10(value))
    return float(math.floor(value / power) * power)


def _marker(colour: str, diameter: float) -> object:
    from matplotlib.lines import Line2D

    return Line2D([], [], marker="o", linestyle="", color=colour, markersize=diameter)
