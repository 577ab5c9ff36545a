"""Warnings: stale data, files nothing uses; and builds that run at the same time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from conftest import BRIEF, CONFIG, MakeProject, outputs
from reportgen.validate import load_project

KEY_FIGURES = (
    "figure,value,as_of,source\nOld figure,12,2023-01,src-a\nNew figure,3,2025-10-01,src-b\n"
)


def test_stale_as_of_dates_are_warnings(make_project: MakeProject) -> None:
    alpha = (
        "title: Alpha\nkey_points:\n  - text: p\n    cite: [src-a]\nbody:\n"
        "  - type: key_figures\n    data: data/kf.csv\n"
    )
    root = make_project(
        {
            "data/sections/alpha.yaml": alpha,
            "data/kf.csv": KEY_FIGURES,
            "data/brief.yaml": BRIEF.replace("as_of: 2025-10-01", "as_of: 2024-01-31"),
        }
    )
    warnings = [(Path(p.path).name, p.line, p.col, p.message) for p in load_project(root).warnings]
    assert warnings == [
        (
            "brief.yaml",
            4,
            8,
            "brief data as of 2024-01-31 is 630 days older than the brief's "
            "date 2025-10-22 (limit: stale_after_days = 365)",
        ),
        (
            "kf.csv",
            2,
            15,
            "figure data as of 2023-01 is 995 days older than the brief's date "
            "2025-10-22 (limit: stale_after_days = 365)",
        ),
    ]
    relaxed = make_project(
        {
            "reportgen.yaml": CONFIG + "stale_after_days: 1000\n",
            "data/sections/alpha.yaml": alpha,
            "data/kf.csv": KEY_FIGURES,
        },
        name="relaxed",
    )
    assert load_project(relaxed).warnings == []


def test_data_files_nothing_uses_are_warnings(make_project: MakeProject) -> None:
    root = make_project({"data/old/figures-2019.csv": "a,b\n1,2\n", "data/notes.txt": "x"})
    [warning] = load_project(root).warnings
    assert (Path(warning.path).name, warning.message) == (
        "figures-2019.csv",
        "data file is not used by any section or setting",
    )


def test_concurrent_builds_into_one_folder_do_not_corrupt(make_project: MakeProject) -> None:
    root = make_project()
    command = [sys.executable, "-m", "reportgen", "build", str(root)]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    out = root / "build"
    assert outputs(out) == ["mini-full.html", "mini-full.pdf"]
    assert len(PdfReader(out / "mini-full.pdf").pages) >= 3
    assert (out / "mini-full.html").read_text().rstrip().endswith("</html>")
