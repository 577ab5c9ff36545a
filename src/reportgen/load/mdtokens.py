"""The Markdown parser of section files and what is read from its tokens: notes, the end
of a block, and where a front matter that lacks a `---` line ends."""

from __future__ import annotations

import functools
import re
from typing import Any

YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*:(\s|$)")


@functools.cache  # one parser for every file (parse() keeps no state between calls)
def parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": False}).use(front_matter_plugin)
    md.use(footnote_plugin)
    return md.use(container_plugin, "callout", validate=lambda params, *_: True)


def split_notes(tokens: list[Any]) -> tuple[list[Any], dict[str, str]]:
    """The body's tokens without the notes' definitions, and each note's text by label."""
    notes: dict[str, str] = {}
    body: list[Any] = []
    label = None
    for token in tokens:
        if token.type == "footnote_open":
            label = token.meta["label"]
        elif label is not None and token.type == "inline":
            notes[label] = " ".join(token.content.split())
        elif not token.type.startswith(("footnote_", "paragraph_")) or label is None:
            body.append(token)
        if token.type == "footnote_close":
            label = None
    return [t for t in body if not t.type.startswith("footnote_")], notes


def closing(tokens: list[Any], i: int) -> int:
    """The index of the token that closes the one opened at `i`."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def front_matter_end(lines: list[str]) -> int:
    """Where a front matter with no closing `---` most likely ends: before the first
    blank line, or the first line that is neither a YAML key, a list item nor indented."""
    for i in range(1, len(lines)):
        line = lines[i]
        if not line.strip():
            return i
        if not (line.startswith((" ", "-", "#")) or YAML_KEY.match(line)):
            return i
    return len(lines)


def unopened_front_matter(lines: list[str]) -> int | None:
    """For a file that opens with `key: value` lines ended by a `---` line (front matter
    that lacks its opening `---`): the index of that line; else None."""
    if not lines or not YAML_KEY.match(lines[0]):
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return i
        if line.strip() and not (line.startswith((" ", "-", "#")) or YAML_KEY.match(line)):
            return None
    return None
