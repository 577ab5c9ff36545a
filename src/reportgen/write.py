"""Write stage: the PDF through WeasyPrint, and atomic writes of every output file."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportgenError


@dataclass
class PdfResult:
    """A rendered PDF and what WeasyPrint said while making it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)


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


def render_pdf(
    html: str,
    base_dir: Path,
    allowed: list[Path],
    variant: str | None = None,
    epoch: int = 0,
) -> PdfResult:
    """Lay out `html` with WeasyPrint, loading resources only from `allowed` folders.

    The theme's fonts are added here (PDF only) and embedded as subsets;
    `variant` is a WeasyPrint PDF variant such as 'pdf/ua-1' or 'pdf/a-3b';
    `epoch` is the build's timestamp, stamped wherever a tool would write "now".
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from .fetch import ConfinedFetcher
    from .fonts import font_faces

    faces, font_dirs = font_faces()
    fetcher = ConfinedFetcher([*allowed, *font_dirs])
    # A fixed identifier (from the content) keeps the PDF byte-reproducible.
    identifier = hashlib.sha256(f"{variant}:{html}".encode()).hexdigest()[:32].encode()
    font_config = FontConfiguration()
    with collect_warnings("weasyprint", "reportgen.fetch") as warnings, source_date_epoch(epoch):
        fonts = weasyprint.CSS(string=faces, font_config=font_config, url_fetcher=fetcher)
        # HTML(string=...) so even the main document never bypasses the fetcher.
        document = weasyprint.HTML(
            string=html,
            base_url=base_dir.resolve().as_uri() + "/",
            url_fetcher=fetcher,
        ).render(font_config=font_config, stylesheets=[fonts], pdf_variant=variant)
        data = document.write_pdf(pdf_identifier=identifier, pdf_variant=variant)
    # The fetcher already explained each refusal; drop WeasyPrint's echo of it.
    said = [w for w in warnings if "FetchRefused" not in w]
    return PdfResult(data, len(document.pages), said)


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
