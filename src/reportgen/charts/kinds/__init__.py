"""The chart kinds, one module each, registered here: drawing dispatches through KINDS.

A kind module has NAME (its `kind:` in a chart spec, one of model.CHART_KINDS) and
`draw(frame)`, which draws the chart's marks on `frame.ax` and records its texts in
the frame for layout to fit. A new kind is a new module listed below, the name
added to model.ChartKind (a test keeps the two in step), and its docs.
"""

from __future__ import annotations

from collections.abc import Callable

from ..frame import Frame
from . import bar, dot, line, lollipop, scatter, stacked_bar, timeline

KINDS: dict[str, Callable[[Frame], None]] = {
    module.NAME: module.draw
    for module in (bar, stacked_bar, line, timeline, scatter, dot, lollipop)
}
