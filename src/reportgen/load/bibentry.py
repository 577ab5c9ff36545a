"""One entry of an exported bibliography, in the two shapes reportgen reads it into (the
fields a `Source` has, and a CSL-JSON item), with the helpers the readers share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem

# A line of a note (Zotero writes its Extra field into `note`) naming the snapshot.
SNAPSHOT_LINE = re.compile(r"^\s*snapshot\s*:\s*(\S.*?)\s*$", re.IGNORECASE | re.MULTILINE)


@dataclass
class BibEntry:
    """One entry of a CSL-JSON or BibTeX file: its citation key, its fields as a `Source`
    takes them, its CSL-JSON item, and where it and each field are written."""

    id: str
    fields: dict[str, Any]
    csl: dict[str, Any]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        """The line a field is written on, else the entry's own."""
        return self.field_lines.get(name, self.line)


@dataclass
class Bibliography:
    """A CSL-JSON or BibTeX file read: its entries and the problems met reading it."""

    path: Path
    entries: list[BibEntry]
    problems: list[Problem] = field(default_factory=list)


def split_snapshot(note: str | None) -> tuple[str | None, str | None]:
    """A note without its `snapshot: PATH` line, and that path (None for either if absent)."""
    if not note:
        return None, None
    found = SNAPSHOT_LINE.search(note)
    if found is None:
        return note.strip() or None, None
    rest = (note[: found.start()] + note[found.end() :]).strip()
    return rest or None, found.group(1)


def name_text(name: dict[str, Any]) -> str:
    """One CSL name as it is read: 'Nikhil Chauhan', 'Ministry of National Defense'."""
    if name.get("literal"):
        return str(name["literal"])
    keys = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
    return " ".join(str(name[k]) for k in keys if name.get(k))


def names_text(names: Any) -> str | None:
    """CSL names joined for reading: 'A', 'A and B', 'A, B and C'."""
    if not isinstance(names, list):
        return None
    shown = [name_text(n) for n in names if isinstance(n, dict)]
    shown = [n for n in shown if n]
    if len(shown) <= 1:
        return shown[0] if shown else None
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def csl_date(value: Any) -> str | None:
    """A CSL date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (the first of a range); a date
    that is not one is returned as written, for validation to report; None when absent
    or given only as a literal ('n.d.', 'Spring 2024')."""
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, dict):
        return None if value is None else str(value)
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = [str(p).strip() for p in parts[0][:3]]
        if all(p.isdigit() for p in first):
            year, *rest = (int(p) for p in first)
            return "-".join([f"{year:04d}", *(f"{n:02d}" for n in rest)])
        return "-".join(first)
    if value.get("raw"):  # "2025-10-22", or a time stamp "2025-10-22T09:30:00Z"
        raw = str(value["raw"]).strip()
        stamp = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]\d", raw)
        return stamp.group(1) if stamp else raw
    return None


def date_parts(date: str) -> dict[str, Any]:
    """'2025-10' as a CSL date, {"date-parts": [[2025, 10]]}."""
    return {"date-parts": [[int(p) for p in date.split("-")]]}
