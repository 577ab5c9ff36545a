"""Derived tables: data steps computed with pandas, checked against the same figures
computed here in plain Python from the raw CSV (tests/data/gapminder), errors located
at their steps, cached, and pandas imported only by projects that have them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import CONFIG, MakeProject
from reportgen.cli import main
from reportgen.errors import ValidationFailed
from reportgen.project import TABLE_CACHE
from reportgen.validate import load_project

GAPMINDER = Path(__file__).parent / "data" / "gapminder" / "gapminder.csv"
ROWS = list(csv.DictReader(GAPMINDER.read_text(encoding="utf-8").splitlines()))

TABLES = """\
tables:
  latest:
    data: data/gapminder.csv
    steps:
      - filter: {year: 2007}
  averages:
    data: latest
    steps:
      - group:
          by: continent
          aggregate:
            lifeExp: {mean: lifeExp, weight: pop}
            pop: sum
            countries: {count: country}
  populous:
    data: latest
    steps:
      - top: {n: 20, by: pop}
      - select: {country: Country, pop: Population}
  growth:
    data: data/gapminder.csv
    steps:
      - growth: {period: year, between: [1952, 2007], values: [lifeExp, pop], by: country}
      - sort: {by: pop_growth, descending: true}
"""

USING = """\
title: Beta section
body:
  - type: table
    id: averages
    data: averages
    caption: Life expectancy by continent, weighted by population
    columns:
      - {key: continent, total: World}
      - {key: lifeExp, format: decimal, decimals: 2, total: {weight: pop}}
      - {key: pop, format: integer}
      - {key: countries, format: integer}
    total: true
    historical: true
  - type: table
    id: populous
    data: populous
    caption: The 20 most populous countries, 2007
  - type: table
    id: growth
    data: growth
    caption: Growth, 1952 to 2007
