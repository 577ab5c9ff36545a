"""What a YAML syntax error most likely is, read from the text around it (not from PyYAML's
wording), and the fix shown as corrected lines: a line indented too deep or too shallow
(yamlindent), a tab, a colon in a plain value, a value that starts with a character YAML
reserves or with a quote it does not end with, a key written twice."""

from __future__ import annotations

import yaml

from .yamlindent import KEY, Explained, indentation, shown, structure

SPECIAL_START = {
    "*": "'*' starts an alias (a reference to an '&' anchor)",
    "&": "'&' starts an anchor",
    "@": "'@' is reserved",
    "`": "'`' is reserved",
    "!": "'!' starts a tag",
    "%": "'%' starts a directive",
    "- ": "'- ' starts a list item",
}


def explain(exc: yaml.MarkedYAMLError, text: str) -> Explained | None:
    """The mistake behind a YAML syntax error, or None when the text shows no known one."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    return (
        _tab(lines, mark.line, mark.column)
        or indentation(lines, mark.line)
        or _colon(lines, mark.line, mark.column)
        or _special_start(lines, (exc.context_mark or mark).line)
        or _quoted_start(lines, mark.line)
        or _stray(lines, mark.line)
    )


def duplicate_hint(text: str, row: int, first_col: int, in_list: bool) -> tuple[str, bool]:
    """How to fix a key written twice in one mapping (line `row`, 0-based), and whether
    it is a new item that lacks its '- ' (the mapping is a list item and the second key
    lines up with its first)."""
    lines = text.splitlines()
    source = lines[row] if row < len(lines) else ""
    col = len(source) - len(source.lstrip(" "))
    if in_list and col == first_col and col >= 2:
        fixed = " " * (col - 2) + "- " + source.lstrip(" ")
        return f"if line {row + 1} starts a new item of the list, begin it with '- ':" + shown(
            [fixed]
        ), True
    return "a key can appear once in a mapping: delete one of the two, or merge their values", False


# -- tabs, colons and special characters --------------------------------------------------


def _tab(lines: list[str], row: int, col: int) -> Explained | None:
    source = lines[row]
    indent = source[: len(source) - len(source.lstrip(" \t"))]
    if "\t" not in indent and source[col : col + 1] != "\t":
        return None
    if "\t" in indent:
        rest = source.lstrip(" \t")
        found = structure(lines, row)
        depth = 0
        if found and found[0]:
            stack, opens = found
            inner = stack[-1].col
            entry = rest.startswith("- ")
            maps = [level.col for level in stack if level.kind == "map"]
            depth = inner + 2 if opens else (inner if entry or not maps else maps[-1])
        fixed = " " * depth + rest
    else:
        fixed = source.replace("\t", " ")
    return Explained(
        "YAML syntax error: a tab in the indentation"
        if "\t" in indent
        else "YAML syntax error: a tab after a key",
        row + 1,
        (source.index("\t") if "\t" in source else col) + 1,
        f"YAML indents with spaces, not tabs: replace the tab on line {row + 1} with spaces:"
        + shown([fixed]),
    )


def _owner(lines: list[str], row: int) -> int:
    """The line of the `key:` whose (possibly multi-line) plain value line `row` is in."""
    col = len(lines[row]) - len(lines[row].lstrip(" "))
    for i in range(row, -1, -1):
        found = KEY.match(lines[i])
        indent = len(lines[i]) - len(lines[i].lstrip(" "))
        if found and (i == row or indent < col):
            return i
        if lines[i].strip() and indent < col and i < row:
            return -1
    return -1


def _colon(lines: list[str], row: int, col: int) -> Explained | None:
    """A ': ' inside a plain value (`text: Note: this`): quote the whole value."""
    source = lines[row]
    if source[col : col + 1] != ":" or source[col + 1 : col + 2] not in (" ", ""):
        return None
    start = _owner(lines, row)
    if start < 0:
        return None
    found = KEY.match(lines[start])
    assert found is not None
    value_lines = [
        lines[start][found.end() :],
        *(line.strip() for line in lines[start + 1 : row + 1]),
    ]
    value = " ".join(part.strip() for part in value_lines if part.strip())
    if not value or value[0] in "[{\"'|>":
        return None
    return Explained(
        "YAML syntax error: a ': ' inside a value that is not in quotes",
        row + 1,
        col + 1,
        "YAML reads ': ' as the start of a new key; put the whole value in quotes:"
        + shown([_quote(lines[start][: found.end()].rstrip(), value)]),
    )


def _special_start(lines: list[str], row: int) -> Explained | None:
    """A value that starts with a character YAML gives a meaning (`text: *Note*`)."""
    pair = _pair(lines[row])
    if pair is None:
        return None
    head, value, col = pair
    first = next((s for s in SPECIAL_START if value.startswith(s)), None)
    if first is None:
        return None
    return Explained(
        f"YAML syntax error: a value cannot start with {first.strip()!r} unless it is in quotes",
        row + 1,
        col,
        f"in YAML {SPECIAL_START[first]}; put the value in quotes:" + shown([_quote(head, value)]),
    )


def _pair(line: str) -> tuple[str, str, int] | None:
    """A `key: value` line as its head (`  - key:`), its value and the value's column."""
    found = KEY.match(line)
    if found is None:
        return None
    rest = line[found.end() :]
    return (
        line[: found.end()].rstrip(),
        rest.strip(),
        found.end() + len(rest) - len(rest.lstrip()) + 1,
    )


