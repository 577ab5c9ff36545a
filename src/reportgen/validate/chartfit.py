"""Whether a chart fits its pages (warnings where fitting it costs legibility) and its
dates fit a time axis.

The arithmetic is model.chart_size's, the one drawing uses too, so the warning says
what the drawn chart does.
"""

from __future__ import annotations

import datetime as dt

from ..errors import Problem
from ..load import Document, Loc
from ..model import (
    CATEGORY_KINDS,
    ChartBlock,
    ChartData,
    chart_size,
    partial_date_end,
    text_block,
)
from ..model.chartpage import DEFAULT_PAGE, LINE_PT
from .tables import _NUMBER

PAGE_NAMES = {"letter": "US Letter", "a4": "A4"}


def fit_problems(
    block: ChartBlock, data: ChartData, pages: dict[str, str], doc: Document, loc: Loc
) -> list[Problem]:
    """Warnings for each page size the chart is drawn for: narrowed to fit the page's
    height, or category labels left out for want of room."""
    categories = len(data.x) if block.kind in (*CATEGORY_KINDS, "timeline") else 0
    keys = len(set(data.groups)) if block.colour_by and data.groups else len(data.series)
    problems: dict[str, Problem] = {}
    for page in sorted(set(pages.values()) or {DEFAULT_PAGE}):
        size = chart_size(block, categories, keys, page)
        full = text_block(page)[0] * (1 if block.size == "full" else 0.5)
        if size.narrowed and block.aspect:
            message = (
                f"at `aspect: {block.aspect:g}` the chart and its caption would be taller than "
                f"the text block of {PAGE_NAMES[page]} pages: it is drawn "
                f"{size.width:.1f} in wide, not {full:.1f} in"
            )
            problems[message] = doc.problem(
                (*loc, "aspect"),
                message,
                hint="a larger aspect (wider than tall) keeps the chart at the text width",
                severity="warning",
            )
        if size.step > 1 and not _numbered(data.x) and size.pitch is not None:
            message = (
                f"{categories} categories leave {size.pitch:.1f} pt each on "
                f"{PAGE_NAMES[page]} pages, and a label needs {LINE_PT:.0f} pt: only every "
                f"{_nth(size.step)} category is named"
            )
            hint = (
                "chart fewer categories, or give the chart more height (a smaller `aspect`)"
                if block.sideways
                else "`horizontal: true` gives each category a line of its own"
            )
            problems[message] = doc.problem((*loc, "x"), message, hint=hint, severity="warning")
    return list(problems.values())


def date_span(block: ChartBlock, x: list[str], doc: Document, loc: Loc) -> list[Problem]:
    """Dates a chart can place: its axis, with a margin, must stay within the years
    1 to 9999."""
    days = [partial_date_end(v).toordinal() for v in x if v]
    if not days:
        return []
    margin = max((max(days) - min(days)) * 0.1, 3660)
    if min(days) - margin >= 1 and max(days) + margin <= dt.date(9999, 12, 31).toordinal():
        return []
    return [
        doc.problem(
            (*loc, "x"),
            f"the dates in column {block.x!r} of {block.data} run from {min(x)} to {max(x)}: "
            "a chart's time axis can show the years 11 to 9989",
            hint="check the years of the earliest and latest dates",
        )
    ]


def _numbered(values: list[str]) -> bool:
    """Categories that are numbers or years: naming every few of them loses nothing."""
    return all(_NUMBER.match(v.replace(",", "").split("-")[0]) for v in values if v)


def _nth(step: int) -> str:
    return {2: "second", 3: "third"}.get(step, f"{step}th")
