"""Pandoc-style attributes in section files: a callout's `{.callout-note title="..."
marking=CUI}`, a div's `{marking=CUI}` that marks the blocks it holds, a heading's
`{#id marking=CUI}`, and where each `name=value` is written."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .mdtokens import closing
from .yamlfile import Document, Loc

VALUE = r'(?:"[^"]*"|[^\s"{}]+)'
CALLOUT = re.compile(r"^\{\s*\.callout-(\w+)((?:\s+\w+=" + VALUE + r")*)\s*\}$")
# `::: {marking=CUI}` ... `:::`: the blocks inside carry the attributes' fields.
DIV = re.compile(r"^\{((?:\s*\w+=" + VALUE + r")+)\s*\}$")
ATTRIBUTE = re.compile(r'(\w+)=(?:"([^"]*)"|([^\s"{}]+))')
# `## Title {#id marking=CUI}`: a sub-section's id and fields.
HEADING_ATTRIBUTES = re.compile(
    r"\s*\{((?:\s*(?:#[a-z0-9][a-z0-9_-]*|\w+=" + VALUE + r"))+)\s*\}\s*$"
)
HEADING_ID = re.compile(r"#([a-z0-9][a-z0-9_-]*)")
TONES = {"note": "note", "warning": "warning", "correction": "correction"}


class AttributeMarks:
    """Divs and attribute locations, for the Markdown reader (load.markdown._Reader)."""

    lines: list[str]
    doc: Document
    body: list[dict[str, Any]]
    body_loc: Loc

    block: Callable[[list[Any], int], int]  # the reader's: add one block, the index after it

    def div(self, tokens: list[Any], i: int, fields: dict[str, str]) -> None:
        """`::: {marking=CUI}` ... `:::`: each block inside with the div's fields."""
        first = len(self.body)
        j = i + 1
        while j < closing(tokens, i):
            j = self.block(tokens, j)
        for n in range(first, len(self.body)):
            for key, value in fields.items():
                if key not in self.body[n]:  # a block's own field stays, where it is written
                    self.body[n][key] = value
                    self.mark_attributes((*self.body_loc, n), tokens[i].map[0], only=key)

    def mark_attributes(self, loc: Loc, line: int, only: str | None = None) -> None:
        """Locate each `name=value` written on a line at its own column."""
        text = self.lines[line] if line < len(self.lines) else ""
        for match in ATTRIBUTE.finditer(text):
            if only is None or match.group(1) == only:
                self.doc.value_marks[(*loc, match.group(1))] = (line + 1, match.start() + 1)
                self.doc.key_marks[(*loc, match.group(1))] = (line + 1, match.start() + 1)


def attributes(text: str) -> dict[str, str]:
    """The `name=value` and `name="value"` pairs of a Pandoc attribute list."""
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in ATTRIBUTE.finditer(text)
    }


def subsection(title: str) -> dict[str, Any]:
    """A `## Title {#id marking=CUI}` heading as a sub-section's title, id and fields."""
    match = HEADING_ATTRIBUTES.search(title)
    sub: dict[str, Any] = {"title": HEADING_ATTRIBUTES.sub("", title), "body": []}
    if match:
        found = HEADING_ID.search(ATTRIBUTE.sub("", match.group(1)))
        sub |= {"id": found.group(1)} if found else {}
        sub |= attributes(match.group(1))
    return sub
