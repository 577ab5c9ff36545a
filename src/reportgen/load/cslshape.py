"""The shape CSL-JSON gives each variable of an item (names a list of objects, dates an
object of `date-parts`, the rest text or a number), checked before citeproc-py reads it:
a value of another shape is a problem at its key, and the key is left out."""

from __future__ import annotations

import re
from typing import Any

from citeproc import DATES, NAMES

TEXT_ONLY = {"id", "citation-key", "type"}
OBJECTS = {"custom"}  # CSL 1.0.2's free-form object of a reference manager's own fields
NAME_PARTS = "family, given, literal"
DATE_SHAPE = '{"date-parts": [[2025, 10, 22]]}'


def misshapen(item: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(key, message, hint) for each variable of an item whose value CSL does not allow."""
    found = []
    for key, value in item.items():
        name = key.replace("-", "_")
        if key in OBJECTS:
            continue
        if name in NAMES:
            if not _names(value):
                hint = 'a list of names, each an object such as {"family": "Bryan", '
                hint += f'"given": "Jennifer"}} ({NAME_PARTS}, ...)'
                found.append((key, f"`{key}` is not a list of names", hint))
        elif name in DATES:
            if not _date(value):
                hint = f'a date such as {DATE_SHAPE}, or {{"literal": "Spring 2025"}}'
                found.append((key, f"`{key}` is not a CSL date", hint))
        elif key in TEXT_ONLY:
            if not isinstance(value, str | int) or isinstance(value, bool):
                found.append((key, f"`{key}` must be a text", ""))
        elif not _scalar(value):
            found.append((key, f"`{key}` must be a text or a number", ""))
    return found


def as_citeproc_reads(item: dict[str, Any]) -> dict[str, Any]:
    """The item with its dates written as text (`"2007"`, `"2025-12-01"`) made the object
    citeproc-py reads; a text date of another form is kept as a literal."""
    made = dict(item)
    for key, value in item.items():
        if key.replace("-", "_") in DATES and isinstance(value, str):
            iso = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*", value)
            parts = [int(p) for p in iso.groups() if p] if iso else []
            made[key] = {"date-parts": [parts]} if parts else {"literal": value}
    return made


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _names(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(n, dict) and all(isinstance(k, str) and _scalar(v) for k, v in n.items())
        for n in value
    )


def _date(value: Any) -> bool:
    if isinstance(value, str):  # an EDTF or free text date; the bibliography reads it
        return True
    if not isinstance(value, dict):
        return False
    parts = value.get("date-parts")
    if parts is None:
        return any(_scalar(value.get(k)) for k in ("literal", "raw"))
    return (
        isinstance(parts, list)
        and 1 <= len(parts) <= 2
        and all(
            isinstance(p, list) and 1 <= len(p) <= 3 and all(_part(x) for x in p) for p in parts
        )
    )


def _part(value: Any) -> bool:
    """A year, month or day: a whole number, or digits as text (Better BibTeX's years)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.strip().lstrip("-").isdigit()
