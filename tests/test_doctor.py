"""`reportgen doctor` and the build's one line about a missing font subsetter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import doctor
from reportgen.builder import BuildOptions, build_project
from reportgen.builder.outputs import NO_SUBSETTER
from reportgen.cli import main
from reportgen.scaffold import init_project


def test_doctor_passes_on_this_machine(tmp_path: Path) -> None:
    init_project(tmp_path, "Doctor")
    checks = {c.name: c for c in doctor.diagnose(tmp_path)}
    names = ["Python", "WeasyPrint", "Pango", "HarfBuzz subsetter", "build folder"]
    assert all(checks[n].ok for n in names), [checks[n].format() for n in names]
    assert "font IBM Plex Serif" in checks and "font Fira Sans" in checks


def test_doctor_command_prints_each_check_and_exits_0(tmp_path: Path) -> None:
    init_project(tmp_path, "Doctor")
    proc = subprocess.run(
        [sys.executable, "-m", "reportgen", "doctor", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("Python", "Pango", "HarfBuzz subsetter", "WeasyPrint", "font Fira Sans"):
        assert f"ok       {name}: " in proc.stdout
    assert proc.stdout.rstrip().endswith("ready to build")


def test_a_missing_subsetter_is_a_warning_with_each_platforms_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert main(["doctor"]) == 0  # builds still work, through fontTools
    out = capsys.readouterr().out
    assert "warning  HarfBuzz subsetter: libharfbuzz-subset 4.1+ not found" in out
    assert "Debian/Ubuntu: sudo apt-get install libharfbuzz-subset0" in out
    assert "Fedora: sudo dnf install harfbuzz" in out
    assert "macOS: brew install harfbuzz" in out
    assert "ready to build (1 warning(s))" in out


def test_a_missing_required_piece_exits_1_with_its_install_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(doctor, "_weasyprint_ffi", lambda: (None, "OSError: no libpango"))
    monkeypatch.setattr(doctor, "font_dir", lambda package: None)
    assert main(["doctor"]) == 1
    captured = capsys.readouterr()
    assert "MISSING  Pango: does not load (OSError: no libpango)" in captured.out
    assert "Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in captured.out
    assert "macOS: brew install pango" in captured.out
    assert "install: pip install --upgrade fontpkg-fira-sans" in captured.out
    assert "error: 3 required piece(s) missing: Pango, font IBM Plex Serif, font Fira Sans" in (
        captured.err
    )


def test_an_unwritable_build_folder_is_reported(tmp_path: Path) -> None:
    init_project(tmp_path, "Doctor")
    (tmp_path / "build").write_text("a file where the build folder goes")
    check = doctor.check_build_folder(tmp_path)
    assert not check.ok and check.required
    assert "reportgen build --out DIR" in check.format()


@pytest.mark.weasyprint_warnings
def test_a_build_without_the_subsetter_points_at_doctor_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.pdf import fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)  # WeasyPrint falls back to fontTools
    init_project(tmp_path, "Doctor")
    config = (tmp_path / "reportgen.yaml").read_text(encoding="utf-8")
    twice = config + "  summary:\n    template: brief.html.j2\n    formats: [pdf]\n"
    (tmp_path / "reportgen.yaml").write_text(twice, encoding="utf-8")
    result = build_project(tmp_path, BuildOptions(jobs=1))
    assert len(result.files) == 5  # full and south (the init project's), and summary
    assert result.warnings == [NO_SUBSETTER]
    assert "reportgen doctor" in NO_SUBSETTER
