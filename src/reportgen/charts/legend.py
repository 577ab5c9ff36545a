"""The legend: outside the plot, so it never covers what is drawn.

`legend: top` (the default for more than one series or group) sets the entries in
rows above the plot, as many to a row as its width holds, the title above them;
`right` sets them in a column beside the plot; `none` and `direct` draw no legend
(direct labels are the kinds' and charts.labels').
"""

from __future__ import annotations

from .boxes import FONT_PT, renderer
from .frame import Frame

ABOVE_PT = 4.0  # between the plot (or the legend) and what sits above it


def place_legend(frame: Frame, columns: int | None = None, where: str | None = None) -> None:
    """Draw the legend where the spec says (by default above the plot), or `where`."""
    entries = frame.legend
    where = where or frame.block.legend or ("top" if len(entries) > 1 else "none")
    if where in ("none", "direct") or not entries:
        return
    if where == "top":  # matplotlib fills a legend's columns first: read in rows instead
        count = columns or len(entries)
        entries = [e for start in range(count) for e in entries[start::count]]
    handles = [h for h, _ in entries]
    names = [n for _, n in entries]
    marks = [h.get_markersize() for h in handles if hasattr(h, "get_markersize")]
    largest = max(marks, default=0.0) / FONT_PT  # a marker's size in font sizes
    common = {
        "frameon": False,
        "handlelength": max(1.2, largest + 0.3),
        "handleheight": max(0.7, largest),
        "handletextpad": 0.5,
        "borderpad": 0.0,
        "labelspacing": 0.5,
    }
    if where == "top":
        legend = frame.ax.legend(
            handles,
            names,
            loc="lower left",
            bbox_to_anchor=(0, 1),
            borderaxespad=ABOVE_PT / 8,
            ncols=columns or len(entries),
            columnspacing=1.2,
            **common,
        )
    else:
        legend = frame.ax.legend(
            handles, names, loc="upper left", bbox_to_anchor=(1, 1), borderaxespad=0.8, **common
        )
    frame.legend_artist = legend
    frame.legend_place = where


def fit_legend(frame: Frame) -> None:
    """A legend above the plot in as few rows as the chart's width allows, the title
    above it."""
    legend = frame.legend_artist
    if legend is None:
        return
    fig, ax = frame.fig, frame.ax
    if frame.legend_place == "top":
        columns = len(frame.legend)
        while columns > 1:
            box = legend.get_window_extent(renderer(fig))
            if box.x1 <= fig.bbox.width - 3:
                break
            columns -= 1
            place_legend(frame, columns, frame.legend_place)
            legend = frame.legend_artist
        height = legend.get_window_extent(renderer(fig)).height
        if ax.get_title(loc="left"):
            # The title's pad runs to its baseline: room for its descenders too.
            ax.set_title(ax.get_title(loc="left"), loc="left", pad=height + 3 * ABOVE_PT)
