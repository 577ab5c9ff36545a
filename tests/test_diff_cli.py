"""`reportgen diff`: folders and git revisions (read without a checkout, in a fresh
repository), the three formats, --exit-code, and editions that do not validate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from edition_pairs import (
    add_key_judgment,
    change_key_figure,
    commit_all,
    copy_brief,
    git,
    reword_key_judgment,
)
from reportgen.cli import main


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A fresh git repository holding the default brief: v1 tagged, then a second commit
    with a key figure changed and a key judgment added."""
    root = copy_brief(tmp_path / "repo")
    git(root, "init", "-q")
    commit_all(root, "first edition", tag="v1")
    change_key_figure(root, as_of="2025-11")
    add_key_judgment(root)
    commit_all(root, "second edition", tag="v2")
    return root


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in `cwd`."""
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "reportgen", "diff", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_two_revisions_of_a_fresh_repository(repo: Path) -> None:
    proc = run("v1", "v2", "--format", "json", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["old"]["label"], data["new"]["label"]) == ("v1", "v2")
    assert [c["change"] for c in data["figures"]] == ["changed"]
    assert [c["change"] for c in data["points"]] == ["added"]
    assert data["count"] == 2
    assert git(repo, "status", "--porcelain") == ""  # nothing checked out or written


def test_one_revision_is_compared_with_the_working_tree(repo: Path) -> None:
    reword_key_judgment(repo, 1, "firmly")
    proc = run("HEAD", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert "Changes from HEAD" in proc.stdout and "to working tree" in proc.stdout
    assert "{+firmly+}" in proc.stdout
    assert proc.stdout.rstrip().endswith("1 change(s)")


@pytest.mark.parametrize(("old", "new", "code"), [("v1", "v2", 1), ("v2", "HEAD", 0)])
def test_exit_code(repo: Path, old: str, new: str, code: int) -> None:
    assert run(old, new, "--exit-code", cwd=repo).returncode == code
    assert run(old, new, cwd=repo).returncode == 0


def test_markdown_for_a_pull_request(repo: Path) -> None:
    proc = run("v1", "v2", "--format", "markdown", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("### Changes from v1")
    assert "#### Figures and tables" in proc.stdout
    assert "<del>" in proc.stdout and "<ins>" in proc.stdout
    assert proc.stdout.rstrip().endswith("_2 change(s)_")


def test_a_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    project = copy_brief(root / "briefs" / "taiwan")
    git(root, "init", "-q")
    commit_all(root, "first", tag="v1")
    add_key_judgment(project)
    proc = run("v1", "--project", "briefs/taiwan", "--format", "json", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["count"] == 1
    assert run("v1", "--format", "json", cwd=project).returncode == 0


def test_folders_and_a_missing_revision(repo: Path, tmp_path: Path) -> None:
    other = copy_brief(tmp_path / "other")
    proc = run(str(other), str(repo), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["count"] == 2
    proc = run("v9", cwd=repo)
    assert proc.returncode == 2
    assert "'v9' is not a folder nor a revision of the git repository" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_revision_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    project = copy_brief(tmp_path / "plain")
    proc = run("v1", cwd=project)
    assert proc.returncode == 2
    assert "is not in a git repository" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_old_edition_that_no_longer_validates(repo: Path) -> None:
    section = repo / "data/sections/key-judgments.md"
    section.write_text(section.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    commit_all(repo, "broken", tag="broken")
    git(repo, "checkout", "-q", "v2", "--", ".")
    proc = run("broken", cwd=repo)
    assert proc.returncode == 1
    assert "broken:data/sections/key-judgments.md:2:1: error:" in proc.stderr
    assert "the edition at broken does not validate" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_main_returns_the_exit_code(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    assert main(["diff", "v1", "v2", "--exit-code", "--format", "json"]) == 1
    assert main(["diff", "v2", "--exit-code"]) == 0
