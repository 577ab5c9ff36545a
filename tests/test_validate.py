"""Validate stage: the typed model, and every problem located at its file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ALPHA, BETA, CONFIG, SOURCES, MakeProject
from reportgen.errors import Problem, UsageError, ValidationFailed
from reportgen.model import BriefSection, TableData
from reportgen.validate import load_project


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    return info.value.problems


def located(problems: list[Problem], root: Path) -> list[tuple[str, int, int, str, str]]:
    return [
        (str(Path(p.path).relative_to(root)), p.line, p.col, p.severity, p.message)
        for p in problems
    ]


def test_valid_project_gives_typed_model(make_project: MakeProject) -> None:
    project = load_project(make_project())
    assert [s.id for s in project.sections] == ["alpha", "beta"]
    assert all(isinstance(s, BriefSection) for s in project.sections)
    assert project.meta.title == "A Mini Brief"
    table = project.tables["figures"]
    assert isinstance(table, TableData)
    assert [r.cells for r in table.rows] == [["First", "1"], ["Second", "2"]]
    assert [r.cite for r in table.rows] == [["src-a"], ["src-b"]]
    assert project.warnings == []


def test_paths_resolve_against_the_config_not_the_cwd(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    project = load_project(root / "reportgen.yaml")
    assert project.root == root.resolve()
    assert project.tables["figures"].path == (root / "data/figures.csv").resolve()


def test_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no reportgen\.yaml found"):
        load_project(tmp_path)


def test_unknown_key_suggests_the_right_one(make_project: MakeProject) -> None:
    root = make_project({"data/sections/alpha.yaml": ALPHA.replace("key_points:", "key_pionts:")})
    [problem] = problems_of(root)
    assert located([problem], root) == [
        ("data/sections/alpha.yaml", 2, 1, "error", "unknown key 'key_pionts'")
    ]
    assert problem.hint == "did you mean 'key_points'?"


def test_unknown_key_inside_a_block_is_located(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/sections/alpha.yaml": ALPHA.replace(
                "    text: Alpha paragraph.", "    txt: Alpha paragraph."
            )
        }
    )
    problems = problems_of(root)
    # One mistake, one message: not also "missing required key 'text'".
    assert located(problems, root) == [
        ("data/sections/alpha.yaml", 7, 5, "error", "unknown key 'txt' in the paragraph (line 6)"),
    ]
    assert problems[0].hint == "did you mean 'text'?"


def test_missing_required_field_points_at_its_mapping(make_project: MakeProject) -> None:
    brief = "title: T\nedition: E\ndate: 2025-10-22\nas_of: 2025-10-01\norganisation: O\n"
    root = make_project({"data/brief.yaml": brief})
    assert located(problems_of(root), root) == [
        ("data/brief.yaml", 1, 1, "error", "missing required key 'audience'")
    ]


def test_wrong_type_and_bad_date(make_project: MakeProject) -> None:
    brief = (
        "title: T\nedition: 2\ndate: 22/10/2025\nas_of: 2025-10-01\norganisation: O\n"
        "marking: NO\naudience: A\nkeywords: {a: b}\n"
    )
    root = make_project({"data/brief.yaml": brief})
    problems = problems_of(root)
    found = located(problems, root)
    # `edition: 2` is fine: numbers are accepted as text.
    assert [f[:3] for f in found] == [
        ("data/brief.yaml", 3, 7),
        ("data/brief.yaml", 6, 10),
        ("data/brief.yaml", 8, 11),
    ]
    assert found[0][4].startswith("date: '22/10/2025' is not a date")
    assert found[1][4] == "marking: Input should be a valid string (got False)"
    assert problems[1].hint.startswith("YAML reads yes/no/true/false/on/off as true or false")
    assert found[2][4] == "keywords: Input should be a valid list"


def test_unknown_source_id_is_located_at_the_citation(make_project: MakeProject) -> None:
    root = make_project(
        {"data/sections/alpha.yaml": ALPHA.replace("cite: [src-b]", "cite: [src-bb]")}
    )
    problems = problems_of(root)
    assert located(problems, root) == [
        ("data/sections/alpha.yaml", 8, 12, "error", "unknown source id 'src-bb'")
    ]
    assert problems[0].hint == "did you mean 'src-b'?"


def test_key_point_without_citation_is_an_error(make_project: MakeProject) -> None:
    root = make_project(
        {"data/sections/alpha.yaml": ALPHA.replace("    cite: [src-a]\n", "    cite: []\n")}
    )
    [problem] = problems_of(root)
    assert (problem.line, problem.col) == (4, 11)
    assert "cite of key point 1 (line 3): List should have at least 1 item" in problem.message


def test_unknown_block_type_lists_the_known_ones(make_project: MakeProject) -> None:
    root = make_project(
        {"data/sections/alpha.yaml": ALPHA.replace("type: paragraph", "type: paragraf")}
    )
    [problem] = problems_of(root)
    assert (problem.line, problem.col) == (6, 11)
    assert problem.message == "unknown block type 'paragraf'"
    assert problem.hint == "did you mean 'paragraph'?"


def test_section_listed_without_a_file(make_project: MakeProject) -> None:
    root = make_project({"reportgen.yaml": CONFIG.replace("[alpha, beta]", "[alpha, beta, gamma]")})
    assert located(problems_of(root), root) == [
        (
            "reportgen.yaml",
            2,
            25,
            "error",
            "section 'gamma' has no data file (looked for data/sections/gamma.yaml and gamma.md)",
        )
    ]


def test_unlisted_section_file_and_uncited_source_are_warnings(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/sections/stray.yaml": ALPHA,
            "data/sources.yaml": SOURCES + "  - id: src-c\n    title: Never cited\n",
        }
    )
    project = load_project(root)
    assert located(project.warnings, root) == [
        (
            "data/sections/stray.yaml",
            1,
            1,
            "warning",
            "section file is not listed in reportgen.yaml `sections`, so it is not built",
        ),
        ("data/sources.yaml", 8, 9, "warning", "source 'src-c' is never cited"),
    ]


def test_table_column_missing_from_csv(make_project: MakeProject) -> None:
    root = make_project({"data/sections/beta.yaml": BETA.replace("key: count", "key: total")})
    problems = problems_of(root)
    assert located(problems, root) == [
        ("data/sections/beta.yaml", 12, 14, "error", "column 'total' not found in data/figures.csv")
    ]
    assert problems[0].hint == "the file has columns: name, count, source"


def test_table_file_missing(make_project: MakeProject) -> None:
    root = make_project({"data/figures.csv": None})
    assert located(problems_of(root), root) == [
        ("data/sections/beta.yaml", 8, 11, "error", "table file not found: data/figures.csv")
    ]


def test_unknown_source_in_a_csv_row_names_row_and_column(make_project: MakeProject) -> None:
    root = make_project({"data/figures.csv": "name,count,source\nFirst,1,src-a\nSecond,2,src-x\n"})
    assert located(problems_of(root), root) == [
        ("data/figures.csv", 3, 10, "error", "row 2, column 'source': unknown source id 'src-x'")
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/sections/alpha.yaml": ALPHA.replace("title:", "titel:"),
            "data/sections/beta.yaml": BETA.replace("cite: [src-b, src-a]", "cite: [src-b, nope]"),
            "data/brief.yaml": "title: T\ntitle: again\n",
        }
    )
    paths = {str(Path(p.path).relative_to(root)) for p in problems_of(root)}
    assert paths == {"data/sections/alpha.yaml", "data/sections/beta.yaml", "data/brief.yaml"}


def test_output_naming_an_unknown_section(make_project: MakeProject) -> None:
    config = CONFIG + "    sections: [alpha, gama]\n"
    root = make_project({"reportgen.yaml": config})
    [problem] = problems_of(root)
    assert (Path(problem.path).name, problem.line) == ("reportgen.yaml", 6)
    assert "includes section 'gama'" in problem.message
