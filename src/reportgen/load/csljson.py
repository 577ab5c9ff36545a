"""CSL-JSON bibliographies (Zotero's "CSL JSON" export, Better BibTeX's "Better CSL JSON"),
each item kept with the line it starts on.

The file is parsed by the standard library's `json`; to know where each item
starts, the top-level list is then walked item by item with the same decoder
(`raw_decode`), so no JSON is parsed by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import Problem, ReportgenError
from .bibentry import BibEntry, Bibliography, csl_date, names_text, split_snapshot
from .cslshape import as_citeproc_reads, misshapen
from .jsonhints import parse_json
from .text import MAX_YAML_BYTES, read_text

# Which CSL-JSON key gives each field of a Source, first found wins.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "author": ("author", "editor"),
    "publisher": ("container-title", "publisher", "authority"),
    "date": ("issued",),
    "url": ("URL",),
    "accessed": ("accessed",),
    "note": ("note",),
    "snapshot": ("snapshot",),
    "snapshot_sha256": ("snapshot_sha256",),
}
# Keys reportgen reads that are not CSL variables: kept out of the item a style formats.
OWN_KEYS = ("snapshot", "snapshot_sha256", "citation-key", "id")


def load_csl_json(path: Path) -> Bibliography:
    """Read a CSL-JSON file: a list of items whose ids (or `citation-key`) are the keys."""
    text = read_text(path, MAX_YAML_BYTES)
    data = parse_json(text, path)
    if isinstance(data, dict):  # one item on its own
        data, spans = [data], [(text.index("{"), len(text))]
    elif isinstance(data, list):
        spans = _item_spans(text)
    else:
        raise ReportgenError(
            "a CSL-JSON bibliography is a list of items ([{...}, ...])",
            path,
            1,
            1,
            hint="export from Zotero with the format 'CSL JSON' or 'Better CSL JSON'",
        )
    bibliography = Bibliography(path, [])
    for item, (start, end) in zip(data, spans, strict=True):
        line = text.count("\n", 0, start) + 1
        if not isinstance(item, dict):
            bibliography.problems.append(
                Problem(str(path), line, 1, "error", "a CSL-JSON item must be an object {...}")
            )
            continue
        key = item.get("citation-key") or item.get("id")
        if key in (None, ""):
            message = "CSL-JSON item has no id (its citation key)"
            bibliography.problems.append(Problem(str(path), line, 1, "error", message))
            continue
        for name, message, hint in misshapen(item):
            where = _key_line(text, start, end, name) or line
            message = f"{message}, in item {str(key)!r}"
            bibliography.problems.append(Problem(str(path), where, 1, "error", message, hint))
            item = {k: v for k, v in item.items() if k != name}
        bibliography.entries.append(_entry(str(key), item, text, start, end, line))
    return bibliography


def _entry(key: str, item: dict[str, Any], text: str, start: int, end: int, line: int) -> BibEntry:
    """One item as a Source's fields and a CSL item, with each field's line."""
    fields: dict[str, Any] = {"id": key}
    lines: dict[str, int] = {}
    for name, keys in FIELD_KEYS.items():
        found = next((k for k in keys if item.get(k) not in (None, "", [])), None)
        if found is None:
            continue
        lines[name] = _key_line(text, start, end, found) or line
        value = item[found]
        if name == "author":
            value = names_text(value)
        elif name in ("date", "accessed"):
            value = csl_date(value)
        elif not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False)
        if value:
            fields[name] = value
    note, snapshot = split_snapshot(fields.pop("note", None))
    if note:
        fields["note"] = note
    if snapshot and "snapshot" not in fields:
        fields["snapshot"] = snapshot
        lines["snapshot"] = lines.get("note", line)
    lines["id"] = _key_line(text, start, end, "citation-key" if "citation-key" in item else "id")
    csl = as_citeproc_reads({k: v for k, v in item.items() if k not in OWN_KEYS})
    csl.pop("note", None)
    if note:
        csl["note"] = note
    return BibEntry(key, fields, csl, line, {k: v for k, v in lines.items() if v})


def _item_spans(text: str) -> list[tuple[int, int]]:
    """Where each item of a JSON list starts and ends (the text is valid JSON)."""
    decoder = json.JSONDecoder()
    spans = []
    i = _skip(text, text.index("[") + 1)
    while i < len(text) and text[i] != "]":
        _, end = decoder.raw_decode(text, i)
        spans.append((i, end))
        i = _skip(text, end)
        if text[i] == ",":
            i = _skip(text, i + 1)
    return spans


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _key_line(text: str, start: int, end: int, key: str) -> int:
    """The line of an item's key `"key":` (0 if not found)."""
    found = re.compile(r'"' + re.escape(key) + r'"\s*:').search(text, start, end)
    return text.count("\n", 0, found.start()) + 1 if found else 0
