"""House fonts that are neither shipped nor installed: one located warning saying what is
used instead, `doctor` says so too, and matplotlib's font messages never reach the
terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ALPHA, CONFIG, MakeProject
from reportgen import doctor
from reportgen.validate import load_project

MISSING = "Nonexistent Grotesk"
CHART = """\
  - type: chart
    id: c-bar
    kind: bar
    data: data/series.csv
    x: year
    y: [exports, imports]
    caption: A bar chart
    alt: Two series of bars.
"""
SERIES = "year,exports,imports\n2021,10,4\n2022,12.5,6\n2023,15,5\n"
STYLE = f"style:\n  body_font: IBM Plex Serif\n  heading_font: {MISSING}\n"


def project(make_project: MakeProject) -> Path:
    return make_project(
        {
            "reportgen.yaml": CONFIG + STYLE,
            "data/sections/alpha.yaml": ALPHA + CHART,
            "data/series.csv": SERIES,
        }
    )


def test_a_missing_house_font_is_a_warning_at_its_line(make_project: MakeProject) -> None:
    root = project(make_project)
    warnings = load_project(root).warnings
    fonts = [w for w in warnings if "heading_font" in w.message]
    assert len(fonts) == 1, warnings
    (warning,) = fonts
    line = CONFIG.count("\n") + 3  # style:, body_font:, then heading_font:
    assert (Path(warning.path).name, warning.line, warning.col) == ("reportgen.yaml", line, 17)
    assert f"heading_font {MISSING!r} is neither shipped with reportgen nor installed" in (
        warning.message
    )
    assert "the PDF uses " in warning.message and "charts Fira Sans" in warning.message
    assert "Fira Sans, IBM Plex Serif" in warning.hint
    assert not [w for w in warnings if "body_font" in w.message]  # a shipped family


def test_an_outputs_own_house_font_is_checked_too(make_project: MakeProject) -> None:
    config = CONFIG + f"    style:\n      body_font: {MISSING}\n"
    root = make_project({"reportgen.yaml": config})
    (warning,) = [w for w in load_project(root).warnings if MISSING in w.message]
    assert warning.line == CONFIG.count("\n") + 2 and warning.message.startswith("body_font")


def test_the_build_log_holds_the_warning_and_no_matplotlib_font_message(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """Regression: matplotlib wrote 1,764 lines of 'findfont: Font family ... not found'."""
    root = project(make_project)
    done = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", str(root), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "findfont" not in done.stderr and "matplotlib" not in done.stderr, done.stderr
    assert done.stderr.count(MISSING) == 1, done.stderr
    assert list((tmp_path / "out" / ".cache" / "charts").glob("*.svg"))  # the chart was drawn


def test_doctor_checks_the_house_fonts(make_project: MakeProject) -> None:
    root = project(make_project)
    checks = {c.name: c for c in doctor.diagnose(root)}
    missing = checks[f"house font {MISSING}"]
    assert not missing.ok and not missing.required
    assert "not installed: the PDF uses " in missing.detail
    assert checks["house font IBM Plex Serif"].ok
