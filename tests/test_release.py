"""The release workflow (.github/workflows/release.yml), read as GitHub reads it, and its
quick shell steps run here; tests/test_package.py runs its build, install, test and brief
steps. Also the changelog's form and the version's one home."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import reportgen
from conftest import MakeProject
from reportgen.buildinfo import Build, from_archive, from_git, parse_describe
from reportgen.cli import main
from workflows import REPO, WORKFLOWS, load, run_step, step

RELEASE = load("release.yml")
BUILD_STEPS = RELEASE["jobs"]["build"]["steps"]
VERSION = reportgen.__version__
DATED = re.compile(r"## \[(\d+\.\d+\.\d+\S*)\] - \d{4}-\d{2}-\d{2}")


def uses(workflow: dict[str, Any]) -> list[str]:
    """Every action a workflow's jobs use."""
    steps = (s for job in workflow["jobs"].values() for s in job["steps"])
    return [s["uses"] for s in steps if "uses" in s]


def test_a_version_tag_starts_it_and_only_a_tag() -> None:
    assert RELEASE["on"] == {"push": {"tags": ["v*"]}}
    assert RELEASE["permissions"] == {"contents": "read"}  # jobs ask for more where needed


def test_it_builds_then_publishes_to_pypi_then_makes_the_github_release() -> None:
    jobs = RELEASE["jobs"]
    assert set(jobs) == {"build", "pypi", "github-release"}
    assert jobs["pypi"]["needs"] == "build"
    assert set(jobs["github-release"]["needs"]) == {"build", "pypi"}
    assert jobs["github-release"]["permissions"] == {"contents": "write"}


