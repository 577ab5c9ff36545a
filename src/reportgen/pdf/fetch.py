"""WeasyPrint resource fetcher confined to the project folder and reportgen's own files."""

from __future__ import annotations

import mimetypes
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # reportgen's own files
CHART_URL = re.compile(r"^chart:([0-9a-f]{32}\.svg)$")  # see charts.Charts.links


class FetchRefused(ValueError):
    """A resource outside the allowed folders, or on a refused scheme."""


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves `file:` URLs inside the allowed roots and `data:` URLs; refuses all else.

    No network scheme is ever opened and redirects are never followed, because
    this fetcher never hands a request to urllib's openers except for `data:`.
    `chart:KEY.svg` is a chart in the build's chart cache (`charts`), waited for
    while the main process is still drawing it. Set `opaque`, and raster images come
    laid on white (PDF/A-1 allows no transparency, ISO 19005-1 6.4).
    """

    opaque = False

    def __init__(self, roots: list[Path], charts: Path | None = None, wait: float = 300) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [root.resolve() for root in [*roots, PACKAGE_DIR]]
        self.charts = charts
        self.wait = wait
        self.refused: list[tuple[str, str]] = []  # (url, why), reported by the caller
        self.missing: list[str] = []  # charts that never came

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        response = self._fetch(url, headers)
        if self.opaque and response.headers.get_content_maintype() == "image":
            return _flattened(response)
        return response

    def _fetch(self, url: str, headers: dict[str, str] | None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "chart":
            return self.chart(url)
        if scheme != "file":
            return self.refuse(
                url,
                f"scheme {scheme or '(none)'!r} is not allowed; "
                "only files inside the project are loaded",
            )
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return self.refuse(url, "remote file: URLs are not allowed")
        path = Path(unquote(parts.path)).resolve()  # resolves '..' and symlinks
        if not any(path.is_relative_to(root) for root in self.roots):
            return self.refuse(url, "the file is outside the project folder")
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    def chart(self, url: str) -> URLFetcherResponse:
        """A chart from the cache, once it is there and whole: the main process writes each
        by rename, and redraws one found damaged (see charts.Charts)."""
        match = CHART_URL.match(url)
        if match is None or self.charts is None:
            return self.refuse(url, "not a chart of this build")
        path = self.charts / match.group(1)
        deadline = time.monotonic() + self.wait
        while not (svg := _whole(path)):
            if time.monotonic() > deadline:
                self.missing.append(url)
                raise FileNotFoundError(f"chart never drawn: {path}")
            time.sleep(0.01)
        return URLFetcherResponse(url, svg, {"Content-Type": "image/svg+xml"})

    def refuse(self, url: str, why: str) -> URLFetcherResponse:
        """Record a refusal, then raise so WeasyPrint skips the resource."""
        shown = url if len(url) < 200 else url[:200] + "..."
        self.refused.append((shown, why))
        raise FetchRefused(f"refused: {why}")


def _flattened(response: URLFetcherResponse) -> URLFetcherResponse:
    """A raster image with transparency, laid on white and made opaque (others as they are)."""
    import io

    from PIL import Image, UnidentifiedImageError

    data = response.read()
    kind = response.headers.get_content_type()
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:  # SVG, or not an image: WeasyPrint says so itself
        return URLFetcherResponse(response.url, data, {"Content-Type": kind})
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return URLFetcherResponse(response.url, data, {"Content-Type": kind})
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    flat.save(out, format="PNG")
    return URLFetcherResponse(response.url, out.getvalue(), {"Content-Type": "image/png"})


def _whole(path: Path) -> bytes:
    """A chart file's bytes if it is whole (the test charts.Charts makes too), else b""."""
    try:
        svg = path.read_bytes()
    except OSError:
        return b""
    return svg if svg.rstrip().endswith(b"</svg>") else b""
