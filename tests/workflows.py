"""The shell steps of this repository's GitHub workflows, run here as a runner runs them."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]  # GitHub's `shell: bash`


def load(name: str) -> dict[str, Any]:
    """A workflow file, parsed (YAML 1.1 reads the key `on` as True: it is renamed back)."""
    workflow: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def step(workflow: dict[str, Any], job: str, step_id: str) -> dict[str, Any]:
    """The step with this id in a job."""
    (found,) = (s for s in workflow["jobs"][job]["steps"] if s.get("id") == step_id)
    return found


def run_step(
    spec: dict[str, Any],
    cwd: Path,
    runner_temp: Path,
    context: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run a `run:` step in cwd with its env (each `${{ name }}` taken from context) and a
    runner's variables; return the process and the outputs it wrote."""
    assert "run" in spec and "uses" not in spec
    output = runner_temp / f"{spec['id']}.output"
    output.write_text("")

    def value(match: re.Match[str]) -> str:
        return (context or {})[match.group(1)]

    variables = {k: EXPRESSION.sub(value, str(v)) for k, v in spec.get("env", {}).items()}
    variables |= {
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_REPOSITORY": "owner/reportgen",
        "RUNNER_TEMP": str(runner_temp),
        "CI": "true",
    }
    proc = subprocess.run(
        [*BASH, spec["run"]],
        cwd=cwd / spec.get("working-directory", "."),
        env={**os.environ, **variables, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    lines = output.read_text().splitlines()
    return proc, dict(line.split("=", 1) for line in lines)
