"""Citations and the bibliography formatted by a CSL style (citeproc-py).

The style's class decides the markers. A note style (Chicago notes) makes each
citation a note, numbered with the brief's other notes, its text formatted by the
style (a first citation in full, a later one short, "Ibid." where the style says
so). An in-text style (APA, IEEE) puts the style's marker in the text, each source
in it linked to its bibliography entry and back: the items of one marker are
sorted as the style sorts them and, where the style collapses citation numbers,
runs of three or more become a range ("[1\u20133, 5]").

Text from the bibliography is escaped before citeproc sees it, so only the style's
own markup (italics, small capitals) reaches the HTML.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape as escape_text
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from ..load.styles import find_style
from ..model import Project, Source
from . import citeproc_fixes
from .citations import JOINER, source_reference

if TYPE_CHECKING:
    from .citations import Citations

CSL = {"cs": "http://purl.org/net/xbiblio/csl"}
LOCATORS = {
    "p": "page", "pp": "page", "page": "page", "pages": "page", "sec": "section",
    "section": "section", "s": "section", "ch": "chapter", "chap": "chapter",
    "chapter": "chapter", "para": "paragraph", "paragraph": "paragraph", "art": "section",
    "vol": "volume", "line": "line", "fig": "figure", "n": "note", "note": "note",
}  # fmt: skip
_LOCATOR = re.compile(r"^\s*([A-Za-z]+)\.?\s+(.+)$")
_URL = re.compile(r"(?<![\"'>=])https?://[^\s<]+[^\s<.,;:)]")


@dataclass(frozen=True)
class Reference:
    """One entry of the bibliography: its source, its text as the style sets it, its
    anchor, and the places the text cites it (for links back)."""

    source: Source
    text: Markup
    anchor: str
    backrefs: list[str] = field(default_factory=list)


def citation_style(project: Project) -> CslStyle | None:
    """The project's CSL style, ready for one output (None: the built-in numbered style)."""
    name = project.config.citation_style
    if name is None:
        return None
    path = find_style(name, project.root)
    if path is None:  # validation reports it; a template check still renders
        return None
    return CslStyle(path, project.sources, project.csl_items, project.meta.language)


