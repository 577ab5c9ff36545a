"""Drawing one chart with matplotlib: deterministic SVG, text as paths in the theme's font.

matplotlib is imported only here, and only when a chart must actually be drawn.
Text is drawn as paths, so the SVG looks the same in a browser and in the PDF
and needs no font of its own; the chart's words reach readers through its alt text.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from typing import Any

from ..model import ChartBlock, ChartData
from ..themes import font_dir

TEXT_WIDTH_IN = 6.9  # the PDF's text block: letter width less 2 x 20 mm
FONT = "Fira Sans"
CHART_FONT_STYLES = ("Regular", "Bold")


def draw_chart(block: ChartBlock, data: ChartData, palette: list[str]) -> bytes:
    """Draw one chart with matplotlib and return deterministic SVG bytes."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

    _register_fonts()
    style: dict[RcKeyType, Any] = {
        "svg.fonttype": "path",
        "svg.hashsalt": "reportgen",  # stable ids inside the SVG
        "text.parse_math": False,  # labels are data: "$300 to $500" is not TeX
        "font.family": [FONT, "DejaVu Sans"],
        "font.size": 8,
        "axes.edgecolor": "#4f5660",
        "axes.labelcolor": "#1b1b1b",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 9.5,
        "axes.titlelocation": "left",
        "xtick.color": "#4f5660",
        "ytick.color": "#4f5660",
        "legend.frameon": False,
    }
    with matplotlib.rc_context(style):
        fig = Figure(figsize=(TEXT_WIDTH_IN, _height(block, data)))
        ax = fig.add_subplot()
        DRAW[block.kind](ax, block, data, palette)
        if block.title:
            ax.set_title(block.title)
        if block.x_label:
            ax.set_xlabel(block.x_label)
        if block.y_label:
            ax.set_ylabel(block.y_label)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def _height(block: ChartBlock, data: ChartData) -> float:
    if block.kind == "timeline":
        return 0.9 + 0.32 * len(data.x)
    if block.horizontal:
        return 0.9 + 0.45 * len(data.x) + (0.3 if len(block.y) > 1 else 0)
    return 2.8


_registered = False


def _register_fonts() -> None:
    """Make the theme's font known to matplotlib (once per process)."""
    global _registered
    if _registered:
        return
    from matplotlib import font_manager

    folder = font_dir("fontpkg_fira_sans")
    # Only the styles charts use: each file registered costs time in every drawing process.
    if folder is not None:
        for style in CHART_FONT_STYLES:
            font_manager.fontManager.addfont(str(folder / f"FiraSans-{style}.ttf"))
    _registered = True


def _values(values: list[float | None]) -> list[float]:
    return [0.0 if v is None else v for v in values]


def _bars(ax: Any, block: ChartBlock, data: ChartData, palette: list[str], stacked: bool) -> None:
    positions = list(range(len(data.x)))
    count = len(data.series)
    width = 0.6 if stacked or count == 1 else 0.8 / count
    base = [0.0] * len(positions)
    for i, (name, values) in enumerate(data.series.items()):
        shift = 0.0 if stacked or count == 1 else (i - (count - 1) / 2) * width
        where = [p + shift for p in positions]
        heights = _values(values)
        kwargs = {"color": palette[i % len(palette)], "label": name}
        if block.horizontal:
            bars = ax.barh(where, heights, height=width, left=base if stacked else None, **kwargs)
        else:
            bars = ax.bar(where, heights, width=width, bottom=base if stacked else None, **kwargs)
        ax.bar_label(
            bars,
            labels=[_number(v) for v in values],
            label_type="center" if stacked else "edge",
            color="white" if stacked and i == 0 else "#1b1b1b",
            padding=0 if stacked else 2,
        )
        if stacked:
            base = [b + h for b, h in zip(base, heights, strict=True)]
    labels = [textwrap.fill(x, 28) for x in data.x]
    if block.horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
    else:
        ax.set_xticks(positions, labels)
    if count > 1:  # above the plot, clear of tick and axis labels
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=min(count, 4), borderaxespad=0.3)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _line(ax: Any, block: ChartBlock, data: ChartData, palette: list[str]) -> None:
    xs: list[Any] = (
        [_as_date(x) for x in data.x]
        if _is_date(data.x[0])
        else [float(x.replace(",", "")) for x in data.x]
    )
    for i, (name, values) in enumerate(data.series.items()):
        ax.plot(
            xs,
            [float("nan") if v is None else v for v in values],
            marker="o",
            markersize=3,
            linewidth=1.6,
            color=palette[i % len(palette)],
            label=name,
        )
    if len(data.series) > 1:
        ax.legend()
    ax.grid(axis="y", color="#dde2e8", linewidth=0.6)


def _timeline(ax: Any, block: ChartBlock, data: ChartData, palette: list[str]) -> None:
    events = sorted(zip((_as_date(x) for x in data.x), data.x, data.labels, strict=True))
    rows = list(range(len(events)))
    ax.hlines(
        rows, [events[0][0]] * len(rows), [e[0] for e in events], color="#dde2e8", linewidth=0.8
    )
    ax.plot([e[0] for e in events], rows, "o", color=palette[0], markersize=5)
    ax.set_yticks(
        rows, [f"{_short_date(iso)}  {textwrap.shorten(label, 60)}" for _, iso, label in events]
    )
    ax.invert_yaxis()
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#eef1f4", linewidth=0.6)


def _is_date(text: str) -> bool:
    return len(text) >= 4 and text[:4].isdigit() and (len(text) == 4 or text[4] == "-")


def _as_date(iso: str) -> dt.date:
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _short_date(iso: str) -> str:
    date = _as_date(iso)
    return {1: str(date.year), 2: date.strftime("%b %Y")}.get(
        len(iso.split("-")), f"{date.day} {date.strftime('%b %Y')}"
    )


DRAW = {
    "bar": lambda ax, b, d, p: _bars(ax, b, d, p, stacked=False),
    "stacked_bar": lambda ax, b, d, p: _bars(ax, b, d, p, stacked=True),
    "line": _line,
    "timeline": _timeline,
}
