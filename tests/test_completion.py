"""Shell completion (click's) as the README documents it, and the README's install lines."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def complete(words: str, env: dict[str, str]) -> list[str]:
    """What bash completion offers after `words` (the last one partly typed)."""
    env = {
        **os.environ,
        **env,
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
        "_REPORTGEN_COMPLETE": "bash_complete",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "reportgen"], env=env, capture_output=True, text=True, check=True
    )
    return [line.split(",", 1)[1] for line in proc.stdout.splitlines()]


def test_commands_and_options_complete() -> None:
    assert complete("reportgen do", {}) == ["doctor"]
    assert "schema" in complete("reportgen s", {})
    assert {"--out", "--only", "--shard"} <= set(complete("reportgen build --", {}))
    assert complete("reportgen build --format h", {}) == ["html"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_documented_completion_scripts_are_written(shell: str) -> None:
    assert f"_REPORTGEN_COMPLETE={shell}_source reportgen" in README
    proc = subprocess.run(
        [sys.executable, "-m", "reportgen"],
        env={**os.environ, "_REPORTGEN_COMPLETE": f"{shell}_source"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "_REPORTGEN_COMPLETE" in proc.stdout


def test_the_readme_installs_the_distribution_pyproject_names() -> None:
    name = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    assert f"pipx install {name}" in README
    assert f"pip install {name}" in README
