"""One error per mistake: a wrong spec is reported once at its line, and an error in one
file causes no false errors elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ALPHA, CONFIG, MakeProject
from reportgen.cli import main
from reportgen.errors import Problem, ValidationFailed
from reportgen.validate import load_project


def quarterly(rows: int = 203) -> str:
    """About fifty years of made-up quarterly figures (a test fixture, not data)."""
    lines = ["period,quarter,gdp,unemp"]
    for i in range(rows):
        year, q = 1959 + i // 4, i % 4 + 1
        lines.append(
            f"{year}-{3 * q - 2:02d},{year}Q{q},{2700 + 37.31 * i:.2f},{4 + (i % 9) / 3:.2f}"
        )
    return "\n".join(lines) + "\n"


def chart(**fields: str) -> str:
    spec = {"id": "gdp", "kind": "line", "data": "data/macro.csv", "x": "period", "y": "[gdp]"}
    spec |= {"caption": "GDP", "alt": "GDP rises.", **fields}
    return "\n".join(["  - type: chart"] + [f"    {k}: {v}" for k, v in spec.items()]) + "\n"


def problems(make_project: MakeProject, files: dict[str, str | None]) -> list[Problem]:
    with pytest.raises(ValidationFailed) as info:
        load_project(make_project({"data/macro.csv": quarterly(), **files}))
    return info.value.problems


def where(found: list[Problem]) -> list[tuple[str, int, int, str]]:
    return [(Path(p.path).name, p.line, p.col, p.message) for p in found]


def test_text_column_as_y_is_one_error_at_the_y_line(make_project: MakeProject) -> None:
    found = problems(make_project, {"data/sections/alpha.yaml": ALPHA + chart(y="[quarter]")})
    assert where(found) == [
        (
            "alpha.yaml",
            14,
            9,
            "column 'quarter' of data/macro.csv: 203 of 203 rows do not read as numbers "
            "(rows 1, 2, 3 and 200 more; row 1: '1959Q1' is not a number)",
        )
    ]
    assert found[0].hint.endswith("the numeric columns are: gdp, unemp")


def test_a_few_bad_cells_are_reported_at_their_rows(make_project: MakeProject) -> None:
    csv = quarterly().replace(",2737.31,", ",n/a,")
    found = problems(
        make_project, {"data/sections/alpha.yaml": ALPHA + chart(), "data/macro.csv": csv}
    )
    assert where(found) == [("macro.csv", 3, 16, "row 2, column 'gdp': 'n/a' is not a number")]
    assert found[0].hint.startswith("if 'n/a' means the value is missing, leave the cell empty")


def test_quarter_labels_on_a_line_chart_are_one_honest_error(make_project: MakeProject) -> None:
    found = problems(make_project, {"data/sections/alpha.yaml": ALPHA + chart(x="quarter")})
    assert where(found) == [
        (
            "alpha.yaml",
            13,
            8,
            "a line chart's x values must be dates or numbers, and column 'quarter' of "
            "data/macro.csv holds neither (for example '1959Q1')",
        )
    ]
    assert "kind: bar" in found[0].hint


def test_wrong_table_format_is_one_error_at_the_format_line(make_project: MakeProject) -> None:
    table = ALPHA + (
        "  - type: table\n    id: macro\n    data: data/macro.csv\n    caption: Macro\n"
        "    columns:\n      - {key: quarter, format: decimal}\n      - {key: gdp}\n"
    )
    found = problems(make_project, {"data/sections/alpha.yaml": table})
    assert where(found) == [
        (
            "alpha.yaml",
            14,
            32,
            "column 'quarter' of data/macro.csv: 203 of 203 rows do not read as format: decimal "
            "(rows 1, 2, 3 and 200 more; row 1: '1959Q1' is not a number)",
        )
    ]
    assert "format: text" in found[0].hint


def test_a_bad_date_in_the_bibliography_does_not_make_its_sources_unknown(
    make_project: MakeProject,
) -> None:
    from conftest import SOURCES

    bad = SOURCES.replace("    date: 2025-10\n", "    date: 2025-10\n    accessed: 2025-13-01\n")
    found = problems(make_project, {"data/sources.yaml": bad, "data/macro.csv": None})
    assert [p.path.endswith("sources.yaml") for p in found] == [True]
    assert not [p for p in found if "unknown source id" in p.message]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  - text: Beta point.\n    cite: [src-b, src-a]\n", " nope\n"),  # does not validate
        ("title: Beta section", "title: [Beta section"),  # does not parse
    ],
    ids=["invalid", "unparsed"],
)
def test_a_broken_section_does_not_make_its_data_unused(
    make_project: MakeProject, old: str, new: str
) -> None:
    from conftest import BETA

    text = BETA.replace("key_points:\n" + old, "key_points:" + new).replace(old, new)
    assert text != BETA
    found = problems(make_project, {"data/sections/beta.yaml": text, "data/macro.csv": None})
    assert found and all(p.path.endswith("beta.yaml") for p in found), where(found)


@pytest.mark.parametrize(
    ("path", "old", "new", "message"),
    [
        (
            "data/brief.yaml",
            "date: 2025-10-22",
            "date: 2025-10-32",
            "date: '2025-10-32' is not a date: day is out of range for month (write YYYY-MM-DD)",
        ),
        (
            "data/brief.yaml",
            "date: 2025-10-22",
            "date: 22 October 2025",
            "date: '22 October 2025' is not a date: invalid character in year (write YYYY-MM-DD)",
        ),
        (
            "data/sources.yaml",
            "date: 2025-10",
            "date: 2025-13",
            "date of source 'src-a': '2025-13' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
        (
            "data/figures.csv",
            "First,2025,",
            "First,Oct 2025,",
            "row 1, column 'count': 'Oct 2025' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
    ],
    ids=["impossible", "prose", "partial", "csv"],
)
def test_bad_dates_are_worded_alike_wherever_they_are(
    make_project: MakeProject, path: str, old: str, new: str, message: str
) -> None:
    from conftest import BETA, BRIEF, SOURCES

    figures = "name,count,source\nFirst,2025,src-a\nSecond,2025-10,src-b\n"
    files = {"data/brief.yaml": BRIEF, "data/sources.yaml": SOURCES, "data/figures.csv": figures}
    files[path] = files[path].replace(old, new)
    beta = BETA.replace("      - key: count\n", "      - key: count\n        format: date\n")
    found = problems(
        make_project, {**files, "data/sections/beta.yaml": beta, "data/macro.csv": None}
    )
    assert [p.message for p in found] == [message]


def test_a_template_error_met_by_two_outputs_is_reported_once(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: an error in a template two outputs use was printed twice, as 2 errors."""
    root = make_project(
        {
            "reportgen.yaml": CONFIG + "  draft:\n    draft: true\n",
            "templates/brief.html.j2": '{% extends "default:base.html.j2" %}\n'
            "{% block cover_extra %}{{ nope }}{% endblock %}\n",
        }
    )
    assert main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.count("'nope' is undefined") == 1
    assert "1 error(s)" in err


