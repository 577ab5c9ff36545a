"""The WeasyPrint fetcher: only files inside the project (or reportgen's own) ever load."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MakeProject
from reportgen.fetch import PACKAGE_DIR, ConfinedFetcher, FetchRefused
from reportgen.pipeline import build
from reportgen.validate import load_project


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
    assert fetcher.refused == [url]


def test_data_urls_are_allowed(root: Path) -> None:
    assert ConfinedFetcher([root]).fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.weasyprint_warnings
def test_hostile_template_cannot_read_outside_files_into_the_pdf(
    make_project: MakeProject, outside: Path, tmp_path: Path
) -> None:
    rel = Path("..") / ".." / "outside" / "secret.txt"
    hostile = (
        '{% extends "default:base.html.j2" %}\n{% block cover_extra %}\n'
        f'<link rel="attachment" href="{outside.as_uri()}">\n'
        f'<link rel="attachment" href="{rel}">\n'
        '<link rel="attachment" href="data/leak.txt">\n'
        '<link rel="attachment" href="data/fine.txt">\n'
        f'<img src="{outside.as_uri()}" alt="x"><img src="http://127.0.0.1:9/x.png" alt="y">\n'
        f'<object data="{outside.as_uri()}"></object>\n'
        "{% endblock %}\n"
        "{% block styles %}{{ super() }}\n"
        f'@import url("{outside.as_uri()}");\n'
        f'@font-face {{ font-family: X; src: url("{outside.as_uri()}"); }}\n'
        "{% endblock %}\n"
    )
    root = make_project({"templates/brief.html.j2": hostile, "data/fine.txt": "FINE-INSIDE"})
    (root / "data" / "leak.txt").symlink_to(outside)
    result = build(load_project(root), out_dir=tmp_path / "out", formats=["pdf"])
    pdf = (tmp_path / "out" / "mini-full.pdf").read_bytes()
    assert b"TOP-SECRET" not in pdf
    attachments = PdfReader(tmp_path / "out" / "mini-full.pdf").attachments
    assert dict(attachments) == {"fine.txt": [b"FINE-INSIDE"]}
    refused = [w for w in result.warnings if "refused to load" in w]
    assert len(refused) >= 6
    assert not any("Failed to load" in w and "FetchRefused" in w for w in result.warnings)
