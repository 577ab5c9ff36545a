"""Comparing a quotation with a snapshot's text, as words.

Both are read as words after normalising what typesetting changes and a reader
does not: whitespace and line breaks, curly and straight quote marks and
apostrophes, dashes, case, and punctuation between words. A hyphen inside a
word, or at a line's end before the word's rest, joins the word's parts
('self-defense', 'self-\\ndefense' and 'selfdefense' read alike). In the
quotation, an ellipsis ('...' or '…') and an editorial insertion in square
brackets ('[the Act]') stand for any passage left out; brackets inside a word
('[T]he') are dropped.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

# A word: letters and digits, joined by apostrophes and by hyphens (also across a
# line break); or one of the signs that carry meaning in a quotation.
_JOIN = r"(?:[-\u2010\u2011\u2013\u2212\u00ad](?:[ \t]*\r?\n[ \t]*)?|['\u2018\u2019\u02bc])"
WORD = re.compile(r"[^\W_]+(?:" + _JOIN + r"[^\W_]+)*|[%$€£§&]")
_DROP = re.compile(r"[-\u2010\u2011\u2013\u2212\u00ad\s]")
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'"})
ELLIPSIS = re.compile(r"\[\s*(?:\.\s*\.\s*\.|…)\s*\]|\.\s*\.\s*\.|…")
BRACKETED = re.compile(r"(?<![^\W_])\[[^\[\]]*\](?![^\W_])")  # a whole insertion, not "[T]he"
SHOWN_CHARS = 160  # the most of a closest passage a hint shows


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return [_norm(m.group()) for m in WORD.finditer(text)]


def _norm(word: str) -> str:
    return _DROP.sub("", word).translate(_APOSTROPHES).casefold()


def quote_parts(quotation: str) -> list[list[str]]:
    """A quotation's words, in the parts its ellipses and insertions separate."""
    text = BRACKETED.sub(" … ", quotation)
    text = text.replace("[", "").replace("]", "")
    parts = [words(part) for part in ELLIPSIS.split(text)]
    return [p for p in parts if p]


@dataclass
class Snapshot:
    """A snapshot's text, read as words, each with where it stands in the text."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for match in WORD.finditer(self.text):
            self.tokens.append(_norm(match.group()))
            self.spans.append(match.span())

    @cached_property
    def joined(self) -> str:
        return " " + " ".join(self.tokens) + " "

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            found.setdefault(token, []).append(i)
        return found

    def contains(self, parts: list[list[str]]) -> bool:
        """Whether the parts stand in the text in order (anything may come between)."""
        at = 0
        for part in parts:
            found = self.joined.find(" " + " ".join(part) + " ", at)
            if found < 0:
                return False
            at = found + len(" ".join(part)) + 1
        return True

    def closest(self, parts: list[list[str]]) -> tuple[float, str]:
        """The passage most like the quotation, and how alike they are (0 to 1)."""
        wanted = [w for part in parts for w in part]
        if not wanted or not self.tokens:
            return 0.0, ""
        size = len(wanted)
        votes: Counter[int] = Counter()
        for j, word in enumerate(wanted):
            places = self.positions.get(word, [])
            if len(places) > 200:  # a word as common as 'the' points nowhere in particular
                continue
            votes.update(max(p - j, 0) for p in places)
        starts = [s for s, _ in votes.most_common(40)] or [0]
        best, best_span = 0.0, (0, 0)
        for start in starts:
            lo, hi = max(start - 3, 0), min(start + size + 3, len(self.tokens))
            matcher = difflib.SequenceMatcher(None, wanted, self.tokens[lo:hi], autojunk=False)
            blocks = [b for b in matcher.get_matching_blocks() if b.size]
            if not blocks:
                continue
            first, last = blocks[0], blocks[-1]
            # The passage the matched words span, stretched to the quotation's length where
            # the match leaves its ends out.
            begin = max(lo + first.b - first.a, 0)
            end = min(lo + last.b + last.size + (size - last.a - last.size), len(self.tokens))
            end = max(end, begin + 1)
            ratio = difflib.SequenceMatcher(
                None, wanted, self.tokens[begin:end], autojunk=False
            ).ratio()
            if ratio > best:
                best, best_span = ratio, (begin, end)
        return best, self.passage(*best_span)

    def passage(self, first: int, end: int) -> str:
        """The text from word `first` to the word before `end`, on one line, shortened."""
        if end <= first:
            return ""
        text = " ".join(self.text[self.spans[first][0] : self.spans[end - 1][1]].split())
        return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1].rstrip() + "…"
