"""The distribution, made and checked by the release workflow's own steps
(.github/workflows/release.yml): from a git checkout of the sources, tagged as a release,
`python -m build` makes an sdist and a wheel from it; the wheel, installed in a fresh
virtual environment outside the checkout, works from an empty folder with no file of this
checkout, passes tests run against it, and builds the default brief."""

from __future__ import annotations

import ast
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
import workflows
from conftest import assert_fonts_embedded, package_sources
from reportgen.buildinfo import Build
from reportgen.schema import SCHEMAS, schema_for

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
NAME = "reportgen-briefs"
RELEASE = workflows.load("release.yml")
VERSION = reportgen.__version__
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

    source: Path  # a git checkout of the sources, tagged v<version>
    dist: Path
    venv: Path
    work: Path
    runner: Path  # the release workflow's $RUNNER_TEMP

    def step(
        self, step_id: str, cwd: Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run a step of the release workflow's build job, with this Python first on PATH."""
        path = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
        context = {"steps.version.outputs.version": VERSION}
        spec = workflows.step(RELEASE, "build", step_id)
        proc, _ = workflows.run_step(spec, cwd, self.runner, context, path | (env or {}))
        return proc

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


def git(root: Path, *args: str) -> str:
    """Run git in root as a fixed author; return what it printed."""
    ident = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    command = ["git", "-C", str(root), *ident, *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The release workflow's build and install steps, run on a git checkout of a copy of
    the sources, tagged for this version."""
    base = tmp_path_factory.mktemp("package")
    source = package_sources(base / "source")
    git(source, "init", "-q")
    git(source, "add", ".")
    git(source, "commit", "-qm", "The sources")
    git(source, "tag", f"v{VERSION}")
    runner = base / "runner"
    (runner / "release").mkdir(parents=True)  # as the workflow's first step leaves it
    work = base / "empty"
    work.mkdir()
    release = Installed(source, source / "dist", runner / "wheel-venv", work, runner)
    for step_id in ("build", "install"):
        proc = release.step(step_id, source)
        assert proc.returncode == 0, (step_id, proc.stdout, proc.stderr)
    return release


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
    version = VERSION
    (wheel,) = installed.dist.glob(f"reportgen_briefs-{version}-py3-none-any.whl")
    info = f"reportgen_briefs-{version}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        metadata = archive.read(f"{info}/METADATA").decode()
        built = archive.read("reportgen/_build_info.py").decode()
    assert {f"reportgen/templates/{t}" for t in TEMPLATES} <= names
    assert {"reportgen/__init__.py", "reportgen/cli.py", "reportgen/schema.py"} <= names
    assert "reportgen = reportgen.cli:run" in entry_points
    assert f"Name: {NAME}\n" in metadata and f"Version: {version}\n" in metadata
    assert re.search(r"^Requires-Dist: fontpkg-fira-sans", metadata, re.M)
    (sdist,) = installed.dist.glob(f"reportgen_briefs-{version}.tar.gz")
    with tarfile.open(sdist) as archive:
        members = set(archive.getnames())
        written = archive.extractfile(f"reportgen_briefs-{version}/src/reportgen/_build_info.py")
        assert written is not None and written.read().decode() == built  # the wheel's came from it
    top = f"reportgen_briefs-{version}/src/reportgen/templates"
    assert {f"{top}/{t}" for t in TEMPLATES} <= members
    # the commit it was built from, which is the release's
    commit = git(installed.source, "rev-parse", "HEAD")
    assert f"BUILD = {{'commit': '{commit}', 'tag': 'v{version}', 'distance': 0, " in built


def test_a_development_build_names_its_commit(installed: Installed, tmp_path: Path) -> None:
    source = tmp_path / "source"
    git(tmp_path, "clone", "-q", str(installed.source), str(source))
    (source / "README.md").write_text("A change after the release.\n", encoding="utf-8")
    git(source, "commit", "-qam", "After the release")
    commit = git(source, "rev-parse", "HEAD")
    build = [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), "."]
    subprocess.run(build, cwd=source, check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        written = archive.read("reportgen/_build_info.py").decode()
    built = Build(**ast.literal_eval(written.split("BUILD = ", 1)[1]))
    assert built == Build(commit, f"v{VERSION}", 1)
    expected = f"{VERSION} (development build: commit {commit[:12]}, 1 commit(s) after v{VERSION})"
    assert built.describe(VERSION) == expected


def test_the_installed_command_runs_from_an_empty_folder(installed: Installed) -> None:
    version = installed.run("reportgen", "--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"reportgen, version {VERSION}"  # a release: no commit
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


def test_the_tests_run_against_the_installed_wheel(installed: Installed) -> None:
    # The workflow's test step runs the whole suite; here, one file of it is enough to show
    # that the tests import the wheel, not this checkout's sources.
    proc = installed.step("test", ROOT, {"PYTEST_ADDOPTS": "tests/test_cli.py"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    package = installed.venv.resolve() / "lib"
    assert re.search(
        rf"^reportgen {VERSION} from {package}/python3\.\d+/site-packages/reportgen$",
        proc.stdout,
        re.M,
    ), proc.stdout
    assert re.search(r"\d+ passed", proc.stdout)


def test_the_installed_wheel_builds_the_default_brief_and_a_new_project(
    installed: Installed, tmp_path: Path
) -> None:
    project = tmp_path / "checkout"  # the default project, as the workflow's checkout has it
    project.mkdir()
    shutil.copy2(ROOT / "reportgen.yaml", project / "reportgen.yaml")
    for folder in ("data", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    proc = installed.step("brief", project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pdfs = {p.name for p in (installed.runner / "release").glob("*.pdf")}
    assert pdfs == {f"taiwan-defense-brief-{n}.pdf" for n in ("full", "summary", "draft")}
    assert (installed.runner / "new-brief/build/release-check-full.pdf").is_file()
    assert not (project / "build").exists()  # the brief went to --out, outside the checkout
