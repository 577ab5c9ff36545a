"""WeasyPrint resource fetcher confined to the project folder and reportgen's own files."""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from weasyprint.images import SVGImage
from weasyprint.urls import URLFetcher, URLFetcherResponse, fetch

PACKAGE_DIR = Path(__file__).resolve().parent


class FetchRefused(ValueError):
    """A resource outside the allowed folders, or on a refused scheme."""


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves `file:` URLs inside the allowed roots and `data:` URLs; refuses all else.

    No network scheme is ever opened and redirects are never followed, because
    this fetcher never hands a request to urllib's openers except for `data:`.
    """

    def __init__(
        self, roots: list[Path], pending: Iterable[Path] = (), wait_seconds: float = 300.0
    ) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [root.resolve() for root in [*roots, PACKAGE_DIR]]
        # Files another process is still writing (charts): wait for them to appear.
        self.pending = {p.resolve() for p in pending}
        self.wait_seconds = wait_seconds
        self.refused: list[tuple[str, str]] = []  # (url, why), reported by the caller

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
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
        if path in self.pending:
            self.wait_for(path)
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    def wait_for(self, path: Path) -> None:
        """Block until a pending file is written (or its drawing failed, or time is up)."""
        failed = path.with_suffix(".failed")
        deadline = time.monotonic() + self.wait_seconds
        while not path.is_file() and not failed.exists() and time.monotonic() < deadline:
            time.sleep(0.01)

    def refuse(self, url: str, why: str) -> URLFetcherResponse:
        """Record a refusal, then raise so WeasyPrint skips the resource."""
        shown = url if len(url) < 200 else url[:200] + "..."
        self.refused.append((shown, why))
        raise FetchRefused(f"refused: {why}")


class PendingChart:
    """A chart another process is still drawing, as WeasyPrint's image cache holds it.

    Layout needs only the chart's size, which its frame (an empty SVG of the same
    size, see charts.chart_frame) gives; the chart itself is fetched, waiting for
    it if need be, when the page it is on is drawn. So layout never waits for
    matplotlib, which draws meanwhile on another core.
    """

    def __init__(self, url: str, frame: str, fetcher: ConfinedFetcher) -> None:
        self.url = url
        self.fetcher = fetcher
        self.frame = SVGImage(ElementTree.fromstring(frame), url, fetcher, None)

    def get_intrinsic_size(self, image_resolution: float, font_size: float) -> Any:
        return self.frame.get_intrinsic_size(image_resolution, font_size)

    def draw(self, stream: Any, concrete_width: float, concrete_height: float, style: Any) -> None:
        try:
            with fetch(self.fetcher, self.url) as response:
                tree = ElementTree.fromstring(response.read())
        except Exception:  # the chart failed to draw: the build reports why, and fails
            return
        SVGImage(tree, self.url, self.fetcher, None).draw(
            stream, concrete_width, concrete_height, style
        )


def pending_charts(frames: Mapping[Path, str], fetcher: ConfinedFetcher) -> dict[str, Any]:
    """WeasyPrint's image cache, filled with the charts still being drawn (by file URL)."""
    return {
        path.as_uri(): PendingChart(path.as_uri(), frame, fetcher) for path, frame in frames.items()
    }