"""


@pytest.fixture
def gapminder(make_project: MakeProject) -> Path:
    return make_project(
        {
            "reportgen.yaml": CONFIG + TABLES,
            "data/gapminder.csv": GAPMINDER.read_text(encoding="utf-8"),
            "data/sections/beta.yaml": USING,
            "data/figures.csv": None,
        }
    )


def records(project_tables: object, name: str) -> list[list[str]]:
    return [row.cells for row in project_tables[name].rows]  # type: ignore[index]


def test_weighted_averages_match_plain_python(gapminder: Path) -> None:
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in ROWS:
        if row["year"] == "2007":
            total = sums[row["continent"]]
            total[0] += float(row["lifeExp"]) * int(row["pop"])
            total[1] += int(row["pop"])
            total[2] += 1
    expected = [
        [continent, f"{s / p:.2f}", f"{int(p):,}", str(int(n))]
        for continent, (s, p, n) in sorted(sums.items())
    ]
    project = load_project(gapminder)
    assert records(project.tables, "averages") == expected
    world = sum(s for s, _, _ in sums.values()) / sum(p for _, p, _ in sums.values())
    pop = sum(p for _, p, _ in sums.values())
    assert project.tables["averages"].total == ["World", f"{world:.2f}", f"{int(pop):,}", "142"]


def test_top_twenty_and_growth_match_plain_python(gapminder: Path) -> None:
    latest = [r for r in ROWS if r["year"] == "2007"]
    top = sorted(latest, key=lambda r: -int(r["pop"]))[:20]
    project = load_project(gapminder)
    assert records(project.tables, "populous") == [[r["country"], r["pop"]] for r in top]
    assert [c.key for c in project.tables["populous"].columns] == ["Country", "Population"]

    by_country: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for row in ROWS:
        by_country[row["country"]][row["year"]] = row
    growth = {}
    for country, years in by_country.items():
        start, end = years["1952"], years["2007"]
        pop0, pop1 = int(start["pop"]), int(end["pop"])
        life0, life1 = float(start["lifeExp"]), float(end["lifeExp"])
        growth[country] = (life1 - life0, (life1 - life0) / life0 * 100, (pop1 - pop0) / pop0 * 100)
    table = project.tables["growth"]
    keys = [c.key for c in table.columns]
    assert keys == [
        "country",
        *("lifeExp_1952", "lifeExp_2007", "lifeExp_change", "lifeExp_growth"),
        *("pop_1952", "pop_2007", "pop_change", "pop_growth"),
    ]
    assert len(table.rows) == 142
    shown = [dict(zip(keys, row.cells, strict=True)) for row in table.rows]
    assert [r["country"] for r in shown] == sorted(growth, key=lambda c: -growth[c][2])
    for row in shown:
        change, life_growth, pop_growth = growth[row["country"]]
        assert float(row["lifeExp_change"]) == pytest.approx(change)
        assert float(row["lifeExp_growth"]) == pytest.approx(life_growth)
        assert float(row["pop_growth"]) == pytest.approx(pop_growth)


STEP_TABLE = """\
region,year,item,value,weight
North,2020,a,1,1
North,2021,a,3,1
South,2020,a,10,3
South,2021,b,20,1
"""


def steps_project(make_project: MakeProject, config: str, section: str, csv: str = "") -> Path:
    """A project whose section `section` shows tables of `config` made from data/steps.csv."""
    return make_project(
        {
            "reportgen.yaml": config,
            "data/steps.csv": csv or STEP_TABLE,
            "data/sections/beta.yaml": section,
            "data/figures.csv": None,
        }
    )


def derive(make_project: MakeProject, steps: str, extra: str = "") -> list[dict[str, str]]:
    """The rows of a table made from STEP_TABLE by `steps` (YAML, indented 6)."""
    config = CONFIG + f"tables:\n  made:\n    data: data/steps.csv\n    steps:\n{steps}{extra}"
    section = (
        "title: Beta\nbody:\n  - type: table\n    id: made\n    data: made\n    caption: Made\n"
    )
    table = load_project(steps_project(make_project, config, section)).tables["made"]
    return [dict(zip([c.key for c in table.columns], r.cells, strict=True)) for r in table.rows]


MADE = "title: Beta\nbody:\n  - {type: table, id: made, data: made, caption: Made}\n"


def made_problems(
    make_project: MakeProject, step: str, csv: str = ""
) -> list[tuple[str, int, int, str, str]]:
    """The errors of a project whose table `made` is data/steps.csv through one `step`
    (YAML, on line 10 of reportgen.yaml)."""
    config = CONFIG + f"tables:\n  made:\n    data: data/steps.csv\n    steps:\n      - {step}\n"
    return problems_of(steps_project(make_project, config, MADE, csv))


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (
            "      - pivot: {index: region, columns: year, values: value, aggregate: sum}\n",
            [
                {"region": "North", "2020": "1", "2021": "3"},
                {"region": "South", "2020": "10", "2021": "20"},
            ],
        ),
        (
            "      - filter: {region: North}\n"
            "      - melt: {id: [region, year], columns: [value, weight], name: measure,"
            " value: amount}\n      - sort: [year, measure]\n",
            [
                {"region": "North", "year": "2020", "measure": "value", "amount": "1"},
                {"region": "North", "year": "2020", "measure": "weight", "amount": "1"},
                {"region": "North", "year": "2021", "measure": "value", "amount": "3"},
                {"region": "North", "year": "2021", "measure": "weight", "amount": "1"},
            ],
        ),
        (
            "      - filter: {year: 2020}\n      - share: {of: value, name: part}\n"
            "      - select: [region, part]\n",
            [
                {"region": "North", "part": "9.090909090909092"},
                {"region": "South", "part": "90.9090909090909"},
            ],
        ),
        (
            "      - share: {of: value, within: year}\n      - filter: {year: 2021}\n"
            "      - select: [region, value_share]\n",
            [
                {"region": "North", "value_share": "13.043478260869565"},
                {"region": "South", "value_share": "86.95652173913044"},
            ],
        ),
        (
            "      - top: {n: 1, by: value, per: region}\n      - drop: [weight, item]\n",
            [
                {"region": "South", "year": "2021", "value": "20"},
                {"region": "North", "year": "2021", "value": "3"},
            ],
        ),
        (
            "      - top: {n: 2, by: value, smallest: true}\n"
            "      - select: {item: what, value: v}\n",
            [{"what": "a", "v": "1"}, {"what": "a", "v": "3"}],
        ),
        (
            "      - group: {by: item, aggregate: {n: {count: region}, first: {first: region},"
            " low: {min: value}, mid: {median: value}, avg: {mean: value}}}\n",
            [
                {
                    "item": "a",
                    "n": "3",
                    "first": "North",
                    "low": "1",
                    "mid": "3",
                    "avg": "4.666666666666667",
                },
                {"item": "b", "n": "1", "first": "South", "low": "20", "mid": "20", "avg": "20"},
            ],
        ),
        (
            "      - filter: {value: {min: 3, below: 20}, region: {none_of: [East]}}\n"
            "      - rename: {value: v}\n      - select: [region, v]\n",
            [{"region": "North", "v": "3"}, {"region": "South", "v": "10"}],
        ),
        (
            "      - join: {table: data/regions.csv, by: region, columns: [capital]}\n"
            "      - filter: {year: 2020}\n      - select: [region, capital]\n",
            [{"region": "North", "capital": "Oslo"}, {"region": "South", "capital": "Rome"}],
        ),
        (
            "      - growth: {period: year, between: [2020, 2021], values: value, by: region,"
            " annual: true}\n",
            [
                {
                    "region": "North",
                    "value_2020": "1",
                    "value_2021": "3",
                    "value_change": "2",
                    "value_growth": "200",
                    "value_annual": "200",
                },
                {
                    "region": "South",
                    "value_2020": "10",
                    "value_2021": "20",
                    "value_change": "10",
                    "value_growth": "100",
                    "value_annual": "100",
                },
            ],
        ),
    ],
    ids=[
        "pivot",
        "melt",
        "share",
        "share-within",
        "top-per",
        "smallest",
        "group",
        "filter",
        "join",
        "growth",
    ],
)
def test_each_step(make_project: MakeProject, steps: str, expected: list[dict[str, str]]) -> None:
    made = make_project  # the join reads a second file
    regions = "region,capital\nNorth,Oslo\nSouth,Rome\n"

    def with_regions(files: dict[str, str | None] | None = None, name: str = "proj") -> Path:
        return made({**(files or {}), "data/regions.csv": regions}, name)

    assert derive(with_regions, steps) == expected


def problems_of(root: Path) -> list[tuple[str, int, int, str, str]]:
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    return [
        (Path(p.path).name, p.line, p.col, p.message, p.hint)
        for p in info.value.problems
        if p.severity == "error"
    ]


def test_step_errors_are_located_at_their_lines_with_a_did_you_mean(
    make_project: MakeProject,
) -> None:
    config = CONFIG + (
        "tables:\n"
        "  made:\n"
        "    data: data/gapminder.csv\n"
        "    steps:\n"
        "      - filter: {contnent: Asia}\n"  # line 10
        "      - grup: {by: continent}\n"  # line 11: the steps after it are not checked
        "      - sort: {by: nothing}\n"
        "  other:\n"
        "    data: data/gapminder.csv\n"
        "    steps:\n"
        "      - group:\n"
        "          by: [continent]\n"
        "          aggregate:\n"
        "            life: {mean: lifeExpectancy, weight: pop}\n"  # line 19
        "      - top: {n: 3, by: pop}\n"  # line 20: `group` kept only `continent` and `life`
        "  third:\n"
        "    data: made\n"  # made from a table with errors: not checked again
        "    steps:\n"
        "      - top: {n: 3, by: countries}\n"
    )
    root = make_project(
        {"reportgen.yaml": config, "data/gapminder.csv": GAPMINDER.read_text(encoding="utf-8")}
    )
    assert problems_of(root) == [
        (
            "reportgen.yaml",
            10,
            18,
            "tables.made: column 'contnent' not found",
            "did you mean 'continent'?",
        ),
        (
            "reportgen.yaml",
            11,
            9,
            "unknown key 'grup' in step 2 of table 'made' (line 11)",
            "did you mean 'group'?",
        ),
        (
            "reportgen.yaml",
            19,
            26,
            "tables.other: column 'lifeExpectancy' not found",
            "did you mean 'lifeExp'?",
        ),
        (
            "reportgen.yaml",
            20,
            25,
            "tables.other: column 'pop' not found",
            "the table has: continent, life",
        ),
    ]


def test_a_data_error_found_while_computing_is_located_at_its_step(
    make_project: MakeProject,
) -> None:
    step = "group: {by: region, aggregate: {total: {sum: item}}}"
    assert made_problems(make_project, step) == [
        (
            "reportgen.yaml",
            10,
            48,
            "tables.made: column 'item' is not numeric (row 1: 'a')",
            "",
        )
    ]


def test_tables_made_from_each_other_in_a_circle(make_project: MakeProject) -> None:
    config = CONFIG + "tables:\n  one:\n    data: two\n  two:\n    data: one\n"
    found = problems_of(make_project({"reportgen.yaml": config}))
    assert [m for _, _, _, m, _ in found] == [
        "tables made from each other in a circle: one -> two -> one"
    ]


def test_derived_tables_are_cached_and_pandas_is_imported_only_when_needed(
    gapminder: Path, make_project: MakeProject, tmp_path: Path
) -> None:
    plain = make_project(name="plain")
    probe = (
        "import sys, json\nfrom reportgen.cli import main\n"
        "code = main(['build', sys.argv[1], '--format', 'html', '--out', sys.argv[2], '--force'])\n"
        "print(json.dumps([code, 'pandas' in sys.modules]))"
    )

    def run(root: Path, out: Path) -> list[object]:
        done = subprocess.run(
            [sys.executable, "-c", probe, str(root), str(out)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.splitlines()[-1])

    assert run(plain, tmp_path / "plain") == [0, False]  # no derived table: no pandas
    out = tmp_path / "out"
    assert run(gapminder, out) == [0, True]  # computed with pandas
    cached = sorted((out / TABLE_CACHE).glob("*.json"))
    assert len(cached) == 4  # latest, averages, populous, growth
    # Built again (--force): every table comes from the cache.
    assert run(gapminder, out) == [0, False]
    data = gapminder / "data/gapminder.csv"
    data.write_text(
        data.read_text().replace("Zimbabwe,Africa,2007,43.487", "Zimbabwe,Africa,2007,43.5")
    )
    assert run(gapminder, out) == [0, True]  # its file changed: computed again
    # A build that fails writes nothing, not even the tables it computed.
    before = sorted(p.name for p in (out / TABLE_CACHE).iterdir())
    data.write_text(
        data.read_text().replace("Zimbabwe,Africa,2007,43.5", "Zimbabwe,Africa,2007,43.6")
    )
    (gapminder / "templates/brief.html.j2").write_text(
        "{% extends 'default:base.html.j2' %}{% block colophon %}{{ nope }}{% endblock %}"
    )
    assert main(["build", str(gapminder), "--out", str(out)]) == 1
    assert sorted(p.name for p in (out / TABLE_CACHE).iterdir()) == before


def spreadsheet_project(make_project: MakeProject, tables: str) -> Path:
    import pandas as pd

    section = (
        "title: Beta\nbody:\n"
        "  - {type: table, id: xl, data: xl, caption: From Excel}\n"
        "  - {type: table, id: pq, data: data/latest.parquet, caption: From Parquet}\n"
    )
    root = make_project(
        {
            "reportgen.yaml": CONFIG + tables,
            "data/sections/beta.yaml": section,
            "data/figures.csv": None,
        }
    )
    frame = pd.read_csv(GAPMINDER)
    latest = frame[frame["year"] == 2007].reset_index(drop=True)
    with pd.ExcelWriter(root / "data/gapminder.xlsx") as book:
        latest.head(3).to_excel(book, sheet_name="Notes", index=False)
        frame.to_excel(book, sheet_name="Data", index=False)
    latest.to_parquet(root / "data/latest.parquet")
    return root


def test_excel_sheets_and_parquet_files_are_read_through_pandas(make_project: MakeProject) -> None:
    tables = (
        "tables:\n  xl:\n    data: data/gapminder.xlsx\n    sheet: Data\n    steps:\n"
        "      - filter: {year: 2007, continent: Oceania}\n      - select: [country, pop]\n"
    )
    project = load_project(spreadsheet_project(make_project, tables))
    oceania = [
        [r["country"], r["pop"]]
        for r in ROWS
        if r["year"] == "2007" and r["continent"] == "Oceania"
    ]
    assert records(project.tables, "xl") == oceania
    latest = [
        [r[k] for k in ("country", "continent", "year", "lifeExp", "pop", "gdpPercap")]
        for r in ROWS
        if r["year"] == "2007"
    ]
    parquet = records(project.tables, "pq")
    assert [r[:3] + r[4:5] for r in parquet] == [r[:3] + r[4:5] for r in latest]
    assert [float(r[3]) for r in parquet] == [float(r[3]) for r in latest]


def test_a_missing_sheet_or_extra_is_a_clear_error(make_project: MakeProject) -> None:
    tables = "tables:\n  xl:\n    data: data/gapminder.xlsx\n    sheet: Sheet1\n"
    root = spreadsheet_project(make_project, tables)
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    assert [(p.line, p.message, p.hint) for p in info.value.problems if p.severity == "error"] == [
        (8, "no sheet named 'Sheet1'", "sheets: Notes, Data")
    ]
    probe = (
        "import sys\nsys.modules['openpyxl'] = None\nsys.modules['pyarrow'] = None\n"
        "from reportgen.cli import main\nsys.exit(main(['validate', sys.argv[1]]))\n"
    )
    (root / "reportgen.yaml").write_text(CONFIG + tables.replace("Sheet1", "Data"))
    done = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "reading .xlsx files needs openpyxl, which is not installed" in done.stderr
    assert "pip install 'reportgen-briefs[excel]'" in done.stderr
    assert "reading .parquet files needs pyarrow" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_cell_of_a_derived_table_is_located_where_it_came_from(
    make_project: MakeProject,
) -> None:
    bad = STEP_TABLE.replace("South,2021,b,20,1", "South,2021,b,twenty,1")
    config = CONFIG + (
        "tables:\n  kept:\n    data: data/steps.csv\n    steps:\n"
        "      - filter: {region: South}\n"
        "  grouped:\n    data: data/steps.csv\n    steps:\n"
        "      - group: {by: region, aggregate: {value: last}}\n"  # line 14
        "      - filter: {region: South}\n"
    )
    section = (
        "title: Beta\nbody:\n"
        "  - {type: table, id: kept, data: kept, caption: Kept,"
        " columns: [{key: region}, {key: value, format: integer}]}\n"
        "  - {type: table, id: grouped, data: grouped, caption: Grouped,"
        " columns: [{key: region}, {key: value, format: decimal}]}\n"
    )
    root = steps_project(make_project, config, section, bad)
    assert problems_of(root) == [
        # A row a filter kept: at its line and character column in the file.
        ("steps.csv", 5, 14, "row 2, column 'value': 'twenty' is not a whole number", ""),
        # A row a group made: at the line of the step that made it.
        ("reportgen.yaml", 14, 1, "row 1, column 'value': 'twenty' is not a number", ""),
    ]


def test_the_table_command_prints_a_named_table_as_csv(
    gapminder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["table", "populous", str(gapminder)]) == 0
    printed = list(csv.reader(capsys.readouterr().out.splitlines()))
    latest = sorted((r for r in ROWS if r["year"] == "2007"), key=lambda r: -int(r["pop"]))
    assert printed == [["Country", "Population"], *([r["country"], r["pop"]] for r in latest[:20])]
    assert main(["table", "populus", str(gapminder)]) == 2
    assert "did you mean 'populous'?" in capsys.readouterr().err
    assert main(["table", "populous", str(gapminder), "--set", "draft=true"]) == 2


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("group: {by: [], aggregate: {value: sum}}", "should have at least 1 item"),
        ("join: {table: data/steps.csv, by: []}", "should have at least 1 item"),
        ("group: {by: region, aggregate: {}}", "should have at least 1 item"),
        ("select: []", "select keeps no column"),
        ("sort: {by: []}", "should have at least 1 item"),
        ("join: {table: made, by: region}", "tables made from each other in a circle: made"),
    ],
)
def test_a_step_with_nothing_to_work_on_is_a_located_error(
    make_project: MakeProject, step: str, message: str
) -> None:
    """Regression: `by: []` was pandas' ValueError, a table joined to itself a
    RecursionError: internal errors, from a new user's trial."""
    [problem] = made_problems(make_project, step)
    assert problem[0] == "reportgen.yaml" and problem[1] == (8 if "circle" in message else 10)
    assert message in problem[3]


def test_a_pivot_of_two_rows_into_one_cell_says_their_values_as_written(
    make_project: MakeProject,
) -> None:
    """Regression: the message showed numpy's form, `year=np.int64(2020)`."""
    [problem] = made_problems(make_project, "pivot: {index: region, columns: item, values: value}")
    assert "several rows have region='North', item='a'" in problem[3]
    csv = STEP_TABLE.replace("North,2021,a", "North,2021,b")
    step = "pivot: {index: item, columns: year, values: value}"
    [problem] = made_problems(make_project, step, csv)
    assert "item='a', year='2020'" in problem[3] and "np." not in problem[3]


def test_a_misspelt_aggregate_function_is_said_without_pydantic_s_path(
    make_project: MakeProject,
) -> None:
    """Regression: 'aggregate.pop.literal['sum','mean',...]' was the place in the message."""
    [problem] = made_problems(make_project, "group: {by: region, aggregate: {value: summ}}")
    assert problem[3].startswith("aggregate.value of step 1 (group) of table 'made'")
    assert problem[4] == "did you mean 'sum'?"
