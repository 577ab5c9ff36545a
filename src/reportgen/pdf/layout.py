"""PDF stage: lay out a print document with WeasyPrint and write the PDF's bytes.

No files are written here: the build writes what this returns. WeasyPrint is
imported only when a PDF is made.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InternalError, ReportgenError

if TYPE_CHECKING:
    from ..model import Project


@dataclass(frozen=True)
class PrintDocument:
    """What laying out one PDF needs: the print HTML and how to treat it.

    `root` is the folder relative URLs resolve against; resources load only from
    `allowed` folders; `variant` is a WeasyPrint PDF variant such as 'pdf/ua-1';
    `epoch` is the build's timestamp, stamped wherever a tool would write "now";
    unless `attachments` is true, files linked with rel=attachment are not embedded;
    `charts` is the chart cache its `chart:` images come from.
    """

    html: str
    root: Path
    allowed: tuple[Path, ...]
    variant: str | None = None
    epoch: int = 0
    attachments: bool = False
    charts: Path | None = None


def print_document(project: Project, output: str, html: str, charts: Path) -> PrintDocument:
    """The document to lay out for one output of a project, from its print HTML."""
    from ..context import timestamp

    config = project.config.outputs[output]
    epoch = int(timestamp(project).timestamp())
    return PrintDocument(
        html, project.root, (project.root,), config.pdf_variant, epoch, config.attachments, charts
    )


@dataclass
class PdfResult:
    """A rendered PDF and what WeasyPrint said while making it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list, metadata={"doc": "(url, why)"})
    seconds: float = 0.0  # time spent laying out and writing it


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def collect_warnings(*names: str) -> Iterator[list[str]]:
    """Collect WARNING and above from the named loggers instead of printing them."""
    handler = _Collect()
    loggers = [logging.getLogger(n) for n in names]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


@contextlib.contextmanager
def source_date_epoch(seconds: int) -> Iterator[None]:
    """Pin SOURCE_DATE_EPOCH while rendering.

    fontTools stamps the fonts it writes (WeasyPrint instantiates variable
    fonts with it) with the current time unless this is set.
    """
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


@contextlib.contextmanager
def relaxed_gc(threshold: int = 200_000) -> Iterator[None]:
    """Run Python's cyclic garbage collector rarely while a document is laid out.

    Scanning WeasyPrint's many young objects takes a large share of layout time,
    yet turning collection off lets garbage pile up; the first-generation
    threshold is raised for the layout only and put back after (bench/run.py
    measures it on a 160-page brief).
    """
    before = gc.get_threshold()
    gc.set_threshold(threshold, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)


# What a full, read-only or crowded machine makes the layout's file operations fail with.
MACHINE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EMFILE}


@contextlib.contextmanager
def machine_errors() -> Iterator[None]:
    """Report a full or unwritable temporary folder as a clear error, not a reportgen bug."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in MACHINE_ERRORS:
            raise
        where = exc.filename or tempfile.gettempdir()
        raise ReportgenError(
            f"cannot lay out the PDF: {exc.strerror or exc}",
            where,
            hint="WeasyPrint keeps copies of the fonts in the temporary folder: free space "
            "there, or point TMPDIR at a folder with room",
        ) from None


@dataclass
class Fonts:
    """The theme's fonts loaded into a WeasyPrint font configuration."""

    config: Any  # weasyprint.text.fonts.FontConfiguration
    css: Any  # weasyprint.CSS: the @font-face rules
    warnings: list[str]


def prepare_fonts() -> Fonts:
    """Load the theme's fonts (a render worker does this before its first document arrives)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from ..themes import font_faces
    from .fetch import ConfinedFetcher

    faces, font_dirs = font_faces()
    config = FontConfiguration()
    with collect_warnings("weasyprint") as warnings, machine_errors():
        css = weasyprint.CSS(
            string=faces, font_config=config, url_fetcher=ConfinedFetcher(font_dirs)
        )
    return Fonts(config, css, warnings)


def render_pdf(doc: PrintDocument, fonts: Fonts | None = None) -> PdfResult:
    """Lay out `doc` with WeasyPrint, loading resources only through the confined fetcher.

    The theme's fonts are added here (PDF only) and embedded as subsets. `fonts`
    (prepare_fonts) may be shared by many documents: the same fonts give the same
    PDF, byte for byte. A document that declares @font-face rules of its own gets
    fonts of its own, so that what it declares never reaches another document.
    """
    import weasyprint

    from . import streams, tagging
    from .fetch import ConfinedFetcher
    from .finish import finisher
    from .settle import settle
    from .variants import variant

    start = time.perf_counter()
    tagging.install()  # each repairs its library where it needs it, once per process
    streams.install()
    claims = variant(doc.variant)
    if fonts is None or "@font-face" in doc.html:
        fonts = prepare_fonts()
    fetcher = ConfinedFetcher(list(doc.allowed), doc.charts)
    # PDF/A-1 allows no transparency: raster images are laid on white for it.
    fetcher.opaque = claims is not None and claims.pdfa_part == 1
    # A fixed identifier (from the content) keeps the PDF byte-reproducible.
    identifier = hashlib.sha256(f"{doc.variant}:{doc.html}".encode()).hexdigest()[:32].encode()
    with (
        collect_warnings("weasyprint") as warnings,
        source_date_epoch(doc.epoch),
        relaxed_gc(),
        machine_errors(),
    ):
        # HTML(string=...) so even the main document never bypasses the fetcher.
        page = weasyprint.HTML(
            string=doc.html, base_url=doc.root.resolve().as_uri() + "/", url_fetcher=fetcher
        )
        refused = [] if doc.attachments else drop_attachments(page.etree_element)
        if claims is not None and claims.pdfa_part == 1:  # PDF/A-1 embeds no files
            refused += drop_attachments(page.etree_element, "PDF/A-1 allows no embedded files")
        base = None if claims is None else claims.weasyprint

        def layout() -> Any:
            return page.render(font_config=fonts.config, stylesheets=[fonts.css], pdf_variant=base)

        document, unsettled = settle(page.etree_element, layout(), layout)
        data = document.write_pdf(
            pdf_identifier=identifier,
            pdf_variant=base,
            finisher=None if claims is None else finisher(claims),
        )
    # Never a PDF without a chart it asked for: one never drawn, or one WeasyPrint cannot read.
    problems = [f"{url} was never drawn" for url in fetcher.missing]
    problems += [w for w in warnings if w.startswith("Failed to load image at 'chart:")]
    if problems:
        raise InternalError(f"charts not laid out: {'; '.join(problems)}")
    # Refusals are reported by the caller, with where they came from; drop WeasyPrint's echo.
    said = [w for w in [*fonts.warnings, *warnings] if "FetchRefused" not in w] + unsettled
    refused += fetcher.refused
    return PdfResult(data, len(document.pages), said, refused, time.perf_counter() - start)


NO_ATTACHMENTS = "this output does not allow attachments (set `attachments: true` to embed files)"


def drop_attachments(root: Any, why: str = NO_ATTACHMENTS) -> list[tuple[str, str]]:
    """Remove the `attachment` link type from every element; return what was dropped, and why."""
    from weasyprint.html import element_has_link_type

    dropped = []
    for element in root.iter():
        if element_has_link_type(element, "attachment"):
            tokens = [t for t in element.get("rel", "").split() if t.lower() != "attachment"]
            element.set("rel", " ".join(tokens))
            dropped.append((element.get("href", ""), why))
    return dropped
