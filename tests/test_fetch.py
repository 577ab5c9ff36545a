"""The WeasyPrint fetcher: only files inside the project (or reportgen's own) ever load."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.pdf.fetch import PACKAGE_DIR, ConfinedFetcher, FetchRefused


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("TOP-SECRET-OUTSIDE-THE-PROJECT")
    return secret


@pytest.fixture
def root(tmp_path: Path, outside: Path) -> Path:
    root = tmp_path / "project"
    (root / "img").mkdir(parents=True)
    (root / "img" / "ok.txt").write_text("inside")
    (root / "img" / "link.txt").symlink_to(outside)
    return root


def test_file_inside_the_project_is_served(root: Path) -> None:
    response = ConfinedFetcher([root]).fetch((root / "img" / "ok.txt").as_uri())
    assert response.read() == b"inside"
    assert response.content_type == "text/plain"


def test_reportgen_own_files_are_served(root: Path) -> None:
    url = (PACKAGE_DIR / "templates" / "base.html.j2").as_uri()
    assert b"<!DOCTYPE html>" in ConfinedFetcher([root]).fetch(url).read()


@pytest.mark.parametrize(
    "make_url",
    [
        lambda root, outside: outside.as_uri(),
        lambda root, outside: (root / "img" / ".." / ".." / "outside" / "secret.txt").as_uri(),
        lambda root, outside: (root / "img" / "link.txt").as_uri(),
        lambda root, outside: "file:///etc/passwd",
        lambda root, outside: "file://otherhost/etc/passwd",
        lambda root, outside: "http://127.0.0.1:9/image.png",
        lambda root, outside: "https://example.org/style.css",
        lambda root, outside: "ftp://127.0.0.1/x",
    ],
    ids=["absolute", "dotdot", "symlink", "etc-passwd", "remote-file", "http", "https", "ftp"],
)
def test_everything_else_is_refused(root: Path, outside: Path, make_url) -> None:  # type: ignore[no-untyped-def]
    fetcher = ConfinedFetcher([root])
    url = make_url(root, outside)
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    [(refused, why)] = fetcher.refused
    assert refused == url and why


def test_data_urls_are_allowed(root: Path) -> None:
    assert ConfinedFetcher([root]).fetch("data:text/plain,hello").read() == b"hello"


def test_charts_come_from_the_build_cache_and_are_waited_for(tmp_path: Path) -> None:
    import threading

    key = "0123456789abcdef0123456789abcdef"
    fetcher = ConfinedFetcher([tmp_path], charts=tmp_path, wait=5)
    drawer = threading.Timer(0.2, (tmp_path / f"{key}.svg").write_bytes, args=[b"<svg></svg>"])
    drawer.start()  # as the main process writes it while the worker lays out
    assert fetcher.fetch(f"chart:{key}.svg").read() == b"<svg></svg>"
    drawer.join()
    with pytest.raises(FetchRefused):
        fetcher.fetch("chart:../../etc/passwd")
    impatient = ConfinedFetcher([tmp_path], charts=tmp_path, wait=0.05)
    with pytest.raises(FileNotFoundError):
        impatient.fetch("chart:" + "f" * 32 + ".svg")
    assert impatient.missing == ["chart:" + "f" * 32 + ".svg"]


@pytest.mark.weasyprint_warnings
def test_a_pdf_is_never_laid_out_without_a_chart_it_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a chart that was not drawn left the PDF without it, and the build passed."""
    import reportgen.pdf.fetch
    from reportgen.errors import InternalError
    from reportgen.pdf import PrintDocument, render_pdf

    class Impatient(ConfinedFetcher):
        def __init__(self, roots: list[Path], charts: Path | None = None) -> None:
            super().__init__(roots, charts, wait=0.05)

    monkeypatch.setattr(reportgen.pdf.fetch, "ConfinedFetcher", Impatient)
    html = '<img src="chart:' + "a" * 32 + '.svg" alt="A chart">'
    doc = PrintDocument(html, tmp_path, (tmp_path,), charts=tmp_path)
    with pytest.raises(InternalError, match="never drawn"):
        render_pdf(doc)


@pytest.mark.weasyprint_warnings
def test_a_pdf_is_never_laid_out_with_a_chart_weasyprint_cannot_read(tmp_path: Path) -> None:
    """Regression: a chart SVG holding a NUL (from a CSV cell) was dropped, and the build passed."""
    from reportgen.errors import InternalError
    from reportgen.pdf import PrintDocument, render_pdf

    key = "b" * 32
    (tmp_path / f"{key}.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg">\x00</svg>')
    doc = PrintDocument(
        f'<img src="chart:{key}.svg" alt="A chart">', tmp_path, (tmp_path,), charts=tmp_path
    )
    with pytest.raises(InternalError, match="Failed to load image at 'chart:"):
        render_pdf(doc)
