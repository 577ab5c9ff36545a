"""WeasyPrint resource fetcher confined to the project folder and reportgen's own files."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # reportgen's own files


class FetchRefused(ValueError):
    """A resource outside the allowed folders, or on a refused scheme."""


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves `file:` URLs inside the allowed roots and `data:` URLs; refuses all else.

    No network scheme is ever opened and redirects are never followed, because
    this fetcher never hands a request to urllib's openers except for `data:`.
    """

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [root.resolve() for root in [*roots, PACKAGE_DIR]]
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
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    def refuse(self, url: str, why: str) -> URLFetcherResponse:
        """Record a refusal, then raise so WeasyPrint skips the resource."""
        shown = url if len(url) < 200 else url[:200] + "..."
        self.refused.append((shown, why))
        raise FetchRefused(f"refused: {why}")
