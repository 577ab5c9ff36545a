"""Formatting for readers: dates, numbers, percentages and inline Markdown.

A leaf module shared by validation (table cells), the context (bibliography
lines) and the templates, where these are the brief filters (see
render.environment.FILTERS and docs/templates.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup


def format_date(value: dt.date | str | None, style: str = "long") -> str:
    """A date as '22 October 2025' (long), 'October 2025' (month), '22 Oct 2025' (short),
    or ISO; partial dates ('2025-10', '2025') show what they have."""
    if value is None:
        return ""
    if isinstance(value, str):
        parts = value.split("-")
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            month = dt.date(int(parts[0]), int(parts[1]), 1)
            return month.strftime("%b %Y") if style == "short" else month.strftime("%B %Y")
        value = dt.date.fromisoformat(value)
    if style == "iso":
        return value.isoformat()
    if style == "month":
        return value.strftime("%B %Y")
    if style == "short":
        return f"{value.day} {value.strftime('%b %Y')}"
    return f"{value.day} {value.strftime('%B %Y')}"


def format_number(value: float | int | str, decimals: int | None = None) -> str:
    """A number with thousands separators: 12345.6 -> '12,345.6' (decimals: fixed places)."""
    number = float(value) if isinstance(value, str) else value
    if decimals is not None:
        return f"{number:,.{decimals}f}"
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return f"{number:,}"


def format_percent(value: float | int | str, decimals: int = 0, scale: str = "points") -> str:
    """A number as a percentage, read as written: 12.5 -> '13%', 12.5 with decimals 1 ->
    '12.5%'; with scale="fraction" the value is a fraction: 0.379 -> '38%'.

    The same convention as a table's `format: percent` column (and its `scale`).
    """
    if scale not in ("points", "fraction"):
        raise ValueError(f"percent: scale must be 'points' or 'fraction', not {scale!r}")
    number = float(value) * (100 if scale == "fraction" else 1)
    return f"{number:,.{decimals}f}%"


def round_whole(value: float | int) -> int:
    """A number rounded to a whole one, halves away from zero (2762.5 -> 2763)."""
    return int(Decimal(repr(value)).quantize(Decimal(1), ROUND_HALF_UP))


def markdown_inline(text: str) -> Markup:
    """Inline Markdown (*em*, **strong**, `code`, [links](https://...)) as safe HTML.

    Raw HTML in the text is escaped; links to javascript:, data: and similar
    schemes are not made. (See markup: in templates, citations and cross-references too.)
    """
    from .markup import render_inline

    return render_inline(text)
