"""Value, direct and point labels placed where they touch nothing.

Value labels sit beyond their bar or dot, level if they fit its slot, else upright,
inside tall bars when all fit there, or not at all; the value axis grows to hold
them. Direct labels (a line's name at its end) are spread apart. Point labels take
the first place around their point that is clear of every other label and inside the
plot, covering as few points as may be, or are left out.
"""

from __future__ import annotations

import math
from typing import Any

from .boxes import ROOM_PT, close, ink_height, renderer, text_size
from .colours import INK, SOFT_INK, dark
from .frame import Frame, ValueLabel
from .legend import place_legend


def fit_value_labels(frame: Frame) -> None:
    """Turn, move or leave out the value labels so that they fit, and make room for them."""
    if not frame.value_labels:
        return
    frame.ax.get_xlim(), frame.ax.get_ylim()  # the limits, autoscaled now
    across = _px_per_unit(frame)
    for label in frame.value_labels:
        if label.sign == 0:
            _fit_centred(frame, label, across)
    outside = [v for v in frame.value_labels if v.sign != 0]
    if outside:
        _fit_outside(frame, outside, across)
        _make_room(frame, [v for v in outside if v.text.get_visible() and not v.inside])


def _fit_outside(frame: Frame, labels: list[ValueLabel], across: float) -> None:
    """Beyond their marks, level if the widest fits its slot, else upright; upright
    labels go inside the bars when every bar can hold its own; else none is drawn."""
    fig = frame.fig
    line = ink_height(fig, [v.text.get_text() for v in labels])
    widest = max(text_size(fig, v.text.get_text())[0] for v in labels)
    room = min(v.room for v in labels) * across
    sideways = frame.block.sideways
    if sideways:
        rotation, shown = 0, line + ROOM_PT <= room
    elif widest + ROOM_PT <= room:
        rotation, shown = 0, True
    else:
        rotation, shown = 90, line + ROOM_PT <= room
    inside = rotation == 90 and all(_inside_fits(frame, v) for v in labels)
    for v in labels:
        text, v.inside = v.text, inside
        text.set_visible(shown)
        text.set_rotation(rotation)
        text.set_in_layout(False)
        step = -3.0 if inside else v.pad
        text.xyann = (step * v.sign, 0) if sideways else (0, step * v.sign)
        away = (v.sign > 0) != inside  # the text runs up (or right) from its anchor
        if sideways:
            text.set_horizontalalignment("left" if away else "right")
            text.set_verticalalignment("center")
        else:
            text.set_horizontalalignment("center")
            text.set_verticalalignment("bottom" if away else "top")
        text.set_color("white" if inside and dark(v.fill or "#ffffff") else INK)


def _inside_fits(frame: Frame, label: ValueLabel) -> bool:
    """Whether a bar is long enough to hold its label, upright, inside its end."""
    if label.fill is None:
        return False
    length = abs(_px(frame, label.value) - _px(frame, label.base))
    return text_size(frame.fig, label.text.get_text())[0] + 6 <= length


def _fit_centred(frame: Frame, label: ValueLabel, across: float) -> None:
    """A stacked segment's label stays only if it fits inside the segment."""
    width, height = text_size(frame.fig, label.text.get_text())
    length = abs(_px(frame, label.value) - _px(frame, label.base))
    thick = label.bar * across
    along, side = (width, height) if frame.block.sideways else (height, width)
    label.text.set_in_layout(False)
    label.text.set_visible(along + ROOM_PT <= length and side + 1 <= thick)


def _make_room(frame: Frame, labels: list[ValueLabel]) -> None:
    """Grow the value axis so that labels beyond their bars stay inside the plot."""
    ax, fig = frame.ax, frame.fig
    axis = frame.value_axis
    log = axis.get_scale() == "log"

    def f(v: float) -> float:
        return math.log10(v) if log else v

    for _ in range(2):
        r = renderer(fig)
        box = ax.get_window_extent(r)
        span = box.width if axis is ax.xaxis else box.height
        low, high = axis.get_view_interval()
        top, bottom = f(high), f(low)
        for v in labels:
            extent = v.text.get_window_extent(r)
            anchor = _px(frame, v.value)
            beyond = (
                (extent.x1 if v.sign > 0 else -extent.x0)
                if axis is ax.xaxis
                else (extent.y1 if v.sign > 0 else -extent.y0)
            ) - anchor * v.sign
            share = span / max(span - beyond - PAD, span * 0.3)
            if v.sign > 0:
                top = max(top, f(low) + (f(v.value) - f(low)) * share)
            else:
                bottom = min(bottom, f(high) - (f(high) - f(v.value)) * share)
        limits = (10**bottom, 10**top) if log else (bottom, top)
        if limits == (low, high):
            return
        (ax.set_xlim if axis is ax.xaxis else ax.set_ylim)(*limits)


PAD = 2.0  # between a value label and the plot's edge


