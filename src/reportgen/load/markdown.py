"""Markdown section files: YAML front matter and a Pandoc/Quarto-style body, read into the
same plain value (and the same line and column marks) a YAML section file gives.

- front matter (`---` ... `---`): the section's fields other than its body;
- paragraphs and lists: `paragraph` blocks (their Markdown kept as written);
- `::: {.callout-warning title="..." marking=CUI}` ... `:::`: a `callout` block;
- `::: {marking=CUI}` ... `:::`: the blocks inside, each with that `marking`;
- a fenced block whose info string is `{table}`, `{chart}` or `{key-figures}`: that
  block, its fields written as YAML;
- `## Title {#id marking=CUI}`: a sub-section, holding the blocks that follow it;
- `[^1]` with its `[^1]: text` anywhere in the file: a note, kept in the text as
  Pandoc's inline note `^[text]`.

Citations (`[@id]`) and cross-references (`@fig-...`) stay in the text; validation
checks them and the templates' `md` filter renders them.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from ..errors import Problem, ReportgenError
from .text import MAX_YAML_BYTES, read_text
from .yamlfile import Document, Loc, parse_yaml

FENCED_BLOCKS = {"{table}": "table", "{chart}": "chart", "{key-figures}": "key_figures"}
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
NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


@functools.cache  # one parser for every file (parse() keeps no state between calls)
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": False}).use(front_matter_plugin)
    md.use(footnote_plugin)
    return md.use(container_plugin, "callout", validate=lambda params, *_: True)


def load_markdown(path: Path) -> Document:
    """Parse a Markdown section file into a Document (value, marks and problems)."""
    text = read_text(path, MAX_YAML_BYTES)
    return _Reader(path, text).read()


class _Reader:
    """Walks the Markdown's block tokens, building the section's value and its marks."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.tokens, self.notes = _notes(_parser().parse(text))
        self.doc = Document(path=path, value={})
        self.body: list[Any] = []
        self.body_loc: Loc = ("body",)

    def read(self) -> Document:
        value: dict[str, Any] = {}
        tokens = self.tokens
        if tokens and tokens[0].type == "front_matter":
            front = parse_yaml(self.path, tokens[0].content, first_line=2)
            self.doc.problems += front.problems
            if front.value is not None and not isinstance(front.value, dict):
                raise ReportgenError("the front matter must be keys and values", self.path, 2, 1)
            value = dict(front.value or {})
            self.doc.value_marks.update(front.value_marks)
            self.doc.key_marks.update(front.key_marks)
            tokens = tokens[1:]
        for key in ("body", "subsections"):
            if key in value:
                line, col = self.doc.key_marks.get((key,), (2, 1))
                message = f"`{key}` is not set in the front matter of a Markdown section"
                hint = "write the body as Markdown after the front matter (## starts a sub-section)"
                self.doc.problems.append(Problem(str(self.path), line, col, "error", message, hint))
        self.doc.value = value
        value["body"] = self.body = []
        subsections: list[Any] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "heading_open" and token.tag == "h2":
                title = tokens[i + 1].content
                match = HEADING_ATTRIBUTES.search(title)
                sub: dict[str, Any] = {"title": HEADING_ATTRIBUTES.sub("", title), "body": []}
                if match:
                    found = HEADING_ID.search(ATTRIBUTE.sub("", match.group(1)))
                    sub |= {"id": found.group(1)} if found else {}
                    sub |= attributes(match.group(1))
                self.body = sub["body"]
                self.body_loc = ("subsections", len(subsections), "body")
                self.mark(("subsections", len(subsections)), token.map[0])
                self.mark(("subsections", len(subsections), "title"), token.map[0])
                self.mark_attributes(("subsections", len(subsections)), token.map[0])
                subsections.append(sub)
                i += 3
                continue
            i = self.block(tokens, i)
        if subsections:
            value["subsections"] = subsections
        return self.doc

    def block(self, tokens: list[Any], i: int) -> int:
        """Add the block that starts at token `i`; return the index after it."""
        token = tokens[i]
        if token.type == "fence" and token.info.strip() in FENCED_BLOCKS:
            self.fenced(token)
        elif token.type == "fence" or token.type == "code_block":
            self.add({"type": "paragraph", "text": self.source(token.map)}, token.map[0])
        elif token.type == "container_callout_open":
            self.callout(tokens, i)
            return _closing(tokens, i) + 1
        elif token.nesting == 1 and token.map:  # a paragraph, list, quote or heading
            self.add({"type": "paragraph", "text": self.source(token.map)}, token.map[0])
            return _closing(tokens, i) + 1
        return i + 1

    def source(self, span: list[int]) -> str:
        """The Markdown of some lines, each note reference `[^1]` made `^[its text]`."""
        text = "\n".join(self.lines[span[0] : span[1]])
        for number, line in enumerate(self.lines[span[0] : span[1]], start=span[0] + 1):
            for match in NOTE_REFERENCE.finditer(line):
                if match.group(1) not in self.notes:
                    raise ReportgenError(
                        f"note [^{match.group(1)}] has no text",
                        self.path,
                        number,
                        match.start() + 1,
                        hint=f"add a line `[^{match.group(1)}]: the note's text`",
                    )
        return NOTE_REFERENCE.sub(lambda m: f"^[{self.notes[m.group(1)]}]", text).strip()

    def add(self, block: dict[str, Any], line: int) -> None:
        loc = (*self.body_loc, len(self.body))
        self.body.append(block)
        self.mark(loc, line)
        for key in block:
            self.mark((*loc, key), line)

    def mark(self, loc: Loc, line: int) -> None:
        self.doc.value_marks[loc] = (line + 1, 1)
        self.doc.key_marks[loc] = (line + 1, 1)

    def fenced(self, token: Any) -> None:
        """A `{table}`, `{chart}` or `{key-figures}` block: YAML fields, located in the file."""
        start = token.map[0]
        fields = parse_yaml(self.path, token.content, first_line=start + 2)
        self.doc.problems += fields.problems
        if not isinstance(fields.value, dict):
            raise ReportgenError(
                f"a {token.info.strip()} block holds the block's fields as YAML keys and values",
                self.path,
                start + 1,
                1,
            )
        loc = (*self.body_loc, len(self.body))
        self.body.append({"type": FENCED_BLOCKS[token.info.strip()], **fields.value})
        self.mark(loc, start)
        for inner, mark in fields.value_marks.items():
            self.doc.value_marks[(*loc, *inner)] = mark
        for inner, mark in fields.key_marks.items():
            self.doc.key_marks[(*loc, *inner)] = mark

    def callout(self, tokens: list[Any], i: int) -> None:
        """`::: {.callout-TONE title="..."}` ... `:::`."""
        token = tokens[i]
        start, end = token.map  # `end` is the closing ::: line
        closing = self.lines[end].strip() if end < len(self.lines) else ""
        if not closing.startswith(":::"):
            raise ReportgenError(
                "this ::: block is not closed (add a line with ::: after its text)",
                self.path,
                start + 1,
                1,
            )
        div = DIV.match(token.info.strip())
        if div is not None:
            self.div(tokens, i, attributes(div.group(1)))
            return
        match = CALLOUT.match(token.info.strip())
        if match is None or match.group(1) not in TONES:
            raise ReportgenError(
                f"unknown block {token.info.strip()!r}",
                self.path,
                start + 1,
                1,
                hint="callouts are ::: {.callout-note}, {.callout-warning} or "
                '{.callout-correction}, with an optional title="..." and marking=LEVEL; '
                "::: {marking=LEVEL} marks the blocks it holds",
            )
        block: dict[str, Any] = {"type": "callout", "tone": TONES[match.group(1)]}
        block |= attributes(match.group(2))
        block["text"] = self.source([start + 1, end])
        self.add(block, start)
        self.mark((*self.body_loc, len(self.body) - 1, "text"), start + 1)
        self.mark_attributes((*self.body_loc, len(self.body) - 1), start)

    def div(self, tokens: list[Any], i: int, fields: dict[str, str]) -> None:
        """`::: {marking=CUI}` ... `:::`: each block inside with the div's fields."""
        first = len(self.body)
        j = i + 1
        while j < _closing(tokens, i):
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


def _notes(tokens: list[Any]) -> tuple[list[Any], dict[str, str]]:
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


def attributes(text: str) -> dict[str, str]:
    """The `name=value` and `name="value"` pairs of a Pandoc attribute list."""
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in ATTRIBUTE.finditer(text)
    }


def _closing(tokens: list[Any], i: int) -> int:
    """The index of the token that closes the one opened at `i`."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1
