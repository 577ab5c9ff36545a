"""Chart specs that cannot be drawn as written are located errors, never internal ones;
all-zero data is drawn as an empty state."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ALPHA, MakeProject
from reportgen.builder import BuildOptions, build
from reportgen.errors import ValidationFailed
from reportgen.validate import load_project

SERIES = "year,exports,imports,region\n2021,10,4,North\n2022,12.5,6,South\n2023,15,5,North\n"


def chart(**fields: str) -> str:
    spec = {
        "id": "c",
        "kind": "bar",
        "data": "data/series.csv",
        "x": "year",
        "caption": "A chart",
        "alt": "What the chart shows",
        **fields,
    }
    return "\n".join(["  - type: chart"] + [f"    {k}: {v}" for k, v in spec.items()]) + "\n"


# The chart block starts on line 9 of alpha.yaml: type, id, kind, data, x, caption, alt,
# then the fields given, in order, from line 16.
CASES = [
    (  # regression: a stacked bar naming a series twice was an internal error
        {"kind": "stacked_bar", "y": "[exports, exports]"},
        {},
        ("alpha.yaml", 16, 18, "column 'exports' is named twice in `y`"),
    ),
    (
        {"y": "[year, exports]"},
        {},
        ("alpha.yaml", 16, 9, "column 'year' is both `x` and a series in `y`"),
    ),
    (
        {"y": "[exports]"},
        {"data/series.csv": "year,exports\n2021,\n2022,\n"},
        (
            "alpha.yaml",
            16,
            9,
            "column 'exports' of data/series.csv has no values to chart (every cell is empty)",
        ),
    ),
    (
        {"y": "[exports]"},
        {"data/series.csv": "year,exports,exports\n2021,1,2\n"},
        (
            "series.csv",
            1,
            14,  # the character column where the second 'exports' starts
            "column 'exports' appears twice in the header, so the chart cannot tell which to draw",
        ),
    ),
    (
        {"y": "[exports]", "y_scale": "log"},
        {"data/series.csv": "year,exports\n2021,10\n2022,0\n2023,5\n"},
        (
            "series.csv",
            3,
            6,
            "row 2, column 'exports': '0' cannot be shown on a log scale (`y_scale: log`): "
            "only values above zero can",
        ),
    ),
    (
        {"kind": "scatter", "x": "exports", "y": "[imports]", "x_scale": "log"},
        {"data/series.csv": "exports,imports\n-1,4\n2,6\n"},
        (
            "series.csv",
            2,
            1,
            "row 1, column 'exports': '-1' cannot be shown on a log scale (`x_scale: log`): "
            "only values above zero can",
        ),
    ),
    (
        {"y": "[exports]", "size_by": "imports"},
        {},
        ("alpha.yaml", 17, 14, "`size_by` does not apply to a bar chart"),
    ),
    (
        {"y": "[exports]", "legend": "direct"},
        {},
        ("alpha.yaml", 17, 13, "`legend: direct` (names at the ends of lines) is for line charts"),
    ),
    (
        {"y": "[exports]", "highlight": "[2024]"},
        {},
        ("alpha.yaml", 17, 17, "'2024' is not one of the chart's categories or series"),
    ),
    (
        {"kind": "lollipop", "y": "[exports, imports]"},
        {},
        ("alpha.yaml", 16, 18, "a lollipop chart draws one series"),
    ),
    (
        {"kind": "scatter", "x": "exports", "y": "[imports]", "label_points": "[North]"},
        {},
        (
            "alpha.yaml",
            17,
            19,
            "`label_points` names points by their `label`, and this chart has none",
        ),
    ),
    (
        {"kind": "scatter", "x": "exports", "y": "[imports]", "colour_by": "region"},
        {"data/series.csv": "exports,imports,region\n1,4,North\n2,6,\n3,5,South\n"},
        ("series.csv", 3, 5, "row 2, column 'region': is empty (each row needs its group)"),
    ),
    (
        {"kind": "line", "y": "[exports]", "colour_by": "region"},
        {},
        (
            "series.csv",
            4,
            1,
            "row 3: year '2023' appears twice for region 'North'",
        ),
    ),
]


@pytest.mark.parametrize(
    ("fields", "files", "where"),
    CASES,
    ids=[
        "series-twice",
        "x-in-y",
        "empty-series",
        "column-twice-in-header",
        "zero-on-log-axis",
        "negative-on-log-x",
        "option-of-another-kind",
        "direct-legend-on-bars",
        "unknown-highlight",
        "lollipop-of-two",
        "label-points-without-label",
        "empty-group",
        "line-group-twice",
    ],
)
def test_a_chart_that_cannot_be_drawn_is_a_located_error(
    make_project: MakeProject,
    fields: dict[str, str],
    files: dict[str, str],
    where: tuple[str, int, int, str],
) -> None:
    root = make_project(
        {"data/sections/alpha.yaml": ALPHA + chart(**fields), "data/series.csv": SERIES, **files}
    )
    if where[3].startswith("row 3: year"):  # long data: two values for one x and group
        (root / "data/series.csv").write_text(SERIES.replace("2022,12.5,6,South", "2023,1,2,North"))
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    found = [(Path(p.path).name, p.line, p.col, p.message) for p in info.value.problems]
    assert where in found, found


@pytest.mark.parametrize("kind", ["bar", "stacked_bar", "line", "dot", "lollipop", "scatter"])
def test_all_zero_data_is_drawn_as_an_empty_state(
    make_project: MakeProject, tmp_path: Path, kind: str
) -> None:
    zeros = "year,exports,imports\n2021,0,0\n2022,0,0\n2023,0,0\n"
    fields = {"kind": kind, "y": "[exports, imports]" if kind != "lollipop" else "[exports]"}
    if kind == "scatter":
        fields |= {"x": "imports", "y": "[exports]"}
    root = make_project(
        {"data/sections/alpha.yaml": ALPHA + chart(**fields), "data/series.csv": zeros}
    )
    result = build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["html"]))
    assert result.charts_drawn == ["c"]  # drawn, and checked by conftest's charts_are_checked


def test_the_empty_state_says_so(make_project: MakeProject) -> None:
    from reportgen.charts import palette
    from reportgen.charts.draw import chart_figure

    root = make_project(
        {
            "data/sections/alpha.yaml": ALPHA + chart(y="[exports]"),
            "data/series.csv": "year,exports\n2021,0\n2022,0\n",
        }
    )
    project = load_project(root)
    figure = chart_figure(project.chart_blocks()["c"], project.charts["c"], palette(project))
    assert [t.get_text() for t in figure.axes[0].texts] == ["All values are zero"]
    assert figure.axes[0].get_ylim() == (0.0, 1.0)


def test_an_option_at_its_default_is_no_error_on_any_kind(make_project: MakeProject) -> None:
    fields = {"kind": "line", "y": "[exports]", "sort": "none", "y_scale": "linear"}
    fields |= {"horizontal": "false", "highlight": "[]"}
    root = make_project({"data/sections/alpha.yaml": ALPHA + chart(**fields)})
    root.joinpath("data/series.csv").write_text(SERIES)
    assert "c" in load_project(root).charts


def test_a_colour_that_is_no_colour_is_a_located_error(make_project: MakeProject) -> None:
    """Regression: `colour: navvy` or `colour: continent` on a bar chart passed validation,
    then matplotlib's ValueError was an internal error."""
    for colour, hint in (
        ("navvy", "did you mean 'navy'?"),
        ("{North: tael}", "did you mean 'teal'?"),
    ):
        section = ALPHA + chart(y="[exports]", colour=colour)
        root = make_project({"data/sections/alpha.yaml": section, "data/series.csv": SERIES})
        with pytest.raises(ValidationFailed) as info:
            load_project(root)
        [problem] = [p for p in info.value.problems if p.severity == "error"]
        assert (Path(problem.path).name, problem.line, problem.col) == ("alpha.yaml", 17, 13)
        assert "is not a colour" in problem.message and hint in problem.message


def test_a_scatter_sizes_and_colours_its_points_by_the_columns_size_and_colour_name(
    make_project: MakeProject,
) -> None:
    fields = {"kind": "scatter", "x": "exports", "y": "[imports]"}
    section = ALPHA + chart(**fields, colour="region", size="exports")
    root = make_project({"data/sections/alpha.yaml": section, "data/series.csv": SERIES})
    [block] = [b for b in load_project(root).sections[0].body if b.type == "chart"]
    assert (block.colour_by, block.size_by, block.colour, block.size) == (
        "region",
        "exports",
        None,
        "full",
    )
    section = ALPHA + chart(**fields, colour="navy", size="column")  # a colour, a width
    root = make_project({"data/sections/alpha.yaml": section, "data/series.csv": SERIES})
    [block] = [b for b in load_project(root).sections[0].body if b.type == "chart"]
    assert (block.colour_by, block.size_by, block.colour, block.size) == (
        None,
        None,
        "navy",
        "column",
    )
