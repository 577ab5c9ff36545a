"""A diff for people: one line per change, grouped by kind, as plain or coloured text
(word changes as git's --word-diff writes them, [-old-]{+new+}) or as Markdown."""

from __future__ import annotations

import html
import json
import re

from ..formatting import format_date
from .changes import (
    BlockChange,
    Diff,
    EditionInfo,
    FieldChange,
    FigureChange,
    PointChange,
    SectionChange,
    SourceChange,
)
from .words import WordOp

Span = tuple[str, str]  # (style, text); style: "" plain, "-" deleted, "+" inserted, "b" bold
Line = list[Span]
FORMATS = ("text", "json", "markdown")
GROUPS = {
    "brief": "Brief",
    "sections": "Sections",
    "points": "Key judgments and key points",
    "blocks": "Text",
    "figures": "Figures and tables",
    "sources": "Sources",
}


def render(diff: Diff, fmt: str = "text", color: bool = False) -> str:
    """The diff in one of FORMATS (text coloured with ANSI codes when `color`)."""
    if fmt == "json":
        return json.dumps(diff.to_json(), indent=2, ensure_ascii=False) + "\n"
    groups = describe(diff)
    if fmt == "markdown":
        return _markdown(diff, groups)
    if color:
        return _coloured(diff, groups)
    return "\n".join(_plain(line) for line in _text_lines(diff, groups)) + "\n"


def describe(diff: Diff) -> list[tuple[str, list[Line]]]:
    """The changes as lines of styled spans, under each kind's heading."""
    groups: list[tuple[str, list[Line]]] = []
    for kind, heading in GROUPS.items():
        lines = [_line(change) for change in getattr(diff, kind)]
        if lines:
            groups.append((heading, lines))
    return groups


def _line(change: object) -> Line:
    if isinstance(change, FieldChange):
        return _field(change)
    if isinstance(change, SectionChange):
        return _section(change)
    if isinstance(change, PointChange):
        return _point(change)
    if isinstance(change, BlockChange):
        return _block(change)
    if isinstance(change, FigureChange):
        return _figure(change)
    assert isinstance(change, SourceChange)
    return _source(change)


def _was(old: str | None, new: str | None) -> Line:
    return [("-", old or "(none)"), ("", " -> "), ("+", new or "(none)")]


def _field(change: FieldChange) -> Line:
    return [("", f"{change.field}: "), *_was(change.old, change.new)]


def _section(change: SectionChange) -> Line:
    place = change.new or change.old
    assert place is not None
    name = f'"{place.title}" ({place.id})'
    if change.change == "renamed" and change.old and change.new:
        return [("b", "renamed "), ("", f"({place.id}): "), *_was(change.old.title, place.title)]
    if change.change == "moved" and change.old and change.new:
        where = f": position {change.old.position} -> {change.new.position}"
        return [("b", "moved "), ("", name + where)]
    style = "+" if change.change == "added" else "-"
    return [("b", f"{change.change} "), (style, name)]


CONTEXT = 8  # words kept either side of a change; the rest of a long kept run is elided


def _words(ops: list[WordOp]) -> Line:
    """A word diff's spans, long unchanged runs shortened to their ends."""
    spans: Line = []
    for n, (kind, text) in enumerate(ops):
        if kind == "=":
            text = _elide(text.split(), n > 0, n < len(ops) - 1)
        if spans:
            spans.append(("", " "))
        spans.append(("" if kind == "=" else kind, text))
    return spans


def _elide(found: list[str], after_change: bool, before_change: bool) -> str:
    """A run of kept words, keeping CONTEXT words next to the changes either side of it."""
    keep: set[int] = set()
    if after_change:
        keep |= set(range(min(CONTEXT, len(found))))
    if before_change:
        keep |= set(range(max(0, len(found) - CONTEXT), len(found)))
    if len(keep) == len(found):
        return " ".join(found)
    if not after_change:
        return "\u2026 " + " ".join(found[-CONTEXT:])
    if not before_change:
        return " ".join(found[:CONTEXT]) + " \u2026"
    return " ".join(found[:CONTEXT]) + " \u2026 " + " ".join(found[-CONTEXT:])


def _point(change: PointChange) -> Line:
    where = "" if change.kind == "key judgment" else f' in "{change.section_title}"'
    old, new = change.old, change.new
    if new is None:
        assert old is not None
        return [
            ("b", f"removed {change.kind}"),
            ("", f" (was {old.number}){where}: "),
            ("-", old.text),
        ]
    number = f"{change.kind} {new.number}"
    if old is not None and old.number != new.number:
        number += f" (was {old.number})"
    head: Line = [("b", f"{change.change} "), ("", f"{number}{where}: ")]
    if old is None:
        return [*head, ("+", new.text)]
    if change.change == "reworded":
        return [*head, *_words(change.words)]
    if change.change == "cited":
        return [*head, ("", "sources "), *_was(", ".join(old.cite), ", ".join(new.cite))]
    return [*head, ("", new.text)]