def test_pypi_is_reached_by_trusted_publishing_from_an_environment() -> None:
    pypi = RELEASE["jobs"]["pypi"]
    assert pypi["environment"] == {"name": "pypi", "url": "https://pypi.org/p/reportgen-briefs"}
    assert pypi["permissions"] == {"id-token": "write"}
    (publish,) = (s for s in pypi["steps"] if "pypi-publish" in s.get("uses", ""))
    assert publish["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert "with" not in publish  # no password or token: PyPI trusts the workflow's identity
    assert "secrets." not in (WORKFLOWS / "release.yml").read_text(encoding="utf-8")


def test_actions_are_pinned_by_major_version_as_the_brief_workflow_pins_them() -> None:
    brief = {u.split("@")[0]: u for u in uses(load("brief.yml")) if "@" in u}
    for action in uses(RELEASE):
        assert re.fullmatch(r"[\w-]+/[\w-]+@(release/)?v\d+", action), action
        name = action.split("@")[0]
        assert brief.get(name, action) == action  # the same major as brief.yml where both use it


def test_scripts_take_expressions_only_through_env() -> None:
    for job in RELEASE["jobs"].values():
        for spec in job["steps"]:
            assert "${{" not in spec.get("run", ""), spec.get("name")


def test_the_build_job_tests_the_installed_wheel_outside_the_checkout() -> None:
    order = [s.get("id") or s.get("uses") or s["name"] for s in BUILD_STEPS]
    ids = [i for i in order if i in {"version", "build", "install", "test", "brief"}]
    assert ids == ["version", "build", "install", "test", "brief"]
    assert BUILD_STEPS[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    install = step(RELEASE, "build", "install")["run"]
    assert 'venv="$RUNNER_TEMP/wheel-venv"' in install  # not inside the checkout
    assert "[test]" in install and "--version" in install
    test = step(RELEASE, "build", "test")
    assert test["env"] == {"REPORTGEN_TEST_INSTALLED": "1"}
    assert '"$RUNNER_TEMP/wheel-venv/bin/python" -m pytest' in test["run"]
    uploads = [s["with"]["name"] for s in BUILD_STEPS if "upload-artifact" in s.get("uses", "")]
    assert uploads == ["dist", "release"]


def checkout(tmp_path: Path, changelog: str) -> Path:
    """The files the version step reads, in a folder of their own."""
    root = tmp_path / "checkout"
    (root / "src/reportgen").mkdir(parents=True)
    shutil.copy2(REPO / "src/reportgen/__init__.py", root / "src/reportgen/__init__.py")
    (root / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    (tmp_path / "runner").mkdir()
    return root


def released(changelog: str, version: str, date: str = "2026-12-10") -> str:
    """The changelog as CONTRIBUTING.md says to prepare it for a release."""
    assert changelog.count("## [Unreleased]\n") == 1
    return changelog.replace("## [Unreleased]\n", f"## [Unreleased]\n\n## [{version}] - {date}\n")


def version_step(root: Path, tag: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run the build job's first check for a push of this tag."""
    spec = step(RELEASE, "build", "version")
    return run_step(spec, root, root.parent / "runner", {"github.ref_name": tag})


def test_the_tag_must_name_the_version_in_the_source(tmp_path: Path) -> None:
    changelog = released((REPO / "CHANGELOG.md").read_text(encoding="utf-8"), VERSION)
    root = checkout(tmp_path, changelog)
    proc, outputs = version_step(root, "v9.9.9")
    assert proc.returncode == 1 and not outputs
    assert "::error file=src/reportgen/__init__.py::the tag v9.9.9 is not v + __version__" in (
        proc.stdout
    )
    proc, outputs = version_step(root, f"v{VERSION}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert outputs == {"version": VERSION}


def test_the_changelog_must_have_the_versions_section_which_becomes_the_notes(
    tmp_path: Path,
) -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    proc, _ = version_step(checkout(tmp_path / "unreleased", changelog), f"v{VERSION}")
    assert proc.returncode == 1  # as the changelog is today: nothing is named VERSION yet
    assert f"::error file=CHANGELOG.md::no section '## [{VERSION}] - YYYY-MM-DD'" in proc.stdout

    root = checkout(tmp_path / "prepared", released(changelog, VERSION))
    proc, _ = version_step(root, f"v{VERSION}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    notes = (root.parent / "runner/release/notes.md").read_text(encoding="utf-8")
    unreleased = changelog.split("## [Unreleased]\n", 1)[1]
    assert notes.strip() == unreleased.split("\n## [", 1)[0].strip()
    assert notes.lstrip().startswith("### Added")


def test_the_notes_end_at_the_next_versions_section(tmp_path: Path) -> None:
    changelog = (
        "# Changelog\n\n## [Unreleased]\n\n## [0.2.0rc1] - 2027-01-05\n\n### Fixed\n\n- B.\n\n"
        "## [0.1.0] - 2026-12-10\n\n### Added\n\n- A.\n"
    )
    root = checkout(tmp_path, changelog)
    init = root / "src/reportgen/__init__.py"
    init.write_text(init.read_text().replace(f'"{VERSION}"', '"0.2.0rc1"'), encoding="utf-8")
    proc, outputs = version_step(root, "v0.2.0rc1")
    assert proc.returncode == 0 and outputs == {"version": "0.2.0rc1"}
    notes = (tmp_path / "runner/release/notes.md").read_text(encoding="utf-8")
    assert notes.strip() == "### Fixed\n\n- B."


@pytest.mark.parametrize(("version", "prerelease"), [("0.1.0", False), ("0.2.0rc1", True)])
def test_the_github_release_carries_the_notes_wheel_sdist_and_pdfs(
    tmp_path: Path, version: str, prerelease: bool
) -> None:
    files = [
        f"dist/reportgen_briefs-{version}-py3-none-any.whl",
        f"dist/reportgen_briefs-{version}.tar.gz",
        "release/notes.md",
        "release/taiwan-defense-brief-full.pdf",
        "release/taiwan-defense-brief-summary.pdf",
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    stubs = tmp_path / "stubs"  # gh, stubbed: its arguments are recorded, nothing is sent
    stubs.mkdir()
    (stubs / "gh").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/gh.args"\n')
    (stubs / "gh").chmod(0o755)
    spec = step(RELEASE, "github-release", "release")
    context = {"github.token": "token", "github.ref_name": f"v{version}"}
    context["needs.build.outputs.version"] = version
    path = {"PATH": f"{stubs}:/usr/bin:/bin"}
    proc, _ = run_step(spec, tmp_path, tmp_path, context, path)
    assert proc.returncode == 0, proc.stderr
    args = (tmp_path / "gh.args").read_text().splitlines()
    assert args[:3] == ["release", "create", f"v{version}"]
    assert args[3:5] == ["--repo", "owner/reportgen"] and "--verify-tag" in args
    assert args[args.index("--notes-file") + 1] == "release/notes.md"
    assert args[args.index("--title") + 1] == f"reportgen {version}"
    assert ("--prerelease" in args) is prerelease
    attached = {a for a in args if a.startswith(("dist/", "release/")) and a != "release/notes.md"}
    assert attached == set(files) - {"release/notes.md"}


def test_the_changelog_keeps_a_changelog() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "https://keepachangelog.com/en/1.1.0/" in text and "https://semver.org/" in text
    headings = re.findall(r"^## .*$", text, re.M)
    assert headings[0] == "## [Unreleased]"
    assert all(DATED.fullmatch(h) for h in headings[1:]), headings
    kinds = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    assert set(re.findall(r"^### (.*)$", text, re.M)) <= kinds
    # the version in the source is the next release, or the last one the changelog dates
    assert f"[{VERSION}]" not in "".join(headings[1:]) or headings[1].startswith(f"## [{VERSION}]")


def test_the_readme_and_changelog_say_whether_a_release_exists() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    released = any(DATED.fullmatch(h) for h in re.findall(r"^## .*$", changelog, re.M))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert ("**It has not been released yet**" in readme) is not released
    assert ("reportgen has not been released yet" in changelog) is not released


def test_the_version_is_written_once() -> None:
    written = re.findall(r'^__version__ = "([^"]+)"$', Path(reportgen.__file__).read_text(), re.M)
    assert written == [VERSION]
    literal = re.compile(rf"[\"']{re.escape(VERSION)}[\"']")  # the version as a string
    found = [p for p in (REPO / "src").rglob("*.py") if literal.search(p.read_text("utf-8"))]
    assert [p.name for p in found] == ["__init__.py"]
    for name in ("pyproject.toml", "setup.py", "action.yml", "Makefile"):
        assert not literal.search((REPO / name).read_text(encoding="utf-8")), name


def git(root: Path, *args: str) -> str:
    """Run git in root as a fixed author; return what it printed."""
    ident = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    command = ["git", "-C", str(root), *ident, *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def test_git_says_release_or_development_build(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "file").write_text("one")
    git(tmp_path, "add", "file")
    git(tmp_path, "commit", "-qm", "one")
    first = git(tmp_path, "rev-parse", "HEAD")
    assert from_git(tmp_path) == Build(first)  # no tag yet
    assert Build(first).describe("0.1.0") == f"0.1.0 (development build: commit {first[:12]})"
    git(tmp_path, "tag", "v0.1.0")
    tagged = from_git(tmp_path)
    assert tagged == Build(first, "v0.1.0", 0) and tagged.describe("0.1.0") == "0.1.0"
    (tmp_path / "file").write_text("two")
    dirty = from_git(tmp_path)
    assert dirty == Build(first, "v0.1.0", 0, dirty=True)
    assert dirty.describe("0.1.0") == (
        f"0.1.0 (development build: commit {first[:12]}, at v0.1.0, with uncommitted changes)"
    )
    git(tmp_path, "commit", "-qam", "two")
    second = git(tmp_path, "rev-parse", "HEAD")
    assert from_git(tmp_path) == Build(second, "v0.1.0", 1)
    assert from_git(tmp_path / "file") is None  # not the top of a checkout: git is not asked


def test_an_archive_made_by_git_archive_knows_its_commit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for name in (".git_archival.txt", ".gitattributes"):
        shutil.copy2(REPO / name, repo / name)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    assert from_archive(repo) is None  # in a checkout the file is not filled in
    git(repo, "tag", "v0.1.0")
    git(repo, "commit", "-q", "--allow-empty", "-m", "two")
    head = git(repo, "rev-parse", "HEAD")
    for ref, expected in (
        ("v0.1.0", Build(git(repo, "rev-parse", "v0.1.0"), "v0.1.0")),
        ("HEAD", Build(head, "v0.1.0", 1)),
    ):
        out = tmp_path / ref
        out.mkdir()
        archive = subprocess.run(["git", "-C", str(repo), "archive", ref], capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
        assert from_archive(out) == expected


def test_git_describe_is_read_whatever_the_tag_looks_like() -> None:
    commit = "0123456789abcdef0123456789abcdef01234567"
    assert parse_describe(f"v1.0.0-rc-1-2-g{commit}-dirty") == Build(commit, "v1.0.0-rc-1", 2, True)
    assert parse_describe(commit) == Build(commit)
    assert parse_describe("fatal: not a git repository") is None


def test_only_version_asks_git(make_project: MakeProject) -> None:
    # --help and a no-op build never load buildinfo (nor run git): their speed is benchmarked
    root = make_project()
    assert main(["build", str(root), "--format", "html"]) == 0
    for args in (["--help"], ["build", str(root), "--format", "html"], ["--version"]):
        probe = (
            "import sys\nfrom reportgen.cli import main\n"
            f"code = main({args!r})\nprint(code, 'reportgen.buildinfo' in sys.modules)"
        )
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        assert done.stdout.splitlines()[-1] == f"0 {args == ['--version']}", done.stderr


def test_the_tests_refuse_the_checkouts_sources_when_told_to_test_the_wheel() -> None:
    if not Path(reportgen.__file__).resolve().is_relative_to(REPO):
        pytest.skip("these tests run against an installed wheel: the refusal cannot be shown")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--co", "-q"]
    env = {**os.environ, "REPORTGEN_TEST_INSTALLED": "1"}
    proc = subprocess.run(
        [*command, "tests/test_cli.py"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 4  # pytest's usage error
    assert "REPORTGEN_TEST_INSTALLED is set, but reportgen is imported from this checkout" in (
        proc.stderr
    )
