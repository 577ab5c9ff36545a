"""Chart options on real data (tests/data/gapminder): numbers and units, log scales,
colours and highlights, legends, labels that fit, sizes; the kinds' registry."""

from __future__ import annotations

import base64
import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import ALPHA, MINI_FILES
from reportgen.charts import palette
from reportgen.charts.colours import MUTED
from reportgen.charts.draw import chart_figure
from reportgen.charts.numbers import Numbers
from reportgen.model import CHART_KINDS, Project
from reportgen.validate import load_project

DATA = Path(__file__).parent / "data" / "gapminder"
P20, GAP, LIFE = "data/gapminder/pop20.csv", "data/gapminder/gap2007.csv", "data/gapminder/life.csv"
CONTINENTS = "[Africa, Americas, Asia, Europe, Oceania]"


def chart(chart_id: str, **fields: str) -> str:
    spec = {"id": chart_id, "caption": chart_id, "alt": f"The {chart_id} chart.", **fields}
    return "\n".join(["  - type: chart"] + [f"    {k}: {v}" for k, v in spec.items()]) + "\n"


SPECS = [
    chart("pop", kind="bar", horizontal="true", data=P20, x="country", y="[pop]"),
    chart("gdp", kind="bar", data=P20, x="country", y="[gdpPercap]", y_format="currency"),
    chart("gdp-narrow", kind="bar", data=P20, x="country", y="[gdpPercap]", size="column"),
    chart("all-narrow", kind="bar", data=GAP, x="country", y="[lifeExp]", size="column"),
    chart("lines", kind="line", data=LIFE, x="year", y=CONTINENTS),
    chart("direct", kind="line", data=LIFE, x="year", y=CONTINENTS, legend="direct"),
    chart("right", kind="line", data=LIFE, x="year", y=CONTINENTS, legend="right"),
    chart("quiet", kind="line", data=LIFE, x="year", y=CONTINENTS, legend="none"),
    chart(
        "scatter",
        kind="scatter",
        data=GAP,
        x="gdpPercap",
        y="[lifeExp]",
        x_scale="log",
        x_format="currency",
        colour_by="continent",
        label="country",
        label_points="[China, India, United States, Nigeria, Japan, Brazil]",
    ),
    chart("highlight", kind="bar", data=P20, x="country", y="[lifeExp]", highlight="[India]"),
    chart(
        "coloured",
        kind="bar",
        data=P20,
        x="country",
        y="[lifeExp, gdpPercap]",
        colour="{lifeExp: '#123456'}",
        y_scale="log",
    ),
    chart("ranked", kind="dot", data=P20, x="country", y="[pop]", sort="ascending"),
    chart("wide", kind="lollipop", data=P20, x="country", y="[pop]", aspect="3"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("options") / "proj"
    files = {**MINI_FILES, "data/sections/alpha.yaml": ALPHA + "".join(SPECS)}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    shutil.copytree(DATA, root / "data" / "gapminder", ignore=shutil.ignore_patterns("*.md"))
    return load_project(root)


def figure(project: Project, chart_id: str, page: str = "letter") -> Any:
    import svgcheck
    from reportgen.charts.draw import draw_chart

    block, data = project.chart_blocks()[chart_id], project.charts[chart_id]
    assert svgcheck.problems(draw_chart(block, data, palette(project), None, page)) == []
    return chart_figure(block, data, palette(project), None, page)


def shown(axis: Any) -> list[str]:
    from reportgen.charts.boxes import shown_ticks

    axis.figure.draw_without_rendering()
    return [t.get_text() for t in shown_ticks(axis)]


def test_numbers_read_like_the_tables() -> None:
    label = Numbers("number").labeller([1318683096, 301139947, 2561.0])
    assert [label(v) for v in (1318683096, 301139947, 61083916)] == [
        "1.3\u2009bn",
        "301\u2009m",
        "61\u2009m",
    ]
    assert Numbers("currency").labeller([2561.2, 42952.3])(2561.2) == "$2,561"
    assert Numbers("percent").labeller([45.0, 12.0])(45.0) == "45%"
    assert Numbers("number", "millions").labeller([3.4e6])(3.4e6) == "3.4\u2009m"
    assert Numbers("decimal", "none").labeller([1318683096])(1318683096) == "1,318,683,096.0"
    assert Numbers("integer", currency="€").ticks([0, 2e8, 4e8]) == [
        "0",
        "200\u2009m",
        "400\u2009m",
    ]
    assert Numbers("currency", currency="€").ticks([-500, 0, 500]) == ["\u2212€500", "€0", "€500"]
    assert Numbers("currency").ticks([100, 1000, 1e5], log=True) == [
        "$100",
        "$1,000",
        "$100\u2009k",
    ]


def test_population_axis_reads_in_billions(project: Project) -> None:
    """Regression: the ticks ran together as '1,000,000,0001,200,000,000'."""
    ticks = shown(figure(project, "pop").axes[0].xaxis)
    assert ticks[0] == "0" and ticks[-1].endswith("\u2009bn") and len(ticks) >= 4


def test_every_one_of_twenty_bars_keeps_its_name_and_value(project: Project) -> None:
    """Regression: value labels printed over each other and 13 of the 20 bars lost their
    category name."""
    ax = figure(project, "gdp").axes[0]
    assert len(shown(ax.xaxis)) == 20
    values = [t for t in ax.texts if t.get_visible()]
    assert len(values) == 20 and {t.get_rotation() for t in values} == {90.0}
    assert values[2].get_text() == "$42,952"


def test_a_narrow_chart_names_what_fits(project: Project) -> None:
    ax = figure(project, "gdp-narrow").axes[0]
    assert len(shown(ax.xaxis)) == 20  # upright, in half the text width
    assert all(t.get_rotation() == 90 for t in ax.get_xticklabels())
    names = shown(figure(project, "all-narrow").axes[0].xaxis)
    assert 5 <= len(names) < 142  # every few names: no two touch
    warning = next(w for w in project.warnings if "142 categories leave" in w.message)
    text = (project.root / "data/sections/alpha.yaml").read_text().splitlines()
    assert text[warning.line - 1] == "    x: country"
    assert text[warning.line - 6] == "    id: all-narrow"  # the warning is at this chart's x
    assert "category is named" in warning.message


def test_log_axis_ticks_at_1_2_5_in_the_columns_format(project: Project) -> None:
    ticks = shown(figure(project, "scatter").axes[0].xaxis)
    assert {"$500", "$1,000", "$2,000", "$5,000", "$10,000"} <= set(ticks), ticks


def test_one_series_is_drawn_in_the_accent_colour(project: Project) -> None:
    from matplotlib.colors import to_hex

    bars = figure(project, "gdp").axes[0].patches
    assert {to_hex(b.get_facecolor()) for b in bars} == {palette(project)[0]}
    lines = figure(project, "lines").axes[0].get_lines()
    assert palette(project)[0] not in {to_hex(line.get_color()) for line in lines}


def test_highlight_mutes_the_rest_and_colour_names_a_series(project: Project) -> None:
    from matplotlib.colors import to_hex

    bars = figure(project, "highlight").axes[0].patches
    colours = [to_hex(b.get_facecolor()) for b in bars]
    assert colours[1] == palette(project)[0]  # India, second in the file
    assert set(colours[:1] + colours[2:]) == {MUTED}
    coloured = {to_hex(b.get_facecolor()) for b in figure(project, "coloured").axes[0].patches}
    assert coloured == {"#123456", palette(project)[2]}  # lifeExp named, gdpPercap second


def test_legends_stay_off_the_plot(project: Project) -> None:
    assert figure(project, "gdp").axes[0].get_legend() is None  # one series: none
    for chart_id, side in (("lines", "top"), ("right", "right")):
        fig = figure(project, chart_id)
        fig.draw_without_rendering()
        ax = fig.axes[0]
        legend, plot = ax.get_legend().get_window_extent(), ax.get_window_extent()
        assert legend.y0 >= plot.y1 if side == "top" else legend.x0 >= plot.x1
    assert figure(project, "quiet").axes[0].get_legend() is None


def test_direct_labels_name_each_line_at_its_end(project: Project) -> None:
    fig = figure(project, "direct")
    fig.draw_without_rendering()
    ax = fig.axes[0]
    assert ax.get_legend() is None
    names = {t.get_text(): t.get_window_extent() for t in ax.texts}
    assert sorted(names) == ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    plot = ax.get_window_extent()
    assert all(box.x0 > plot.x1 for box in names.values())
    tops = sorted((b.y0, b.y1) for b in names.values())
    assert all(b[0] - a[1] >= 1.5 for a, b in itertools.pairwise(tops))


def test_a_scatter_of_142_points_names_the_points_asked(project: Project) -> None:
    ax = figure(project, "scatter").axes[0]
    offsets = sum(len(c.get_offsets()) for c in ax.collections)
    assert offsets == 142
    named = sorted(t.get_text() for t in ax.texts if t.get_visible() and t.get_text())
    assert named == ["Brazil", "China", "India", "Japan", "Nigeria", "United States"]
    assert ax.get_xscale() == "log"


def test_dots_run_across_ranked(project: Project) -> None:
    ax = figure(project, "ranked").axes[0]
    names = shown(ax.yaxis)
    assert names[0] == "France" and names[-1] == "China"  # ascending, first on top


def test_aspect_and_size_are_honoured_by_horizontal_kinds(project: Project) -> None:
    width, height = figure(project, "wide", "a4").get_size_inches()
    assert width == pytest.approx(170 / 25.4) and width / height == pytest.approx(3)


def test_the_kinds_registry_and_the_model_agree() -> None:
    from reportgen.charts.kinds import KINDS

    assert sorted(KINDS) == sorted(CHART_KINDS)
    folder = Path(__file__).parent.parent / "src" / "reportgen" / "charts" / "kinds"
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "common"}
    assert len(modules) == len(CHART_KINDS)


def test_the_chart_cache_key_covers_every_drawing_module() -> None:
    from reportgen import charts

    folder = Path(charts.__file__).parent
    drawing = {p for p in folder.rglob("*.py") if p != folder / "__init__.py"}
    assert set(charts.CODE_FILES) == drawing and len(drawing) > 10


def test_percentages_written_as_fractions(tmp_path: Path) -> None:
    from conftest import MINI_FILES

    spec = chart("share", kind="bar", data="data/share.csv", x="region", y="[share]")
    files = {
        **MINI_FILES,
        "data/sections/alpha.yaml": ALPHA + spec + "    y_format: percent\n    fractions: true\n",
        "data/share.csv": "region,share\nNorth,0.45\nSouth,0.125\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    project = load_project(tmp_path)
    assert project.charts["share"].series["share"] == [45.0, 12.5]
    ax = chart_figure(project.chart_blocks()["share"], project.charts["share"], palette(project))
    assert sorted(t.get_text() for t in ax.axes[0].texts) == ["12.5%", "45.0%"]


def test_the_tallest_chart_stays_on_one_page_with_its_caption(tmp_path: Path) -> None:
    """142 bars down the side, a long caption, notes and sources: drawn no taller than
    the page's text block leaves, and laid out on one page, not scaled."""
    import weasyprint
    from weasyprint.formatting_structure.boxes import ReplacedBox

    from conftest import MINI_FILES
    from reportgen.charts import Charts
    from reportgen.pdf.layout import prepare_fonts
    from reportgen.render import for_print, project_environment, render_html
    from test_chart_docs import _figure_boxes

    caption = "Life expectancy in 2007 in each of the 142 countries of the data set, " * 3
    spec = chart("tall", kind="bar", data=GAP, x="country", y="[lifeExp]", horizontal="true")
    spec = spec.replace("caption: tall", f"caption: {caption.strip()}")
    spec += "    notes: " + "Unweighted; as published by Gapminder. " * 4 + "\n"
    spec += "    cite: [src-a, src-b]\n"
    files = {**MINI_FILES, "data/sections/alpha.yaml": ALPHA + spec}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    shutil.copytree(DATA, tmp_path / "data" / "gapminder", ignore=shutil.ignore_patterns("*.md"))
    project = load_project(tmp_path)
    assert any("142 categories leave" in w.message for w in project.warnings)
    env = project_environment(project)
    charts = Charts(project, None).for_output("full")
    html = for_print(render_html(project, "full", env, charts), env, project, "full")
    fonts = prepare_fonts()
    document = weasyprint.HTML(string=html).render(
        font_config=fonts.config, stylesheets=[fonts.css]
    )
    pages = {
        number
        for number, page in enumerate(document.pages)
        for _, figure in _figure_boxes(page._page_box, None)
        if figure == "figure-tall"
    }
    assert len(pages) == 1
    (image,) = [
        box
        for page in document.pages
        for box, _ in _figure_boxes(page._page_box, None)
        if isinstance(box, ReplacedBox)
    ]
    import svgcheck

    drawn = svgcheck.Chart(base64.b64decode(charts["tall"].split(",", 1)[1]))
    assert image.width == pytest.approx(drawn.width * 4 / 3, abs=0.5)
    assert image.height == pytest.approx(drawn.height * 4 / 3, abs=0.5)
