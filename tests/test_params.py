"""Parameters and `foreach` outputs: one brief per region from one template, each showing
its own values; `--set params.NAME=VALUE`; located errors; a region without data; and
each output rebuilt only when what it uses changed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import BRIEF, MakeProject
from reportgen.builder import BuildOptions, build_project
from reportgen.cli import main
from reportgen.errors import UsageError, ValidationFailed
from reportgen.validate import load_project

GAPMINDER = Path(__file__).parent / "data" / "gapminder" / "gapminder.csv"
CONTINENTS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]

CONFIG = """\
name: regions
sections: [overview]
params:
  continent:
    type: string
    default: Africa
    choices: [Africa, Americas, Asia, Europe, Oceania, Antarctica]
  year: 2007
tables:
  countries:
    data: data/gapminder.csv
    steps:
      - filter: {continent: "{params.continent}", year: "{params.year}"}
      - sort: {by: pop, descending: true}
outputs:
  brief:
    template: region.html.j2
    foreach: {continent: [Africa, Americas, Asia, Europe, Oceania]}
"""

OVERVIEW = """\
title: "{params.continent} in {params.year}"
summary: How long people live in {params.continent}, country by country.
key_points:
  - text: The table lists every country of {params.continent} in {params.year}.
    cite: src-a
body:
  - type: table
    id: countries
    data: countries
    caption: Countries of {params.continent}, {params.year}
    columns:
      - {key: country, heading: Country}
      - {key: lifeExp, heading: Life expectancy, format: decimal, decimals: 1}
      - {key: pop, heading: Population, format: integer}
    total: true
    historical: true
    cite: src-b
