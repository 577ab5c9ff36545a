"""Indentation mistakes in YAML, read from the structure of the lines above an error:
a key or a list item at a column that no open mapping or list has; and how a hint shows
corrected lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*) *:(?: |$)")
FIX_INDENT = "    "  # corrected lines are shown indented under the hint


@dataclass(frozen=True)
class Explained:
    """A syntax error in plain words: its message, where to look, and the fix."""

    message: str
    line: int  # 1-based
    col: int
    hint: str


def shown(lines: list[str]) -> str:
    """Corrected lines as a hint shows them, each on its own indented line."""
    return "".join(f"\n{FIX_INDENT}{line}" for line in lines)


@dataclass
class _Level:
    """An open block collection: a mapping (its keys' column) or a list (its dashes')."""

    kind: str  # "map", "list", or "loose" (a list written at its key's column)
    col: int
    key: str = ""  # a mapping's last key, and its line (0-based)
    line: int = -1


def structure(lines: list[str], upto: int) -> tuple[list[_Level], bool] | None:
    """The block collections open after line `upto` - 1, and whether that line opens a
    new block (`key:` or `-` with nothing after it); None if those lines do not scan."""
    prefix = "\n".join(lines[:upto]) + "\n"
    stack: list[_Level] = []
    last: yaml.Token | None = None
    flow = 0
    try:
        tokens = list(yaml.scan(prefix, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    for i, token in enumerate(tokens):
        if isinstance(token, yaml.StreamEndToken) or (
            isinstance(token, yaml.BlockEndToken) and token.start_mark.index >= len(prefix) - 1
        ):
            break
        col = token.start_mark.column
        if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
            flow += 1
        elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken):
            flow -= 1
        elif flow:
            pass
        elif isinstance(token, yaml.BlockMappingStartToken):
            stack.append(_Level("map", col))
        elif isinstance(token, yaml.BlockSequenceStartToken):
            stack.append(_Level("list", col))
        elif isinstance(token, yaml.BlockEndToken):
            while stack and stack[-1].kind == "loose":
                stack.pop()
            if stack:
                stack.pop()
        elif isinstance(token, yaml.BlockEntryToken) and stack and stack[-1].kind == "map":
            if stack[-1].col == col:  # a list written at its key's column
                stack.append(_Level("loose", col))
        elif isinstance(token, yaml.KeyToken):
            while stack and stack[-1].kind == "loose" and stack[-1].col >= col:
                stack.pop()
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if stack and stack[-1].kind == "map" and isinstance(following, yaml.ScalarToken):
                stack[-1].key, stack[-1].line = str(following.value), token.start_mark.line
        last = token
    opens = isinstance(last, yaml.ValueToken | yaml.BlockEntryToken)
    return stack, opens


def indentation(lines: list[str], row: int) -> Explained | None:
    """A `key:` or `- ` line at a column no open mapping or list has."""
    source = lines[row]
    found = KEY.match(source)
    entry = source.lstrip(" ").startswith("- ") or source.strip() == "-"
    if not (found or entry) or not source.strip():
        return None
    found_structure = structure(lines, row)
    if found_structure is None or not found_structure[0]:
        return None
    stack, opens = found_structure
    col = len(source) - len(source.lstrip(" "))
    if opens and col > stack[-1].col:
        return None  # the first line of a new block: any deeper column starts it
    kinds = ("list", "loose") if entry else ("map",)
    levels = [level for level in stack if level.kind in kinds]
    if not levels or col in {level.col for level in levels}:
        return None
    deeper = [level for level in levels if level.col > col]
    # Too shallow: most often meant for the block just above it (the deeper neighbour);
    # too deep: meant for the innermost block.
    target = min(deeper, key=lambda level: level.col) if deeper else levels[-1]
    fixed = " " * target.col + source[col:]
    block = _children(lines, row, col, target.col - col) if col > target.col else []
    what = f"`{found['key']}:`" if found and not entry else "this list item"
    if target.kind == "map" and target.key:
        near = f"`{target.key}:` on line {target.line + 1}"
        which = "more" if col > target.col else "less"
        message = f"{what} is indented {which} than {near} ({_spaces(col)}, not {target.col})"
        between = lines[target.line + 1 : row]
        context = [_short(lines[target.line]), *(between if len(between) <= 2 else ["..."])]
        hint = f"line it up with `{target.key}:` (the keys of one mapping share a column):"
        if col > target.col and not entry:
            hint = (
                "YAML reads a line indented deeper than the key before it as part of that "
                f"key's value; {hint}"
            )
    else:
        message = f"{what} is indented {_spaces(col)}, but the list above is at {target.col}"
        context = lines[max(row - 1, 0) : row]
        hint = "line it up with the items above it:"
    return Explained(
        f"YAML syntax error: {message}",
        row + 1,
        col + 1,
        hint + shown([*(line.rstrip() for line in context), fixed, *block]),
    )


def _children(lines: list[str], row: int, col: int, shift: int) -> list[str]:
    """The lines below `row` that belong to it (indented deeper), moved by `shift`."""
    moved = []
    for line in lines[row + 1 : row + 4]:
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip() or indent <= col:
            break
        moved.append(" " * max(indent + shift, 0) + line.lstrip(" "))
    return moved


def _short(line: str, width: int = 76) -> str:
    """A line shown for context, cut short when long."""
    return line if len(line) <= width else line[: width - 4].rstrip() + " ..."


def _spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"
