"""Citations: sources numbered in order of first use, footnotes, and bibliography lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from markupsafe import Markup, escape

from ..formatting import format_date
from ..model import Source

# Every citation and note marker starts with a word joiner (U+2060), so it is never set
# at the start of a line, away from the word it follows.
JOINER = "\u2060"


class CitationStyle(Protocol):
    """A style other than the built-in numbered one (context.csl: a CSL style)."""

    def cite(self, citations: Citations, ids: list[str], locators: list[str]) -> Markup:
        """The marker (or note) for one citation."""

    def references(self) -> list[Any]:
        """The bibliography, as the style orders and formats it."""


@dataclass
class Citations:
    """Numbers sources (and notes) in order of first use while a template renders.

    With `footnotes` true every citation and note is a footnote instead: a call
    numbered in reading order, and the note it calls (the print CSS floats
    `.footnote` to the foot of the call's page; the PDF stage checks that each
    landed there). A source's first note gives its full reference, later ones
    a short form; the notes list is then a bibliography of the sources cited.
    """

    sources: dict[str, Source]
    footnotes: bool = False
    order: list[str] = field(default_factory=list)  # source ids, and `^N` for notes
    refs: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, Markup] = field(default_factory=dict)  # what each note says
    calls: int = 0  # footnotes so far
    style: CitationStyle | None = None  # a CSL style; None: the built-in numbered style

    @property
    def notes_title(self) -> str:
        """The heading of the notes list: a bibliography with footnotes, else the notes."""
        return "Sources" if self.footnotes else "Notes and sources"

    def __call__(self, ids: list[str], locators: list[str] | None = None) -> Markup:
        """A citation marker for `ids`, each followed by its locator (`p. 3`) if given:
        bracketed numbers linking to the endnotes, or one footnote citing them all (or the
        marker a CSL style makes)."""
        if self.style is not None:
            return self.style.cite(self, list(ids), list(locators or [""] * len(ids)))
        pairs = list(zip(ids, locators or [""] * len(ids), strict=True))
        if not pairs:
            return Markup("")
        if self.footnotes:
            cited = [self._reference(source_id, locator) for source_id, locator in pairs]
            return self._footnote(Markup("; ").join(cited) + Markup("."))
        links = []
        for source_id, locator in pairs:
            anchor, number = self._use(source_id)
            link = Markup('<a href="#note-{n}" id="{a}" role="doc-noteref">{n}</a>').format(
                n=number, a=anchor
            )
            links.append(link + (Markup(", {}").format(locator) if locator else Markup("")))
        return _bracketed(Markup(", ").join(links))

    def note(self, text: Markup) -> Markup:
        """A note (`^[...]`, or `[^1]` in Markdown): a footnote, or a numbered endnote."""
        if self.footnotes:
            return self._footnote(text)
        key = f"^{len(self.texts) + 1}"
        self.texts[key] = text
        anchor, number = self._use(key)
        link = Markup('<a href="#note-{n}" id="{a}" role="doc-noteref">{n}</a>').format(
            n=number, a=anchor
        )
        return _bracketed(link, "cite note-ref")

    def _use(self, key: str) -> tuple[str, int]:
        """Record one use of a source or note: its anchor and number."""
        if key not in self.order:
            self.order.append(key)
            self.refs[key] = []
        number = self.order.index(key) + 1
        anchor = f"cite-{number}-{len(self.refs[key]) + 1}"
        self.refs[key].append(anchor)
        return anchor, number

    def _reference(self, source_id: str, locator: str) -> Markup:
        """A source as a footnote gives it: in full the first time, then short."""
        source = self.sources[source_id]
        first = source_id not in self.order
        self._use(source_id)
        text = note_reference(source) if first else short_reference(source)
        return text + (Markup(", {}").format(locator) if locator else Markup(""))

    def _footnote(self, text: Markup) -> Markup:
        """A footnote: the note (floated to the page's foot in print) and its numbered call."""
        self.calls += 1
        text = Markup(_SPACES.sub(" ", str(text)))  # a line break in the source is a space
        return Markup(
            '{j}<span class="footnote" id="fn-{n}" data-n="{n}">{text}</span>'
            '<a class="fn-call" href="#fn-{n}" id="fnref-{n}" role="doc-noteref">{n}</a>'
        ).format(j=JOINER, n=self.calls, text=text)

    def references(self) -> list[Any]:
        """The bibliography a CSL style sets (context.csl.Reference); none for the built-in
        style, whose notes list the sources."""
        return self.style.references() if self.style is not None else []

    def endnotes(self) -> list[Endnote]:
        """The cited sources and notes, numbered in order of first use, with links back
        (with footnotes: the bibliography, numbered in its order)."""
        if self.footnotes:  # a CSL style lists its own references (references())
            return (
                []
                if self.style
                else [Endnote(i + 1, s, []) for i, s in enumerate(self.bibliography())]
            )
        return [
            Endnote(i + 1, self.sources.get(key), self.refs[key], self.texts.get(key))
            for i, key in enumerate(k for k in self.order if k in self.sources or k in self.texts)
        ]

    def bibliography(self) -> list[Source]:
        """The sources cited so far, by author (or title where there is none)."""
        cited = [self.sources[key] for key in self.order if key in self.sources]
        return sorted(cited, key=lambda s: (_sort_key(s.author or s.title), s.title, s.id))


_SPACES = re.compile(r"\s+")


def _sort_key(text: str) -> str:
    """How a bibliography sorts a name or title: by its first letters, not its brackets."""
    return re.sub(r"^\W+", "", text).casefold()


def _bracketed(links: Markup, classes: str = "cite") -> Markup:
    return Markup('{j}<sup class="{c}">[{links}]</sup>').format(j=JOINER, c=classes, links=links)


# Two footnote calls side by side ("text.^[note] [@source]") read as one number unless
# separated: "12" becomes "1,2".
_ADJACENT_CALLS = re.compile(
    r'(<a class="fn-call" [^>]*>\d+</a>)(?=' + JOINER + r'<span class="footnote")'
)


def separate_calls(html: str) -> str:
    """Put a comma between footnote calls that follow each other with nothing between."""
    return _ADJACENT_CALLS.sub(r'\1<span class="fn-sep">,</span>', html)


@dataclass(frozen=True)
class Endnote:
    """One numbered entry of the notes list: a source, or a note's text."""

    number: int
    source: Source | None
    backrefs: list[str]
    text: Markup | None = None


def _described(source: Source, with_url: bool) -> list[Markup]:
    """Author, title, publisher and date of a source (and its address), as listed."""
    parts: list[Markup] = []
    if source.author:
        parts.append(escape(source.author))
    parts.append(Markup("<cite>{}</cite>").format(source.title))
    if source.publisher:
        parts.append(escape(source.publisher))
    parts.append(escape(format_date(source.date)) if source.date else Markup("undated"))
    if with_url and source.url:
        parts.append(Markup('<a class="url" href="{0}">{0}</a>').format(source.url))
    return parts


def source_reference(source: Source) -> Markup:
    """A source as a bibliography line: author, title, publisher, date, address, note."""
    text = Markup(", ").join(_described(source, with_url=False)) + Markup(".")
    if source.url:
        text += Markup(' <a class="url" href="{0}">{0}</a>').format(source.url)
        if source.accessed:
            text += Markup(" (accessed {})").format(format_date(source.accessed))
        text += Markup(".")
    if source.note:
        text += Markup(' <span class="source-note">{}</span>').format(source.note)
    return text


def note_reference(source: Source) -> Markup:
    """A source as its first footnote gives it: author, title, publisher, date, address
    (no final stop; what the source is, its note, stays in the bibliography)."""
    return Markup(", ").join(_described(source, with_url=True))


def short_reference(source: Source) -> Markup:
    """A source as later footnotes give it: author (if any) and short title."""
    title = Markup("<cite>{}</cite>").format(short_title(source))
    return Markup("{}, {}").format(source.author, title) if source.author else title


# Words a short title does not end on.
_TRAILING = {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to"}


def short_title(source: Source, words: int = 4) -> str:
    """The source's `short_title`, else its title up to a subtitle or comma, cut to its
    first `words` words (not ending on an article or preposition), brackets kept closed."""
    if source.short_title:
        return source.short_title
    title = source.title.split(": ")[0].strip()
    if "(" not in title.split(", ")[0]:  # a comma inside brackets does not end the title
        title = title.split(", ")[0]
    kept = title.split()
    if len(kept) <= words + 1:
        return title
    kept = kept[:words]
    while len(kept) > 1 and kept[-1].casefold().strip("[(") in _TRAILING:
        kept.pop()
    short = " ".join(kept).rstrip(",;:.")
    for opening, closing in ("()", "[]"):
        short += closing * (short.count(opening) - short.count(closing))
    return short
