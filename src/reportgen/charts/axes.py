"""Chart axes that read well: scales, numbers like the tables', ticks that never overlap.

Part of the drawing code (charts.draw): matplotlib is imported only inside functions.
"""

from __future__ import annotations

from typing import Any

from .boxes import GAP_PT, crowded, ink_box, renderer, shown_ticks
from .frame import Frame
from .numbers import Numbers

# Log-axis ticks per decade, from most to fewest: every digit (for ranges within about a
# decade), 1-2-5, powers of ten; after those, every few powers of ten.
LOG_SUBS = (tuple(float(d) for d in range(1, 10)), (1.0, 2.0, 5.0), (1.0,))


def set_scales(frame: Frame) -> None:
    """Log scales where asked; every numeric axis's ticks in its number format."""
    block, ax = frame.block, frame.ax
    if block.kind == "timeline":
        return
    value_log = block.y_scale == "log"
    if value_log:
        _log(ax, frame.value_axis, frame.log_subs)
    frame.value_axis.set_major_formatter(axis_numbers(frame.numbers, value_log))
    if frame.x_numbers is not None:
        if block.x_scale == "log":
            _log(ax, ax.xaxis, frame.log_subs)
        ax.xaxis.set_major_formatter(axis_numbers(frame.x_numbers, block.x_scale == "log"))


def _log(ax: Any, axis: Any, log_subs: dict[str, int]) -> None:
    from matplotlib.ticker import LogLocator, NullFormatter, NullLocator

    (ax.set_xscale if axis is ax.xaxis else ax.set_yscale)("log")
    low, high = ax.dataLim.intervalx if axis is ax.xaxis else ax.dataLim.intervaly
    step = 0 if low > 0 and high / low < 12 else 1  # within a decade: every digit
    log_subs[axis.axis_name] = step
    axis.set_major_locator(LogLocator(base=10, subs=LOG_SUBS[step]))
    axis.set_minor_locator(NullLocator())
    axis.set_minor_formatter(NullFormatter())


def axis_numbers(numbers: Numbers, log: bool = False) -> Any:
    """A tick formatter showing an axis's numbers as `numbers` says."""
    from matplotlib.ticker import Formatter

    class AxisNumbers(Formatter):
        def format_ticks(self, values: Any) -> list[str]:
            view = tuple(self.axis.get_view_interval()) if self.axis is not None else None
            return numbers.ticks([float(v) for v in values], log, view)

        def __call__(self, x: float, pos: int | None = None) -> str:
            return numbers.ticks([float(x)], log)[0]

    return AxisNumbers()


def thin_ticks(frame: Frame, axis: Any) -> bool:
    """Fewer ticks on a numeric or date axis until no two labels are within GAP_PT:
    fewer, rounder steps; on a log axis fewer ticks per decade, then fewer decades.
    Returns whether any were dropped."""
    from matplotlib.dates import AutoDateFormatter, AutoDateLocator, DateLocator
    from matplotlib.ticker import LogLocator, MaxNLocator

    fig = frame.fig
    first = frame.locators.setdefault(
        axis.axis_name, (axis.get_major_locator(), axis.get_major_formatter())
    )
    axis.set_major_locator(first[0])  # from the start: the plot's size may have changed
    axis.set_major_formatter(first[1])
    step = frame.log_subs.get(axis.axis_name, 1)
    for attempt in range(12):
        axis.get_tightbbox(renderer(fig))  # places the ticks and their labels
        boxes = [ink_box(t, renderer(fig)) for t in shown_ticks(axis)]
        if not crowded(boxes):
            return attempt > 0
        locator = axis.get_major_locator()
        if isinstance(locator, LogLocator):
            step += 1
            if step < len(LOG_SUBS):
                axis.set_major_locator(LogLocator(base=10, subs=LOG_SUBS[step]))
            else:
                ticks = max(len(boxes) - 1, 2)
                axis.set_major_locator(LogLocator(base=10, subs=(1.0,), numticks=ticks))
        elif isinstance(locator, DateLocator):
            locator = AutoDateLocator(minticks=2, maxticks=max(len(boxes) - 2, 2))  # type: ignore[no-untyped-call]
            axis.set_major_locator(locator)
            axis.set_major_formatter(AutoDateFormatter(locator))  # type: ignore[no-untyped-call]
        else:
            axis.set_major_locator(MaxNLocator(nbins=max(len(boxes) - 2, 1)))
    return True


__all__ = ["GAP_PT", "axis_numbers", "set_scales", "shown_ticks", "thin_ticks"]
