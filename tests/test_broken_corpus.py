"""The broken-project corpus: each hand-made mistake exits 1 with its exact located message."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import MINI_FILES, snapshot
from reportgen.builder import build
from reportgen.cli import main
from reportgen.validate import load_project

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "corpus" / "broken.yaml").read_text(encoding="utf-8")
)


def test_corpus_is_large_and_names_are_unique() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) >= 30
    assert len(set(names)) == len(names)


@pytest.fixture(scope="module")
def good_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project, built once, with its good outputs in build/."""
    root = tmp_path_factory.mktemp("good") / "proj"
    for rel, text in MINI_FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    build(load_project(root))
    return root


def apply_edit(root: Path, edits: dict[str, dict[str, Any]]) -> None:
    for rel, edit in edits.items():
        path = root / rel
        if edit.get("delete"):
            path.unlink()
            continue
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if "write" in edit:
            text = edit["write"]
        if "replace" in edit:
            pairs = edit["replace"]
            for old, new in zip(pairs[::2], pairs[1::2], strict=True):
                assert old in text, f"{rel}: {old!r} not found"
                text = text.replace(old, new, 1)
        text += edit.get("append", "")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") + edit.get("latin1", "").encode("latin-1"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_broken_project(
    case: dict[str, Any],
    good_project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "proj"
    shutil.copytree(good_project, root, symlinks=True)
    before = snapshot(root / "build")
    apply_edit(root, case["edit"])
    monkeypatch.chdir(root)
    for command in (["validate"], ["build"]):
        assert main(command) == 1, command
        err = capsys.readouterr().err
        assert case["expect"] in err.splitlines(), f"{command}: got\n{err}"
        lines = err.splitlines()
        assert sum(": error: " in line for line in lines) == 1, err  # one mistake, one message
        if "hint" in case:  # the line after the message
            at = lines.index(case["expect"]) + 1
            assert lines[at] == f"  hint: {case['hint']}", err
            fixed = lines[at + 1 : at + 1 + len(case.get("fix", []))]
            assert fixed == [f"    {line}" for line in case.get("fix", [])], err
        assert "Traceback" not in err
    assert snapshot(root / "build") == before
