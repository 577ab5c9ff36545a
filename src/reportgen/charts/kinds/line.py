"""Lines: each series against x (dates or numbers); names in a legend or at line ends."""

from __future__ import annotations

import math

from ...model import MARKER_LIMIT
from ..colours import text_colour
from ..frame import Frame
from .common import empty_state, no_values, x_values

NAME = "line"


def draw(frame: Frame) -> None:
    block, data, ax, colours = frame.block, frame.data, frame.ax, frame.colours
    xs = x_values(frame)
    marked = block.markers if block.markers is not None else len(xs) <= MARKER_LIMIT
    chosen = colours.series(list(data.series))
    # Highlighted lines are drawn last, over the muted ones.
    names = sorted(data.series, key=lambda n: colours.highlighted(n))
    for name in names:
        values = data.series[name]
        colour = colours.shown(chosen[name], name)
        strong = colours.highlighted(name)
        (handle,) = ax.plot(
            xs,
            [math.nan if v is None else v for v in values],
            marker="o" if marked else None,
            markersize=3,
            linewidth=2.2 if strong else 1.6,
            color=colour,
            zorder=3 if strong else 2,
        )
        frame.legend.append((handle, name))
        last = next((v for v in reversed(values) if v is not None), None)
        if block.legend == "direct" and last is not None:
            text = ax.annotate(
                name,
                (1.0, last),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                color=text_colour(colour),
                annotation_clip=False,
            )
            frame.direct_labels.append((text, last))
    frame.legend.sort(key=lambda entry: list(data.series).index(entry[1]))
    ax.grid(axis="y", color="#dde2e8", linewidth=0.6)
    if no_values(frame):
        empty_state(frame)
