"""Where a chart goes on the page: each page size's text block, and a chart's size in it.

Charts are drawn at the size they are shown (their text at 8 pt, the brief's footnote
size), so their size follows the page: the text block is the page less paged.css's
margins. A chart and its caption, source and note lines fit in the text block's
height; a chart that would not is narrowed (keeping its aspect) or, when its
categories run down the side, given less room per category, and when that leaves
too little room for their labels only every `step`-th label is drawn.
Plain arithmetic, shared by validation (its warnings) and drawing (the figure size).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .charts import ChartBlock
from .config import ProjectConfig

PAGES_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
MARGINS_MM = (22.0, 20.0)  # paged.css `@page { margin }`: top and bottom, left and right
DEFAULT_PAGE = "letter"
COLUMN_GAP_IN = 0.25  # between the columns of a two-column layout
FONT_PT = 8.0  # chart text: the brief's footnote size
LINE_PT = 10.0  # one line of chart text's ink (about 7.5 pt) and the least gap to the next
CAPTION_PT = 8.5  # theme.css: figcaption font size
LEGEND_ENTRY_PT = 65.0  # the width of a legend entry, about


@dataclass(frozen=True)
class ChartSize:
    """A chart's drawn size (inches) and what fitting it in the page cost."""

    width: float
    height: float
    room: float  # the tallest the chart may be on this page (inches)
    step: int = 1  # every step-th category label is drawn
    narrowed: bool = False  # narrower than asked, so that it fits the page's height
    pitch: float | None = None  # points per category along the category axis


def text_block(page: str) -> tuple[float, float]:
    """The width and height (inches) of a page size's text block."""
    width, height = PAGES_MM[page]
    return (width - 2 * MARGINS_MM[1]) / 25.4, (height - 2 * MARGINS_MM[0]) / 25.4


def output_pages(config: ProjectConfig) -> dict[str, str]:
    """Each output's page size (its house style's, else the project's, else letter)."""
    return {
        name: output.merged_style(config.style).page_size or DEFAULT_PAGE
        for name, output in config.outputs.items()
    }


def caption_room(block: ChartBlock, width_pt: float) -> float:
    """Points a chart's figure needs besides the chart: margins, caption, source, notes."""
    per_line = width_pt / (CAPTION_PT * 0.52)  # characters of caption text in a line
    caption = math.ceil((len(block.caption) + 12) / per_line)  # "Figure 12. " first
    notes = math.ceil((len(block.notes) + 6) / (per_line * 1.06)) if block.notes else 0
    return 22 + 3.5 + caption * 12.5 + (1 + notes) * 13.0 + 14  # the last: room to spare


def chart_size(block: ChartBlock, categories: int, keys: int, page: str) -> ChartSize:
    """A chart's size on a page: `categories` along its category axis (0 for none), and
    `keys` legend entries (series or groups)."""
    text_width, text_height = text_block(page)
    width = text_width if block.size == "full" else (text_width - COLUMN_GAP_IN) / 2
    room = text_height - caption_room(block, text_width * 72) / 72
    legend = block.legend == "top" or (block.legend is None and keys > 1)
    rows = math.ceil(keys * LEGEND_ENTRY_PT / (width * 72)) if legend else 0
    if block.sideways:  # the value axis's numbers, and what the spec adds above and below
        overhead = 23 + 12 * bool(block.x_label) + 16 * bool(block.title) + 14 * rows
        natural = (overhead + max(categories, 1) * _row_pitch(block, keys, categories)) / 72
        height = width / block.aspect if block.aspect else min(natural, room)
    else:
        overhead = 0
        height = width / (block.aspect or _default_aspect(block))
    narrowed = height > room
    if narrowed:  # keep the aspect asked for: narrower, as tall as the page allows
        width, height = width * room / height, room
    if not categories:
        return ChartSize(width, height, room, narrowed=narrowed)
    if block.sideways:
        pitch = (height * 72 - overhead) / categories
    else:  # the plot's width less the value axis's labels
        pitch = (width * 72 - 40 - 12 * bool(block.y_label)) / categories
    step = max(1, math.ceil(LINE_PT / pitch - 1e-9)) if pitch > 0 else categories
    return ChartSize(width, height, room, step, narrowed, pitch)


def _row_pitch(block: ChartBlock, keys: int, categories: int) -> float:
    """Points per category for charts whose categories run down the side, at ease."""
    if block.kind == "timeline":
        return 23.0
    if block.kind == "bar" and keys > 1 and not block.colour_by:
        return 10.0 + 7.0 * keys  # grouped bars
    return 17.0 if categories > 3 else 28.0  # a few bars stay bars, not lines


def _default_aspect(block: ChartBlock) -> float:
    if block.kind == "scatter":
        return 1.6 if block.size == "full" else 1.2
    return 2.5 if block.size == "full" else 1.5
