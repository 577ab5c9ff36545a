"""Stacked bars: each category's series one on another, their values in the segments."""

from __future__ import annotations

from ..frame import Frame
from .bar import draw_bars

NAME = "stacked_bar"


def draw(frame: Frame) -> None:
    draw_bars(frame, stacked=True)
