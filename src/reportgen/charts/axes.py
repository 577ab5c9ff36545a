"""Chart axes that read well: numbers like the tables', tick labels that never overlap.

Part of the drawing code (charts.draw): matplotlib is imported only inside functions.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

TICK_GAP_PT = 4.0  # the least space between two tick labels


def axis_numbers(y_format: str) -> Any:
    """A tick formatter for the value axis (see _AxisNumbers)."""
    return _AxisNumbers(y_format)


class _AxisNumbers:
    """Axis numbers as the tables show them: thousands separators, as few decimals as the
    tick spacing needs, and a % sign for percent charts."""

    def __new__(cls, y_format: str) -> Any:
        from matplotlib.ticker import Formatter

        class AxisNumbers(Formatter):
            places = 0

            def format_ticks(self, values: Any) -> list[str]:
                ticks = sorted(float(v) for v in values)
                step = min((b - a for a, b in itertools.pairwise(ticks) if b > a), default=1.0)
                self.places = min(max(0, -math.floor(math.log10(step) + 1e-9)), 6)
                return [self(v) for v in values]

            def __call__(self, x: float, pos: int | None = None) -> str:
                text = f"{x:,.{self.places}f}".replace("-", "\u2212")
                return text + ("%" if y_format == "percent" else "")

        return AxisNumbers()


def thin_ticks(fig: Any, ax: Any, axis: Any) -> bool:
    """Drop tick labels until no two overlap: every k-th category, or fewer ticks;
    return whether any were dropped."""
    from matplotlib.dates import AutoDateFormatter, AutoDateLocator, DateLocator
    from matplotlib.ticker import FixedLocator, MaxNLocator

    horizontal = axis is ax.xaxis
    fig.draw_without_rendering()
    categorical = isinstance(axis.get_major_locator(), FixedLocator)
    dates = isinstance(axis.get_major_locator(), DateLocator)
    ticks = list(axis.get_majorticklocs())
    names = [t.get_text() for t in axis.get_majorticklabels()]
    for step in range(1, max(len(ticks), 1) + 1):
        boxes = [
            t.get_window_extent()
            for t in axis.get_majorticklabels()
            if t.get_visible() and t.get_text() and _inside(ax, axis, t.get_position())
        ]
        gap = TICK_GAP_PT * fig.dpi / 72
        if not _overlap(boxes, horizontal, gap):
            return step > 1
        if categorical:
            axis.set_ticks(ticks[:: step + 1], names[:: step + 1])
        elif dates:  # fewer dates, still on whole years, months or days
            locator = AutoDateLocator(minticks=2, maxticks=max(len(boxes) - 2, 2))  # type: ignore[no-untyped-call]
            axis.set_major_locator(locator)
            axis.set_major_formatter(AutoDateFormatter(locator))  # type: ignore[no-untyped-call]
        else:
            axis.set_major_locator(MaxNLocator(nbins=max(len(boxes) - 2, 1)))
        fig.draw_without_rendering()
    return True


def _inside(ax: Any, axis: Any, position: tuple[float, float]) -> bool:
    low, high = sorted(ax.get_xlim() if axis is ax.xaxis else ax.get_ylim())
    value = position[0] if axis is ax.xaxis else position[1]
    return bool(low - 1e-9 <= value <= high + 1e-9)


def _overlap(boxes: list[Any], horizontal: bool, gap: float) -> bool:
    spans = sorted((b.x0, b.x1) if horizontal else (b.y0, b.y1) for b in boxes)
    return any(nxt[0] < cur[1] + gap for cur, nxt in itertools.pairwise(spans))
