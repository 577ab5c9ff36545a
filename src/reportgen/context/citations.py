"""Citations: sources numbered in order of first use, and bibliography lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from markupsafe import Markup, escape

from ..formatting import format_date
from ..model import Source


class CitationStyle(Protocol):
    """A style other than the built-in numbered one (context.csl: a CSL style)."""

    def cite(self, citations: Citations, ids: list[str], locators: list[str]) -> Markup:
        """The marker (or note) for one citation."""

    def references(self) -> list[Any]:
        """The bibliography, as the style orders and formats it."""


@dataclass
class Citations:
    """Numbers sources (and notes) in order of first use while a template renders.

    With `footnotes` true every citation and note is set as a footnote instead
    (the print CSS floats `.footnote` to the foot of its page, numbered through
    the document); the notes list then lists the sources cited.
    """

    sources: dict[str, Source]
    footnotes: bool = False
    order: list[str] = field(default_factory=list)  # source ids, and `^N` for notes
    refs: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, Markup] = field(default_factory=dict)  # what each note says
    style: CitationStyle | None = None  # a CSL style; None: the built-in numbered style

    def __call__(self, ids: list[str], locators: list[str] | None = None) -> Markup:
        """A citation marker for `ids`: superscript numbers linking to the endnotes, each
        followed by its locator (`p. 3`) if given (or the marker a CSL style makes)."""
        if self.style is not None:
            return self.style.cite(self, list(ids), list(locators or [""] * len(ids)))
        links = []
        for source_id, locator in zip(ids, locators or [""] * len(ids), strict=True):
            anchor, number = self._use(source_id)
            if self.footnotes:
                text = source_reference(self.sources[source_id])
                if locator:  # "Title, Publisher, 2025, p. 3."
                    text = Markup(str(text).removesuffix(".")) + Markup(", {}.").format(locator)
                links.append(_footnote(text))
                continue
            link = Markup('<a href="#note-{n}" id="{a}" role="doc-noteref">{n}</a>').format(
                n=number, a=anchor
            )
            links.append(link + (Markup(", {}").format(locator) if locator else Markup("")))
        if not links or self.footnotes:
            return Markup("").join(links)
        return Markup('<sup class="cite">[') + Markup(", ").join(links) + Markup("]</sup>")

    def note(self, text: Markup) -> Markup:
        """A note (`^[...]`, or `[^1]` in Markdown): a footnote, or a numbered endnote."""
        if self.footnotes:
            return _footnote(text)
        key = f"^{len(self.texts) + 1}"
        self.texts[key] = text
        anchor, number = self._use(key)
        return Markup(
            '<sup class="note-ref"><a href="#note-{n}" id="{a}" role="doc-noteref">{n}</a></sup>'
        ).format(n=number, a=anchor)

    def _use(self, key: str) -> tuple[str, int]:
        """Record one use of a source or note: its anchor and number."""
        if key not in self.order:
            self.order.append(key)
            self.refs[key] = []
        number = self.order.index(key) + 1
        anchor = f"cite-{number}-{len(self.refs[key]) + 1}"
        self.refs[key].append(anchor)
        return anchor, number

    def bibliography(self) -> list[Any]:
        """The bibliography a CSL style sets (context.csl.Reference); none for the built-in
        style, whose endnotes list the sources."""
        return self.style.references() if self.style is not None else []

    def endnotes(self) -> list[Endnote]:
        """The cited sources and notes, numbered in order of first use, with links back."""
        return [
            Endnote(i + 1, self.sources.get(key), self.refs[key], self.texts.get(key))
            for i, key in enumerate(k for k in self.order if k in self.sources or k in self.texts)
        ]


def _footnote(text: Markup) -> Markup:
    return Markup('<span class="footnote">{}</span>').format(text)


@dataclass(frozen=True)
class Endnote:
    """One numbered entry of the notes list: a source, or a note's text."""

    number: int
    source: Source | None
    backrefs: list[str]
    text: Markup | None = None


def source_reference(source: Source) -> Markup:
    """A source as a bibliography line: author, title, publisher, date, address."""
    parts: list[Markup] = []
    if source.author:
        parts.append(escape(source.author))
    parts.append(Markup("<cite>{}</cite>").format(source.title))
    if source.publisher:
        parts.append(escape(source.publisher))
    if source.date:
        parts.append(escape(format_date(source.date)))
    else:
        parts.append(Markup("undated"))
    text = Markup(", ").join(parts) + Markup(".")
    if source.url:
        text += Markup(' <a class="url" href="{0}">{0}</a>').format(source.url)
        if source.accessed:
            text += Markup(" (accessed {})").format(format_date(source.accessed))
        text += Markup(".")
    if source.note:
        text += Markup(' <span class="source-note">{}</span>').format(source.note)
    return text
