"""Charts from CSV: vector SVG with alt text, cached by content, located errors."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import ALPHA, Built, MakeProject
from reportgen.builder import BuildOptions, build
from reportgen.errors import ValidationFailed
from reportgen.model import ChartBlock, ChartData
from reportgen.validate import load_project

SERIES = "year,exports,imports,source\n2021,10,4,src-a\n2022,12.5,6,src-a\n2023,15,5,src-b\n"
EVENTS = (
    "date,label,source\n1954-12-02,Treaty signed,src-a\n1979-04,Act enacted,src-b\n2025,Now,src-a\n"
)


def chart(kind: str, **fields: str) -> str:
    spec = {
        "id": f"c-{kind.replace('_', '-')}",
        "kind": kind,
        "data": "data/series.csv",
        "x": "year",
        "caption": f"A {kind} chart",
        "alt": f"What the {kind} chart shows",
        "cite_column": "source",
        **fields,
    }
    lines = ["  - type: chart"] + [f"    {k}: {v}" for k, v in spec.items()]
    return "\n".join(lines) + "\n"


CHARTS = ALPHA + (
    chart("bar", y="[exports, imports]")
    + chart("stacked_bar", y="[exports, imports]", horizontal="true")
    + chart("line", y="[exports]", x_label="Year", y_label="Value")
    + chart("timeline", data="data/events.csv", x="date", label="label")
)


@pytest.fixture
def chart_project(make_project: MakeProject) -> Path:
    return make_project(
        {"data/sections/alpha.yaml": CHARTS, "data/series.csv": SERIES, "data/events.csv": EVENTS}
    )


def svgs_in(html: str) -> dict[str, bytes]:
    found = re.findall(
        r'<figure class="chart-figure chart-size-\w+" id="figure-([\w-]+)">\s*'
        r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)">',
        html,
    )
    return {chart_id: base64.b64decode(data) for chart_id, data, _alt in found}


def test_every_kind_draws_vector_svg_with_alt_text(chart_project: Path, tmp_path: Path) -> None:
    result = build(load_project(chart_project), BuildOptions(out_dir=tmp_path))
    html = (tmp_path / "mini-full.html").read_text()
    svgs = svgs_in(html)
    assert sorted(svgs) == ["c-bar", "c-line", "c-stacked-bar", "c-timeline"]
    for svg in svgs.values():
        assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
        assert b"<image" not in svg  # nothing rasterised inside
    assert 'alt="What the timeline chart shows"' in html
    assert sorted(result.charts_drawn) == sorted(svgs)
    # In the PDF the charts stay vector: no image XObject anywhere.
    for page in PdfReader(tmp_path / "mini-full.pdf").pages:
        xobjects = page["/Resources"].get("/XObject", {})
        assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())


def test_charts_are_numbered_figures_with_sources(chart_project: Path, tmp_path: Path) -> None:
    build(load_project(chart_project), BuildOptions(out_dir=tmp_path, formats=["pdf"]))
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "mini-full.pdf").pages)
    for n, kind in enumerate(["bar", "stacked_bar", "line", "timeline"], start=1):
        assert f"Figure {n}. A {kind} chart" in text


def test_changing_one_value_redraws_exactly_that_chart(chart_project: Path, tmp_path: Path) -> None:
    first = build(load_project(chart_project), BuildOptions(out_dir=tmp_path, formats=["html"]))
    assert len(first.charts_drawn) == 4
    before = svgs_in((tmp_path / "mini-full.html").read_text())
    again = build(load_project(chart_project), BuildOptions(out_dir=tmp_path, formats=["html"]))
    assert again.charts_drawn == []  # all four from the cache
    (chart_project / "data/events.csv").write_text(EVENTS.replace("Act enacted", "Act passed"))
    changed = build(load_project(chart_project), BuildOptions(out_dir=tmp_path, formats=["html"]))
    assert changed.charts_drawn == ["c-timeline"]
    after = svgs_in((tmp_path / "mini-full.html").read_text())
    assert [k for k in before if before[k] != after[k]] == ["c-timeline"]


def test_drawing_is_deterministic(chart_project: Path, tmp_path: Path) -> None:
    from reportgen.charts.draw import draw_chart
    from reportgen.themes import PALETTES

    project = load_project(chart_project)
    blocks = project.chart_blocks()
    for chart_id, block in blocks.items():
        data = project.charts[chart_id]
        assert draw_chart(block, data, PALETTES["default"]) == draw_chart(
            block, data, PALETTES["default"]
        )


def test_cached_build_and_validate_do_not_import_matplotlib(
    chart_project: Path, tmp_path: Path
) -> None:
    build(load_project(chart_project), BuildOptions(out_dir=tmp_path, formats=["html"]))
    probe = (
        "import sys\nfrom reportgen.cli import main\n"
        f"assert main(['validate', {str(chart_project)!r}]) == 0\n"
        "assert 'matplotlib' not in sys.modules, 'validate imported matplotlib'\n"
        f"assert main(['build', {str(chart_project)!r}, '--out', {str(tmp_path)!r},"
        " '--format', 'html']) == 0\n"
        "assert 'matplotlib' not in sys.modules, 'a cached build imported matplotlib'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (
            {"data/sections/alpha.yaml": ALPHA + chart("bar", y="[exprts]")},
            ("alpha.yaml", 17, 9),
            "column 'exprts' not found in data/series.csv",
        ),
        (
            {
                "data/sections/alpha.yaml": ALPHA + chart("bar", y="[exports]"),
                "data/series.csv": SERIES.replace("12.5", "n/a"),
            },
            ("series.csv", 3, 6),
            "row 2, column 'exports': 'n/a' is not a number",
        ),
        (
            {"data/sections/alpha.yaml": ALPHA + chart("pie", y="[exports]")},
            ("alpha.yaml", 11, 11),
            "kind of the chart c-pie (line 9): Input should be 'bar', 'stacked_bar', 'line', "
            "'timeline', 'scatter', 'dot' or 'lollipop' (got 'pie')",
        ),
        (
            {
                "data/sections/alpha.yaml": ALPHA
                + chart("bar", y="[exports]").replace("    alt: What the bar chart shows\n", "")
            },
            ("alpha.yaml", 9, 5),
            "missing required key 'alt' in the chart c-bar (line 9)",
        ),
        (
            {
                "data/sections/alpha.yaml": ALPHA + chart("timeline", label="label"),
                "data/series.csv": "year,label,source\nlast year,x,src-a\n",
            },
            ("series.csv", 2, 1),
            "row 1, column 'year': 'last year' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD) "
            "(timeline charts need dates in 'year')",
        ),
    ],
    ids=["missing-column", "non-numeric-cell", "unknown-kind", "no-alt-text", "timeline-date"],
)
def test_bad_chart_input_is_located(
    make_project: MakeProject, edit: dict[str, str], where: tuple[str, int, int], message: str
) -> None:
    root = make_project({"data/series.csv": SERIES, **edit})
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    found = [(Path(p.path).name, p.line, p.col, p.message) for p in info.value.problems]
    assert (*where, message) in found, found


def test_default_brief_charts(default_builds: dict[str, Built]) -> None:
    html = default_builds["plain"].html.read_text()
    svgs = svgs_in(html)
    assert sorted(svgs) == ["himars-deliveries", "timeline-chart"]
    assert 'alt="A horizontal bar for the 29 HIMARS launchers Taiwan ordered: 11' in html
    # The tagged PDF carries each chart's alternative text on its Figure element.
    root = PdfReader(default_builds["ua"].pdf).trailer["/Root"]
    figures = [
        str(e["/Alt"]) for e in struct_elements(root["/StructTreeRoot"]) if e.get("/S") == "/Figure"
    ]
    assert len(figures) == 2
    assert figures[0].startswith("A timeline of eight events")
    assert figures[1].startswith("A horizontal bar for the 29 HIMARS launchers")


def struct_elements(node: Any) -> Iterator[Any]:
    """Every structure element below a node of a tagged PDF, in document order."""
    kids = node.get_object().get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if isinstance(kid, dict) and "/S" in kid:
            yield kid
            yield from struct_elements(kid)


def test_chart_model_requires_alt_text() -> None:
    assert ChartBlock.model_fields["alt"].is_required()
    assert ChartData(x=["a"], series={"v": [1.0]}).labels == []


def test_parallel_build_draws_the_charts_the_same(chart_project: Path, tmp_path: Path) -> None:
    """Charts drawn before layout: the PDF from a worker is the one built in-process."""
    from reportgen.builder import BuildOptions, build_project

    serial = build(load_project(chart_project), BuildOptions(out_dir=tmp_path / "serial", jobs=1))
    cold = build_project(chart_project, BuildOptions(out_dir=tmp_path / "parallel", jobs=2))
    assert (
        sorted(cold.charts_drawn)
        == sorted(serial.charts_drawn)
        == [
            "c-bar",
            "c-line",
            "c-stacked-bar",
            "c-timeline",
        ]
    )
    pdf = (tmp_path / "parallel" / "mini-full.pdf").read_bytes()
    assert pdf == (tmp_path / "serial" / "mini-full.pdf").read_bytes()
    reader = PdfReader(tmp_path / "parallel" / "mini-full.pdf")
    assert any("Figure 4" in page.extract_text() for page in reader.pages)


def test_a_chart_cache_file_that_is_not_whole_is_drawn_again(
    chart_project: Path, tmp_path: Path
) -> None:
    """Regression: an interrupted drawing left a marker that made later builds lay the PDF
    out without the chart. The cache now holds only whole charts, and a damaged file is
    redrawn."""
    build(load_project(chart_project), BuildOptions(out_dir=tmp_path, formats=["html"]))
    cache = tmp_path / ".cache" / "charts"
    files = sorted(cache.glob("*.svg"))
    assert len(files) == 4 and not list(cache.glob("*.failed"))
    files[0].write_bytes(files[0].read_bytes()[:100])  # cut short, as by a crash
    (cache / f"{files[1].stem}.failed").touch()  # a marker as old builds left them
    again = build(load_project(chart_project), BuildOptions(out_dir=tmp_path, force=True))
    assert len(again.charts_drawn) == 1
    assert files[0].read_bytes().rstrip().endswith(b"</svg>")
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "mini-full.pdf").pages)
    assert all(f"Figure {n}." in text for n in (1, 2, 3, 4))


def test_a_chart_that_fails_to_draw_fails_the_build_and_writes_nothing(
    chart_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.charts.draw
    from reportgen.builder import BuildOptions, build_project

    def broken(*args: Any) -> bytes:
        raise ValueError("matplotlib is broken")

    monkeypatch.setattr(reportgen.charts.draw, "draw_chart", broken)
    with pytest.raises(ValueError, match="matplotlib is broken"):
        build_project(chart_project, BuildOptions(out_dir=tmp_path / "out", jobs=2))
    assert not (tmp_path / "out").exists()


def test_draft_watermark_is_drawn_over_charts(make_project: MakeProject, tmp_path: Path) -> None:
    from pypdf.generic import ContentStream

    from conftest import CONFIG

    config = CONFIG.replace(
        "    template: brief.html.j2\n", "    template: brief.html.j2\n    draft: true\n"
    )
    root = make_project(
        {
            "reportgen.yaml": config,
            "data/sections/alpha.yaml": ALPHA + chart("bar", y="[exports, imports]"),
            "data/series.csv": SERIES,
        }
    )
    build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["pdf"]))
    reader = PdfReader(tmp_path / "mini-full.pdf")
    pages = []
    for page in reader.pages:
        ops = ContentStream(page.get_contents(), reader).operations
        turned = [  # the watermark's rotation
            n
            for n, (args, op) in enumerate(ops)
            if op == b"cm" and abs(float(args[0]) - 0.819) < 0.01 and float(args[1]) < 0
        ]
        fills = [n for n, (_args, op) in enumerate(ops) if op in (b"f", b"f*", b"B", b"B*")]
        pages.append((len(ops), turned, fills))
    chart_page = max(pages)  # the chart's paths make it the longest page
    assert chart_page[1], "no watermark on the chart page"
    assert chart_page[1][0] > chart_page[2][-1]  # painted after every filled shape
