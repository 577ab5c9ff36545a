"""Bibliographies as reference managers export them: CSL-JSON (Zotero, Better BibTeX) and
BibTeX/BibLaTeX, each entry kept with the line it starts on.

An entry is read into two shapes: the fields a `Source` has (what the built-in
style shows and what validation checks) and a CSL-JSON item (what a CSL style
formats). Today's `sources.yaml` is read as YAML (load.yamlfile) and validated
as it always was; the CSL-JSON item of a YAML source is made by `source_item`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import ReportgenError
from .bibentry import Bibliography, date_parts
from .text import MAX_YAML_BYTES, read_text

# The file suffixes read as each kind of bibliography.
CSL_JSON_SUFFIXES = (".json",)
BIBTEX_SUFFIXES = (".bib", ".bibtex")
YAML_SUFFIXES = (".yaml", ".yml")


def load_bibliography(path: Path) -> Bibliography:
    """Read a CSL-JSON (.json) or BibTeX (.bib) bibliography (raises ReportgenError when the
    file does not parse; problems with single entries are collected)."""
    if path.suffix.lower() in CSL_JSON_SUFFIXES:
        from .csljson import load_csl_json

        return load_csl_json(path)
    from .bibtex import load_bibtex

    return load_bibtex(path)


# A key as written: a CSL-JSON item's "id" or "citation-key", a BibTeX entry's first word.
_JSON_KEY = re.compile(r'"(?:id|citation-key)"\s*:\s*(?:"((?:[^"\\\n]|\\.)*)"|(\d+))')
_BIBTEX_KEY = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]+)\s*,")
NOT_ENTRIES = ("string", "comment", "preamble")


def salvage_keys(path: Path) -> set[str]:
    """The citation keys written in a bibliography that does not read (or not wholly),
    found in its text; none when the text cannot be read."""
    try:
        text = read_text(path, MAX_YAML_BYTES)
    except ReportgenError:  # reported when it was loaded
        return set()
    if path.suffix.lower() in CSL_JSON_SUFFIXES:
        return {m[1] or m[2] for m in _JSON_KEY.finditer(text)}
    return {m[2] for m in _BIBTEX_KEY.finditer(text) if m[1].lower() not in NOT_ENTRIES}


def source_item(fields: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item for a source written in sources.yaml (validated fields)."""
    item: dict[str, Any] = {"type": "webpage" if fields.get("url") else "document"}
    item["title"] = fields["title"]
    if fields.get("author"):
        item["author"] = [{"literal": fields["author"]}]
    if fields.get("publisher"):
        item["publisher"] = fields["publisher"]
    if fields.get("date"):
        item["issued"] = date_parts(str(fields["date"]))
    if fields.get("url"):
        item["URL"] = fields["url"]
    if fields.get("accessed"):
        item["accessed"] = date_parts(str(fields["accessed"]))
    if fields.get("note"):
        item["note"] = fields["note"]
    return item
