"""BibTeX and BibLaTeX bibliographies, read by bibtexparser (v2), each entry kept with the
line it starts on; LaTeX in text fields (accents, dashes, braces) decoded by pylatexenc.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem, ReportgenError
from .bibentry import BibEntry, Bibliography, date_parts, names_text, split_snapshot
from .bibfail import failed_block, missing_comma
from .text import MAX_YAML_BYTES, read_text

# BibTeX/BibLaTeX entry types as CSL types (others: "document").
TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "report": "report",
    "techreport": "report",
    "manual": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "booklet": "pamphlet",
    "unpublished": "manuscript",
    "legislation": "legislation",
    "jurisdiction": "legal_case",
}
SUBTYPES = {"newspaper": "article-newspaper", "magazine": "article-magazine"}
# Fields copied as written (no LaTeX decoding: a URL's '&' or '%' is not LaTeX).
VERBATIM = {"url", "doi", "urldate", "date", "year", "month", "day", "file", "snapshot"}
VERBATIM |= {"snapshot_sha256", "eprint", "isbn", "issn"}
# CSL variables filled from BibTeX fields (the first found).
CSL_FIELDS = {
    "title": ("title",),
    "container-title": ("journaltitle", "journal", "booktitle"),
    "publisher": ("publisher", "institution", "organization", "school"),
    "publisher-place": ("location", "address"),
    "volume": ("volume",),
    "issue": ("number", "issue"),
    "page": ("pages",),
    "edition": ("edition",),
    "URL": ("url",),
    "DOI": ("doi",),
    "note": ("note", "howpublished", "addendum"),
}
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


def load_bibtex(path: Path) -> Bibliography:
    """Read a .bib file; a block that does not parse, or a key used twice, is a problem at
    its line."""
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.model import DuplicateBlockKeyBlock

    text = read_text(path, MAX_YAML_BYTES)
    try:
        library = parse_string(text)
    except Exception as exc:  # the parser's own errors have no common base class
        raise ReportgenError(f"BibTeX error: {exc}", path, 1, 1) from None
    bibliography = Bibliography(path, [])
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            first = (block.previous_block.start_line or 0) + 1
            message = f"duplicate key {block.key!r} (first used on line {first})"
        else:
            bibliography.problems.append(failed_block(str(path), text, block))
            continue
        bibliography.problems.append(Problem(str(path), line, 1, "error", message))
    for entry in library.entries:
        if problem := missing_comma(str(path), text, entry):
            bibliography.problems.append(problem)
        bibliography.entries.append(_entry(entry))
    return bibliography


def _entry(entry: Any) -> BibEntry:
    """One entry as a Source's fields and a CSL item, with each field's line."""
    raw = {f.key.lower(): str(f.value) for f in entry.fields}
    lines = {f.key.lower(): (f.start_line or 0) + 1 for f in entry.fields}
    values = {k: (_verbatim(v) if k in VERBATIM else _decode(v)) for k, v in raw.items()}
    kind = entry.entry_type.lower()
    csl: dict[str, Any] = {"type": SUBTYPES.get(values.get("entrysubtype", ""), "")}
    csl["type"] = csl["type"] or TYPES.get(kind, "document")
    for variable, names in CSL_FIELDS.items():
        found = next((n for n in names if values.get(n)), None)
        if found:
            csl[variable] = values[found]
    people = {role: _names(raw[role]) for role in ("author", "editor") if raw.get(role)}
    csl.update({role: names for role, names in people.items() if names})
    date = _date(values)
    if date:
        csl["issued"] = _csl_date(date)
    if values.get("urldate"):
        csl["accessed"] = _csl_date(values["urldate"])
    note, snapshot = split_snapshot(csl.pop("note", None))
    if note:
        csl["note"] = note
    fields: dict[str, Any] = {"id": entry.key, "title": csl.get("title")}
    fields |= {
        "author": names_text(csl.get("author") or csl.get("editor")),
        "publisher": csl.get("container-title") or csl.get("publisher"),
        "date": date,
        "url": values.get("url")
        or (f"https://doi.org/{values['doi']}" if values.get("doi") else None),
        "accessed": values.get("urldate"),
        "note": note,
        "snapshot": values.get("snapshot") or snapshot,
        "snapshot_sha256": values.get("snapshot_sha256"),
    }
    field_lines = {
        "title": lines.get("title"),
        "author": lines.get("author", lines.get("editor")),
        "date": lines.get("date", lines.get("year")),
        "url": lines.get("url", lines.get("doi")),
        "accessed": lines.get("urldate"),
        "note": lines.get("note"),
        "snapshot": lines.get("snapshot", lines.get("note")),
    }
    line = (entry.start_line or 0) + 1
    return BibEntry(
        entry.key,
        {k: v for k, v in fields.items() if v},
        csl,
        line,
        {k: v for k, v in field_lines.items() if v},
    )


def _verbatim(value: str) -> str:
    """A field as written, without the braces that protect it."""
    return " ".join(value.replace("{", "").replace("}", "").split())


def _decode(value: str) -> str:
    """LaTeX as text: accents, dashes and escapes decoded, braces dropped."""
    from pylatexenc.latex2text import LatexNodes2Text

    return " ".join(LatexNodes2Text().latex_to_text(value).split())


def _names(value: str) -> list[dict[str, str]]:
    """BibTeX names ('Chauhan, Nikhil and {Ministry of Defense}') as CSL names."""
    from bibtexparser.middlewares.names import (
        InvalidNameError,
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    names = []
    for person in split_multiple_persons_names(value):
        person = person.strip()
        if person.startswith("{") and person.endswith("}"):  # a braced whole: an institution
            names.append({"literal": _decode(person[1:-1])})
            continue
        try:
            parts = parse_single_name_into_parts(person, strict=False)
        except InvalidNameError:
            names.append({"literal": _decode(person)})
            continue
        name = {
            "family": _decode(" ".join(parts.last)),
            "given": _decode(" ".join(parts.first)),
            "non-dropping-particle": _decode(" ".join(parts.von)),
            "suffix": _decode(" ".join(parts.jr)),
        }
        names.append({k: v for k, v in name.items() if v})
    return [n for n in names if n]


def _date(values: dict[str, str]) -> str | None:
    """BibLaTeX `date` (the start of a range), else `year`, `month` and `day`."""
    if values.get("date"):
        return values["date"].split("/")[0].strip()
    year = values.get("year", "").strip()
    if not year:
        return None
    month = values.get("month", "").strip().lower()
    month = str(MONTHS.get(month[:3], month)) if month else ""
    day = values.get("day", "").strip()
    parts = [year, *([month.zfill(2)] if month else []), *([day.zfill(2)] if month and day else [])]
    return "-".join(parts)


def _csl_date(date: str) -> dict[str, Any]:
    """A date as CSL; one that does not read is kept as `raw` (validation reports it)."""
    try:
        return date_parts(date)
    except ValueError:
        return {"raw": date}
