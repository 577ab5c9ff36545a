"""`reportgen doctor` and the build's one line about a missing font subsetter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import doctor
from reportgen.builder import BuildOptions, build_project
from reportgen.builder.outputs import NO_SUBSETTER
from reportgen.cli import main
from reportgen.scaffold import init_project

REPO = Path(__file__).resolve().parent.parent


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
    twice = config + "  again:\n    template: brief.html.j2\n    formats: [pdf]\n"
    (tmp_path / "reportgen.yaml").write_text(twice, encoding="utf-8")
    result = build_project(tmp_path, BuildOptions(jobs=1))
    assert len(result.files) == 7  # full, summary and south (HTML and PDF), and again
    assert result.warnings == [NO_SUBSETTER]
    assert "reportgen doctor" in NO_SUBSETTER


# A machine without a library, simulated for one process tree: on PYTHONPATH, a
# sitecustomize makes cffi fail to load the libraries named in HIDDEN_LIBRARIES, as dlopen
# does where they are not installed. WeasyPrint then reacts as it would there: without
# HarfBuzz's subsetter it warns and does without; without Pango it cannot be imported.
HIDE_LIBRARIES = """\
import os

import cffi

_dlopen = cffi.FFI.dlopen
_hidden = os.environ["HIDDEN_LIBRARIES"].split()


def dlopen(self, name, *args, **kwargs):
    if any(hidden in str(name) for hidden in _hidden):
        raise OSError(f"cannot load library {name!r}: hidden by the test")
    return _dlopen(self, name, *args, **kwargs)


cffi.FFI.dlopen = dlopen
"""


def without(tmp_path: Path, *libraries: str) -> dict[str, str]:
    """An environment whose Python processes cannot load these libraries."""
    shim = tmp_path / "hide-libraries"
    shim.mkdir(exist_ok=True)
    (shim / "sitecustomize.py").write_text(HIDE_LIBRARIES, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(shim), "HIDDEN_LIBRARIES": " ".join(libraries)}


@pytest.fixture
def no_subsetter(tmp_path: Path) -> dict[str, str]:
    """An environment whose Python processes find no HarfBuzz subsetter."""
    return without(tmp_path, "harfbuzz-subset")


def make(target: str, tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a target of the repository's Makefile with this Python's commands, .venv's stamps
    replaced by files in tmp_path (nothing is installed, .venv is not touched), and harmless
    arguments for the build and pytest."""
    for name in ("installed", "browser-installed"):  # newer than pyproject.toml and
        stamp = tmp_path / name  # package.json: nothing to install
        if not stamp.exists():
            stamp.touch()
    variables = {
        "BIN": str(Path(sys.executable).parent),
        "STAMP": str(tmp_path / "installed"),
        "BROWSER_STAMP": str(tmp_path / "browser-installed"),
        "DOCTOR": str(tmp_path / "doctor-ok"),
        # should make go past the check, the build and the tests only say their version
        "BUILD_ARGS": "--version",
        "PYTEST_ARGS": "--version",
    }
    command = ["make", "--no-print-directory", "-C", str(REPO), target]
    command += [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_doctor_strict_fails_on_a_missing_subsetter(no_subsetter: dict[str, str]) -> None:
    command = [sys.executable, "-m", "reportgen", "doctor"]
    lenient = subprocess.run(command, env=no_subsetter, capture_output=True, text=True)
    assert lenient.returncode == 0, lenient.stderr
    assert "warning  HarfBuzz subsetter: libharfbuzz-subset 4.1+ not found" in lenient.stdout
    strict = subprocess.run(
        [*command, "--strict"], env=no_subsetter, capture_output=True, text=True
    )
    assert strict.returncode == 1
    assert "Debian/Ubuntu: sudo apt-get install libharfbuzz-subset0" in strict.stdout
    assert "error: missing, and required with --strict: HarfBuzz subsetter" in strict.stderr
    assert "Traceback" not in strict.stderr


def test_doctor_names_a_missing_pango_and_its_install_command(tmp_path: Path) -> None:
    # WeasyPrint cannot be imported at all; each check that needs it says so (a second
    # import of a half-imported WeasyPrint was a KeyError, reported as a bug in reportgen)
    env = without(tmp_path, "pango")
    command = [sys.executable, "-m", "reportgen", "doctor", "--strict"]
    proc = subprocess.run(command, env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "MISSING  Pango: does not load (OSError: cannot load library" in proc.stdout
    assert "Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in proc.stdout
    assert "error: 1 required piece(s) missing: Pango" in proc.stderr
    assert "internal error" not in proc.stderr


def test_a_build_without_pango_points_at_doctor(tmp_path: Path) -> None:
    init_project(tmp_path / "brief", "No Pango")
    command = [sys.executable, "-m", "reportgen", "build", str(tmp_path / "brief")]
    proc = subprocess.run(command, env=without(tmp_path, "pango"), capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "reportgen: error: cannot load library" in proc.stderr
    assert "`reportgen doctor` says how to install it" in proc.stderr
    assert "internal error" not in proc.stderr
    assert not (tmp_path / "brief/build").exists()


@pytest.mark.parametrize("target", ["brief", "test"])
def test_make_stops_at_doctor_before_building_or_testing_without_the_subsetter(
    target: str, tmp_path: Path, no_subsetter: dict[str, str]
) -> None:
    proc = make(target, tmp_path, no_subsetter)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "warning  HarfBuzz subsetter: libharfbuzz-subset 4.1+ not found" in proc.stdout
    assert "Debian/Ubuntu: sudo apt-get install libharfbuzz-subset0" in proc.stdout
    assert "error: missing, and required with --strict: HarfBuzz subsetter" in proc.stderr
    assert "make: install what is missing (above), then run make again" in proc.stderr
    # make echoes each command it runs: neither the build nor pytest was started
    assert "reportgen build" not in proc.stdout and "-m pytest" not in proc.stdout
    assert not (tmp_path / "doctor-ok").exists()  # so the next make checks again


def test_make_checks_the_machine_once_and_passes_here(tmp_path: Path) -> None:
    stamp = tmp_path / "doctor-ok"
    first = make(str(stamp), tmp_path, dict(os.environ))
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.rstrip().endswith("ready to build") and stamp.is_file()
    again = make(str(stamp), tmp_path, dict(os.environ))
    assert again.returncode == 0 and "ready to build" not in again.stdout
