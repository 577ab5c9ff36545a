"""Shared field types of the data model: ids, text, dates, citations, addresses."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from ..errors import not_a_date

SLUG = r"^[a-z0-9][a-z0-9_-]*$"
# Citation keys as reference managers write them (`Knuth:1984`, `chauhanTaiwan2025`).
SOURCE_ID = r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"
COLOR = r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-z]{3,20})$"
FONT_NAME = r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,60}$"
LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$"
# What each pattern checks, for error messages: (what it is, the rule).
PATTERNS = {
    SLUG: ("id", "an id uses lower-case letters, digits, '-' and '_'"),
    SOURCE_ID: ("source id", "a source id uses letters, digits, '.', '-', '_', ':' and '/'"),
    COLOR: ("colour", "write #rgb, #rrggbb or a CSS colour name such as navy"),
    FONT_NAME: ("font name", "a font family name: letters, digits, spaces, '-' and '_'"),
    LANGUAGE: ("language tag", "a BCP 47 tag such as en or en-GB"),
}

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG),
    Field(description="lower-case letters, digits, '-' and '_'"),
]
SourceId = Annotated[
    str,
    StringConstraints(pattern=SOURCE_ID),
    Field(description="the id of an entry in the bibliography (its citation key)"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Sha256 = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{64}$"),
    Field(description="a SHA-256 digest: 64 lower-case hexadecimal digits"),
]

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def parse_partial_date(value: str) -> str:
    """Check a 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' date and return it stripped."""
    value = value.strip()
    if not _PARTIAL_DATE.match(value):
        raise ValueError(not_a_date(value, partial=True))
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)  # rejects 2025-02-30
        except ValueError as exc:
            raise ValueError(not_a_date(value, str(exc), partial=True)) from None
    return value


def partial_date_end(value: str) -> dt.date:
    """The last day a partial date covers ('2025-10' -> 2025-10-31)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def _partial_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        return parse_partial_date(value)
    return value


def _one_or_many(value: Any) -> Any:
    """Let a single source id be written without list brackets."""
    return [value] if isinstance(value, str) else value


def _texts(value: Any) -> Any:
    """One text or a list; numbers as written (`na: -999` is the text '-999')."""
    value = _one_or_many(value if not isinstance(value, int | float) else str(value))
    if isinstance(value, list):
        return [
            str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in value
        ]
    return value


PartialDate = Annotated[str, BeforeValidator(_partial_date)]
Citations = Annotated[list[SourceId], BeforeValidator(_one_or_many)]
MissingMarks = Annotated[list[str], BeforeValidator(_texts)]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise ValueError("must be an http:// or https:// address")
    return value


Url = Annotated[str, AfterValidator(_http_url)]


class Model(BaseModel):
    """Base for every data model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


def slugify(text: str) -> str:
    """An id for a heading: lower-case words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def known_colour(value: str) -> str:
    """A colour both CSS and matplotlib draw: a hex code, or a CSS colour name."""
    if re.fullmatch(HEX_COLOUR, value) or is_colour_name(value):
        return value
    from difflib import get_close_matches

    from matplotlib.colors import CSS4_COLORS

    close = get_close_matches(value, list(CSS4_COLORS), n=1, cutoff=0.75)
    hint = f"; did you mean {close[0]!r}?" if close else " such as navy"
    raise ValueError(f"{value!r} is not a colour: write #rrggbb or a CSS colour name{hint}")


HEX_COLOUR = r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"


def is_colour_name(value: str) -> bool:
    """Whether `value` is a CSS colour name (matplotlib knows the same ones)."""
    from matplotlib.colors import CSS4_COLORS  # only for names; hex codes need none

    return value in CSS4_COLORS


Color = Annotated[
    str,
    StringConstraints(pattern=COLOR),
    AfterValidator(known_colour),
    Field(description="a CSS colour: #rgb, #rrggbb or a name such as 'navy'"),
]
