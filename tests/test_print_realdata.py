"""A brief a new user builds from real data (tests/data/gapminder), read back from its PDFs:
the summary fits two pages, every page of every output carries the marking, no page holds
only a table's last rows or a lone source line, and footnotes stay on their calls' pages."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdfpages import links_and_anchors, page_texts, pages_with
from reportgen.builder import BuildOptions, build
from reportgen.validate import load_project

DATA = Path(__file__).parent / "data" / "gapminder" / "gapminder-1952-2007.csv"
MARKING = "OFFICIAL-SENSITIVE"

CONFIG = """\
name: gap
sections: [overview, regions, trends]
stale_after_days: 36500
outputs:
  full: {template: brief.html.j2}
  footnotes: {template: brief.html.j2, notes: footnotes}
  summary: {template: "default:summary.html.j2", sections: [overview]}
"""
BRIEF = f"""\
title: Life expectancy and income, 1952 and 2007
subtitle: What the Gapminder teaching data set shows
edition: First edition
date: 2025-11-01
as_of: 2025-11-01
organisation: Data desk
marking: {MARKING}
audience: Analysts
"""
SOURCES = """\
sources:
  - id: gapminder-data
    title: Gapminder data on life expectancy, population and GDP per capita
    publisher: Gapminder Foundation
    url: https://www.gapminder.org/data/
    note: The teaching excerpt, 142 countries every five years from 1952 to 2007.
  - id: gapminder-r
    title: "gapminder: Data from Gapminder"
    author: Jennifer Bryan
    publisher: CRAN (R package)
    url: https://CRAN.R-project.org/package=gapminder
  - id: gapminder-py
    title: gapminder (Python package, version 0.1)
    publisher: Python Package Index
    note: A copy of Jennifer Bryan's R package data.
"""
# The user's layout: an overridden cover, nothing else.
COVER = """\
{% extends "default:base.html.j2" %}
{% block cover %}
<header class="cover my-cover"><h1 class="cover-title">{{ brief.title }}</h1>
<p>{{ brief.organisation }}, {{ brief.date | date }}</p></header>
{% endblock %}
"""


def gapminder_brief(root: Path) -> Path:
    """Write the brief: key points, key figures, text with notes, a callout, a five-row
    table, a chart, a thirty-row table, cross-references."""
    with DATA.open(encoding="utf-8") as data:
        rows = list(csv.DictReader(data))
    y07 = [r for r in rows if r["year"] == "2007"]
    continents = sorted({r["continent"] for r in rows})

    def mean(rs: list[dict[str, str]]) -> float:
        weight = sum(float(r["pop"]) for r in rs)
        return sum(float(r["lifeExp"]) * float(r["pop"]) for r in rs) / weight

    top = max(y07, key=lambda r: float(r["lifeExp"]))
    low = min(y07, key=lambda r: float(r["lifeExp"]))
    rich = max(y07, key=lambda r: float(r["gdpPercap"]))
    files = {
        "reportgen.yaml": CONFIG,
        "data/brief.yaml": BRIEF,
        "data/sources.yaml": SOURCES,
        "templates/brief.html.j2": COVER,
        "data/tables/continents.csv": "continent,countries,population,life,source\n"
        + "".join(
            f"{c},{len(rs)},{sum(int(float(r['pop'])) for r in rs)},{mean(rs):.1f},gapminder-data\n"
            for c in continents
            for rs in [[r for r in y07 if r["continent"] == c]]
        ),
        "data/tables/lowest.csv": "country,continent,life,gdp,source\n"
        + "".join(
            f'"{r["country"]}",{r["continent"]},{float(r["lifeExp"]):.1f},'
            f"{float(r['gdpPercap']):.0f},gapminder-data\n"
            for r in sorted(y07, key=lambda r: float(r["lifeExp"]))[:30]
        ),
        "data/tables/trend.csv": "continent,1952,2007\n"
        + "".join(
            f"{c},{mean([r for r in rows if r['continent'] == c and r['year'] == '1952']):.1f},"
            f"{mean([r for r in y07 if r['continent'] == c]):.1f}\n"
            for c in continents
        ),
        "data/tables/key.csv": "figure,value,as_of,source\n"
        f"Countries in the data set,{len(y07)},2007,gapminder-data\n"
        f"World life expectancy,{mean(y07):.1f} years,2007,gapminder-data;gapminder-r\n"
        f"Highest life expectancy ({top['country']}),{float(top['lifeExp']):.1f} years,2007,"
        "gapminder-data\n"
        f"Lowest life expectancy ({low['country']}),{float(low['lifeExp']):.1f} years,2007,"
        "gapminder-data\n"
        f'Highest GDP per capita ({rich["country"]}),"${float(rich["gdpPercap"]):,.0f}",2007,'
        "gapminder-data;gapminder-py\n",
        "data/sections/overview.md": OVERVIEW.format(
            world=f"{mean(y07):.1f}", top=top["country"], low=low["country"]
        ),
        "data/sections/regions.md": REGIONS,
        "data/sections/trends.md": TRENDS,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


OVERVIEW = """\
---
title: Overview
summary: What the data set covers and what it shows at a glance.
key_points:
  - text: The data set follows 142 countries every five years from 1952 to 2007.
    cite: [gapminder-data, gapminder-r]
  - text: World life expectancy, weighted by population, was {world} years in 2007.
    cite: [gapminder-data, gapminder-py]
  - text: In 2007 {top} had the highest life expectancy and {low} the lowest.
    cite: [gapminder-data]
  - text: Income and life expectancy rise together, with wide differences at every level.
    cite: [gapminder-r, gapminder-data]
