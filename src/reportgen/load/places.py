"""Places in a project's files named as their author knows them: "the chart gdp-asia
(line 24)", "key point 2 (line 9)", "url of source 'mnd-2025'", "n of step 4 (top) of
table 'growth' (line 45)", not "body[1]" or "tables.growth.steps[3].top.n"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import BLOCK_TYPES
from ..model.steps import Step

Loc = tuple[str | int, ...]

# The lists whose items an author knows by a name, not by an index.
ITEM_NAMES = {
    "body": "block",
    "key_points": "key point",
    "sources": "source",
    "columns": "column",
    "subsections": "sub-section",
}
BLOCK_WORDS = {"key_figures": "key figures"}


def place(root: Any, where: Callable[[Loc], tuple[int, int]], loc: Loc) -> str:
    """Where `loc` is, in the author's words: "the chart gdp (line 24)", "kind of the chart
    gdp (line 24)", "key point 2 (line 9)"; a dotted path where nothing has a name.
    `root` is the file's value, `where` gives the line and column of a location."""
    value: Any = root
    named, start = "", 0
    for i, part in enumerate(loc):
        value = value[part] if isinstance(value, dict | list) and _has(value, part) else None  # type: ignore[index]
        parent = loc[i - 1] if i else None
        if isinstance(part, int) and parent == "steps" and loc[: i - 2] == ("tables",):
            kind = next(iter(value), "") if isinstance(value, dict) and len(value) == 1 else ""
            kind = kind if kind in Step.model_fields else ""
            named = f"step {part + 1}{f' ({kind})' if kind else ''} of table {loc[i - 2]!r}"
            named += f" (line {where(loc[: i + 1])[0]})"
            start = i + 2 if kind and loc[i + 1 : i + 2] == (kind,) else i + 1
        elif isinstance(part, int) and parent in ITEM_NAMES:
            words = _item(str(parent), part, value, where(loc[: i + 1])[0])
            named = f"{words} of {named}" if parent == "columns" and named else words
            start = i + 1
    rest = dotted(loc[start:])
    if not named:
        return rest
    return f"{rest} of {named}" if rest else named


def _item(kind: str, index: int, value: Any, line: int) -> str:
    """How an author names the `index`-th item of a list of `kind`."""
    raw = value if isinstance(value, dict) else {}
    name = raw.get({"sources": "id", "columns": "key", "subsections": "title"}.get(kind, "id"))
    name = name if isinstance(name, str) and name else None
    if kind == "body":
        block = raw.get("type")
        word = BLOCK_WORDS.get(str(block), str(block)) if block in BLOCK_TYPES else "block"
        return f"the {word}{' ' + name if name else ''} (line {line})"
    if kind == "key_points":
        return f"key point {index + 1} (line {line})"
    noun = ITEM_NAMES[kind]
    return f"{noun} {name!r}" if name else f"{noun} {index + 1}"


def dotted(loc: Loc) -> str:
    """A location as a path: sources[0].date."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _has(value: dict[Any, Any] | list[Any], part: str | int) -> bool:
    if isinstance(value, dict):
        return part in value
    return isinstance(part, int) and 0 <= part < len(value)
