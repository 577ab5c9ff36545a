"""Failures the fuzz tests (tests/test_fuzz.py) found, each kept as the case that showed
it: an internal error (exit 3) where a located message belongs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import BETA, CONFIG, MakeProject
from reportgen.cli import main

BETA_CHART = """\
title: Beta section
key_points:
  - text: Beta point.
    cite: [src-b]
body:
  - type: chart
    id: stack
    kind: stacked_bar
    data: data/stack.csv
    x: item
    y: [Delivered, Delivered, Awaiting]
    caption: Deliveries
    alt: Two stacked bars.
"""


def test_a_chart_naming_a_series_twice_is_a_located_error(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Found by a mutation run of the default brief: a line of a stacked bar chart's `y`
    written twice was an internal error when the chart was drawn."""
    root = make_project(
        {
            "data/sections/beta.yaml": BETA_CHART,
            "data/stack.csv": "item,Delivered,Awaiting\nLaunchers,11,18\n",
            "data/figures.csv": None,
        }
    )
    assert main(["build", str(root), "--format", "html", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "beta.yaml:11:20: error: column 'Delivered' is named twice in `y`" in err, err


@pytest.mark.parametrize("value", ["{", "[", "*x", "2025-02-30", "a: b: c"])
def test_a_set_value_yaml_cannot_read_is_taken_as_text(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str
) -> None:
    """`--set draft={` and `--set section_breaks=2025-02-30` were internal errors: the
    value was read as YAML, which raised."""
    root = make_project()
    out = str(tmp_path / "o")
    code = main(["build", str(root), "--format", "html", "--out", out, "--set", f"draft={value}"])
    assert code == 2
    assert "--set draft=" in capsys.readouterr().err


def test_a_template_that_writes_no_head_still_builds(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """A brief template reduced to a fragment (its `extends` line deleted) made the print
    document fail to find `</head>` for the paged stylesheet: an internal error."""
    root = make_project({"templates/brief.html.j2": "<p>{{ brief.title }}</p>\n"})
    assert main(["build", str(root), "--format", "html", "--out", str(tmp_path / "o")]) == 0


def test_a_set_sections_naming_no_section_is_a_usage_error(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--set sections=[pdf, html]` was an internal error (KeyError) when the output's
    sections were looked up."""
    root = make_project()
    out = str(tmp_path / "o")
    code = main(["build", str(root), "--out", out, "--set", "sections=[alpha, alhpa]"])
    assert code == 2
    err = capsys.readouterr().err
    assert "--set sections: no section 'alhpa' in this project" in err
    assert "did you mean 'alpha'?" in err


LONG = "x" * 300  # no file or folder name can be this long


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("reportgen.yaml", "name: mini\n", f"name: mini\nbrief: {LONG}\n"),
        ("reportgen.yaml", "name: mini\n", f"name: mini\ntemplates_dir: {LONG}\n"),
        ("reportgen.yaml", "name: mini\n", f"name: mini\nbuild_dir: {LONG}\n"),
        ("reportgen.yaml", "[alpha, beta]", f"[alpha, beta, {LONG}]"),
        ("reportgen.yaml", "template: brief.html.j2", f"template: {LONG}"),
        ("data/sections/beta.yaml", "data: data/figures.csv", f"data: {LONG}"),
        ("data/sections/alpha.yaml", "text: Alpha paragraph.", f"text: See ![x]({LONG}.png)"),
    ],
    ids=["brief", "templates_dir", "build_dir", "section", "template", "data", "image"],
)
def test_a_path_no_file_can_have_is_a_located_error(
    make_project: MakeProject,
    capsys: pytest.CaptureFixture[str],
    path: str,
    old: str,
    new: str,
) -> None:
    """A name over 255 bytes (a value replaced by a long text) was an internal error
    (OSError: File name too long) wherever the path was looked up."""
    root = make_project()
    text = (root / path).read_text(encoding="utf-8")
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    for command in (["validate", str(root)], ["build", str(root), "--format", "html"]):
        assert main(command) == 1, command
        err = capsys.readouterr().err
        assert f"{path}:" in err and "internal error" not in err, err


def test_a_table_file_whose_links_loop_is_a_located_error(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """A symbolic link to itself made Path.resolve() raise (RuntimeError: Symlink loop)."""
    root = make_project({"data/figures.csv": None})
    (root / "data" / "figures.csv").symlink_to("figures.csv")
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert "beta.yaml:8:11: error: table file cannot be used: its symbolic links go round" in err


def test_a_build_dir_that_is_a_file_is_said_where_reportgen_yaml_names_it(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """The project's own build folder being a file was a usage error (exit 2), as for a
    bad --out, though the mistake is in reportgen.yaml."""
    root = make_project({"reportgen.yaml": "build_dir: out\n" + CONFIG})
    (root / "out").write_text("a file", encoding="utf-8")
    assert main(["build", str(root), "--format", "html"]) == 1
    err = capsys.readouterr().err
    assert "reportgen.yaml:1:12: error: build_dir: the output folder is a file" in err


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        (
            "year,value\n1952,1\n19,2\n1962,3\n",
            "series.csv:3:1: error: row 2, column 'year': '19' is not a date",
        ),
        (
            "year,value\n0005,1\n2007,2\n",
            "the dates in column 'year' of data/series.csv run from 0005 to 2007",
        ),
    ],
    ids=["year-typo", "year-5"],
)
def test_dates_a_chart_cannot_place_are_located_errors(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], csv: str, message: str
) -> None:
    """A year cut short ('19' among 1952, 1962) was drawn as the year 19, and the axis's
    margin went before year 1: matplotlib's ValueError, an internal error."""
    chart = (
        "  - type: chart\n    id: c\n    kind: line\n    data: data/series.csv\n"
        "    x: year\n    y: [value]\n    caption: C\n    alt: A line.\n"
    )
    from conftest import ALPHA

    root = make_project({"data/sections/alpha.yaml": ALPHA + chart, "data/series.csv": csv})
    assert main(["build", str(root), "--format", "html"]) == 1
    assert message in capsys.readouterr().err


PIVOTED = """\
tables:
  wide:
    data: data/long.csv
    steps:
      - pivot: {index: name, columns: year, values: count}
  TABLE:
    data: wide
    steps:
      - melt: {id: name, columns: ["1952", "2007"], name: year, value: count}
"""


@pytest.mark.parametrize("name", ["again", "joined"])
def test_a_table_made_from_a_pivoted_one_is_computed(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """Found while building the fuzz project: a table made from a pivoted one (whose
    columns only its data tells) was taken as broken, silently: `reportgen table` said
    "0 error(s)" and exited 1, and a build failed inside the built-in table macro
    ("tables has no key ..."). A join with a pivoted table was said to add no columns,
    so a step naming a column it adds said "column not found"."""
    spec = PIVOTED.replace("TABLE", "again")
    if name == "joined":
        spec += (
            "  joined:\n    data: data/long.csv\n    steps:\n"
            "      - join: {table: wide, by: name}\n"
            "      - select: [name, '2007']\n"
        )
    column = "count" if name == "again" else "'2007'"
    table = BETA.replace("data/figures.csv", name).replace("key: count", f"key: {column}")
    table = table.replace("    cite_column: source\n", "    cite: [src-a]\n")
    root = make_project(
        {
            "reportgen.yaml": CONFIG + spec,
            "data/sections/beta.yaml": table,
            "data/long.csv": "name,year,count\nA,1952,1\nA,2007,2\nB,1952,3\nB,2007,4\n",
            "data/figures.csv": None,
        }
    )
    assert main(["table", name, str(root)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("name,"), out
    assert len(out.splitlines()) == 5, out  # a header and four rows
    assert main(["build", str(root), "--format", "html", "--out", str(tmp_path / "o")]) == 0


JOINED = """\
tables:
  counted:
    data: data/figures.csv
    steps:
      - STEP
  named:
    data: counted
    steps:
      - join: {table: data/names.csv, by: name}
"""


def test_a_table_read_through_a_broken_one_is_not_unused(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt step in one table gave a second message: the file another table made
    from it joins was "not used by any section or setting"."""
    table = BETA.replace("data/figures.csv", "named")
    root = make_project(
        {
            "reportgen.yaml": CONFIG + JOINED.replace("STEP", "drop_mising: [count]"),
            "data/sections/beta.yaml": table,
            "data/names.csv": "name,long\nFirst,The first\nSecond,The second\n",
        }
    )
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert "unknown key 'drop_mising'" in err and "did you mean 'drop_missing'?" in err
    assert "1 error(s), 0 warning(s)" in err, err


def test_a_joined_file_whose_links_loop_is_a_located_error(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """A derived table joining a file that is a symbolic link to itself was an internal
    error (RuntimeError: Symlink loop) when the files of the table were listed."""
    table = BETA.replace("data/figures.csv", "named")
    root = make_project(
        {
            "reportgen.yaml": CONFIG + JOINED.replace("STEP", "drop_missing: [count]"),
            "data/sections/beta.yaml": table,
        }
    )
    (root / "data" / "names.csv").symlink_to("names.csv")
    for command in (["validate", str(root)], ["build", str(root), "--format", "html"]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert "reportgen.yaml:14:23: error: table file cannot be used: its symbolic" in err, err


ATLAS = Path(__file__).parent / "projects" / "atlas"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"publisher": "Gapminder Foundation",',
            '"publisher": "Gapminder Foundation", "author": "Gapminder",',
            "refs.json:6:1: error: `author` is not a list of names, in item 'gapminderData'",
        ),
        (
            '"publisher": "Gapminder Foundation",',
            '"publisher": "Gapminder Foundation", "editor": ["Gapminder"],',
            "refs.json:6:1: error: `editor` is not a list of names, in item 'gapminderData'",
        ),
        (
            '"publisher": "Gapminder Foundation",',
            '"publisher": "Gapminder Foundation", "event-date": {"date-parts": [["x"]]},',
            "refs.json:6:1: error: `event-date` is not a CSL date, in item 'gapminderData'",
        ),
        (
            '"accessed": {"date-parts": [["2025", 12, 1]]}',
            '"accessed": "2025-12-01", "issued": "2007"',
            None,
        ),
    ],
    ids=["author-text", "editor-texts", "date-parts-text", "dates-as-text"],
)
def test_csl_json_values_citeproc_cannot_read_are_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str | None
) -> None:
    """With a CSL style, a CSL-JSON name written as text was an internal error (TypeError
    in citeproc-py), a date written as text too (AttributeError), and date parts that are
    not numbers an unlocated error in the built-in references template. A date as text
    (CSL-JSON allows it) is read; the others are errors at their item's key."""
    root = tmp_path / "atlas"
    shutil.copytree(ATLAS, root)
    refs = root / "data" / "refs.json"
    refs.write_text(refs.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code = main(["validate", str(root)])
    err = capsys.readouterr().err
    assert code == (0 if message is None else 1), err
    if message:
        assert message in err and "1 error(s), 0 warning(s)" in err, err


def test_a_table_joining_a_file_that_does_not_read_is_not_computed(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by fuzzing the atlas project: a derived table joining a CSV file with an
    error (its header row repeated) was computed anyway, an internal error
    (AssertionError) when the join found no table."""
    table = BETA.replace("data/figures.csv", "named")
    root = make_project(
        {
            "reportgen.yaml": CONFIG + JOINED.replace("STEP", "drop_missing: [count]"),
            "data/sections/beta.yaml": table,
            "data/names.csv": "name,long\nname,long\nFirst,The first\n",
        }
    )
    for command in (["validate", str(root)], ["build", str(root), "--format", "html"]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert "names.csv:2:1: error: CSV error: this row repeats the header" in err, err
        assert "1 error(s), 0 warning(s)" in err, err


@pytest.mark.parametrize("option", ["changes_since", "redline"])
def test_a_set_edition_that_names_nothing_is_a_usage_error(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str
) -> None:
    """`--set changes_since=Asia` (no such folder or revision) was said as
    'reportgen: error: changes_since: ...' with exit 1, as if reportgen.yaml were wrong."""
    root = make_project()
    out = str(tmp_path / "o")
    code = main(["build", str(root), "--format", "html", "--out", out, "--set", f"{option}=Asia"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"reportgen: error: --set {option}=Asia: 'Asia' is not a folder" in err, err


@pytest.mark.parametrize("setting", ["params={continent: Atlantis}", "foreach={contnent: [Asia]}"])
def test_a_set_of_params_or_foreach_is_not_ignored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, setting: str
) -> None:
    """Found trying the fuzz tests' `--set` values by hand: `--set params={...}` and
    `--set foreach={...}` built the outputs as if nothing were set (exit 0), a bad
    parameter value unsaid."""
    args = ["build", str(ATLAS), "--format", "html", "--out", str(tmp_path / "o")]
    assert main([*args, "--only", "full", "--set", setting]) == 2
    err = capsys.readouterr().err
    key = setting.split("=")[0]
    assert f"reportgen: error: --set {key}: the outputs and their parameter values" in err
    assert "--set params.NAME=VALUE" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("path", ["data/snapshots/gapminder-description.txt", "data/refs.bib"])
def test_a_snapshot_or_bibliography_whose_links_loop_is_one_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    """Found by fuzzing the default brief: a snapshot that is a symbolic link to itself
    was an internal error (RuntimeError: Symlink loop); a bibliography file so (or
    missing) also gave an 'unknown source id' for each key it held."""
    root = tmp_path / "atlas"
    shutil.copytree(ATLAS, root)
    (root / path).unlink()
    (root / path).symlink_to(Path(path).name)
    for command in (["validate", str(root)], ["build", str(root), "--format", "html"]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert "cannot be used: its symbolic links go round in a loop" in err, err
        assert "1 error(s), 0 warning(s)" in err, err
    assert main(["sources", "lock", str(root)]) == 1
    assert "internal error" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("cite: [gapminderData]\n```\n\n```{chart}", "cite: [gapminderData]\n\n```{chart}", 37),
        ("```{table}\nid: continents", "```{table}\n```{chart}\nid: continents", 25),
    ],
    ids=["closing-line-left-out", "opener-right-after"],
)
def test_a_fenced_block_open_before_the_next_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, line: int
) -> None:
    """A fenced block whose closing line is left out runs on into the next one: said as
    such (was a YAML error at the next block's opening line, with a hint to indent it);
    an opening line straight after another must not be an internal error."""
    root = tmp_path / "atlas"
    shutil.copytree(ATLAS, root)
    section = root / "data" / "sections" / "overview.md"
    section.write_text(section.read_text(encoding="utf-8").replace(old, new, 1), "utf-8")
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert (
        f"overview.md:24:1: error: this ```{{table}} block is not closed before the "
        f"```{{chart}} block on line {line}"
    ) in err, err
    assert "1 error(s), 0 warning(s)" in err, err


def test_a_control_character_in_a_set_value_does_not_break_the_message(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Found by fuzzing the default brief: `--set draft=<carriage return>` printed the
    carriage return inside the message, which a terminal or a CI log splits in two
    (a stray line ': Input should be a valid boolean')."""
    root = make_project()
    out = str(tmp_path / "o")
    assert main(["build", str(root), "--format", "html", "--out", out, "--set", "draft=\r"]) == 2
    err = capsys.readouterr().err
    assert (
        err.splitlines()[0] == r"reportgen: error: --set draft=\r: Input should be a valid boolean"
    )
