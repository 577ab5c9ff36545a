"""A BibTeX entry that does not parse, said in the author's words at the line where it
goes wrong (bibtexparser says where it gave up, often at the next entry or the end of
the file), with the corrected line where the fix is plain."""

from __future__ import annotations

import logging
import re
from typing import Any

from ..errors import Problem
from .yamlindent import shown

FIELD = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z][\w:-]*)\s*=\s*(?P<value>.*)$")
# bibtexparser logs each block it gives up on; the problem is reported here instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


def failed_block(path: str, text: str, block: Any) -> Problem:
    """The problem of a block bibtexparser could not parse."""
    start = (block.start_line or 0) + 1
    error = block.error
    reason = str(getattr(error, "abort_reason", "") or "").strip()
    end = getattr(error, "end_index", None)
    stop = text.count("\n", 0, end) + 1 if isinstance(end, int) else start
    lines = text.splitlines()
    if reason.startswith(("Unexpectedly reached end of file", "Unexpected block start")):
        found = _unclosed(lines, start, stop if end is not None else len(lines))
        if found:
            line, column, message, hint = found
            return Problem(path, line, column, "error", message, hint)
        ends = "the file ends" if reason.startswith("Unexpectedly") else f"line {stop} starts"
        return Problem(
            path,
            start,
            1,
            "error",
            f"BibTeX entry is not closed: {ends} before its closing `}}`",
            hint="each entry ends with `}` on a line of its own, each `{` in it closed",
        )
    if "Expected a `=` after entry key" in reason or "Expected equals sign" in reason:
        return Problem(
            path,
            stop,
            1,
            "error",
            "BibTeX field without `=` between its name and its value",
            hint="write each field as `name = {value},`",
        )
    if reason.startswith("Expected comma after entry key"):
        message = "BibTeX entry's key is not followed by a comma"
        hint = "write `@type{key,` on its first line"
        return Problem(path, start, 1, "error", message, hint=hint)
    detail = reason.rstrip(".") or _first_line(error)
    return Problem(path, stop, 1, "error", f"BibTeX entry does not parse: {detail}")


def _unclosed(lines: list[str], start: int, stop: int) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) of the first field from line `start` to
    `stop` whose `{` or `"` is not closed before the next field begins."""
    depth, opened = 0, None
    for number in range(start, min(stop, len(lines)) + 1):
        line = lines[number - 1]
        field = FIELD.match(line)
        if field and depth <= 1 and opened is None:
            value = field["value"]
            if value.startswith('"') and _quotes(value) % 2:
                return _problem(number, field, '"')
        elif field and opened is not None:
            return _problem(*opened, "}")
        for char in _unescaped(line):
            depth += {"{": 1, "}": -1}.get(char, 0)
        if field and depth > 1 and opened is None:
            opened = (number, field)
        elif depth <= 1:
            opened = None
    return _problem(*opened, "}") if opened else None


def _problem(number: int, field: re.Match[str], closing: str) -> tuple[int, int, str, str]:
    key, value = field["key"], field["value"].rstrip()
    opening = "{" if closing == "}" else '"'
    fixed = value[:-1].rstrip() + closing + "," if value.endswith(",") else value + closing
    return (
        number,
        len(field["indent"]) + 1,
        f"the value of BibTeX field `{key}` is not closed: its `{opening}` has no `{closing}`",
        "close it where the value ends:" + shown([field.string[: field.start("value")] + fixed]),
    )


def missing_comma(path: str, text: str, entry: Any) -> Problem | None:
    """A field whose value runs on into the next field's `name =` (the comma between
    them left out) is cut there, and said at its line."""
    lines = text.splitlines()
    for field in entry.fields:
        value = str(field.value)
        next_field = re.search(r"\n\s*[A-Za-z][\w:-]*\s*=", value)
        if next_field is None:
            continue
        field.value = value[: next_field.start()].rstrip()
        number = (field.start_line or 0) + 1
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        column = len(line) - len(line.lstrip()) + 1
        hint = "end each field's value with a comma:" + shown([line.rstrip() + ","])
        message = f"a comma is missing after the value of BibTeX field `{field.key}`"
        return Problem(path, number, column, "error", message, hint=hint)
    return None


def _unescaped(line: str) -> str:
    """The braces of a line that count (not `\\{`, `\\}`, nor a `%` comment's)."""
    if line.lstrip().startswith("%"):
        return ""
    return re.sub(r"\\[{}]", "", line)


def _quotes(value: str) -> int:
    return len(re.findall(r'(?<!\\)"', value))


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
