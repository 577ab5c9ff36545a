"""Fitting a drawn chart's texts: the plot sized to leave room for every label, category
names wrapped, turned or thinned, axis numbers thinned, labels placed, then the last
check that no two texts touch (boxes.clear_collisions)."""

from __future__ import annotations

import math
from typing import Any

from .axes import thin_ticks
from .boxes import ROOM_PT, clear_collisions, ink_height, line_height, renderer, text_size
from .frame import Frame
from .labels import fit_direct_labels, fit_value_labels, place_point_labels
from .legend import fit_legend

PAD_PT = 3.0  # between the chart's outermost text and its edge
SIDE_SHARE = 0.42  # the most of a chart's width category names down the side may take


def fit(frame: Frame) -> None:
    """Lay the chart out until its choices settle, then place the labels and check."""
    fit_categories(frame)
    state = None
    for _ in range(6):
        fit_axes(frame)
        fit_legend(frame)
        fit_categories(frame)
        for axis in _numeric_axes(frame):
            thin_ticks(frame, axis)
        fit_value_labels(frame)
        fit_direct_labels(frame)
        now = _state(frame)
        if now == state:
            break
        state = now
    place_point_labels(frame)
    clear_collisions(frame)


def fit_axes(frame: Frame) -> None:
    """Size the plot so that everything around it (numbers, names, legend, title) fits
    inside the figure, PAD_PT from its edges."""
    fig, ax = frame.fig, frame.ax
    for _ in range(3):
        r = renderer(fig)
        tight, box = ax.get_tightbbox(r), ax.get_window_extent(r)
        width, height = fig.bbox.width, fig.bbox.height
        left = box.x0 - tight.x0 + PAD_PT
        bottom = box.y0 - tight.y0 + PAD_PT
        right = tight.x1 - box.x1 + PAD_PT
        top = tight.y1 - box.y1 + PAD_PT
        w = max(width - left - right, width * 0.2)
        h = max(height - bottom - top, height * 0.2)
        moved = abs(box.x0 - left) + abs(box.y0 - bottom) + abs(box.width - w) + abs(box.height - h)
        if moved < 0.2:
            return
        ax.set_position([left / width, bottom / height, w / width, h / height])


def fit_categories(frame: Frame) -> None:
    """Name every category if the names fit: down the side each on its line (wrapped or
    shortened to SIDE_SHARE of the width); along the bottom level, wrapped to their
    slot, or turned upright; else name every step-th one."""
    axis = frame.category_axis
    if axis is None:
        return
    fig, ax = frame.fig, frame.ax
    names = frame.categories
    box = ax.get_window_extent(renderer(fig))
    sideways = axis is ax.yaxis
    pitch = (box.height if sideways else box.width) / len(names)
    line, ink = line_height(fig), ink_height(fig, names)
    rotation = 0
    if sideways:
        budget = fig.bbox.width * (0.5 if frame.block.kind == "timeline" else SIDE_SHARE)
        step = math.ceil((ink + ROOM_PT) / pitch - 1e-9)
        lines = 2 if pitch * step >= 2 * line + ROOM_PT else 1
        texts = [wrap(fig, name, budget, lines) for name in names]
        rows = max(t.count("\n") + 1 for t in texts)
        tall = ink if rows == 1 else rows * line  # names of several lines: their line boxes
        step = math.ceil((tall + ROOM_PT) / pitch - 1e-9)
    else:
        widest = max(text_size(fig, name)[0] for name in names)
        flat = math.ceil((widest + ROOM_PT) / pitch - 1e-9)
        upright = math.ceil((ink + ROOM_PT) / pitch - 1e-9)
        texts, step = list(names), flat
        if flat > 1:
            wrapped = [wrap(fig, name, pitch - ROOM_PT, 3, shorten=False) for name in names]
            if all(wrapped) and _fits(fig, wrapped, pitch):
                texts, step = [str(w) for w in wrapped], 1
            elif not _numbers(names):  # names read upright rather than go missing
                rotation, step = 90, upright
                texts = [wrap(fig, name, fig.bbox.height * 0.35, 1) for name in names]
    positions = list(range(len(names)))
    axis.set_ticks(positions[::step], texts[::step])
    for label in axis.get_majorticklabels():
        label.set_rotation(rotation)
        label.set_rotation_mode("default")


def wrap(fig: Any, text: str, width: float, lines: int, shorten: bool = True) -> str:
    """`text` broken between words into at most `lines` lines no wider than `width`
    points; what does not fit is cut with an ellipsis (or, without `shorten`, '')."""
    if text_size(fig, text)[0] <= width:
        return text
    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if current and text_size(fig, trial)[0] > width:
            out.append(current)
            current = word
        else:
            current = trial
    out.append(current)
    if len(out) <= lines and all(text_size(fig, part)[0] <= width for part in out):
        return "\n".join(out)
    if not shorten:
        return ""
    kept = out[:lines]
    last = " ".join([kept[-1], *out[lines:]])
    while last and text_size(fig, last + "\u2026")[0] > width:
        last = last[:-1].rstrip()
    kept[-1] = last + "\u2026"
    return "\n".join(kept)


def _fits(fig: Any, texts: list[str], pitch: float) -> bool:
    """Wrapped names fit their slots, and take no more than a third of the chart's height."""
    tallest = max(text_size(fig, t)[1] for t in texts)
    return tallest <= fig.bbox.height / 3 and all(
        text_size(fig, t)[0] + ROOM_PT <= pitch for t in texts
    )


def _numbers(names: list[str]) -> bool:
    """Category names that are numbers or years: naming every few of them loses nothing."""
    return all(n.replace(",", "").replace(".", "").replace("-", "").isdigit() for n in names if n)


def _numeric_axes(frame: Frame) -> list[Any]:
    return [a for a in (frame.ax.xaxis, frame.ax.yaxis) if a is not frame.category_axis]


def _state(frame: Frame) -> tuple[Any, ...]:
    """What layout decided: the plot's box, the ticks named, the labels shown."""
    ax = frame.ax
    position = tuple(round(v, 3) for v in ax.get_position().bounds)
    ticks = tuple(
        (tuple(axis.get_majorticklocs()), tuple(t.get_text() for t in axis.get_majorticklabels()))
        for axis in (ax.xaxis, ax.yaxis)
    )
    shown = tuple((v.text.get_visible(), v.text.get_rotation()) for v in frame.value_labels)
    return position, ticks, shown, ax.get_xlim(), ax.get_ylim()
