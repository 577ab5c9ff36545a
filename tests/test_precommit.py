"""The pre-commit hook (.pre-commit-hooks.yaml): its entry, run as pre-commit runs it."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportgen.scaffold import init_project

ROOT = Path(__file__).resolve().parent.parent
HOOKS: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
)
(HOOK,) = (h for h in HOOKS if h["id"] == "reportgen-validate")


def run_hook(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The hook's entry with its args, from the repository root, as pre-commit runs it."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        [*shlex.split(HOOK["entry"]), *args],
        cwd=cwd,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_hook_validates_strictly_once_per_commit() -> None:
    assert HOOK["entry"] == "reportgen validate --strict"
    assert HOOK["language"] == "python"  # pre-commit installs this repository, with reportgen
    assert HOOK["pass_filenames"] is False  # the whole project, not the files staged
    pattern = re.compile(HOOK["files"])
    for name in ("reportgen.yaml", "data/sections/a.md", "data/tables/t.csv", "t/b.html.j2"):
        assert pattern.search(name), name
    assert not pattern.search("src/app.py")


def test_the_hook_passes_a_good_project(tmp_path: Path) -> None:
    init_project(tmp_path, "Hooked")
    proc = run_hook(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "0 errors, 0 warning(s)" in proc.stderr


def test_the_hook_passes_the_default_project() -> None:
    assert run_hook(ROOT).returncode == 0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("key_points:", "key_pionts:"), "unknown key 'key_pionts'"),
        (("cite: [example-source]", "cite: [example-sauce]"), "unknown source id"),
    ],
)
def test_the_hook_fails_a_broken_project_in_a_sub_folder(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    init_project(tmp_path / "briefs/ports", "Ports")
    section = tmp_path / "briefs/ports/data/sections/overview.yaml"
    section.write_text(section.read_text().replace(*edit, 1))
    proc = run_hook(tmp_path, "briefs/ports")  # `args: [briefs/ports]` in the config
    assert proc.returncode == 1
    assert "briefs/ports/data/sections/overview.yaml:" in proc.stderr
    assert message in proc.stderr


def test_warnings_fail_the_hook(tmp_path: Path) -> None:
    init_project(tmp_path, "Warned")
    sources = tmp_path / "data/sources.yaml"
    sources.write_text(sources.read_text() + "- id: never-cited\n  title: Unused\n")
    proc = run_hook(tmp_path)
    assert proc.returncode == 1
    assert "warning:" in proc.stderr and "with --strict" in proc.stderr