"""

REGION_TEMPLATE = """\
{% extends "default:base.html.j2" %}
{% block cover_extra %}<p class="region">Region: {{ params.continent }}</p>{% endblock %}
"""


@pytest.fixture
def regions(make_project: MakeProject) -> Path:
    return make_project(
        {
            "reportgen.yaml": CONFIG,
            "data/brief.yaml": BRIEF.replace(
                "title: A Mini Brief", "title: Life in {params.continent}"
            ),
            "data/sections/overview.yaml": OVERVIEW,
            "data/sections/alpha.yaml": None,
            "data/sections/beta.yaml": None,
            "data/figures.csv": None,
            "data/gapminder.csv": GAPMINDER.read_text(encoding="utf-8"),
            "templates/region.html.j2": REGION_TEMPLATE,
        }
    )


def test_five_outputs_from_one_foreach_each_show_their_own_values(
    regions: Path, tmp_path: Path
) -> None:
    result = build_project(regions, BuildOptions(out_dir=tmp_path, formats=("html",), jobs=1))
    names = [f"regions-brief-{c.lower()}.html" for c in CONTINENTS]
    assert sorted(f.path.name for f in result.files) == names
    manifest = json.loads((tmp_path / "manifest.json").read_text())["outputs"]
    assert sorted(manifest) == [f"brief-{c.lower()}" for c in CONTINENTS]
    for continent in CONTINENTS:
        html = (tmp_path / f"regions-brief-{continent.lower()}.html").read_text()
        assert f'<h1 class="cover-title">Life in {continent}</h1>' in html
        assert f"Region: {continent}</p>" in html  # the template's params
        assert f"{continent} in 2007</h2>" in html  # the section's {params.continent}
        assert f"Countries of {continent}, 2007" in html
        others = [c for c in CONTINENTS if c != continent]
        assert not any(f"Region: {other}" in html for other in others)
    # The PDF of one of them, laid out alone (`--only` names it).
    build_project(regions, BuildOptions(out_dir=tmp_path, only=("brief-oceania",), jobs=1))
    text = " ".join(
        p.extract_text() for p in PdfReader(tmp_path / "regions-brief-oceania.pdf").pages
    )
    assert "Life in Oceania" in text and "Region: Oceania" in text and "New Zealand" in text


def test_only_names_a_foreach_output_or_one_it_makes_and_shards_split_them(
    regions: Path, tmp_path: Path
) -> None:
    opts = {"out_dir": tmp_path, "formats": ("html",), "jobs": 1}
    built = build_project(regions, BuildOptions(only=("brief",), shard=(1, 2), **opts))
    assert sorted(f.path.stem for f in built.files) == [
        "regions-brief-africa",
        "regions-brief-asia",
        "regions-brief-oceania",
    ]
    again = build_project(regions, BuildOptions(shard=(2, 2), **opts))
    assert sorted(f.path.stem for f in again.files) == [
        "regions-brief-americas",
        "regions-brief-europe",
    ]
    assert sorted(build_project(regions, BuildOptions(**opts)).skipped) == [
        f"brief-{c.lower()}" for c in CONTINENTS
    ]


def test_set_overrides_a_parameter_and_a_bad_value_is_a_usage_error(
    regions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = CONFIG.replace(
        "    foreach: {continent: [Africa, Americas, Asia, Europe, Oceania]}\n",
        "    params: {continent: Asia}\n",
    )
    (regions / "reportgen.yaml").write_text(config)
    out = str(tmp_path)
    assert (
        main(["build", str(regions), "--out", out, "--format", "html", "--set", "params.year=1952"])
        == 0
    )
    html = (tmp_path / "regions-brief.html").read_text()
    assert "Asia in 1952</h2>" in html and "Region: Asia" in html
    capsys.readouterr()
    for setting, message in [
        ("params.year=soon", "--set params.year=soon: 'soon' is not a whole number"),
        ("params.continent=Atlantis", "'Atlantis' is not one of the choices"),
        # Regressions: a value YAML reads otherwise is the text typed.
        ("params.continent=NO", "'NO' is not one of the choices"),
        ("params.continent=2007-13-01", "'2007-13-01' is not one of the choices"),
        ("params.contnent=Asia", "--set params.contnent: no such parameter"),
    ]:
        assert main(["build", str(regions), "--out", out, "--set", setting]) == 2
        err = capsys.readouterr().err
        assert message in err, err
    assert "did you mean 'continent'?" in err


def test_setting_the_parameter_a_foreach_makes_is_a_usage_error(regions: Path) -> None:
    with pytest.raises(UsageError, match="makes one output per value of 'continent'"):
        load_project(regions, {"continent": "Asia"})


def problems(root: Path) -> list[tuple[str, int, int, str]]:
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    return [
        (Path(p.path).name, p.line, p.col, p.message)
        for p in info.value.problems
        if p.severity == "error"
    ]


def test_parameter_mistakes_are_located(regions: Path) -> None:
    config = CONFIG.replace(
        "    foreach: {continent: [Africa, Americas, Asia, Europe, Oceania]}\n",
        "    foreach: {continent: [Africa, Atlantis]}\n    params: {year: soon, region: x}\n",
    )
    (regions / "reportgen.yaml").write_text(config)
    (regions / "data/sections/overview.yaml").write_text(
        OVERVIEW.replace("country by country.", "by {params.contnent}.")
    )
    assert problems(regions) == [
        ("overview.yaml", 2, 10, "unknown parameter 'contnent' in {params.contnent}"),
        (
            "reportgen.yaml",
            18,
            35,
            "parameter 'continent': 'Atlantis' is not one of the choices: Africa, Americas, "
            "Asia, Europe, Oceania, Antarctica",
        ),
        ("reportgen.yaml", 19, 20, "parameter 'year': 'soon' is not a whole number"),
        ("reportgen.yaml", 19, 26, "unknown parameter 'region'"),
    ]


def test_a_region_without_data_is_a_located_error_or_an_explicit_empty_table(
    regions: Path, tmp_path: Path
) -> None:
    with_antarctica = CONFIG.replace("Europe, Oceania]}", "Europe, Oceania, Antarctica]}")
    (regions / "reportgen.yaml").write_text(with_antarctica)
    assert problems(regions) == [
        (
            "overview.yaml",
            9,
            11,
            "table 'countries' has no rows in output brief-antarctica "
            "(continent='Antarctica', year='2007')",
        )
    ]
    (regions / "data/sections/overview.yaml").write_text(
        OVERVIEW.replace(
            "    total: true\n",
            "    total: true\n    empty: No country of {params.continent} reports.\n",
        )
    )
    build_project(
        regions, BuildOptions(out_dir=tmp_path, formats=("html",), only=("brief-antarctica",))
    )
    html = (tmp_path / "regions-brief-antarctica.html").read_text()
    assert "Countries of Antarctica, 2007.</strong> No country of Antarctica reports." in html
    assert "<table" not in html.split("Countries of Antarctica")[1].split("</p>")[0]


FROM_COLUMN = CONFIG.replace(
    "    foreach: {continent: [Africa, Americas, Asia, Europe, Oceania]}\n",
    "    foreach: {continent: {table: data/gapminder.csv, column: continent}}\n",
)


def test_foreach_over_a_column_and_a_no_op_that_loads_nothing(
    regions: Path, tmp_path: Path
) -> None:
    (regions / "reportgen.yaml").write_text(FROM_COLUMN)
    opts = BuildOptions(out_dir=tmp_path, formats=("html",), jobs=1)
    first = build_project(regions, opts)
    assert sorted(f.path.stem for f in first.files) == [
        f"regions-brief-{c.lower()}" for c in CONTINENTS
    ]
    entry = json.loads((tmp_path / "manifest.json").read_text())["outputs"]["brief-asia"]
    assert entry["foreach"]["of"] == "brief" and len(entry["foreach"]["names"]) == 5
    probe = (
        "import sys, json\nfrom reportgen.builder import BuildOptions, build_project\n"
        f"options = BuildOptions(out_dir={str(tmp_path)!r}, formats=('html',))\n"
        f"r = build_project({str(regions)!r}, options)\n"
        "heavy = ['weasyprint', 'matplotlib', 'pydantic', 'jinja2', 'pandas']\n"
        "print(json.dumps([sorted(r.skipped), [m for m in heavy if m in sys.modules]]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [[f"brief-{c.lower()}" for c in CONTINENTS], []]


def test_an_edit_rebuilds_only_the_outputs_it_changes(regions: Path, tmp_path: Path) -> None:
    opts = BuildOptions(out_dir=tmp_path, formats=("html",), jobs=1)
    build_project(regions, opts)
    data = regions / "data/gapminder.csv"
    # One country's 2007 row is one region's data: only that region is rebuilt.
    data.write_text(
        data.read_text().replace("New Zealand,Oceania,2007,80.204", "New Zealand,Oceania,2007,80.3")
    )
    again = build_project(regions, opts)
    assert [f.path.stem for f in again.files] == ["regions-brief-oceania"]
    assert "80.3" in (tmp_path / "regions-brief-oceania.html").read_text()
    # A 1952 row is shown by none of them: nothing is rebuilt.
    data.write_text(
        data.read_text().replace("Zimbabwe,Africa,1952,48.451", "Zimbabwe,Africa,1952,48.5")
    )
    assert build_project(regions, opts).files == []
    # A no-op after that reads files only (the entries were brought up to date).
    assert sorted(build_project(regions, opts).skipped) == [
        f"brief-{c.lower()}" for c in CONTINENTS
    ]


def test_an_output_is_rebuilt_only_for_its_own_sections_templates_and_parameters(
    make_project: MakeProject, tmp_path: Path
) -> None:
    config = (
        "name: two\nsections: [alpha, beta]\nparams: {audience: all}\noutputs:\n"
        "  full:\n    template: brief.html.j2\n"
        "  alpha:\n    template: alpha.html.j2\n    sections: [alpha]\n"
        "    params: {audience: staff}\n"
    )
    root = make_project(
        {
            "reportgen.yaml": config,
            "templates/alpha.html.j2": '{% extends "default:base.html.j2" %}\n',
        }
    )
    opts = BuildOptions(out_dir=tmp_path, formats=("html",), jobs=1)

    def rebuilt() -> list[str]:
        return sorted(f.path.stem for f in build_project(root, opts).files)

    assert rebuilt() == ["two-alpha", "two-full"]
    (root / "data/figures.csv").write_text("name,count,source\nFirst,5,src-a\n")  # beta's table
    assert rebuilt() == ["two-full"]
    (root / "templates/alpha.html.j2").write_text('{% extends "default:base.html.j2" %}\n{# x #}\n')
    assert rebuilt() == ["two-alpha"]
    (root / "reportgen.yaml").write_text(config.replace("{audience: staff}", "{audience: board}"))
    assert rebuilt() == ["two-alpha"]
    (root / "data/sections/alpha.yaml").write_text(
        (root / "data/sections/alpha.yaml").read_text().replace("Alpha paragraph.", "Alpha text.")
    )
    assert rebuilt() == ["two-alpha", "two-full"]
    assert rebuilt() == []


def test_a_brief_without_a_marking_prints_none(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"data/brief.yaml": BRIEF.replace("marking: UNCLASSIFIED\n", "")})
    build_project(root, BuildOptions(out_dir=tmp_path, formats=("html",)))
    html = (tmp_path / "mini-full.html").read_text()
    assert "marking" not in html.split("<body")[1].split("<main")[0].replace("--rg-marking", "")
    assert "None" not in html


def test_jinja_in_a_data_file_is_a_located_error_that_says_what_to_write(regions: Path) -> None:
    (regions / "data/sections/overview.yaml").write_text(
        OVERVIEW.replace("How long people live in {params.continent}", "In {{ params.continent }}")
    )
    with pytest.raises(ValidationFailed) as info:
        load_project(regions)
    [problem] = [p for p in info.value.problems if p.severity == "error"]
    assert (problem.line, problem.message) == (
        2,
        "'{{ params.continent }}': data files are not templates",
    )
    assert problem.hint == "write {params.continent} (templates write {{ params.continent }})"


def test_foreach_over_a_derived_tables_column(regions: Path) -> None:
    config = FROM_COLUMN.replace(
        "{table: data/gapminder.csv, column: continent}", "{table: big, column: continent}"
    ).replace(
        "outputs:\n",
        "  big:\n    data: data/gapminder.csv\n    steps:\n"
        "      - filter: {year: 2007, pop: {min: 100000000}}\n"
        "outputs:\n",
    )
    (regions / "reportgen.yaml").write_text(config)
    project = load_project(regions)
    # The continents with a country of more than 100 million people in 2007.
    assert list(project.config.outputs) == ["brief-africa", "brief-americas", "brief-asia"]
    assert project.for_output("brief-americas").meta.title == "Life in Americas"


def test_a_chart_filters_its_rows_by_a_parameter(regions: Path) -> None:
    chart = (
        "  - type: chart\n    id: life\n    kind: bar\n    data: data/gapminder.csv\n"
        '    filter: {continent: "{params.continent}", year: 2007, pop: {min: 50000000}}\n'
        "    x: country\n    y: [lifeExp]\n    caption: Life expectancy, {params.continent}\n"
        "    alt: Bars of life expectancy in the most populous countries.\n"
    )
    (regions / "data/sections/overview.yaml").write_text(OVERVIEW + chart)
    assert problems(regions) == [
        (
            "overview.yaml",
            22,
            13,
            "chart 'life' has no rows in output brief-oceania (continent='Oceania', year='2007')",
        )
    ]
    config = CONFIG.replace("[Africa, Americas, Asia, Europe, Oceania]", "[Americas, Europe]")
    (regions / "reportgen.yaml").write_text(config)
    project = load_project(regions)
    assert project.for_output("brief-europe").charts["life"].x == [
        "France",
        "Germany",
        "Italy",
        "Turkey",
        "United Kingdom",
    ]
    assert project.for_output("brief-americas").charts["life"].x == [
        "Brazil",
        "Mexico",
        "United States",
    ]


def test_a_default_outside_the_choices_is_a_located_error(regions: Path) -> None:
    """Regression: `default: Antarctica` with choices without it built 'About Antarctica'."""
    config = CONFIG.replace("    default: Africa\n", "    default: Atlantis\n")
    (regions / "reportgen.yaml").write_text(config)
    [(name, line, _, message)] = problems(regions)
    assert (name, line) == ("reportgen.yaml", 6)
    assert "the default 'Atlantis' is not one of the choices" in message


def test_foreach_names_outputs_by_values_of_any_script() -> None:
    """Regression: '中国' and 'Россия' had "no letter or digit to name it by"."""
    from reportgen.project import value_slug

    assert [value_slug(v) for v in ["中国", "Россия", "Côte d'Ivoire", "Korea, Dem. Rep."]] == [
        "中国",
        "россия",
        "cote-d-ivoire",
        "korea-dem-rep",
    ]
    assert value_slug("—") == ""  # nothing to name it by: still an error where it is set


def test_a_problem_is_said_of_the_outputs_that_show_its_section(regions: Path) -> None:
    """Regression: 'has no rows in outputs charts, tables' named every output with the
    same values, though only one showed the block."""
    (regions / "data/sections/other.yaml").write_text(OVERVIEW.replace("id: countries", "id: more"))
    config = CONFIG.replace("sections: [overview]", "sections: [overview, other]").replace(
        "    foreach: {continent: [Africa, Americas, Asia, Europe, Oceania]}\n",
        "    params: {continent: Antarctica}\n    sections: [overview]\n"
        "  second:\n    params: {continent: Antarctica}\n    sections: [other]\n",
    )
    (regions / "reportgen.yaml").write_text(config)
    notes = {
        message.split("'")[1]: message.split(" in output ")[1]
        for _, _, _, message in problems(regions)
    }
    assert notes == {
        "countries": "brief (continent='Antarctica', year='2007')",
        "more": "second (continent='Antarctica', year='2007')",
    }


@pytest.mark.parametrize("where", ["step", "block"])
def test_an_unknown_parameter_is_one_message(regions: Path, where: str) -> None:
    """Regression: a misspelt parameter in a filter also gave "table has no rows"."""
    if where == "step":
        config = CONFIG.replace('"{params.continent}", year', '"{params.contnent}", year')
        (regions / "reportgen.yaml").write_text(config)
    else:
        (regions / "data/sections/overview.yaml").write_text(
            OVERVIEW.replace(
                "    data: countries\n",
                '    data: countries\n    filter: {country: "{params.cuntry}"}\n',
            )
        )
        (regions / "reportgen.yaml").write_text(
            CONFIG.replace("  year: 2007\n", "  year: 2007\n  country: Kenya\n")
        )
    [(_, _, _, message)] = problems(regions)
    assert message.startswith("unknown parameter")


def test_an_empty_foreach_list_is_one_message(regions: Path) -> None:
    """Regression: two messages, one per member of the union the value may be."""
    config = CONFIG.replace(
        "foreach: {continent: [Africa, Americas, Asia, Europe, Oceania]}",
        "foreach: {continent: []}",
    )
    (regions / "reportgen.yaml").write_text(config)
    [(_, _, _, message)] = problems(regions)
    assert "at least 1 item" in message
