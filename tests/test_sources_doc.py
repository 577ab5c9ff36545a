"""docs/sources.md's worked examples, built from the page as written: a Zotero export as the
bibliography, a misquotation caught, a snapshot edited after locking."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import BRIEF, BRIEF_TEMPLATE, REPO
from reportgen.builder import BuildOptions, build
from reportgen.cli import main
from reportgen.validate import load_project

PAGE = (REPO / "docs" / "sources.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+) ([^\n]*)\n(.*?)^```$", re.S | re.M)


def blocks() -> list[tuple[dict[str, str], str]]:
    """Each fenced block with attributes (title=, command=, variant=), and its text."""
    found = []
    for match in BLOCK.finditer(PAGE):
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2)))
        found.append((attributes, match.group(3)))
    return found


def files(variant: str = "") -> dict[str, str]:
    return {
        a["title"]: text for a, text in blocks() if "title" in a and a.get("variant", "") == variant
    }


def expected(command: str, variant: str = "") -> str:
    (text,) = [
        t for a, t in blocks() if a.get("command") == command and a.get("variant", "") == variant
    ]
    return text


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The worked example's project, as the page writes it, as the current folder."""
    root = tmp_path / "partners"
    for rel, text in files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "data" / "brief.yaml").write_text(BRIEF, encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "brief.html.j2").write_text(BRIEF_TEMPLATE, encoding="utf-8")
    (root / "data" / "snapshots").mkdir()
    for name in ("chauhan-2025.txt", "communique-1979.txt"):
        shutil.copy(REPO / "data" / "snapshots" / name, root / "data" / "snapshots" / name)
    monkeypatch.chdir(root)
    return root


def test_zotero_export_locked_validated_and_built(
    example: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(["sources", "lock"], capsys) == (0, expected("reportgen sources lock"))
    assert run(["validate"], capsys) == (0, expected("reportgen validate"))
    assert files()["data/zotero.json"] == (example / "data" / "zotero.json").read_text()
    out = tmp_path / "out"
    build(load_project(example), BuildOptions(out_dir=out, formats=("html",)))
    html = (out / "partners-full.html").read_text(encoding="utf-8")
    assert (
        "Nikhil Chauhan, “Taiwan Aims to Strengthen Its Military Relationship with the US to "
        "Enhance Its Security”, <i>Asia In News</i>, October 22, 2025."
    ) in html
    assert '<h3 class="references-title" id="references-title">Bibliography</h3>' in html


def test_misquotation_caught(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["sources", "lock"], capsys)
    for rel, text in files("misquoted").items():
        (example / rel).write_text(text, encoding="utf-8")
    assert run(["validate"], capsys) == (1, expected("reportgen validate", "misquoted"))


def test_snapshot_edited_after_locking(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["sources", "lock"], capsys)
    snapshot = example / "data" / "snapshots" / "chauhan-2025.txt"
    snapshot.write_text(snapshot.read_text(encoding="utf-8") + "Corrected on 23 October.\n")
    assert run(["validate"], capsys) == (1, expected("reportgen validate", "edited"))
