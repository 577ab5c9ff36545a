"""Write stage: the PDF through WeasyPrint, and atomic writes of every output file."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ReportgenError


@dataclass
class PdfResult:
    """A rendered PDF and what WeasyPrint said while making it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list, metadata={"doc": "(url, why)"})


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
def gc_paused(threshold: int = 200_000) -> Iterator[None]:
    """Make Python's cyclic garbage collector run rarely during layout.

    Scanning WeasyPrint's many young objects takes a large share of layout time,
    yet turning collection off entirely lets garbage pile up: on a 160-page brief
    (bench/run.py) a first-generation threshold of 200,000 gave 15.4 s and 343 MB
    against 16.7 s and 373 MB with collection off and 17.3 s and 316 MB by default.
    """
    before = gc.get_threshold()
    gc.freeze()  # what exists now outlives the document: never rescan it
    gc.set_threshold(threshold, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


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

    from .fetch import ConfinedFetcher
    from .fonts import font_faces

    faces, font_dirs = font_faces()
    config = FontConfiguration()
    with collect_warnings("weasyprint") as warnings:
        css = weasyprint.CSS(
            string=faces, font_config=config, url_fetcher=ConfinedFetcher(font_dirs)
        )
    return Fonts(config, css, warnings)


def render_pdf(
    html: str,
    base_dir: Path,
    allowed: list[Path],
    variant: str | None = None,
    epoch: int = 0,
    attachments: bool = False,
    pending: Mapping[Path, str] | None = None,
    identity: str | None = None,
    fonts: Fonts | None = None,
) -> PdfResult:
    """Lay out `html` with WeasyPrint, loading resources only from `allowed` folders.

    The theme's fonts are added here (PDF only) and embedded as subsets;
    `variant` is a WeasyPrint PDF variant such as 'pdf/ua-1' or 'pdf/a-3b';
    `epoch` is the build's timestamp, stamped wherever a tool would write "now";
    unless `attachments` is true, files linked with rel=attachment are not embedded;
    `pending` charts (their files by their frames: being drawn elsewhere) are laid out
    from their frames and waited for only when their page is drawn;
    `identity` (default: the HTML) seeds the PDF's identifier, so it must not hold
    anything that varies between identical builds, such as the build folder's path;
    `fonts` are the theme's fonts loaded ahead of time (prepare_fonts), which many
    documents may share: the same fonts give the same PDF, byte for byte. A document
    that declares @font-face rules of its own gets fonts of its own, so that what
    it declares never reaches another document.
    """
    import weasyprint

    from .fetch import ConfinedFetcher, pending_charts

    if fonts is None or "@font-face" in html:
        fonts = prepare_fonts()
    fetcher = ConfinedFetcher(allowed, pending or {})
    # A fixed identifier (from the content) keeps the PDF byte-reproducible.
    seed = f"{variant}:{identity if identity is not None else html}"
    identifier = hashlib.sha256(seed.encode()).hexdigest()[:32].encode()
    with collect_warnings("weasyprint") as warnings, source_date_epoch(epoch), gc_paused():
        # HTML(string=...) so even the main document never bypasses the fetcher.
        page = weasyprint.HTML(
            string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
        )
        refused = [] if attachments else drop_attachments(page.etree_element)
        document = page.render(
            font_config=fonts.config,
            stylesheets=[fonts.css],
            pdf_variant=variant,
            cache=pending_charts(pending or {}, fetcher),
        )
        data = document.write_pdf(pdf_identifier=identifier, pdf_variant=variant)
    # Refusals are reported by the caller, with where they came from; drop WeasyPrint's echo.
    said = [w for w in [*fonts.warnings, *warnings] if "FetchRefused" not in w]
    return PdfResult(data, len(document.pages), said, [*refused, *fetcher.refused])


def drop_attachments(root: Any) -> list[tuple[str, str]]:
    """Remove the `attachment` link type from every element; return what was dropped."""
    from weasyprint.html import element_has_link_type

    dropped = []
    for element in root.iter():
        if element_has_link_type(element, "attachment"):
            tokens = [t for t in element.get("rel", "").split() if t.lower() != "attachment"]
            element.set("rel", " ".join(tokens))
            dropped.append(
                (
                    element.get("href", ""),
                    "this output does not allow attachments "
                    "(set `attachments: true` to embed files)",
                )
            )
    return dropped


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temp file and a rename: never a half-written file."""
    # A per-process, random temp name so concurrent builds never share one.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ReportgenError(f"cannot write output: {exc.strerror or exc}", path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
