"""A timeline: each event a point at its date, on a line of its own, named beside it."""

from __future__ import annotations

from ..colours import SOFT_INK
from ..frame import Frame
from .common import as_date

NAME = "timeline"


def draw(frame: Frame) -> None:
    data, ax = frame.data, frame.ax
    events = sorted(zip((as_date(x) for x in data.x), data.x, data.labels, strict=True))
    rows = list(range(len(events)))
    ax.hlines(
        rows, [events[0][0]] * len(rows), [e[0] for e in events], color="#dde2e8", linewidth=0.8
    )
    ax.plot([e[0] for e in events], rows, "o", color=frame.colours.accent, markersize=5)
    frame.categories = [f"{_short_date(iso)}  {label}" for _, iso, label in events]
    ax.set_yticks(rows, frame.categories)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0, labelcolor=SOFT_INK)
    ax.grid(axis="x", color="#eef1f4", linewidth=0.6)


def _short_date(iso: str) -> str:
    date = as_date(iso)
    return {1: str(date.year), 2: date.strftime("%b %Y")}.get(
        len(iso.split("-")), f"{date.day} {date.strftime('%b %Y')}"
    )