def _block(change: BlockChange) -> Line:
    kind = change.kind.replace("_", " ")
    head: Line = [("b", f"{change.change} "), ("", f'{kind} in "{change.section_title}": ')]
    if change.change == "reworded":
        return [*head, *_words(change.words)]
    if change.change in ("renamed", "columns"):
        return [*head, *_was(change.old, change.new)]
    if change.change == "updated":
        return [*head, ("", f"{change.new}: its data changed")]
    style = "+" if change.change == "added" else "-"
    return [*head, (style, change.new or change.old or "")]


def _figure(change: FigureChange) -> Line:
    head: Line = [("b", f"{change.change} "), ("", f"{change.caption}: {change.row}")]
    spans: Line = []
    for cell in change.cells:
        if change.change == "changed" or cell.old or cell.new:
            label = "" if change.kind == "key_figures" and cell.column == "value" else cell.heading
            spans += [("", "; " if spans else ": ")]
            spans += [("", f"{label} ")] if label else []
            if change.change == "changed":
                spans += _was(cell.old, cell.new)
            else:
                spans += [("+" if change.change == "added" else "-", cell.new or cell.old or "")]
    as_of = change.as_of
    if as_of is not None:
        if as_of.old == as_of.new or change.change != "changed":
            spans.append(("", f" (as of {as_of.new or as_of.old})"))
        else:
            spans += [("", " (as of "), *_was(as_of.old, as_of.new), ("", ")")]
    return head + spans


def _source(change: SourceChange) -> Line:
    name = f'{change.id}: "{change.title}"'
    verb = {"redated": "re-dated"}.get(change.change, change.change)
    if change.change in ("added", "removed"):
        date = f" ({change.date})" if change.date else ""
        return [("b", f"{verb} "), ("+" if change.change == "added" else "-", name + date)]
    spans: Line = [("b", f"{verb} "), ("", name)]
    for f in change.fields:
        spans += [("", f"; {f.field}: "), *_was(f.old, f.new)]
    return spans


def _heading(info: EditionInfo) -> str:
    return f"{info.label} ({info.edition}, {format_date(info.date)})"


def _text_lines(diff: Diff, groups: list[tuple[str, list[Line]]]) -> list[Line]:
    lines: list[Line] = [[("b", f"Changes from {_heading(diff.old)} to {_heading(diff.new)}")]]
    for heading, items in groups:
        lines += [[], [("b", heading)], *([("", "  "), *line] for line in items)]
    lines += [[], [("", _count(diff))]]
    return lines


def _count(diff: Diff) -> str:
    return "no changes" if not diff.changed else f"{diff.count} change(s)"


def _plain(line: Line) -> str:
    marks = {"-": ("[-", "-]"), "+": ("{+", "+}")}
    return "".join(text.join(marks.get(style, ("", ""))) for style, text in line)


def _coloured(diff: Diff, groups: list[tuple[str, list[Line]]]) -> str:
    from rich.console import Console
    from rich.text import Text

    styles = {"-": "red strike", "+": "green underline", "b": "bold", "": ""}
    console = Console(force_terminal=True, color_system="standard", highlight=False)
    with console.capture() as captured:
        for line in _text_lines(diff, groups):
            text = Text()
            for style, part in line:
                text.append(part, style=styles[style])
            console.print(text, soft_wrap=True)  # the terminal wraps long lines
    return captured.get()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~!])")


def _md(text: str) -> str:
    """Text shown as written in Markdown: HTML and Markdown syntax escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _markdown_line(line: Line) -> str:
    tags = {"-": ("<del>", "</del>"), "+": ("<ins>", "</ins>"), "b": ("**", "**")}
    out = []
    for style, text in line:
        if text == " -> ":
            out.append(" \u2192 ")
            continue
        core = text.strip()  # Markdown's emphasis ends where its text does, not at a space
        if not core:
            out.append(text)
            continue
        start, end = tags.get(style, ("", ""))
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        out.append(lead + start + _md(core) + end + trail)
    return "".join(out)


def _markdown(diff: Diff, groups: list[tuple[str, list[Line]]]) -> str:
    out = [f"### Changes from {_md(_heading(diff.old))} to {_md(_heading(diff.new))}", ""]
    for heading, items in groups:
        out += [f"#### {heading}", "", *(f"- {_markdown_line(line)}" for line in items), ""]
    out.append(f"_{_count(diff)}_")
    return "\n".join(out) + "\n"
