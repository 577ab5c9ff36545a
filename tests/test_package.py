"""The distribution: `python -m build` makes an sdist and a wheel that, installed in a fresh
virtual environment, works from an empty folder with no file of this checkout."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml
from pypdf import PdfReader

import reportgen
from conftest import assert_fonts_embedded
from reportgen.schema import SCHEMAS, schema_for

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
NAME = "reportgen-briefs"
TEMPLATES = [
    "base.html.j2",
    "macros.html.j2",
    "section.html.j2",
    "summary.html.j2",
    "paged.css",
    "screen.css",
    "themes/default/theme.css",
    "themes/civic/theme.css",
]

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Installed:
    """A wheel installed in a fresh virtual environment, and an empty folder to work in."""

    dist: Path
    venv: Path
    work: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a command of the venv in the work folder, with nothing of the checkout around."""
        env = {
            "PATH": f"{self.venv / 'bin'}{os.pathsep}/usr/bin:/bin",
            "HOME": str(self.work.parent),
            "LANG": "C.UTF-8",
        }
        return subprocess.run(
            [str(self.venv / "bin" / args[0]), *args[1:]],
            cwd=self.work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the sdist and the wheel from a copy of the sources, install the wheel in a new venv."""
    base = tmp_path_factory.mktemp("package")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "src" / "reportgen", source / "src" / "reportgen", ignore=ignore)
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(source)],
        check=True,
        capture_output=True,
    )
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    (wheel,) = dist.glob("*.whl")
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    work = base / "empty"
    work.mkdir()
    return Installed(dist, venv, work)


def test_the_distribution_name_is_not_reportgen_and_the_version_is_written_once() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == NAME  # `reportgen` on PyPI is an unrelated project
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "reportgen.__version__"
    }
    assert project["scripts"] == {"reportgen": "reportgen.cli:run"}


def test_the_wheel_and_sdist_hold_the_templates_themes_and_entry_point(
    installed: Installed,
) -> None:
    version = reportgen.__version__
    (wheel,) = installed.dist.glob(f"reportgen_briefs-{version}-py3-none-any.whl")
    info = f"reportgen_briefs-{version}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        metadata = archive.read(f"{info}/METADATA").decode()
    assert {f"reportgen/templates/{t}" for t in TEMPLATES} <= names
    assert {"reportgen/__init__.py", "reportgen/cli.py", "reportgen/schema.py"} <= names
    assert "reportgen = reportgen.cli:run" in entry_points
    assert f"Name: {NAME}\n" in metadata and f"Version: {version}\n" in metadata
    assert re.search(r"^Requires-Dist: fontpkg-fira-sans", metadata, re.M)
    (sdist,) = installed.dist.glob(f"reportgen_briefs-{version}.tar.gz")
    with tarfile.open(sdist) as archive:
        members = set(archive.getnames())
    top = f"reportgen_briefs-{version}/src/reportgen/templates"
    assert {f"{top}/{t}" for t in TEMPLATES} <= members


def test_the_installed_command_runs_from_an_empty_folder(installed: Installed) -> None:
    version = installed.run("reportgen", "--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"reportgen, version {reportgen.__version__}"
    where = installed.run("python", "-c", "import reportgen; print(reportgen.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(installed.venv)
    assert not Path(where.stdout.strip()).is_relative_to(ROOT)

    steps = [
        ("reportgen", "init", "brief", "--title", "Ports and Shipping"),
        ("reportgen", "validate", "brief", "--strict"),
        ("reportgen", "build", "brief"),
        ("reportgen", "doctor", "brief"),
        ("reportgen", "schema", "--out", "schemas"),
    ]
    for step in steps:
        proc = installed.run(*step)
        assert proc.returncode == 0, (step, proc.stdout, proc.stderr)
    doctor = installed.run("reportgen", "doctor", "brief").stdout
    assert "ok       font Fira Sans: 6 faces in " + str(installed.venv) in doctor

    build = installed.work / "brief" / "build"
    html = (build / "ports-and-shipping-full.html").read_text(encoding="utf-8")
    assert "<h1" in html and "Ports and Shipping" in html
    pdf = build / "ports-and-shipping-full.pdf"
    assert_fonts_embedded(PdfReader(pdf))
    manifest = (build / "manifest.json").read_text(encoding="utf-8")
    for text in (html, manifest, pdf.read_bytes().decode("latin-1")):
        assert str(ROOT) not in text
    assert json.loads(manifest)["outputs"]["full"]


def test_the_installed_schemas_check_the_new_project(installed: Installed) -> None:
    installed.run("reportgen", "init", "schemas-check")
    project = installed.work / "schemas-check"
    for kind, spec in SCHEMAS.items():
        written = json.loads((installed.work / "schemas" / spec.filename).read_text())
        assert written == schema_for(kind)  # the same models in the wheel as here
        assert (project / "schemas" / spec.filename).is_file()
    config = yaml.safe_load((project / "reportgen.yaml").read_text())
    schema = json.loads((project / "schemas/reportgen.schema.json").read_text())
    jsonschema.validate(config, schema)
