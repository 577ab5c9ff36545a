"""A source's snapshot, the stored copy of what was read, as plain text: a text file as it
is, an HTML page's text (the standard library's html.parser), a PDF's text (pypdf).
"""

from __future__ import annotations

import warnings
from html.parser import HTMLParser
from pathlib import Path

from ..errors import ReportgenError
from .text import MAX_TABLE_BYTES, read_text

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
SNAPSHOT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
MAX_SNAPSHOT_BYTES = MAX_TABLE_BYTES


def read_snapshot(path: Path) -> str:
    """The text of a snapshot file, by its suffix."""
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return _pdf_text(path)
    text = read_text(path, MAX_SNAPSHOT_BYTES)
    if suffix in HTML_SUFFIXES:
        parser = _TextOf()
        parser.feed(text)
        parser.close()
        return "".join(parser.parts)
    return text


class _TextOf(HTMLParser):
    """The text a browser would show of an HTML page: no scripts or styles, and a line
    break at each block, so words of two paragraphs never run together."""

    HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "tr",
            "td",
            "th",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "section",
            "article",
            "header",
            "footer",
            "table",
            "caption",
            "figure",
            "figcaption",
            "dt",
            "dd",
            "pre",
            "hr",
            "title",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _pdf_text(path: Path) -> str:
    """A PDF's text, page by page (pypdf). A scanned PDF has none: that is an error, since
    no quotation could be found in it."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        if path.stat().st_size > MAX_SNAPSHOT_BYTES:
            raise ReportgenError(
                f"snapshot is over the {MAX_SNAPSHOT_BYTES:,}-byte limit", path, 1, 1
            )
        with warnings.catch_warnings():  # pypdf warns about harmless damage it repairs
            warnings.simplefilter("ignore")
            reader = PdfReader(path)
            pages = [page.extract_text() or "" for page in reader.pages]
    except (OSError, PyPdfError, ValueError, KeyError) as exc:
        raise ReportgenError(f"cannot read the PDF snapshot: {exc}", path, 1, 1) from None
    text = "\n".join(pages)
    if not text.strip():
        raise ReportgenError(
            "the PDF snapshot has no text layer (a scan?), so no quotation can be found in it",
            path,
            1,
            1,
            hint="run OCR on it (e.g. ocrmypdf) or snapshot a text or HTML copy",
        )
    return text
