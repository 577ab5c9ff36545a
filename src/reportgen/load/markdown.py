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

import re
from pathlib import Path
from typing import Any

from ..errors import Problem, ReportgenError
from .mdattributes import CALLOUT, DIV, TONES, AttributeMarks, attributes, subsection
from .mdtokens import closing, front_matter_end, parser, split_notes, unopened_front_matter
from .text import MAX_YAML_BYTES, read_text
from .yamlfile import Document, Loc, parse_yaml, salvage
from .yamlindent import shown

FENCED_BLOCKS = {"{table}": "table", "{chart}": "chart", "{key-figures}": "key_figures"}
NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def load_markdown(path: Path) -> Document:
    """Parse a Markdown section file into a Document (value, marks and problems)."""
    text = read_text(path, MAX_YAML_BYTES)
    return _Reader(path, text).read()


class _Reader(AttributeMarks):
    """Walks the Markdown's block tokens, building the section's value and its marks."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.tokens, self.notes = split_notes(parser().parse(text))
        self.doc = Document(path=path, value={})
        self.body: list[Any] = []
        self.body_loc: Loc = ("body",)

    def read(self) -> Document:
        value: dict[str, Any] = {}
        tokens = self.tokens
        if tokens and tokens[0].type == "front_matter":
            value = self.front_matter(tokens[0].content)
            tokens = tokens[1:]
        elif self.lines and self.lines[0].strip() == "---":
            value, tokens = self.unclosed_front_matter()
        elif (end := unopened_front_matter(self.lines)) is not None:
            self.doc.problems.append(
                Problem(
                    str(self.path),
                    1,
                    1,
                    "error",
                    "the front matter has no opening `---` line",
                    "a Markdown section starts with its front matter between two `---` lines:"
                    + shown(["---", self.lines[0], "..."]),
                )
            )
            self.doc.partial = True
            value = self.front_matter("\n".join(self.lines[:end]) + "\n", 1, told=True)
            tokens = self.reparse(end + 1)
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
                sub = subsection(tokens[i + 1].content)
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

    def front_matter(self, content: str, first_line: int = 2, told: bool = False) -> dict[str, Any]:
        """The front matter's fields; on a YAML error, none (the body is still read).
        `told`: its bounds were wrong and are reported, which may be why it does not parse."""
        try:
            front = parse_yaml(self.path, content, first_line=first_line)
        except ReportgenError as exc:
            self.doc.problems += [] if told else exc.problems
            self.doc.partial = True
            return {}
        self.doc.problems += front.problems
        if front.value is not None and not isinstance(front.value, dict):
            message = "the front matter must be keys and values"
            self.doc.problems.append(Problem(str(self.path), 2, 1, "error", message))
            self.doc.partial = True
            return {}
        self.doc.value_marks.update(front.value_marks)
        self.doc.key_marks.update(front.key_marks)
        self.doc.doubled |= front.doubled
        return dict(front.value or {})

    def unclosed_front_matter(self) -> tuple[dict[str, Any], list[Any]]:
        """A first `---` with no closing one: the front matter is taken to end where its
        keys do (reported once), and the body after it is read as usual."""
        end = front_matter_end(self.lines)
        last = self.lines[end - 1] if end > 1 else self.lines[0]
        self.doc.problems.append(
            Problem(
                str(self.path),
                1,
                1,
                "error",
                "the front matter is not closed: no `---` line after its keys",
                f"add a line `---` after line {end}, where the keys end:" + shown([last, "---"]),
            )
        )
        self.doc.partial = True
        value = self.front_matter("\n".join(self.lines[1:end]) + "\n", told=True)
        return value, self.reparse(end)

    def reparse(self, start: int) -> list[Any]:
        """The tokens of the body from line `start` (0-based), at their lines in the file."""
        body = "\n" * start + "\n".join(self.lines[start:]) + "\n"
        tokens, notes = split_notes(parser().parse(body))
        self.notes.update(notes)
        return tokens

    def block(self, tokens: list[Any], i: int) -> int:
        """Add the block that starts at token `i`; return the index after it."""
        token = tokens[i]
        if token.type == "fence" and token.info.strip() in FENCED_BLOCKS:
            self.fenced(token)
        elif token.type == "fence" or token.type == "code_block":
            self.add({"type": "paragraph", "text": self.source(token.map)}, token.map[0])
        elif token.type == "container_callout_open":
            if not self.callout(tokens, i):
                return i + 1  # reported; the blocks inside are read as if it were not there
            return closing(tokens, i) + 1
        elif token.nesting == 1 and token.map:  # a paragraph, list, quote or heading
            self.add({"type": "paragraph", "text": self.source(token.map)}, token.map[0])
            return closing(tokens, i) + 1
        return i + 1

    def source(self, span: list[int]) -> str:
        """The Markdown of some lines, each note reference `[^1]` made `^[its text]`."""
        text = "\n".join(self.lines[span[0] : span[1]])
        for number, line in enumerate(self.lines[span[0] : span[1]], start=span[0] + 1):
            for match in NOTE_REFERENCE.finditer(line):
                if match.group(1) not in self.notes:
                    self.doc.problems.append(
                        Problem(
                            str(self.path),
                            number,
                            match.start() + 1,
                            "error",
                            f"note [^{match.group(1)}] has no text",
                            f"add a line `[^{match.group(1)}]: the note's text`",
                        )
                    )
        notes = self.notes
        return NOTE_REFERENCE.sub(
            lambda m: f"^[{notes[m.group(1)]}]" if m.group(1) in notes else m.group(0), text
        ).strip()

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
        kind = FENCED_BLOCKS[token.info.strip()]
        last = self.lines[token.map[1] - 1].strip() if token.map[1] > start + 1 else ""
        if not last.startswith(token.markup):  # it runs to the end of the file
            message = (
                f"this {token.markup}{token.info.strip()} block is not closed (add a line with "
                f"{token.markup} after its fields)"
            )
            self.doc.problems.append(Problem(str(self.path), start + 1, 1, "error", message))
            self.doc.salvage += _salvaged(kind, token.content)
            self.doc.partial = True
            return
        opener = re.search(r"(?m)^(`{3,}|~{3,})\{[a-z-]+\}\s*$", token.content)
        if opener:  # its closing line left out: it runs on through the next block
            at = start + 1 + token.content.count("\n", 0, opener.start())
            filled = (n for n in range(at - 1, start, -1) if self.lines[n].strip())
            last = next(filled, start)  # its last field (or its opening line)
            message = (
                f"this {token.markup}{token.info.strip()} block is not closed before the "
                f"{opener[0].strip()} block on line {at + 1}"
            )
            hint = f"add a line {token.markup} after its fields:" + shown(
                [self.lines[last], token.markup]
            )
            self.doc.problems.append(Problem(str(self.path), start + 1, 1, "error", message, hint))
            self.doc.salvage += _salvaged(kind, token.content)
            self.doc.partial = True
            return
        try:
            fields = parse_yaml(self.path, token.content, first_line=start + 2)
        except ReportgenError as exc:
            self.doc.problems += exc.problems
            self.doc.salvage += _salvaged(kind, token.content)
            self.doc.partial = True
            return
        self.doc.problems += fields.problems
        if not isinstance(fields.value, dict):
            self.doc.problems.append(
                Problem(
                    str(self.path),
                    start + 1,
                    1,
                    "error",
                    f"a {token.info.strip()} block holds the block's fields as YAML keys and "
                    "values",
                )
            )
            return
        loc = (*self.body_loc, len(self.body))
        self.body.append({"type": FENCED_BLOCKS[token.info.strip()], **fields.value})
        self.mark(loc, start)
        for inner, mark in fields.value_marks.items():
            self.doc.value_marks[(*loc, *inner)] = mark
        for inner, mark in fields.key_marks.items():
            self.doc.key_marks[(*loc, *inner)] = mark
        self.doc.doubled |= {(*loc, *inner) for inner in fields.doubled}

    def callout(self, tokens: list[Any], i: int) -> bool:
        """`::: {.callout-TONE title="..."}` ... `:::`; False (reported) when it is not
        closed or not a callout."""
        token = tokens[i]
        start, end = token.map  # `end` is the closing ::: line
        closer = self.lines[end].strip() if end < len(self.lines) else ""
        if not closer.startswith(":::"):
            message = "this ::: block is not closed (add a line with ::: after its text)"
            self.doc.problems.append(Problem(str(self.path), start + 1, 1, "error", message))
            return False
        div = DIV.match(token.info.strip())
        if div is not None:
            self.div(tokens, i, attributes(div.group(1)))
            return True
        match = CALLOUT.match(token.info.strip())
        if match is None or match.group(1) not in TONES:
            self.doc.problems.append(
                Problem(
                    str(self.path),
                    start + 1,
                    1,
                    "error",
                    f"unknown block {token.info.strip()!r}",
                    "callouts are ::: {.callout-note}, {.callout-warning} or "
                    '{.callout-correction}, with an optional title="..." and marking=LEVEL; '
                    "::: {marking=LEVEL} marks the blocks it holds",
                )
            )
            return False
        block: dict[str, Any] = {"type": "callout", "tone": TONES[match.group(1)]}
        block |= attributes(match.group(2))
        block["text"] = self.source([start + 1, end])
        self.add(block, start)
        self.mark((*self.body_loc, len(self.body) - 1, "text"), start + 1)
        self.mark_attributes((*self.body_loc, len(self.body) - 1), start)
        return True


def _salvaged(kind: str, content: str) -> list[dict[str, Any]]:
    """The ids a fenced block's text gives when it does not read: its own, of its kind,
    and any more (blocks whose fences are broken run together), of any kind."""
    items: list[dict[str, Any]] = salvage(content)
    return [{"type": kind, **items[0]}, *items[1:]] if items else []
