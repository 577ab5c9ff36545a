"""One mistake, one message, in briefs made from real data: each single mistake of
tests/corpus/real-mistakes.yaml (in tests/projects/gapminder) and of
tests/corpus/atlas-mistakes.yaml (in tests/projects/atlas: parameters, derived tables,
chart options, CSL-JSON and BibTeX, a CSL style, snapshots, editions) gives exactly one
message, at its place, with the hint that fits it (and the corrected lines), for
`reportgen validate` and `reportgen build`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import snapshot
from reportgen.cli import main
from reportgen.render import validate_project
from test_broken_corpus import apply_edit

HERE = Path(__file__).parent
PROJECT = HERE / "projects" / "gapminder"
CASES: list[dict[str, Any]] = yaml.safe_load(
    (HERE / "corpus" / "real-mistakes.yaml").read_text(encoding="utf-8")
)
ATLAS_CASES: list[dict[str, Any]] = [
    {**case, "project": "atlas"}
    for case in yaml.safe_load((HERE / "corpus" / "atlas-mistakes.yaml").read_text("utf-8"))
]


def test_the_real_data_project_is_valid_and_its_sections_refer_to_each_other() -> None:
    project = validate_project(PROJECT)
    assert project.warnings == []
    assert [s.id for s in project.sections] == ["overview", "income", "health", "population"]
    assert set(project.tables) == {"gdp-table", "life-2007", "population-2007"}
    assert set(project.charts) == {"gdp-asia", "life-bar"}


def test_the_corpus_has_every_kind_of_mistake_once() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)) >= 35


@pytest.mark.parametrize("case", CASES + ATLAS_CASES, ids=[c["name"] for c in CASES + ATLAS_CASES])
def test_one_mistake_one_message(
    case: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = edited(tmp_path, case["edit"], HERE / "projects" / case.get("project", "gapminder"))
    monkeypatch.chdir(root)
    for command in (["validate"], ["build", "--format", "html"]):
        assert main(command) == 1, command
        lines = capsys.readouterr().err.splitlines()
        messages = [line for line in lines if ": error: " in line or ": warning: " in line]
        assert messages == [case["expect"]], f"{command}:\n" + "\n".join(lines)
        told = lines[lines.index(case["expect"]) + 1 :]
        shown = [line for line in told if line.startswith("  ")]
        expected = [f"  hint: {case['hint']}"] if "hint" in case else []
        if case.get("hint", "").endswith("..."):  # a hint naming this machine's folders
            expected[0] = expected[0].removesuffix("...")
            shown[0] = shown[0][: len(expected[0])]
        expected += [f"    {line}" for line in case.get("fix", [])]
        expected += [f"  note: {case['note']}"] if "note" in case else []
        assert shown == expected, "\n".join(lines)
        assert not any("Traceback" in line for line in lines)
    assert snapshot(root / "build") == {} if (root / "build").exists() else True


def edited(tmp_path: Path, edits: dict[str, dict[str, Any]], project: Path = PROJECT) -> Path:
    """A copy of a real-data project with `edits` made (as in the corpus)."""
    root = tmp_path / "proj"
    shutil.copytree(project, root)
    apply_edit(root, edits)
    return root


def test_texts_listed_in_na_mean_missing(tmp_path: Path) -> None:
    root = edited(
        tmp_path,
        {
            "data/tables/life_2007.csv": {"replace": ["Asia,33,70.7", "Asia,33,n/a"]},
            "data/sections/health.md": {  # the table and the chart both read the file
                "replace": ["cite_column: source\n```", "cite_column: source\nna: [n/a]\n```"] * 2
            },
        },
    )
    project = validate_project(root)
    rows = project.tables["life-2007"].rows
    assert [r.cells[2] for r in rows] == ["54.8", "73.6", "\u2013", "77.6", "80.7"]
    assert project.charts["life-bar"].series["mean_life_expectancy"][2] is None


def test_a_column_can_say_its_own_missing_texts(tmp_path: Path) -> None:
    root = edited(
        tmp_path,
        {
            "data/tables/population_2007.csv": {"replace": [",42952,", ",..,"]},
            "data/sections/population.yaml": {
                "replace": [
                    "        format: currency\n",
                    "        format: currency\n        na: ..\n",
                ]
            },
        },
    )
    rows = validate_project(root).tables["population-2007"].rows
    assert rows[2].cells[3] == "\u2013"
