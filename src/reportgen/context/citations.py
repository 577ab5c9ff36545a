"""Citations: sources numbered in order of first use, and bibliography lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..formatting import format_date
from ..model import Source


@dataclass
class Citations:
    """Numbers sources in order of first citation while a template renders."""

    sources: dict[str, Source]
    order: list[str] = field(default_factory=list)
    refs: dict[str, list[str]] = field(default_factory=dict)

    def __call__(self, ids: list[str], locators: list[str] | None = None) -> Markup:
        """A citation marker for `ids`: superscript numbers linking to the endnotes, each
        followed by its locator (`p. 3`) if given."""
        links = []
        for source_id, locator in zip(ids, locators or [""] * len(ids), strict=True):
            if source_id not in self.order:
                self.order.append(source_id)
                self.refs[source_id] = []
            number = self.order.index(source_id) + 1
            anchor = f"cite-{number}-{len(self.refs[source_id]) + 1}"
            self.refs[source_id].append(anchor)
            link = Markup('<a href="#note-{n}" id="{a}" role="doc-noteref">{n}</a>').format(
                n=number, a=anchor
            )
            links.append(link + (Markup(", {}").format(locator) if locator else Markup("")))
        if not links:
            return Markup("")
        return Markup('<sup class="cite">[') + Markup(", ").join(links) + Markup("]</sup>")

    def endnotes(self) -> list[Endnote]:
        """The cited sources, numbered in order of first use, with links back to each use."""
        return [
            Endnote(i + 1, self.sources[sid], self.refs[sid]) for i, sid in enumerate(self.order)
        ]


@dataclass(frozen=True)
class Endnote:
    """One numbered entry of the notes list."""

    number: int
    source: Source
    backrefs: list[str]


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
