"""docs/authoring.md's chart examples, built as written from the Gapminder slices in
tests/data/gapminder, on US Letter and A4: each chart drawn at the size it is shown,
within its page's text block with its caption, kept on one page with it, and (in a
real browser) no two of its texts within 1.5 pt, no legend over its data."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from reportgen.builder import BuildOptions, build
from reportgen.model import CHART_KINDS, Project, text_block
from reportgen.model.chartpage import caption_room
from reportgen.validate import load_project
from test_html_edition import BROWSER, CHROMIUM, need

GUIDE = (REPO / "docs" / "authoring.md").read_text()
CHARTS = GUIDE.split("\n## Charts\n", 1)[1]
EXAMPLES = re.findall(r"```\{chart\}\n(.*?)```", CHARTS, re.S)
DATA = Path(__file__).parent / "data" / "gapminder"

CONFIG = """\
name: guide
sections: [charts]
outputs:
  letter: {}
  a4:
    style:
      page_size: a4
"""
SOURCES = """\
sources:
  - id: gapminder
    title: Gapminder data
    publisher: Gapminder Foundation
"""
FRONT = """\
---
title: Charts
key_points:
  - text: Life expectancy rises with income.
    cite: [gapminder]
---

"""
FIGURE = re.compile(
    r'<figure class="chart-figure chart-size-(\w+)" id="figure-([\w-]+)">\s*'
    r'<img src="data:image/svg\+xml;base64,([^"]+)"'
)


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """The examples as one section of a project, built to HTML and PDF."""
    from conftest import MINI_FILES

    root = tmp_path_factory.mktemp("guide") / "proj"
    blocks = "\n".join(f"```{{chart}}\n{spec}```\n" for spec in EXAMPLES)
    files = {
        "reportgen.yaml": CONFIG,
        "data/brief.yaml": MINI_FILES["data/brief.yaml"],
        "data/sources.yaml": SOURCES,
        "data/sections/charts.md": FRONT + blocks,
        "templates/brief.html.j2": MINI_FILES["templates/brief.html.j2"],
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    shutil.copytree(
        DATA,
        root / "data" / "gapminder",
        ignore=shutil.ignore_patterns("*.md", "gapminder*.csv"),
    )
    project = load_project(root)
    out = root / "build"
    build(project, BuildOptions(out_dir=out))
    return project, out


def svgs(out: Path, output: str) -> dict[str, tuple[str, bytes]]:
    """Each chart of an output's HTML edition: its size class and SVG."""
    html = (out / f"guide-{output}.html").read_text()
    return {cid: (size, base64.b64decode(data)) for size, cid, data in FIGURE.findall(html)}


def test_the_examples_cover_every_kind_and_build_without_a_warning(
    guide: tuple[Project, Path],
) -> None:
    project, out = guide
    assert project.warnings == []
    kinds = {b.kind for b in project.chart_blocks().values()}
    assert kinds == set(CHART_KINDS) - {"timeline"}  # the default brief shows a timeline
    assert len(svgs(out, "letter")) == len(EXAMPLES) == len(svgs(out, "a4"))


@pytest.mark.parametrize(("output", "page"), [("letter", "letter"), ("a4", "a4")])
def test_charts_are_drawn_for_their_page(
    guide: tuple[Project, Path], output: str, page: str
) -> None:
    import svgcheck

    project, out = guide
    blocks = project.chart_blocks()
    width, height = (v * 72 for v in text_block(page))
    for chart_id, (size, svg) in svgs(out, output).items():
        chart = svgcheck.Chart(svg)
        block = blocks[chart_id]
        full = width if size == "full" else (width - 18) / 2
        assert chart.width <= full + 0.01, (chart_id, chart.width, full)
        if not block.aspect or chart.width > full - 0.01:
            assert chart.width == pytest.approx(full, abs=0.01), chart_id
        if block.aspect:
            assert chart.width / chart.height == pytest.approx(block.aspect, rel=0.005)
        assert chart.height + caption_room(block, width) <= height, chart_id
        assert svgcheck.problems(svg) == [], chart_id


@pytest.mark.parametrize("output", ["letter", "a4"])
def test_each_chart_is_on_one_page_with_its_caption_at_its_own_size(
    guide: tuple[Project, Path], output: str
) -> None:
    import weasyprint
    from weasyprint.formatting_structure.boxes import ReplacedBox

    from reportgen.charts import Charts
    from reportgen.pdf.layout import prepare_fonts
    from reportgen.render import for_print, project_environment, render_html

    project, _ = guide
    env = project_environment(project)
    charts = Charts(project, None).for_output(output)
    html = for_print(render_html(project, output, env, charts), env, project, output)
    fonts = prepare_fonts()
    document = weasyprint.HTML(string=html).render(
        font_config=fonts.config, stylesheets=[fonts.css]
    )
    pages: dict[str, set[int]] = {}
    images: dict[str, float] = {}
    for number, page in enumerate(document.pages):
        for box, figure in _figure_boxes(page._page_box, None):
            pages.setdefault(figure, set()).add(number)
            if isinstance(box, ReplacedBox):
                images[figure] = box.width
    assert len(pages) == len(EXAMPLES)
    assert all(len(found) == 1 for found in pages.values()), pages  # never split
    for figure, (_, svg) in svgs(guide[1], output).items():
        import svgcheck

        drawn = svgcheck.Chart(svg).width * 4 / 3  # CSS px
        assert images[f"figure-{figure}"] == pytest.approx(drawn, abs=0.5)  # not scaled


def _figure_boxes(box: Any, figure: str | None) -> list[tuple[Any, str]]:
    """Every box inside a chart figure, with the figure's id."""
    element = getattr(box, "element", None)
    ident = element.get("id") if element is not None else None
    if getattr(box, "element_tag", "") == "figure" and ident and ident.startswith("figure-"):
        figure = ident
    found = [(box, figure)] if figure else []
    for child in getattr(box, "children", []) or []:
        found += _figure_boxes(child, figure)
    return found


def test_chart_labels_measured_in_a_browser(guide: tuple[Project, Path], tmp_path: Path) -> None:
    """Chromium's own boxes of every text (the glyph outlines matplotlib draws text as):
    none within 1.5 pt of another; no legend over a bar, line or point."""
    import svgcheck

    need(
        (shutil.which("node") is not None, "node"),
        ((BROWSER / "node_modules" / "playwright-core").is_dir(), "tests/browser/node_modules"),
        (Path(CHROMIUM).is_file(), CHROMIUM),
    )
    files = []
    for output in ("letter", "a4"):
        for chart_id, (_, svg) in svgs(guide[1], output).items():
            files.append(tmp_path / f"{output}-{chart_id}.svg")
            files[-1].write_bytes(svg)
    done = subprocess.run(
        ["node", str(BROWSER / "chartboxes.mjs"), CHROMIUM, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    for file in files:
        found = measured[str(file)]
        texts = found["texts"]
        assert len(texts) == len(svgcheck.Chart(file.read_bytes()).texts()), file.name
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                gap = max(
                    b["x0"] - a["x1"], a["x0"] - b["x1"], b["y0"] - a["y1"], a["y0"] - b["y1"]
                )
                assert gap >= 1.5, (file.name, a, b)
        assert found["covered"] == [], file.name
    assert any(m["legend"] for m in measured.values())  # legends were there to measure