---

```{{key-figures}}
data: data/tables/key.csv
caption: Key figures
```

The figures come from the teaching excerpt of Gapminder's data [@gapminder-data], as
packaged by Jennifer Bryan for R [@gapminder-r] and copied for Python [@gapminder-py]. GDP
per capita is in constant dollars.^[Inflation-adjusted dollars of one base year; the
excerpt does not say which.] Life expectancy is the period life expectancy at
birth.^[The years a newborn would live if the death rates of that year held for its
whole life.] Averages over countries weight each country by its population
[@gapminder-data, p. 1].

::: {{.callout-note title="About the data"}}
The excerpt drops countries with gaps in the series [@gapminder-r]. It is a teaching data
set, not an official statistic.^[Gapminder's own site gives the current series.]
:::
"""
REGIONS = """\
---
title: Regions
summary: Life expectancy by continent, and the countries where it is lowest.
---

@tbl-continents gives each continent's population and life expectancy in 2007
[@gapminder-data]. Oceania has only two countries in the excerpt.^[Australia and New
Zealand.]

```{table}
id: continents
data: data/tables/continents.csv
caption: Continents in 2007
columns:
  - {key: continent, heading: Continent}
  - {key: countries, heading: Countries, format: integer}
  - {key: population, heading: Population, format: integer}
  - {key: life, heading: Life expectancy (years), format: decimal}
cite_column: source
notes: Life expectancy weighted by population.
```

@fig-trend compares 1952 with 2007 [@gapminder-data; @gapminder-r].

```{chart}
id: trend
kind: bar
data: data/tables/trend.csv
x: continent
y: ["1952", "2007"]
caption: Life expectancy by continent, 1952 and 2007
alt: Bars for five continents; every continent's 2007 bar is taller.
y_label: Years
cite: [gapminder-data]
```

The 30 countries with the lowest life expectancy in 2007 are in @tbl-lowest; all but a
few are in Africa [@gapminder-data].^[Afghanistan is the only Asian country among them.]

```{table}
id: lowest
data: data/tables/lowest.csv
caption: The 30 countries with the lowest life expectancy in 2007
columns:
  - {key: country, heading: Country}
  - {key: continent, heading: Continent}
  - {key: life, heading: Life expectancy, format: decimal}
  - {key: gdp, heading: GDP per capita, format: currency, decimals: 0}
cite_column: source
notes: Countries with gaps in the series are not in the excerpt.
```
"""
TRENDS = """\
---
title: Trends
summary: Where life expectancy rose most.
---

Life expectancy rose on every continent between 1952 and 2007 [@gapminder-data]. See
@fig-trend for the continents and @tbl-lowest for the countries furthest behind.
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("gapminder")
    project = load_project(gapminder_brief(base / "proj"))
    assert project.warnings == []
    build(project, BuildOptions(out_dir=base / "out"))
    return base / "out"


@pytest.mark.parametrize("output", ["full", "footnotes", "summary"])
def test_every_page_carries_the_marking_top_and_bottom(out: Path, output: str) -> None:
    for number, page in enumerate(PdfReader(out / f"gap-{output}.pdf").pages, start=1):
        height = float(page.mediabox.height)
        places: list[float] = []

        def visit(text: str, cm: object, tm: list[float], *_: object) -> None:
            if text.strip() == MARKING:
                places.append(tm[5] / height)  # noqa: B023 (called right here)

        page.extract_text(visitor_text=visit)
        assert any(y > 0.9 for y in places) and any(y < 0.1 for y in places), (output, number)


def test_the_summary_fits_two_pages_with_its_notes(out: Path) -> None:
    texts = page_texts(out / "gap-summary.pdf")
    assert len(texts) <= 2
    assert "Contents" not in " ".join(texts)
    assert "DATA DESK · EXECUTIVE SUMMARY" in texts[0]  # the masthead
    assert pages_with(texts, "Notes and sources")  # the notes, after the text
    html = (out / "gap-summary.html").read_text()
    assert "layout-summary" in html and 'class="toc"' not in html


@pytest.mark.parametrize("output", ["full", "footnotes"])
def test_no_page_holds_only_a_tables_last_rows_or_its_source_line(out: Path, output: str) -> None:
    texts = page_texts(out / f"gap-{output}.pdf")
    source = pages_with(texts, "Countries with gaps in the series are not")
    rows = [len(re.findall(r"Africa|Asia", text.split("Note:")[0])) for text in texts]
    holding = [i for i, n in enumerate(rows) if n and "lowest life expectancy in 2007" in texts[i]]
    assert source == [holding[-1]]  # the source line with the table's last rows
    assert rows[holding[-1]] >= 3 and rows[holding[0]] >= 2
    five = pages_with(texts, r"Oceania \d")
    assert len(five) == 1 and pages_with(texts, "weighted by population[.]") == five


def test_footnotes_stand_on_their_calls_pages(out: Path) -> None:
    anchors, links = links_and_anchors(out / "gap-footnotes.pdf", "fn-")
    html = (out / "gap-footnotes.html").read_text()
    assert len(anchors) == html.count('<a class="fn-call"') > 40
    for note, page in anchors.items():
        assert links.get(note) == [page], note
