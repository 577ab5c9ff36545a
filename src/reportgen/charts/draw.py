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

from ..model import MARKER_LIMIT, VALUE_LABEL_LIMIT, ChartBlock, ChartData
from ..themes import FAMILIES, font_dir
from .axes import axis_numbers, thin_ticks

TEXT_WIDTH_IN = 6.9  # the PDF's text block: letter width less 2 x 20 mm
COLUMN_GAP_IN = 0.25  # between the columns of a two-column layout
FONT = "Fira Sans"


def chart_width(block: ChartBlock) -> float:
    """The width a chart is drawn at (inches): the text block, or one of two columns."""
    return TEXT_WIDTH_IN if block.size == "full" else (TEXT_WIDTH_IN - COLUMN_GAP_IN) / 2


def draw_chart(
    block: ChartBlock, data: ChartData, palette: list[str], font: str | None = None
) -> bytes:
    """Draw one chart with matplotlib and return deterministic SVG bytes; its text is in
    `font` (the house style's heading font) when given, else Fira Sans."""
    import matplotlib

    with matplotlib.rc_context(_style(font)):
        fig = _figure(block, data, palette)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def chart_figure(
    block: ChartBlock, data: ChartData, palette: list[str], font: str | None = None
) -> Any:
    """The matplotlib Figure draw_chart saves, laid out (for checking what it shows)."""
    import matplotlib

    with matplotlib.rc_context(_style(font)):
        return _figure(block, data, palette)


def _style(font: str | None) -> Any:
    family = font or FONT
    _register_fonts(family)
    return {
        "svg.fonttype": "path",
        "svg.hashsalt": "reportgen",  # stable ids inside the SVG
        "text.parse_math": False,  # labels are data: "$300 to $500" is not TeX
        "font.family": [family, FONT, "DejaVu Sans"],
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


def _figure(block: ChartBlock, data: ChartData, palette: list[str]) -> Any:
    from matplotlib.figure import Figure

    width = chart_width(block)
    fig = Figure(figsize=(width, _height(block, data, width)))
    ax = fig.add_subplot()
    DRAW[block.kind](ax, block, data, palette)
    if block.kind != "timeline":
        value_axis = ax.xaxis if block.horizontal else ax.yaxis
        value_axis.set_major_formatter(axis_numbers(block.y_format))
    if block.title:
        ax.set_title(block.title)
    if block.x_label:
        ax.set_xlabel(block.x_label)
    if block.y_label:
        ax.set_ylabel(block.y_label)
    fig.tight_layout()
    if block.kind != "timeline" and thin_ticks(fig, ax, ax.yaxis if block.horizontal else ax.xaxis):
        fig.tight_layout()  # the labels left take less room
    return fig


def _height(block: ChartBlock, data: ChartData, width: float) -> float:
    if block.kind == "timeline":
        return 0.9 + 0.32 * len(data.x)
    if block.horizontal:
        return 0.9 + 0.45 * len(data.x) + (0.3 if len(block.y) > 1 else 0)
    if block.aspect:
        return width / block.aspect
    return 2.8 if block.size == "full" else width / 1.5


_registered: set[str] = set()


def _register_fonts(family: str) -> None:
    """Make a family reportgen ships known to matplotlib (once per process); any other
    family is looked up among the machine's fonts."""
    from matplotlib import font_manager

    for name in {FONT, family}:
        if name in _registered or name not in FAMILIES:
            continue
        package, faces = FAMILIES[name]
        folder = font_dir(package)
        # Only the styles charts use: each file registered costs time in every process.
        for face in faces if folder is not None else ():
            if face.style == "normal" and face.weight in ("400", "700"):
                font_manager.fontManager.addfont(str(folder / face.file))  # type: ignore[operator]
        _registered.add(name)


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
        labelled = block.labels
        if labelled is None:
            labelled = len(data.x) * (1 if stacked else count) <= VALUE_LABEL_LIMIT
        if labelled:
            ax.bar_label(
                bars,
                labels=[_number(v, block.y_format, _places(values)) for v in values],
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


def _places(values: list[float | None]) -> int:
    """One decimal for a whole series when any value needs it, else none."""
    return 0 if all(v is None or float(v).is_integer() for v in values) else 1


def _number(value: float | None, y_format: str = "number", places: int = 0) -> str:
    if value is None:
        return ""
    return f"{value:,.{places}f}" + ("%" if y_format == "percent" else "")


def _line(ax: Any, block: ChartBlock, data: ChartData, palette: list[str]) -> None:
    xs: list[Any] = (
        [_as_date(x) for x in data.x]
        if _is_date(data.x[0])
        else [float(x.replace(",", "")) for x in data.x]
    )
    marked = block.markers if block.markers is not None else len(xs) <= MARKER_LIMIT
    for i, (name, values) in enumerate(data.series.items()):
        ax.plot(
            xs,
            [float("nan") if v is None else v for v in values],
            marker="o" if marked else None,
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
