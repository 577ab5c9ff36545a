"""Build and write stages: atomic files, last good outputs kept, byte-reproducible results."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MakeProject, outputs, snapshot
from reportgen.builder import BuildOptions, build
from reportgen.builder.files import atomic_write
from reportgen.errors import ReportgenError, UsageError
from reportgen.validate import load_project


def test_atomic_write_replaces_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "out.bin"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.bin"]


def test_atomic_write_failure_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a folder should be")
    with pytest.raises(ReportgenError) as info:
        atomic_write(tmp_path / "blocker" / "out.pdf", b"x")
    assert info.value.path == str(tmp_path / "blocker" / "out.pdf")


def test_build_writes_html_and_pdf(make_project: MakeProject, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(load_project(make_project()), BuildOptions(out_dir=out))
    assert outputs(out) == ["mini-full.html", "mini-full.pdf"]
    assert result.warnings == []
    pdf = next(f for f in result.files if f.format == "pdf")
    assert pdf.pages == len(PdfReader(pdf.path).pages)
    text = "".join(page.extract_text() for page in PdfReader(pdf.path).pages)
    assert "Alpha section" in text and "Beta section" in text and "Source A" in text


def test_format_and_only_select_what_is_built(make_project: MakeProject, tmp_path: Path) -> None:
    project = load_project(make_project())
    build(project, BuildOptions(out_dir=tmp_path / "h", formats=["html"]))
    assert outputs(tmp_path / "h") == ["mini-full.html"]
    with pytest.raises(UsageError, match="no output named 'nope'"):
        build(project, BuildOptions(out_dir=tmp_path / "x", only=["nope"]))


def test_default_build_dir_is_beside_the_config(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project()
    monkeypatch.chdir(tmp_path)
    build(load_project(root), BuildOptions(formats=["html"]))
    assert (root / "build" / "mini-full.html").is_file()
    assert not (tmp_path / "build").exists()


def test_failed_build_keeps_the_last_good_outputs(make_project: MakeProject) -> None:
    root = make_project()
    build(load_project(root))
    before = snapshot(root / "build")
    (root / "templates" / "brief.html.j2").write_text(
        '{% extends "default:base.html.j2" %}{% block cover_extra %}{{ nope }}{% endblock %}'
    )
    with pytest.raises(ReportgenError, match="'nope' is undefined"):
        build(load_project(root))
    after = snapshot(root / "build")
    assert after == before  # same files, same bytes, no temp files left


def test_two_builds_are_byte_identical(make_project: MakeProject, tmp_path: Path) -> None:
    project = load_project(make_project())
    build(project, BuildOptions(out_dir=tmp_path / "a"))
    build(project, BuildOptions(out_dir=tmp_path / "b"))
    for name in ("mini-full.html", "mini-full.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_pdf_dates_come_from_the_brief_or_source_date_epoch(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load_project(make_project())
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(project, BuildOptions(out_dir=tmp_path / "a", formats=["pdf"]))
    info = PdfReader(tmp_path / "a" / "mini-full.pdf").metadata
    assert info is not None and info["/CreationDate"].startswith("D:20251022000000")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    build(project, BuildOptions(out_dir=tmp_path / "b", formats=["pdf"]))
    info = PdfReader(tmp_path / "b" / "mini-full.pdf").metadata
    assert info is not None and info["/ModDate"].startswith("D:20231114221320")