class CslStyle:
    """A CSL style formatting one output's citations, in the order they are rendered."""

    def __init__(
        self, path: Path, sources: dict[str, Source], items: dict[str, Any], language: str
    ) -> None:
        from citeproc import CitationStylesBibliography, CitationStylesStyle, formatter
        from citeproc.source.json import CiteProcJSON

        citeproc_fixes.apply()
        self.sources = sources
        self.keys = {sid: f"r{i}" for i, sid in enumerate(items, 1)}  # citeproc lower-cases ids
        self.ids = {key: sid for sid, key in self.keys.items()}
        with _quiet():
            try:
                style = CitationStylesStyle(str(path), locale=language, validate=False)
            except ValueError:  # citeproc has no locale for the brief's language: the style's
                style = CitationStylesStyle(str(path), validate=False)
            data = [{**_escaped(items[sid]), "id": key} for sid, key in self.keys.items()]
            self.bib = CitationStylesBibliography(style, CiteProcJSON(data), formatter.html)
        root = style.root
        self.has_bibliography = style.has_bibliography()
        self.kind = "note" if root.get("class") == "note" else "in-text"
        layout = root.citation.layout
        self.numeric = bool(layout.xpath(".//cs:text[@variable='citation-number']", namespaces=CSL))
        self.collapse = root.citation.get("collapse") == "citation-number"
        self.delimiter = layout.get("delimiter", "")
        self.wrap, self.sup = ("", ""), False
        if self.kind == "in-text":  # each item is rendered alone, then joined and wrapped here
            self.wrap = (layout.attrib.pop("prefix", ""), layout.attrib.pop("suffix", ""))
            self.sup = layout.attrib.pop("vertical-align", "") == "sup"
        bibliography = root.bibliography
        if bibliography is not None and bibliography.get("second-field-align"):
            # citeproc-py sets the first field ("[1]") against the second: a space between.
            first = next(iter(bibliography.layout), None)
            if first is not None:
                first.set("suffix", first.get("suffix", "") + " ")
        self.used: dict[str, list[str]] = {}
        self.sorted_bibliography = self.numeric and _sorts_by_name(root)
        if self.sorted_bibliography:  # numbers follow the sorted bibliography: fix them first
            self._register(list(self.keys.values()))
            self.bib.sort()

    def cite(self, owner: Citations, ids: list[str], locators: list[str]) -> Markup:
        """The marker (or note) for one citation of `ids`."""
        if not ids:
            return Markup("")
        items = self._register([self.keys[i] for i in ids], locators)
        if self.kind == "note":
            for item in items:
                self.used.setdefault(item.key, [])
            return owner.note(self._render(items))
        parts = []
        for item in self._ordered(items):
            anchor = f"cite-{item.key}-{len(self.used.setdefault(item.key, [])) + 1}"
            self.used[item.key].append(anchor)
            single = self._register([item.key], [_locator_text(item)])
            text = self._render(single)
            parts.append(
                (item, Markup('<a href="#ref-{}" id="{}">{}</a>').format(item.key, anchor, text))
            )
        body = Markup(self.wrap[0]) + self._join(parts) + Markup(self.wrap[1])
        if self.sup:
            return Markup('{}<sup class="cite">{}</sup>').format(JOINER, body)
        return Markup(' <span class="cite">{}</span>').format(body)

    def references(self) -> list[Reference]:
        """The cited sources' entries, as the style orders and formats them (an entry the
        style cannot set, as the built-in style would)."""
        if not self.has_bibliography:
            return []
        found = []
        with _quiet():
            if not self.numeric:
                self.bib.sort()
            for item in self.bib.items:
                if item.key not in self.used:
                    continue
                source = self.sources[self.ids[item.key]]
                texts = [t for t in self.bib.style.render_bibliography([item]) if t is not None]
                text = _linked(str(texts[0])) if texts else source_reference(source)
                found.append(Reference(source, text, f"ref-{item.key}", self.used[item.key]))
        return found

    # -- helpers ----------------------------------------------------------------------

    def _register(self, keys: list[str], locators: list[str] | None = None) -> list[Any]:
        from citeproc import Citation, CitationItem, Locator

        items = []
        for key, text in zip(keys, locators or [""] * len(keys), strict=True):
            label, value = _locator(text)
            args = {"locator": Locator(label, value)} if value else {}
            items.append(CitationItem(key, **args))
        self.bib.register(Citation(items))
        return items

    def _render(self, items: list[Any]) -> Markup:
        with _quiet():
            text = self.bib.cite(items[0].citation, lambda item: "?")
        return _linked(str(text))

    def _ordered(self, items: list[Any]) -> list[Any]:
        """The items of a marker in the order the style sorts them."""
        if self.numeric:
            return sorted(items, key=lambda item: item.number)
        citation = self.bib.style.root.citation
        if citation.sort is None:
            return items
        with _quiet():
            return list(citation.sort.sort(items, citation.layout))

    def _join(self, parts: list[tuple[Any, Markup]]) -> Markup:
        """Items joined by the style's delimiter; runs of three or more numbers as a range
        where the style collapses them."""
        delimiter = Markup(escape(self.delimiter))
        if not (self.numeric and self.collapse):
            return delimiter.join(text for _, text in parts)
        runs: list[list[tuple[Any, Markup]]] = []
        for item, text in parts:
            last = runs[-1][-1][0] if runs else None
            if (
                last is not None
                and not (item.has_locator or last.has_locator)
                and item.number == last.number + 1
            ):
                runs[-1].append((item, text))
                continue
            runs.append([(item, text)])
        dash = Markup("\u2013")
        return delimiter.join(
            run[0][1] + dash + run[-1][1] if len(run) >= 3 else delimiter.join(t for _, t in run)
            for run in runs
        )


def _locator(text: str) -> tuple[str, str]:
    """A locator as written ('p. 3', 'sec. 2') as a CSL label and value."""
    found = _LOCATOR.match(text or "")
    if found and found.group(1).lower() in LOCATORS:
        return LOCATORS[found.group(1).lower()], found.group(2).strip()
    return "page", (text or "").strip()


def _locator_text(item: Any) -> str:
    return f"{item.locator.label} {item.locator.identifier}" if item.has_locator else ""


def _sorts_by_name(root: Any) -> bool:
    """Whether a numeric style's bibliography is sorted by something other than number."""
    sort = root.bibliography.find("cs:sort", CSL) if root.bibliography is not None else None
    keys = [] if sort is None else sort.findall("cs:key", CSL)
    return bool(keys) and keys[0].get("variable") != "citation-number"


def _escaped(value: Any) -> Any:
    """A CSL item with its text escaped for HTML (citeproc copies text through as is) and
    its dates' parts as numbers (Zotero writes the year as text)."""
    if isinstance(value, str):
        return escape_text(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        if "date-parts" in value:
            parts = [[int(p) if str(p).isdigit() else p for p in d] for d in value["date-parts"]]
            return {**value, "date-parts": parts}
        return {k: _escaped(v) for k, v in value.items()}
    return value


def _linked(html: str) -> Markup:
    """Formatted text (escaped already) with its web addresses made links."""
    return Markup(_URL.sub(lambda m: f'<a class="url" href="{m.group()}">{m.group()}</a>', html))


@contextmanager
def _quiet() -> Iterator[None]:
    """citeproc-py warns about each CSL feature it ignores; a build has no use for that."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