GAMMA_MD = """\
---
title: Gamma
key_points:
  - text: Gamma point.
    cite: [src-a]
---

Gamma text, see @tbl-figures and @fig-counts.

```{chart}
id: counts
kind: bar
data: data/figures.csv
x: name
y: [count]
caption: Counts
alt: Two bars.
```
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    cite: [src-a]\n---", "      cite: [src-a]\n---", "is indented more than"),
        ("kind: bar", "kind: bar\n  y_label: x", "is indented more than `kind:`"),
        ("kind: bar", "kind: bars", "kind of the chart counts (line 11)"),
        ("alt: Two bars.\n```\n", "alt: Two bars.\n\nMore text.\n", "is not closed"),
        ("---\n\nGamma", "\nGamma", "the front matter is not closed"),
    ],
    ids=["front-matter", "fenced-yaml", "model", "unclosed-fence", "no-closing-dashes"],
)
def test_a_section_that_fails_keeps_its_labels(
    make_project: MakeProject, old: str, new: str, message: str
) -> None:
    """Others still refer to its chart (@fig-counts) without a false 'no figure has the
    label': the mistake is the one message."""
    alpha = ALPHA.replace("Alpha paragraph.", "Alpha paragraph, see @fig-counts.")
    config = CONFIG.replace("[alpha, beta]", "[alpha, beta, gamma]")
    gamma = GAMMA_MD.replace(old, new, 1)
    assert gamma != GAMMA_MD
    found = problems(
        make_project,
        {
            "reportgen.yaml": config,
            "data/sections/alpha.yaml": alpha,
            "data/sections/gamma.md": gamma,
            "data/macro.csv": None,
        },
    )
    assert [p.message for p in found if p.severity == "error"] == [
        p.message for p in found if message in p.message
    ], where(found)
    assert len(found) == 1, where(found)


def test_a_deleted_section_withholds_and_counts_what_waits_on_it(
    make_project: MakeProject,
) -> None:
    alpha = ALPHA.replace("Alpha paragraph.", "Alpha paragraph, see @fig-counts and @tbl-x.")
    config = CONFIG.replace("[alpha, beta]", "[alpha, beta, gamma]")
    found = problems(
        make_project,
        {"reportgen.yaml": config, "data/sections/alpha.yaml": alpha, "data/macro.csv": None},
    )
    assert where(found) == [
        (
            "reportgen.yaml",
            2,
            25,
            "section 'gamma' has no data file (looked for data/sections/gamma.yaml and gamma.md)",
        )
    ]
    assert found[0].note == "2 further errors hidden until section 'gamma' has its file"


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("sources:\n  - id: src-a\n    title: A: B\n  - id: src-b\n    title: B\n", ""),
        (b"sources:\n  - id: src-a\n    title: Caf\xe9\n", "2 further errors hidden"),
    ],
    ids=["does-not-parse", "not-utf8"],
)
def test_a_broken_bibliography_makes_no_source_unknown(
    make_project: MakeProject, tmp_path: Path, text: str | bytes, note: str
) -> None:
    root = make_project({"data/macro.csv": None})
    path = root / "data" / "sources.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    [problem] = info.value.problems
    assert problem.path.endswith("sources.yaml")
    assert problem.note.startswith(note)
