"""JSON syntax errors said where the mistake is (a comma left out is reported at the end
of its line, not where the parser noticed it), with the corrected line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ReportgenError
from .yamlindent import shown


def parse_json(text: str, path: Path) -> Any:
    """A JSON file's value; a syntax error located where the mistake is, with a hint."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ReportgenError("JSON nested too deeply", path, 1, 1) from None
    except json.JSONDecodeError as exc:
        raise json_error(exc, path) from None


def json_error(exc: json.JSONDecodeError, path: Path) -> ReportgenError:
    """The error for a JSON file that does not parse, with a hint that fits the mistake."""
    text, at = exc.doc, exc.pos
    before = text[:at].rstrip()
    here = text[at : at + 1]
    line_of = before.count("\n") + 1
    last_line = before.splitlines()[-1] if before else ""
    if exc.msg.startswith("Expecting ',' delimiter") and "\n" in text[len(before) : at]:
        return ReportgenError(
            "JSON syntax error: a comma is missing at the end of this line",
            path,
            line_of,
            len(last_line) + 1,
            hint="items and members are separated by commas:" + shown([last_line + ","]),
        )
    if before.endswith(",") and here in "}]" and here:
        comma = len(before) - 1
        start = text.rfind("\n", 0, comma) + 1
        end = text.find("\n", comma) if "\n" in text[comma:] else len(text)
        kept = text[start:comma] + text[comma + 1 : end]
        return ReportgenError(
            f"JSON syntax error: a comma before `{here}`, after the last item",
            path,
            line_of,
            comma - start + 1,
            hint="JSON allows no comma after the last item; remove it:" + shown([kept.rstrip()]),
        )
    if exc.msg.startswith("Unterminated string"):
        return _where_noticed(
            exc,
            path,
            'a text is not closed: its `"` has no closing `"`',
            'close the text with `"` on the same line',
        )
    if exc.msg.startswith("Invalid control character") and here in "\r\n":
        line = text[text.rfind("\n", 0, at) + 1 : at]
        fixed = line[:-1] + '",' if line.endswith(",") else line + '"'
        return _where_noticed(
            exc,
            path,
            'a text is not closed: its `"` has no closing `"` on its line',
            'close the text with `"` where it ends:' + shown([fixed]),
        )
    if exc.msg.startswith("Invalid control character"):
        return _where_noticed(
            exc,
            path,
            "a line break or tab inside a text",
            r"write a line break as \n and a tab as \t inside a JSON text",
        )
    hint = "JSON puts names and texts in double quotes" if here == "'" else ""
    return _where_noticed(exc, path, exc.msg, hint)


def _where_noticed(exc: json.JSONDecodeError, path: Path, what: str, hint: str) -> ReportgenError:
    """The error at the place the parser noticed it."""
    return ReportgenError(f"JSON syntax error: {what}", path, exc.lineno, exc.colno, hint=hint)
