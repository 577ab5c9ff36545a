"""Drawing one chart with matplotlib: deterministic SVG, text as paths in the theme's font.

matplotlib is imported only here (and in the modules this one calls), and only when
a chart must actually be drawn. The chart is drawn at the size it is shown on the
page (model.chart_size), its text at 8 pt; text is drawn as paths, so the SVG looks
the same in a browser and in the PDF and needs no font of its own; the chart's
words reach readers through its alt text.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator
from typing import Any

from ..model import CATEGORY_KINDS, ChartBlock, ChartData, chart_size
from ..model.chartpage import DEFAULT_PAGE, FONT_PT
from ..themes import FAMILIES, font_dir
from .axes import set_scales
from .colours import INK, SOFT_INK, Colours
from .frame import Frame
from .kinds import KINDS
from .layout import fit
from .legend import place_legend
from .numbers import Numbers

FONT = "Fira Sans"


def draw_chart(
    block: ChartBlock,
    data: ChartData,
    palette: list[str],
    font: str | None = None,
    page: str = DEFAULT_PAGE,
) -> bytes:
    """Draw one chart with matplotlib and return deterministic SVG bytes, sized for
    `page`'s text block; its text is in `font` (the house style's heading font) when
    that is installed, else Fira Sans; `palette` is the accent, then series colours."""
    import matplotlib

    with quiet_fonts(), matplotlib.rc_context(_style(font)):
        fig = _figure(block, data, palette, page)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def chart_figure(
    block: ChartBlock,
    data: ChartData,
    palette: list[str],
    font: str | None = None,
    page: str = DEFAULT_PAGE,
) -> Any:
    """The matplotlib Figure draw_chart saves, laid out (for checking what it shows)."""
    import matplotlib

    with quiet_fonts(), matplotlib.rc_context(_style(font)):
        return _figure(block, data, palette, page)


@contextlib.contextmanager
def quiet_fonts() -> Iterator[None]:
    """matplotlib's font messages kept off the terminal: a missing house font is
    validation's warning, given once, at its line in reportgen.yaml."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
            yield
    finally:
        logger.setLevel(level)


def chart_font(font: str | None) -> str:
    """The family charts are drawn in: `font` if matplotlib can find it, else Fira Sans."""
    from matplotlib import font_manager

    family = font or FONT
    _register_fonts(family)
    if family == FONT:
        return family
    try:
        font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        return FONT
    return family


def _style(font: str | None) -> Any:
    with quiet_fonts():
        family = chart_font(font)
    return {
        "svg.fonttype": "path",
        # Text is measured (Agg) as the SVG draws it (outlines): unhinted, at its true width.
        "text.hinting": "no_hinting",
        "svg.hashsalt": "reportgen",  # stable ids inside the SVG
        "text.parse_math": False,  # labels are data: "$300 to $500" is not TeX
        "font.family": [family, FONT, "DejaVu Sans"],
        "font.size": FONT_PT,
        "axes.edgecolor": SOFT_INK,
        "axes.labelcolor": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 9.5,
        "axes.titlelocation": "left",
        "axes.titleweight": "bold",
        "axes.formatter.useoffset": False,
        "xtick.color": SOFT_INK,
        "ytick.color": SOFT_INK,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "legend.frameon": False,
        "legend.fontsize": FONT_PT,
    }


def _figure(block: ChartBlock, data: ChartData, palette: list[str], page: str) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    categories = len(data.x) if block.kind in (*CATEGORY_KINDS, "timeline") else 0
    keys = len(set(data.groups)) if data.groups else len(data.series)
    size = chart_size(block, categories, keys, page)
    fig = Figure(figsize=(size.width, size.height), dpi=72)  # a pixel is a point
    FigureCanvasAgg(fig)  # measures text while laying out; savefig writes the SVG
    frame = Frame(
        fig,
        fig.add_subplot(),
        block,
        data,
        Colours(palette, block),
        size,
        Numbers(block.y_format, block.y_units, block.currency, block.decimals),
        _x_numbers(block, data),
    )
    KINDS[block.kind](frame)
    set_scales(frame)
    if block.title:
        frame.ax.set_title(block.title)
    if block.x_label:
        frame.ax.set_xlabel(block.x_label)
    if block.y_label:
        frame.ax.set_ylabel(block.y_label)
    place_legend(frame)
    fit(frame)
    return fig


def _x_numbers(block: ChartBlock, data: ChartData) -> Numbers | None:
    """How a numeric x axis shows numbers: scatter as `x_format` says (default number),
    a line over numbers as written (years stay 1990) unless `x_format` says."""
    if block.kind == "scatter":
        return Numbers(block.x_format or "number", block.x_units, block.currency)
    if block.kind != "line":
        return None
    years = all(len(x) == 4 and x.isdigit() for x in data.x)
    if not block.x_format and block.x_scale == "linear" and (years or _dates(data.x)):
        return None  # dates: matplotlib's date ticks
    return Numbers(block.x_format or "plain", block.x_units, block.currency)


def _dates(values: list[str]) -> bool:
    return bool(values) and values[0][:4].isdigit() and "-" in values[0][4:5]


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
