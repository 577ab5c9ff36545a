"""Charts stage: every chart block as SVG, read from the cache or drawn (charts.draw).

A chart is drawn at the size it is shown, so once for each page size the outputs
use (letter, a4: their text blocks differ). Its cache file is named by its key, a
hash of everything that changes its pixels (spec, data, palette, page, drawing
code, matplotlib's and the font's versions); two blocks that would draw the same
picture share one file. This module only
reads the cache; the build writes what was drawn, atomically, once the build is
known to be good, so a file in the cache is always a chart drawn whole.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from importlib.metadata import version
from pathlib import Path

from ..model import ChartBlock, ChartData, Project, output_pages
from ..model.chartpage import DEFAULT_PAGE
from ..themes import PALETTES

# Every drawing module: a change to how charts are drawn redraws them.
_HERE = Path(__file__).parent
CODE_FILES = sorted(p for p in _HERE.rglob("*.py") if p != _HERE / "__init__.py")
_CODE_HASH = hashlib.sha256(
    b"".join(p.relative_to(_HERE).as_posix().encode() + p.read_bytes() for p in CODE_FILES)
).hexdigest()


def palette(project: Project) -> list[str]:
    """A chart's colours: the accent first (a single series, highlights), then the series
    colours (the style's palette, else the theme's)."""
    style = project.config.style
    theme = PALETTES.get(project.config.theme, PALETTES["default"])
    series = list(style.palette) if style.palette else theme[1:]
    return [style.accent or theme[0], *series]


def chart_key(
    block: ChartBlock,
    data: ChartData,
    colours: list[str],
    font: str | None = None,
    page: str = DEFAULT_PAGE,
) -> str:
    """A hash of everything that changes a chart's pixels."""
    spec = {
        "font_family": font,
        "page": page,
        "block": block.model_dump(exclude={"id", "cite", "notes", "caption", "alt"}),
        "data": data.model_dump(exclude={"cite"}),
        "palette": colours,
        "matplotlib": version("matplotlib"),
        "code": _CODE_HASH,
        "font": version("fontpkg-fira-sans"),
    }
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:32]


class Charts(Mapping[str, str]):
    """Chart images by chart id, as templates see them: SVG data URIs, drawn for the
    project's own page size (`for_output(name)`: for that output's page size).

    `draw()` reads each chart from the cache folder or draws it; `drawn` then
    maps the cache files drawn to their bytes.
    """

    def __init__(self, project: Project, cache_dir: Path | None) -> None:
        self.blocks = project.chart_blocks()
        self.data = project.charts
        self.colours = palette(project)
        self.font = project.config.style.heading_font  # charts follow the house style
        self.cache_dir = cache_dir
        self.pages = output_pages(project.config)
        self.page = project.config.style.page_size or DEFAULT_PAGE
        self.by_page: dict[tuple[str, str], str] = {
            (page, cid): chart_key(b, self.data[cid], self.colours, self.font, page)
            for page in dict.fromkeys([self.page, *self.pages.values()])
            for cid, b in self.blocks.items()
        }
        self.key_of = {cid: self.by_page[self.page, cid] for cid in self.blocks}
        self.svgs: dict[str, bytes] = {}  # by key
        self.drawn: dict[Path, bytes] = {}  # cache files to write
        self.drawn_ids: list[str] = []  # the charts drawn (not read from the cache)
        self._needed: set[str] = set()  # the page sizes asked for

    def for_output(self, output: str) -> Charts:
        """The charts as one output shows them: drawn for its page size."""
        page = self.pages.get(output, self.page)
        self._needed.add(page)
        if page == self.page:
            return self
        view = copy.copy(self)
        view.page = page
        view.key_of = {cid: self.by_page[page, cid] for cid in self.blocks}
        return view

    def links_for(self, output: str) -> dict[str, str]:
        """`links` for one output's page size."""
        return self.for_output(output).links

    def draw(self, save: Callable[[Path, bytes], object] | None = None) -> None:
        """Read every chart from the cache, drawing those it lacks (importing matplotlib),
        in document order, for each page size asked for; `save(file, svg)` is called as
        each is drawn."""
        for (page, chart_id), key in self.by_page.items():
            if key in self.svgs or page not in self._needed:
                continue
            cached = self._cached(key)
            if cached is None:
                from .draw import draw_chart

                cached = draw_chart(
                    self.blocks[chart_id], self.data[chart_id], self.colours, self.font, page
                )
                if chart_id not in self.drawn_ids:
                    self.drawn_ids.append(chart_id)
                if self.cache_dir is not None:
                    self.drawn[self.cache_dir / f"{key}.svg"] = cached
                    if save is not None:
                        save(self.cache_dir / f"{key}.svg", cached)
            self.svgs[key] = cached

    def _cached(self, key: str) -> bytes | None:
        """A chart's SVG from the cache, if it is there and whole."""
        if self.cache_dir is None:
            return None
        try:
            svg = (self.cache_dir / f"{key}.svg").read_bytes()
        except OSError:
            return None
        return svg if svg.rstrip().endswith(b"</svg>") else None

    @property
    def links(self) -> dict[str, str]:
        """Each chart as `chart:KEY.svg`: what the print document names it by, known before
        it is drawn (the PDF's fetcher reads it from the cache, see pdf.fetch)."""
        return {cid: f"chart:{key}.svg" for cid, key in self.key_of.items()}

    def inline(self, html: str) -> str:
        """`html` with every chart link (of any page size) replaced by the chart itself."""
        for key in dict.fromkeys(self.by_page.values()):
            link = f"chart:{key}.svg"
            if link in html:
                html = html.replace(link, self._uri(key))
        return html

    def __getitem__(self, chart_id: str) -> str:
        return self._uri(self.key_of[chart_id])

    def _uri(self, key: str) -> str:
        if key not in self.svgs:
            self._needed |= {page for (page, _), k in self.by_page.items() if k == key}
            self.draw()
        return "data:image/svg+xml;base64," + base64.b64encode(self.svgs[key]).decode()

    def __iter__(self) -> Iterator[str]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)


__all__ = ["CODE_FILES", "Charts", "chart_key", "palette"]
