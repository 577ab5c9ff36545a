"""Totals that make sense: each column totals as it says (counts sum by default), no rate
or average is summed; figures that are historical on purpose are not called stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MakeProject
from reportgen.errors import ValidationFailed
from reportgen.validate import load_project

# Two countries as the Gapminder data give them for 2007 (tests/data/gapminder).
MIXED_CSV = """\
country,continent,pop,lifeExp,gdpPercap,share,updated
Australia,Oceania,20434176,81.235,34435.36744,0.3,2007-06
New Zealand,Oceania,4115771,80.204,25185.00911,0.1,2007-12
"""

MIXED = """\
title: Beta section
body:
  - type: table
    id: mixed
    data: data/mixed.csv
    caption: A mixed table
    total: true
    columns:
      - {key: country, total: Oceania}
      - {key: continent}
      - {key: pop, format: integer}
      - {key: lifeExp, format: decimal, decimals: 1, total: {weight: pop}}
      - {key: gdpPercap, format: currency, decimals: 0, total: mean}
      - {key: share, format: percent, scale: fraction, total: sum}
      - {key: updated, format: date, total: max}
"""


def make(make_project: MakeProject, section: str, csv: str = MIXED_CSV) -> Path:
    return make_project(
        {"data/sections/beta.yaml": section, "data/mixed.csv": csv, "data/figures.csv": None}
    )


def test_a_mixed_table_totals_each_column_as_it_says(make_project: MakeProject) -> None:
    table = load_project(make(make_project, MIXED)).tables["mixed"]
    weighted = (81.235 * 20434176 + 80.204 * 4115771) / (20434176 + 4115771)
    assert table.total == [
        "Oceania",
        "",  # text: not totalled
        "24,549,947",  # integer: a count, summed
        f"{weighted:.1f}",  # a rate: the mean weighted by population
        f"${(34435.36744 + 25185.00911) / 2:,.0f}",  # per head: the plain mean, said so
        "40%",  # shares of one whole: summed, said so
        "December 2007",  # the latest
    ]


def test_without_a_total_a_rate_is_never_summed(make_project: MakeProject) -> None:
    section = MIXED.replace(", total: {weight: pop}", "").replace(", total: mean", "")
    section = section.replace(", total: sum", "").replace(", total: max", "")
    section = section.replace("{key: country, total: Oceania}", "{key: country}")
    table = load_project(make(make_project, section)).tables["mixed"]
    # Life expectancy and GDP per head were summed once ("161.4", "$59,620"): no more.
    assert table.total == ["Total", "", "24,549,947", "", "", "", ""]


def test_count_median_and_min(make_project: MakeProject) -> None:
    section = MIXED.replace("{key: continent}", "{key: continent, total: count}")
    section = section.replace("total: {weight: pop}", "total: median").replace(
        "total: max", "total: min"
    )
    table = load_project(make(make_project, section)).tables["mixed"]
    assert table.total[1] == "2"
    assert table.total[3] == f"{(81.235 + 80.204) / 2:.1f}"
    assert table.total[6] == "June 2007"


def problems(root: Path) -> list[tuple[int, int, str, str]]:
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    return [(p.line, p.col, p.severity, p.message) for p in info.value.problems]


def test_totals_a_column_cannot_take_are_located_errors(make_project: MakeProject) -> None:
    section = MIXED.replace("{key: continent}", "{key: continent, total: sum}")
    section = section.replace("{weight: pop}", "{weight: popul}")
    assert problems(make(make_project, section)) == [
        (10, 33, "error", "column 'continent' is text: it cannot total by sum"),
        (12, 70, "error", "weight column 'popul' not found in data/mixed.csv"),
    ]


def test_a_total_that_cannot_show_is_a_warning(make_project: MakeProject) -> None:
    section = MIXED.replace("    total: true\n", "")
    warnings = load_project(make(make_project, section)).warnings
    assert [(w.line, w.message) for w in warnings][:1] == [
        (8, "column 'country' says how it totals, but the table has no total row")
    ]
    nothing = (
        "title: Beta section\nbody:\n  - type: table\n    id: mixed\n    data: data/mixed.csv\n"
        "    caption: Rates only\n    total: true\n    columns: [{key: country}, {key: lifeExp,"
        " format: decimal}]\n"
    )
    warnings = load_project(make(make_project, nothing)).warnings
    assert [(w.line, w.message) for w in warnings] == [
        (7, "the total row has nothing to total: no column is an integer or says how it totals")
    ]


KEY_FIGURES = """\
figure,value,as_of,source{extra}
Population,23.4 million,2007,src-a{row}
GDP per head,"$34,435",2025-09,src-b{row2}
"""


def figures(make_project: MakeProject, block: str, extra: str = "", section: str = "") -> list[str]:
    csv = KEY_FIGURES.format(extra=extra, row=",yes" if extra else "", row2="," if extra else "")
    text = (
        f"title: Beta section\n{section}body:\n  - type: key_figures\n"
        f"    data: data/key_figures.csv\n{block}"
    )
    files = {"data/sections/beta.yaml": text, "data/key_figures.csv": csv, "data/figures.csv": None}
    project = load_project(make_project(files))
    return [w.message for w in project.warnings if "older than" in w.message]


def test_historical_figures_are_not_stale_and_current_ones_still_are(
    make_project: MakeProject,
) -> None:
    stale = "figure data as of 2007 is 6505 days older than the brief's date 2025-10-22"
    assert [m.split(" (")[0] for m in figures(make_project, "")] == [stale]
    assert figures(make_project, "    historical: true\n") == []
    assert figures(make_project, "", section="historical: true\n") == []
    assert figures(make_project, "", extra=",historical") == []  # that row alone
    assert figures(make_project, "    stale_after_days: 7000\n") == []
    tight = figures(make_project, "    stale_after_days: 20\n")
    assert len(tight) == 2 and "(limit: stale_after_days = 20)" in tight[1]


def test_a_table_with_an_as_of_date_is_checked_unless_historical(
    make_project: MakeProject,
) -> None:
    section = MIXED.replace("    total: true\n", "    total: true\n    as_of: 2007\n")
    root = make(make_project, section)
    assert [w.line for w in load_project(root).warnings if "older than" in w.message] == [8]
    (root / "data/sections/beta.yaml").write_text(section + "    historical: true\n")
    assert [w for w in load_project(root).warnings if "older than" in w.message] == []
