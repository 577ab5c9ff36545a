"""docs/markings.md's worked example, built as written: a TLP-marked brief whose AMBER
portion the GREEN output withholds, each output's banner computed from what it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO
from reportgen.cli import main
from test_markings import banner_lines

GUIDE = (REPO / "docs" / "markings.md").read_text()
EXAMPLE = GUIDE.split("## Worked example", 1)[1]
FILES = dict(re.findall(r"^File `([^`]+)`:\n\n```\w+\n(.*?)^```", EXAMPLE, re.M | re.S))


def test_the_example_names_its_files() -> None:
    assert sorted(FILES) == [
        "data/brief.yaml",
        "data/sections/sharing.md",
        "data/sources.yaml",
        "reportgen.yaml",
    ]


@pytest.mark.slow
def test_the_worked_example_withholds_the_amber_portion_from_the_green_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "example"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    assert main(["build", str(root), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "green: 1 portion withheld (above its max_marking TLP:GREEN)" in err
    full = [p.extract_text() for p in PdfReader(tmp_path / "out" / "sharing-note-full.pdf").pages]
    green = [p.extract_text() for p in PdfReader(tmp_path / "out" / "sharing-note-green.pdf").pages]
    assert "(TLP:AMBER) Write here what recipients may share" in "\n".join(full)
    assert "Write here" not in "\n".join(green)
    assert "(TLP:GREEN) Recipients may share TLP:GREEN information" in "\n".join(green)
    # The banner, top and bottom of every page: the highest level each output shows.
    assert banner_lines(tmp_path / "out" / "sharing-note-full.pdf", "TLP:AMBER") == [(1, 1)] * len(
        full
    )
    assert banner_lines(tmp_path / "out" / "sharing-note-green.pdf", "TLP:GREEN") == [(1, 1)] * len(
        green
    )