def _quote(head: str, value: str) -> str:
    """`head "value"`, the value in double quotes."""
    return f'{head} "{value.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'


def _quoted_start(lines: list[str], row: int) -> Explained | None:
    """A value that starts with a quote and goes on after it (`text: "A" said B`)."""
    pair = _pair(lines[row])
    if pair is None:
        return None
    head, value, col = pair
    quote = value[:1]
    if quote not in ("'", '"') or (value.endswith(quote) and value.count(quote) == 2):
        return None
    closing = value.find(quote, 1)
    if closing < 0 or closing == len(value) - 1:
        return None
    return Explained(
        "YAML syntax error: text after the closing quote of a value",
        row + 1,
        col,
        "a value that starts with a quote must end with it; quote the whole value:"
        + shown([f"{head} '{value.replace(chr(39), chr(39) * 2)}'"]),
    )


def _stray(lines: list[str], row: int) -> Explained | None:
    """A line that is neither `key: value` nor a list item (a wrapped line of text that
    lost its indentation, a word typed in): it belongs to no key."""
    source = lines[row]
    text = source.strip()
    if not text or text.startswith(("#", "-", "[", "{", "'", '"')) or KEY.match(source):
        return None
    col = len(source) - len(source.lstrip(" "))
    above = next((i for i in range(row - 1, -1, -1) if lines[i].strip()), None)
    # The key whose text it most likely goes on: the line above, if its value is plain
    # text; else the nearest key to its left.
    owner = above if above is not None and _plain(lines[above]) else None
    if owner is None:
        owner = next(
            (i for i in range(row - 1, -1, -1) if KEY.match(lines[i]) and _indent(lines[i]) <= col),
            None,
        )
    message = "YAML syntax error: this line is neither `key: value` nor a list item"
    if owner is None:
        return Explained(message, row + 1, col + 1, "write it as `name: value`, or delete it")
    found = KEY.match(lines[owner])
    assert found is not None
    key_col = len(found["indent"]) + len(found["dash"] or "")
    fixed = " " * (key_col + 2) + text
    return Explained(
        message,
        row + 1,
        col + 1,
        f"if it goes on the text of `{found['key']}:` (line {owner + 1}), indent it deeper "
        f"than `{found['key']}:`; if it is a field of its own, write it as `name: value`:"
        + shown([lines[owner].rstrip()[:76], fixed]),
    )


def _plain(line: str) -> bool:
    """Whether a line is `key: text`, with plain text (not a list, quotes or a block)."""
    found = KEY.match(line)
    value = line[found.end() :].strip() if found else ""
    return bool(value) and value[0] not in "|>[{'\"&*"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
