"""Charts stage: every chart block as SVG, read from the cache or drawn (charts.draw).

A chart's cache file is named by its key, a hash of everything that changes its
pixels (spec, data, palette, drawing code, matplotlib's and the font's versions);
two blocks that would draw the same picture share one file. This module only
reads the cache; the build writes what was drawn, atomically, once the build is
known to be good, so a file in the cache is always a chart drawn whole.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from importlib.metadata import version
from pathlib import Path

from ..model import ChartBlock, ChartData, Project
from ..themes import PALETTES

_CODE_HASH = hashlib.sha256(
    b"".join((Path(__file__).parent / name).read_bytes() for name in ("draw.py", "axes.py"))
).hexdigest()


def palette(project: Project) -> list[str]:
    """Chart series colours: the style's palette, else the theme's led by the style's accent."""
    style = project.config.style
    if style.palette:
        return list(style.palette)
    colours = PALETTES.get(project.config.theme, PALETTES["default"])
    return [style.accent, *colours[1:]] if style.accent else list(colours)


def chart_key(
    block: ChartBlock, data: ChartData, colours: list[str], font: str | None = None
) -> str:
    """A hash of everything that changes a chart's pixels."""
    spec = {
        "font_family": font,
        "block": block.model_dump(exclude={"id", "cite", "notes", "caption", "alt"}),
        "data": data.model_dump(exclude={"cite"}),
        "palette": colours,
        "matplotlib": version("matplotlib"),
        "code": _CODE_HASH,  # a change to how charts are drawn redraws them
        "font": version("fontpkg-fira-sans"),
    }
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:32]


class Charts(Mapping[str, str]):
    """Chart images by chart id, as templates see them: SVG data URIs.

    `draw()` reads each chart from the cache folder or draws it; `drawn` then
    maps the cache files drawn to their bytes.
    """

    def __init__(self, project: Project, cache_dir: Path | None) -> None:
        self.blocks = project.chart_blocks()
        self.data = project.charts
        self.colours = palette(project)
        self.font = project.config.style.heading_font  # charts follow the house style
        self.cache_dir = cache_dir
        self.key_of = {
            cid: chart_key(b, self.data[cid], self.colours, self.font)
            for cid, b in self.blocks.items()
        }
        self.svgs: dict[str, bytes] = {}  # by key
        self.drawn: dict[Path, bytes] = {}  # cache files to write
        self.drawn_ids: list[str] = []  # the charts drawn (not read from the cache)

    def draw(self, save: Callable[[Path, bytes], object] | None = None) -> None:
        """Read every chart from the cache, drawing those it lacks (importing matplotlib),
        in document order; `save(file, svg)` is called as each is drawn."""
        for chart_id, key in self.key_of.items():
            if key in self.svgs:
                continue
            cached = self._cached(key)
            if cached is None:
                from .draw import draw_chart

                cached = draw_chart(
                    self.blocks[chart_id], self.data[chart_id], self.colours, self.font
                )
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
        """`html` with every chart link replaced by the chart itself (a data URI)."""
        for chart_id, link in self.links.items():
            if link in html:
                html = html.replace(link, self[chart_id])
        return html

    def __getitem__(self, chart_id: str) -> str:
        key = self.key_of[chart_id]
        if key not in self.svgs:
            self.draw()
        return "data:image/svg+xml;base64," + base64.b64encode(self.svgs[key]).decode()

    def __iter__(self) -> Iterator[str]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)


__all__ = ["Charts", "chart_key", "palette"]
