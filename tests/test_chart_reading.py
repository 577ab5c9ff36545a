"""Charts of real-length series read well: no overlapping tick labels, value labels and
markers only where they fit, axis numbers like the tables', a size for narrow columns, and
the house style's font. The data are made up in the test (fixtures, not facts)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from conftest import ALPHA
from reportgen.charts import palette
from reportgen.charts.draw import chart_figure
from reportgen.model import Project
from reportgen.validate import load_project


def quarterly(rows: int = 203) -> str:
    lines = ["period,gdp,unemp"]
    for i in range(rows):
        year, q = 1959 + i // 4, i % 4
        lines.append(f"{year}-{3 * q + 1:02d},{2700 + 37.31 * i:.2f},{4 + (i % 9) / 3:.2f}")
    return "\n".join(lines) + "\n"


def annual(years: int = 49) -> str:
    return "year,growth\n" + "".join(f"{1960 + i},{1 + (i % 7) * 0.6:.1f}\n" for i in range(years))


def chart(chart_id: str, **fields: str) -> str:
    spec = {"id": chart_id, "caption": chart_id, "alt": f"The {chart_id} chart.", **fields}
    return "\n".join(["  - type: chart"] + [f"    {k}: {v}" for k, v in spec.items()]) + "\n"


SPECS = (
    chart("bars", kind="bar", data="data/annual.csv", x="year", y="[growth]")
    + chart("line", kind="line", data="data/q.csv", x="period", y="[gdp]")
    + chart("narrow", kind="line", data="data/q.csv", x="period", y="[gdp]", size="column")
    + chart("narrow-bars", kind="bar", data="data/annual.csv", x="year", y="[growth]").replace(
        "y: [growth]", "y: [growth]\n    size: column\n    y_format: percent"
    )
    + chart(
        "few",
        kind="bar",
        data="data/annual.csv",
        x="year",
        y="[growth]",
        labels="true",
    )
    + chart("marked", kind="line", data="data/q.csv", x="period", y="[unemp]", markers="true")
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    from conftest import MINI_FILES

    root = tmp_path_factory.mktemp("reading") / "proj"
    files = {
        **MINI_FILES,
        "data/sections/alpha.yaml": ALPHA + SPECS,
        "data/q.csv": quarterly(),
        "data/annual.csv": annual(),
        "reportgen.yaml": MINI_FILES["reportgen.yaml"] + "style:\n  heading_font: IBM Plex Serif\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return load_project(root)


def figure(project: Project, chart_id: str) -> Any:
    block = project.chart_blocks()[chart_id]
    font = project.config.style.heading_font
    return chart_figure(block, project.charts[chart_id], palette(project), font)


def shown_ticks(fig: Any) -> list[Any]:
    ax = fig.axes[0]
    low, high = sorted(ax.get_xlim())
    return [
        t
        for t in ax.get_xticklabels()
        if t.get_visible() and t.get_text() and low <= t.get_position()[0] <= high
    ]


@pytest.mark.parametrize("chart_id", ["bars", "line", "narrow", "narrow-bars"])
def test_tick_labels_never_overlap(project: Project, chart_id: str) -> None:
    fig = figure(project, chart_id)
    fig.draw_without_rendering()
    boxes = sorted((b.x0, b.x1) for b in (t.get_window_extent() for t in shown_ticks(fig)))
    assert len(boxes) >= 3
    assert all(b[0] > a[1] for a, b in itertools.pairwise(boxes)), boxes


def test_value_labels_and_markers_only_where_they_fit(project: Project) -> None:
    assert len(figure(project, "bars").axes[0].texts) == 0  # 49 bars: no value labels
    assert len(figure(project, "few").axes[0].texts) == 49  # labels: true
    (line,) = figure(project, "line").axes[0].get_lines()
    assert line.get_marker() in (None, "None", "")  # 203 points: no markers
    (marked,) = figure(project, "marked").axes[0].get_lines()
    assert marked.get_marker() == "o"


def test_axis_numbers_are_formatted_like_tables(project: Project) -> None:
    fig = figure(project, "line")
    fig.draw_without_rendering()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert any("," in label for label in labels) and all("." not in lb for lb in labels)
    fig = figure(project, "narrow-bars")
    fig.draw_without_rendering()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert labels and all(label.endswith("%") for label in labels)


def test_column_charts_are_drawn_at_column_width_in_the_house_font(project: Project) -> None:
    full, narrow = figure(project, "line"), figure(project, "narrow")
    assert full.get_size_inches()[0] == pytest.approx((215.9 - 40) / 25.4)  # letter less margins
    assert narrow.get_size_inches()[0] == pytest.approx(((215.9 - 40) / 25.4 - 0.25) / 2)
    tick = shown_ticks(narrow)[0]
    assert tick.get_fontsize() >= 7.5  # shown at its own size: the body's footnote size
    assert tick.get_fontfamily()[0] == "IBM Plex Serif"
    from matplotlib import font_manager

    assert "IBMPlexSerif" in font_manager.findfont(tick.get_fontproperties())


def test_column_chart_keeps_its_drawn_size_in_the_page(project: Project) -> None:
    from reportgen.render import render_html

    page = render_html(project, "full")
    assert 'class="chart-figure chart-size-column" id="figure-narrow"' in page
    assert 'class="chart-figure chart-size-full" id="figure-line"' in page


def test_thinned_date_ticks_stay_on_whole_years(project: Project) -> None:
    import datetime as dt
    import re

    from reportgen.model import ChartBlock, ChartData

    weeks = [(dt.date(1959, 1, 1) + dt.timedelta(days=7 * i)).isoformat() for i in range(160)]
    block = ChartBlock.model_validate(
        {"type": "chart", "id": "w", "kind": "line", "data": "d.csv", "x": "d", "y": ["v"]}
        | {"caption": "c", "alt": "a", "size": "column", "aspect": 2.5}
    )
    data = ChartData(x=weeks, series={"v": [float(i) for i in range(160)]}, labels=[], cite=[])
    fig = chart_figure(block, data, ["#123456"])
    fig.draw_without_rendering()
    ticks = shown_ticks(fig)
    assert ticks and all(re.fullmatch(r"\d{4}", t.get_text()) for t in ticks)
    boxes = sorted((b.x0, b.x1) for b in (t.get_window_extent() for t in ticks))
    assert all(b[0] > a[1] for a, b in itertools.pairwise(boxes)), boxes
