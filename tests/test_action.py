"""The reusable GitHub Action (action.yml): its shell steps, run here as a runner would run
them, against the default project and new ones; the repository's workflow uses it."""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import reportgen
from conftest import package_sources
from reportgen.scaffold import init_project

ROOT = Path(__file__).resolve().parent.parent
ACTION: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = {step.get("id", step.get("uses")): step for step in ACTION["runs"]["steps"]}
EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def expand(text: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    """Substitute `${{ inputs.X }}` and `${{ steps.build.outputs.X }}` as the runner would."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("inputs."):
            key = name.removeprefix("inputs.")
            return inputs.get(key, str(ACTION["inputs"][key].get("default", "")))
        return outputs[name.removeprefix("steps.build.outputs.")]

    return EXPRESSION.sub(value, text)


def run_step(
    step_id: str,
    workspace: Path,
    tmp_path: Path,
    path: Path = Path(sys.executable).parent,
    action_path: Path = ROOT,
    **inputs: str,
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run one of the action's shell steps in `workspace`, with `path` first on PATH;
    return it and what it output."""
    step = STEPS[step_id]
    assert step["shell"] == "bash"
    github_output = tmp_path / f"{step_id}.output"
    github_output.write_text("")
    env = {k: expand(str(v), inputs, {}) for k, v in step.get("env", {}).items()}
    env |= {
        "PATH": f"{path}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(github_output),
        "GITHUB_PATH": str(tmp_path / "github_path"),
        "GITHUB_ACTION_PATH": str(action_path),
        "RUNNER_TEMP": str(tmp_path / "runner_temp"),
        "CI": "true",
    }
    proc = subprocess.run(
        ["bash", "-c", step["run"]],
        cwd=workspace,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    lines = github_output.read_text().splitlines()
    return proc, dict(line.split("=", 1) for line in lines)


def test_the_action_is_composite_with_the_inputs_a_repository_needs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"project", "outputs", "strict", "shard", "diff-base"} <= set(ACTION["inputs"])
    assert set(ACTION["outputs"]) == {"out-dir", "manifest"}
    for step in ACTION["runs"]["steps"]:  # inputs reach shell steps only through env
        assert "${{" not in step.get("run", ""), step.get("id")
    upload = STEPS["actions/upload-artifact@v4"]["with"]["path"]
    assert "/*.pdf" in upload and "/manifest.json" in upload


def test_the_repositorys_workflow_uses_the_action() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/brief.yml").read_text(encoding="utf-8"))
    uses = [s.get("uses") for job in workflow["jobs"].values() for s in job["steps"]]
    assert "./" in uses
    action = next(
        s for job in workflow["jobs"].values() for s in job["steps"] if s.get("uses") == "./"
    )
    assert "pull_request.base.sha" in action["with"]["diff-base"]


def test_the_steps_validate_and_build_the_default_project(tmp_path: Path) -> None:
    proc, _ = run_step("validate", ROOT, tmp_path, project=".")
    assert proc.returncode == 0, proc.stderr
    assert "0 errors, 0 warning(s)" in proc.stderr
    out = tmp_path / "out"
    proc, outputs = run_step(
        "build",
        ROOT,
        tmp_path,
        project=".",
        outputs="summary",
        shard="1/1",
        **{"out-dir": str(out)},
    )
    assert proc.returncode == 0, proc.stderr
    assert outputs == {
        "out-dir": str(out),
        "manifest": f"{out}/manifest.json",
        "artifact": "reportgen-build-shard-1-of-1",
    }
    assert sorted(p.name for p in out.glob("[!.]*") if p.is_file()) == [
        "manifest.json",
        "taiwan-defense-brief-summary.html",
        "taiwan-defense-brief-summary.pdf",
    ]
    upload = expand(STEPS["actions/upload-artifact@v4"]["with"]["path"], {}, outputs)
    found = [name for pattern in upload.split() for name in glob.glob(pattern)]
    assert sorted(Path(p).name for p in found) == [
        "manifest.json",
        "taiwan-defense-brief-summary.pdf",
    ]


def test_the_build_step_writes_to_the_projects_build_folder(tmp_path: Path) -> None:
    init_project(tmp_path / "briefs" / "ports", "Ports")
    proc, outputs = run_step("build", tmp_path, tmp_path, project="briefs/ports")
    assert proc.returncode == 0, proc.stderr
    assert outputs["out-dir"] == "briefs/ports/build"
    assert outputs["artifact"] == "reportgen-build"
    assert (tmp_path / "briefs/ports/build/ports-full.pdf").is_file()
    assert (tmp_path / "briefs/ports/build/manifest.json").is_file()


def test_a_broken_project_fails_validation_with_an_annotation(tmp_path: Path) -> None:
    init_project(tmp_path / "brief", "Broken")
    section = tmp_path / "brief/data/sections/overview.yaml"
    section.write_text(section.read_text().replace("key_points:", "key_pionts:"))
    proc, _ = run_step("validate", tmp_path, tmp_path, project="brief")
    assert proc.returncode == 1
    assert re.search(
        r"^::error file=brief/data/sections/overview\.yaml,line=\d+,col=\d+::unknown key "
        r"'key_pionts'",
        proc.stdout,
        re.M,
    ), proc.stdout


@pytest.mark.parametrize(("strict", "code"), [("true", 1), ("false", 0)])
def test_strict_turns_warnings_into_a_failure(tmp_path: Path, strict: str, code: int) -> None:
    init_project(tmp_path / "brief", "Warned")
    sources = tmp_path / "brief/data/sources.yaml"
    sources.write_text(sources.read_text() + "- id: never-cited\n  title: Unused\n")
    proc, _ = run_step("validate", tmp_path, tmp_path, project="brief", strict=strict)
    assert proc.returncode == code, proc.stderr
    assert "::warning file=brief/data/sources.yaml" in proc.stdout


@pytest.mark.slow
def test_the_install_step_installs_the_libraries_and_reportgen(tmp_path: Path) -> None:
    # apt-get and sudo stubbed: the step's package list is recorded, not installed.
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for name in ("sudo", "apt-get"):
        (stubs / name).write_text(f'#!/bin/sh\necho "$*" >> "{tmp_path}/{name}.log"\n')
        (stubs / name).chmod(0o755)
    # The action's own copy of reportgen (the default `package`), as a checkout of it has it.
    action = package_sources(tmp_path / "action")
    (tmp_path / "runner_temp").mkdir()
    proc, _ = run_step("install", tmp_path, tmp_path, path=stubs, action_path=action)
    assert proc.returncode == 0, proc.stderr
    installs = (tmp_path / "sudo.log").read_text()
    assert "apt-get install" in installs
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in installs
    (bin_dir,) = (tmp_path / "github_path").read_text().split()
    assert bin_dir == str(tmp_path / "runner_temp/reportgen-venv/bin")
    assert f"reportgen, version {reportgen.__version__}" in proc.stdout
    assert (Path(bin_dir) / "reportgen").is_file()


def test_the_diff_step_writes_the_markdown_diff_to_the_job_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A repository whose pull request changes the brief: the base is a local commit, so
    # no network is used (the step fetches the base only when the checkout lacks it).
    project = init_project(tmp_path / "repo" / "brief", "Diffed")
    repo = project.parent.parent

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    brief = repo / "brief/data/brief.yaml"
    brief.write_text(brief.read_text().replace("First edition", "Second edition"))
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    proc, _ = run_step("diff", repo, tmp_path, project="brief", **{"diff-base": "HEAD"})
    assert proc.returncode == 0, proc.stderr
    text = summary.read_text()
    assert text.startswith("### Changes from HEAD")
    assert "edition: <del>First edition</del> \u2192 <ins>Second edition</ins>" in text
    # A base that is not there: the summary says why, and the job goes on.
    proc, _ = run_step("diff", repo, tmp_path, project="brief", **{"diff-base": "no-such"})
    assert proc.returncode == 0, proc.stderr
    assert "::warning::reportgen diff against no-such failed" in proc.stdout
    assert "is not a folder nor a revision" in summary.read_text()
