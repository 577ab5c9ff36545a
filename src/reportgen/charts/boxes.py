"""Text boxes on a drawn chart: measuring them, and the rule that no two touch.

Every text a chart draws (titles, axis labels, legend entries, tick and category
labels, value, direct and point labels) keeps at least GAP_PT from every other.
Layout places them so; `clear_collisions` is the last word, leaving out the less
important of any two that still come too close. Figures are drawn at 72 dpi, so a
pixel here is a point of the SVG.
"""

from __future__ import annotations

import itertools
from typing import Any

from .frame import Frame

GAP_PT = 1.75  # the least room between two texts' ink (1.5 pt asked, and some to spare)
ROOM_PT = 2.0  # what layout leaves, so that no two texts end up just at GAP_PT
FONT_PT = 8.0


def renderer(fig: Any) -> Any:
    """The renderer texts are measured with (the figure has an Agg canvas at 72 dpi)."""
    return fig.canvas.get_renderer()


def text_size(fig: Any, text: str, rotation: float = 0) -> tuple[float, float]:
    """Width and height (points) of a chart text as matplotlib lays it out (lines and all)."""
    from matplotlib.text import Text

    probe = Text(0, 0, text or " ", fontsize=FONT_PT, rotation=rotation)
    probe.set_figure(fig)
    box = probe.get_window_extent(renderer(fig))
    return float(box.width), float(box.height)


def line_height(fig: Any) -> float:
    """Points one line of 8-pt chart text takes, as matplotlib lays it out."""
    return text_size(fig, "Hg")[1]


def ink_height(fig: Any, texts: list[str]) -> float:
    """The tallest ink (outlines) of one-line texts at 8 pt: less than a laid-out line,
    which keeps room for any glyph; texts of several lines count as laid out."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    tallest = 0.0
    for text in texts:
        if "\n" in text:
            tallest = max(tallest, text_size(fig, text)[1])
        elif text.strip():
            extents = TextPath((0, 0), text, prop=FontProperties(size=FONT_PT)).get_extents()
            tallest = max(tallest, float(extents.height))
    return tallest or line_height(fig)


def ink_box(text: Any, r: Any) -> Any:
    """A text's box on the figure, fitted to its ink above and below its baseline where
    matplotlib's line box keeps room for any glyph (one line, level or upright; else the
    line box)."""
    from matplotlib.text import Text
    from matplotlib.textpath import TextPath
    from matplotlib.transforms import Bbox

    box = text.get_window_extent(r)
    string, turn = text.get_text(), round(text.get_rotation()) % 360
    if "\n" in string or turn not in (0, 90) or not string.strip():
        return box
    prop = text.get_fontproperties()
    probe = Text(0, 0, string, fontproperties=prop, verticalalignment="baseline")
    probe.set_figure(text.get_figure())
    descent = -probe.get_window_extent(r).y0  # the line box's room below the baseline
    ink = TextPath((0, 0), string, prop=prop).get_extents()
    if turn == 0:
        base = box.y0 + descent
        return Bbox([[box.x0, max(box.y0, base + ink.y0)], [box.x1, min(box.y1, base + ink.y1)]])
    base = box.x1 - descent  # upright: the text's top points left
    return Bbox([[max(box.x0, base - ink.y1), box.y0], [min(box.x1, base - ink.y0), box.y1]])


def close(a: Any, b: Any, gap: float = GAP_PT) -> bool:
    """Whether two boxes overlap or come within `gap` of each other."""
    return bool(a.x0 - gap < b.x1 and b.x0 - gap < a.x1 and a.y0 - gap < b.y1 and b.y0 - gap < a.y1)


def crowded(boxes: list[Any]) -> bool:
    """Whether any two of `boxes` are too close."""
    return any(close(a, b) for a, b in itertools.combinations(boxes, 2))


def shown_ticks(axis: Any) -> list[Any]:
    """The tick labels an axis draws (after a draw): visible, with text, within its view."""
    low, high = sorted(axis.get_view_interval())
    room = (high - low) * 1e-9
    return [
        tick.label1
        for tick in axis.get_major_ticks()
        if tick.label1.get_visible()
        and tick.label1.get_text()
        and low - room <= tick.get_loc() <= high + room
    ]


def texts_by_rank(frame: Frame) -> list[Any]:
    """Every text of the chart, the most important first: titles, axis labels, legend,
    direct labels, category names, axis numbers, other notes, value and point labels."""
    from matplotlib.text import Text

    ax = frame.ax
    titles = [c for c in ax.get_children() if type(c) is Text and c not in ax.texts]
    legend = frame.legend_artist.get_texts() if frame.legend_artist is not None else []
    direct = [t for t, _ in frame.direct_labels]
    values = [v.text for v in frame.value_labels]
    points = [t for t, *_ in frame.point_labels]
    category = frame.category_axis
    categories = shown_ticks(category) if category is not None else []
    numbers = [
        t for axis in (ax.xaxis, ax.yaxis) if axis is not category for t in shown_ticks(axis)
    ]
    others = [t for t in ax.texts if t not in {*direct, *values, *points}]
    axis_labels = [ax.xaxis.label, ax.yaxis.label]
    return [
        *titles,
        *axis_labels,
        *legend,
        *direct,
        *categories,
        *numbers,
        *others,
        *values,
        *points,
    ]


def clear_collisions(frame: Frame) -> list[Any]:
    """Leave out any text that runs off the chart or comes within GAP_PT of a more
    important one; return them."""
    frame.fig.draw_without_rendering()
    r = renderer(frame.fig)
    page = frame.fig.bbox
    kept: list[Any] = []
    dropped = []
    for text in texts_by_rank(frame):
        if not text.get_visible() or not text.get_text():
            continue
        box = ink_box(text, r)
        outside = box.x0 < 0 or box.y0 < 0 or box.x1 > page.x1 or box.y1 > page.y1
        if outside or any(close(box, other) for other in kept):
            text.set_visible(False)
            dropped.append(text)
        else:
            kept.append(box)
    return dropped
