"""Charts: draw a chart's series with matplotlib as SVG, cached by a hash of what it shows.

matplotlib is imported only when a chart must actually be drawn; an unchanged
chart is read back from the cache. Text is drawn as paths in the theme's
font, so the SVG looks the same in a browser and in the PDF and needs no
font of its own; the chart's words reach readers through its alt text.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import re
import textwrap
from collections.abc import Iterator, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .fonts import font_dir
from .model import ChartBlock, ChartData
from .write import atomic_write

# Series colours per theme, from the theme's palette (accent first).
PALETTES: dict[str, list[str]] = {
    "default": ["#1f3a5f", "#9aa9bb", "#8a1020", "#5b8db8", "#c9a227", "#4f5660"],
    "civic": ["#0b5563", "#9fbfc2", "#b34700", "#3d7ea6", "#d4a017", "#55606b"],
}
TEXT_WIDTH_IN = 6.9  # the PDF's text block: letter width less 2 x 20 mm
FONT = "Fira Sans"
CHART_FONT_STYLES = ("Regular", "Bold")
PLACEHOLDER = (
    "data:image/svg+xml;base64,"
    + base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>').decode()
)


_CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def chart_key(block: ChartBlock, data: ChartData, palette: list[str]) -> str:
    """A hash of everything that changes a chart's pixels."""
    spec = {
        "block": block.model_dump(exclude={"cite", "notes", "caption", "alt"}),
        "data": data.model_dump(),
        "palette": palette,
        "matplotlib": version("matplotlib"),
        "code": _CODE_HASH,  # a change to how charts are drawn redraws them
        "font": version("fontpkg-fira-sans"),
    }
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:32]


class ChartImages(Mapping[str, str]):
    """Chart images by chart id, as templates see them.

    Each chart's cache file is named by its key, so its address is known before
    it is drawn. In `file` mode templates get those file URLs (the print
    document, which WeasyPrint can start laying out while the charts are drawn
    elsewhere); `inline` then swaps them for data URIs in the HTML edition.
    In `data` mode templates get data URIs directly (drawing on demand); with
    `draw=False` (validation, template checks) every chart is a 1x1 placeholder,
    so checking templates never imports matplotlib.
    """

    def __init__(
        self,
        blocks: Mapping[str, ChartBlock],
        data: Mapping[str, ChartData],
        palette: list[str],
        cache_dir: Path | None,
        draw: bool = True,
        mode: str = "data",
    ) -> None:
        self.blocks = blocks
        self.data = data
        self.palette = palette
        self.cache_dir = cache_dir.resolve() if cache_dir else None
        self.draw = draw
        self.mode = mode
        self.key_of = {cid: chart_key(blocks[cid], data[cid], palette) for cid in blocks}
        self.drawn: list[str] = []  # ids drawn by matplotlib in this build (not cached)
        self._uris: dict[str, str] = {}  # data URIs made so far: each SVG read once

    def __getitem__(self, chart_id: str) -> str:
        if not self.draw:
            return PLACEHOLDER
        if self.mode == "file":
            return self.path(chart_id).as_uri()
        return self.data_uri(chart_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)

    def path(self, chart_id: str) -> Path:
        """Where the chart's SVG is cached (it may not be drawn yet)."""
        if self.cache_dir is None:
            raise ValueError("charts have no cache folder")
        return self.cache_dir / f"{self.key_of[chart_id]}.svg"

    def frame(self, chart_id: str) -> str:
        """The chart's frame (see chart_frame), known before it is drawn."""
        return chart_frame(self.blocks[chart_id], self.data[chart_id])

    def missing(self) -> list[str]:
        """Ids of the charts not in the cache."""
        return [cid for cid in self.blocks if not self.path(cid).is_file()]

    def draw_missing(self) -> list[str]:
        """Draw every chart not in the cache; return their ids."""
        todo = self.missing()
        for chart_id in todo:
            self.svg(chart_id)
        return todo

    def svg(self, chart_id: str) -> bytes:
        """The chart's SVG, from the cache when its key is there."""
        cached = self.path(chart_id) if self.cache_dir else None
        if cached and cached.is_file():
            return cached.read_bytes()
        svg = draw_chart(self.blocks[chart_id], self.data[chart_id], self.palette)
        self.drawn.append(chart_id)
        if cached:
            atomic_write(cached, svg)
        return svg

    def data_uri(self, chart_id: str) -> str:
        """The chart as a data URI (read and encoded once, however many outputs use it)."""
        if chart_id not in self._uris:
            svg = base64.b64encode(self.svg(chart_id)).decode()
            self._uris[chart_id] = "data:image/svg+xml;base64," + svg
        return self._uris[chart_id]

    def inline(self, html: str) -> str:
        """Swap every chart file URL in `html` for the chart's data URI."""
        for chart_id in self.blocks:
            url = self.path(chart_id).as_uri()
            if url in html:
                html = html.replace(url, self.data_uri(chart_id))
        return html


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
    # The root's size attributes are exactly those of chart_frame(), which layout
    # uses while the chart is still being drawn.
    width, height = _frame_size(block, data)
    size = f'width="{width}pt" height="{height}pt" viewBox="0 0 {width} {height}"'
    return _ROOT_SIZE.sub(size, out.getvalue().decode(), count=1).encode()


_ROOT_SIZE = re.compile(r'width="[^"]*" height="[^"]*" viewBox="[^"]*"')


def chart_frame(block: ChartBlock, data: ChartData) -> str:
    """An empty SVG the size of the chart: what laying out a page needs before it is drawn."""
    width, height = _frame_size(block, data)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" '
        f'viewBox="0 0 {width} {height}"/>'
    )


def _frame_size(block: ChartBlock, data: ChartData) -> tuple[str, str]:
    """The chart's width and height in points, written as matplotlib writes them."""
    return _points(TEXT_WIDTH_IN * 72), _points(_height(block, data) * 72)


def _points(value: float) -> str:
    return f"{value:f}".rstrip("0").rstrip(".")


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
