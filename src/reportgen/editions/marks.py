"""Redline marks: words inserted or deleted are wrapped in marker characters inside the
model's texts, so any template renders them; the rendered HTML then turns the markers
into <ins> and <del> (and drops them where HTML takes no markup: attributes, <title>).

The markers are rare Unicode punctuation (U+2E00, U+2E01, U+2E06, U+2E07), so Markdown
reads emphasis, quotes and citations next to them as it would next to any punctuation.
"""

from __future__ import annotations

import difflib
import re

from .words import plain, words

INS_OPEN, INS_CLOSE, DEL_OPEN, DEL_CLOSE = "\u2e00", "\u2e01", "\u2e06", "\u2e07"
MARKS = INS_OPEN + INS_CLOSE + DEL_OPEN + DEL_CLOSE
DELETED_ITEM = "redline-deleted"  # the class of a list item that is all deleted text

# A list item, heading or quotation starts its line in Markdown: a marker goes after it.
_BLOCK_START = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)]|#{1,6}|>)\s+")
_ESCAPED = re.compile(r"([\\`*_{}\[\]()<>#+!|~^@&-])")


def unmarked(text: str) -> str:
    """A text with any marker characters taken out (they are reportgen's own)."""
    return text.translate({ord(c): None for c in MARKS})


def inserted(text: str) -> str:
    """A whole text marked inserted (line by line, so Markdown's structure survives)."""
    return _wrap(text, INS_OPEN, INS_CLOSE, True)


def deleted(text: str, markdown: bool) -> str:
    """A whole text marked deleted: as plain words on one line (Markdown escaped)."""
    shown = plain(text) if markdown else " ".join(text.split())
    if not shown:
        return ""
    return DEL_OPEN + (_ESCAPED.sub(r"\\\1", shown) if markdown else shown) + DEL_CLOSE


def marked(old: str, new: str, markdown: bool) -> str:
    """The new text with the words inserted since the old one marked, and the words deleted
    put back, marked, where they stood; the new text's own spacing and lines kept."""
    a, b = words(unmarked(old)), words(unmarked(new))
    out: list[str] = []
    ops = difflib.SequenceMatcher(None, [w.text for w in a], [w.text for w in b], autojunk=False)
    for tag, i1, i2, j1, j2 in ops.get_opcodes():
        gone = deleted(" ".join(w.text for w in a[i1:i2]), markdown) if tag != "equal" else ""
        if gone:
            if out and not out[-1][-1:].isspace():
                out.append(" ")
            out.append(gone + (" " if j1 < len(b) else ""))
        run = "".join(w.text + w.space for w in b[j1:j2])
        if tag == "equal":
            out.append(run)
        elif run:
            at_start = not "".join(out) or "".join(out).endswith("\n")
            out.append(_wrap(run, INS_OPEN, INS_CLOSE, markdown, at_start))
    return "".join(out)


def _wrap(text: str, start: str, end: str, markdown: bool, at_start: bool = True) -> str:
    """Each line of `text` between `start` and `end`, after any Markdown block marker and
    before the line's trailing spaces."""
    out = []
    for n, line in enumerate(text.split("\n")):
        first = at_start or n > 0
        head = _BLOCK_START.match(line) if markdown and first else None
        lead = head.group(0) if head else line[: len(line) - len(line.lstrip())]
        core = line[len(lead) :].rstrip()
        trail = line[len(lead) + len(core) :]
        out.append(f"{lead}{start}{core}{end}{trail}" if core else line)
    return "\n".join(out)


# -- the rendered HTML ---------------------------------------------------------------

# Comments, and elements whose content is not markup (title, script, style), whole; tags.
_TOKENS = re.compile(
    r"<!--.*?-->|<(title|script|style|textarea)\b[^>]*>.*?</\1\s*>|<[^>]*>", re.S | re.I
)
# Where a region ends whatever its markers say: a block closes.
_BLOCK_END = re.compile(
    r"</(p|li|td|th|h[1-6]|dd|dt|caption|figcaption|div|section|aside|blockquote|tr|ul|ol)\s*>",
    re.I,
)
_DELETED_SPAN = re.compile(f"{DEL_OPEN}[^{DEL_CLOSE}]*{DEL_CLOSE}")
_DELETED_ITEM = re.compile(r"<li(\s[^>]*)?>(\s*<del>[^<]*</del>\s*)</li>")


def to_html(document: str) -> str:
    """Rendered HTML with its markers as <ins> and <del>; in tags and in elements that take
    no markup, deleted words dropped and inserted ones kept plain."""
    out: list[str] = []
    state = ""
    at = 0
    for token in _TOKENS.finditer(document):
        text, state = _text(document[at : token.start()], state)
        out.append(text)
        tag = token.group(0)
        if _BLOCK_END.match(tag):
            state = ""
        out.append(unmarked(_DELETED_SPAN.sub("", tag)))
        at = token.end()
    out.append(_text(document[at:], state)[0])
    return _DELETED_ITEM.sub(_deleted_item, "".join(out))


def _text(text: str, state: str) -> tuple[str, str]:
    """A run of text with its markers as elements; the state ("ins", "del" or "") after it."""
    if not any(c in text for c in MARKS) and not state:
        return text, state
    out: list[str] = []
    for part in re.split(f"([{MARKS}])", text):
        if part in (INS_OPEN, DEL_OPEN):
            state = "ins" if part == INS_OPEN else "del"
        elif part in (INS_CLOSE, DEL_CLOSE):
            state = ""
        elif state and part.strip():
            out.append(f"<{state}>{part}</{state}>")
        else:
            out.append(part)
    return "".join(out), state


def _deleted_item(match: re.Match[str]) -> str:
    attributes = match.group(1) or ""
    if 'class="' in attributes:
        attributes = attributes.replace('class="', f'class="{DELETED_ITEM} ', 1)
    else:
        attributes += f' class="{DELETED_ITEM}"'
    return f"<li{attributes}>{match.group(2)}</li>"
