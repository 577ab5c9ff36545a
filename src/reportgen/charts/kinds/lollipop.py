"""Lollipops: a ranked value per category, a stem from the axis to a dot, labelled."""

from __future__ import annotations

from ..frame import Frame
from .dot import draw_dots

NAME = "lollipop"


def draw(frame: Frame) -> None:
    draw_dots(frame, stems=True)