def fit_direct_labels(frame: Frame) -> None:
    """Spread the names at the lines' ends apart, each as near its line's end as may be."""
    if not frame.direct_labels:
        return
    fig, ax = frame.fig, frame.ax
    fig.draw_without_rendering()
    box = ax.get_window_extent(renderer(fig))
    pitch = ink_height(fig, [t.get_text() for t, _ in frame.direct_labels]) + ROOM_PT
    if len(frame.direct_labels) * pitch > box.height:  # too many names for the plot's height
        for text, _ in frame.direct_labels:
            text.remove()
        frame.direct_labels.clear()
        place_legend(frame, where="top")
        return
    ends = sorted(
        (ax.transData.transform((0, value))[1], i)
        for i, (_, value) in enumerate(frame.direct_labels)
    )
    wanted = [y for y, _ in ends]
    placed = list(wanted)
    for i in range(1, len(placed)):  # upwards: each clear of the one below
        placed[i] = max(placed[i], placed[i - 1] + pitch)
    placed[-1] = min(placed[-1], box.y1)
    for i in range(len(placed) - 2, -1, -1):  # then down from the top, within the plot
        placed[i] = min(placed[i], placed[i + 1] - pitch)
    for (y, i), at in zip(ends, placed, strict=True):
        frame.direct_labels[i][0].xyann = (4, at - y)


# Where a point's label may go, nearest first: (dx, dy, horizontal, vertical alignment).
AROUND = [
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
    (0.7, 0.7, "left", "bottom"),
    (-0.7, 0.7, "right", "bottom"),
    (0.7, -0.7, "left", "top"),
    (-0.7, -0.7, "right", "top"),
]


def place_point_labels(frame: Frame) -> None:
    """Put each named point's label clear of the others, inside the plot; a label with
    no such place is left out."""
    if not frame.point_labels:
        return
    fig, ax = frame.fig, frame.ax
    fig.draw_without_rendering()
    r = renderer(fig)
    points = _points(ax)
    placed: list[Any] = [t.get_window_extent(r) for t in ax.texts if _fixed(frame, t)]
    for text, x, y, radius in frame.point_labels:
        best = _best_place(frame, text, ax.transData.transform((x, y)), radius, placed, points)
        if best is None:
            text.set_visible(False)
            continue
        (dx, dy, ha, va), box = best
        text.xyann = (dx, dy)
        text.set_horizontalalignment(ha)
        text.set_verticalalignment(va)
        text.set_in_layout(False)
        placed.append(box)
        if math.hypot(dx, dy) > radius + 4:  # a thin line from the point to its label
            ax.annotate(
                "",
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                arrowprops={"arrowstyle": "-", "color": SOFT_INK, "lw": 0.5, "shrinkB": radius},
                annotation_clip=False,
            )


def _best_place(
    frame: Frame, text: Any, anchor: Any, radius: float, placed: list[Any], points: Any
) -> tuple[tuple[float, float, str, str], Any] | None:
    from matplotlib.transforms import Bbox

    fig, ax = frame.fig, frame.ax
    plot = ax.get_window_extent(renderer(fig))
    width, height = text_size(fig, text.get_text())
    best = None
    for distance in (radius + 2, radius + 9, radius + 18):
        for dx, dy, ha, va in AROUND:
            ox, oy = dx * distance, dy * distance
            x0 = anchor[0] + ox - {"left": 0, "center": width / 2, "right": width}[ha]
            y0 = anchor[1] + oy - {"bottom": 0, "center": height / 2, "top": height}[va]
            box = Bbox.from_bounds(x0, y0, width, height)
            if not (
                plot.x0 <= box.x0 and box.x1 <= plot.x1 and plot.y0 <= box.y0 and box.y1 <= plot.y1
            ):
                continue
            if any(close(box, other, ROOM_PT) for other in placed):
                continue
            covered = sum(
                box.x0 - 1 <= px <= box.x1 + 1 and box.y0 - 1 <= py <= box.y1 + 1
                for px, py in points
            )
            score = (covered, distance)
            if best is None or score < best[0]:
                best = (score, ((ox, oy, ha, va), box))
        if best is not None and best[0][0] == 0:
            break
    return best[1] if best is not None else None


def _points(ax: Any) -> list[tuple[float, float]]:
    """Every scatter point's centre, in points on the figure."""
    found = []
    for collection in ax.collections:
        offsets = collection.get_offsets()
        if len(offsets):
            found += [tuple(p) for p in ax.transData.transform(offsets)]
    return found


def _fixed(frame: Frame, text: Any) -> bool:
    """Texts inside the plot that point labels must keep clear of (not the labels)."""
    return text.get_visible() and all(text is not t for t, *_ in frame.point_labels)


def _px(frame: Frame, value: float) -> float:
    """Where `value` lies along the value axis, in points on the figure."""
    ax = frame.ax
    if frame.block.sideways:
        return float(ax.transData.transform((value, 0))[0])
    return float(ax.transData.transform((0, value))[1])


def _px_per_unit(frame: Frame) -> float:
    """Points per data unit across the categories."""
    ax = frame.ax
    a, b = ax.transData.transform((0, 0)), ax.transData.transform((1, 1))
    return float(abs(b[1] - a[1]) if frame.block.sideways else abs(b[0] - a[0]))
