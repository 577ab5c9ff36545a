"""Context stage: what one output's templates see (validated model, citations, options)."""

from __future__ import annotations

import base64
import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from . import __version__
from .filters import format_date
from .model import BriefSection, OutputConfig, Project, Source, Style


@dataclass
class Citations:
    """Numbers sources in order of first citation while a template renders."""

    sources: dict[str, Source]
    order: list[str] = field(default_factory=list)
    refs: dict[str, list[str]] = field(default_factory=dict)

    def __call__(self, ids: list[str]) -> Markup:
        """A citation marker for `ids`: superscript numbers linking to the endnotes."""
        links = []
        for source_id in ids:
            if source_id not in self.order:
                self.order.append(source_id)
                self.refs[source_id] = []
            number = self.order.index(source_id) + 1
            anchor = f"cite-{number}-{len(self.refs[source_id]) + 1}"
            self.refs[source_id].append(anchor)
            links.append(
                Markup('<a href="#note-{n}" id="{a}" role="doc-noteref">{n}</a>').format(
                    n=number, a=anchor
                )
            )
        if not links:
            return Markup("")
        return Markup('<sup class="cite">[') + Markup(", ").join(links) + Markup("]</sup>")

    def endnotes(self) -> list[Endnote]:
        """The cited sources, numbered in order of first use, with links back to each use."""
        return [
            Endnote(i + 1, self.sources[sid], self.refs[sid]) for i, sid in enumerate(self.order)
        ]


@dataclass(frozen=True)
class Endnote:
    """One numbered entry of the notes list."""

    number: int
    source: Source
    backrefs: list[str]


@dataclass(frozen=True)
class Output:
    """The output being built, as templates see it."""

    name: str
    config: OutputConfig

    @property
    def draft(self) -> bool:
        return self.config.draft


def timestamp(project: Project) -> dt.datetime:
    """The build's fixed timestamp: SOURCE_DATE_EPOCH if set, else the brief's date (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.combine(project.meta.date, dt.time(), dt.UTC)


def selected_sections(project: Project, config: OutputConfig) -> list[BriefSection]:
    """The sections an output includes, in the output's order (default: all)."""
    if config.sections is None:
        return list(project.sections)
    by_id = {s.id: s for s in project.sections}
    return [by_id[sid] for sid in config.sections]


def build_context(
    project: Project, output_name: str, charts: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The variables one output's templates render with.

    `charts` maps chart ids to image URIs; without it (template checks) every
    chart is a placeholder, so nothing is drawn.
    """
    from .charts import ChartImages

    config = project.config.outputs[output_name]
    if charts is None:
        charts = ChartImages(
            project.chart_blocks(), project.charts, palette(project), None, draw=False
        )
    return {
        "brief": project.meta,
        "marking": config.marking or project.meta.marking,
        "sections": selected_sections(project, config),
        "sources": project.sources,
        "tables": project.tables,
        "charts": charts,
        "chart_data": project.charts,
        "output": Output(output_name, config),
        "theme": project.config.theme,
        "house_style": house_style(project.config.style),
        "logo": logo_uri(project),
        "cite": Citations(project.sources),
        "timestamp": timestamp(project),
        "generator": f"reportgen {__version__}",
    }


# Where each house-style setting goes among the theme's CSS custom properties.
STYLE_PROPERTIES = {
    "accent": "--rg-accent",
    "accent_soft": "--rg-accent-soft",
    "text": "--rg-text",
    "muted": "--rg-muted",
    "marking": "--rg-marking",
}
FONT_FALLBACKS = {
    "body_font": ("--rg-font-body", "Georgia, serif"),
    "heading_font": ("--rg-font-head", "Helvetica, Arial, sans-serif"),
}
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


def house_style(style: Style) -> Markup:
    """The house style as CSS that follows the theme's (values are checked by the model)."""
    props = [
        f"  {prop}: {getattr(style, key)};"
        for key, prop in STYLE_PROPERTIES.items()
        if getattr(style, key)
    ]
    for key, (prop, fallback) in FONT_FALLBACKS.items():
        if getattr(style, key):
            props.append(f'  {prop}: "{getattr(style, key)}", {fallback};')
    css = ":root {\n" + "\n".join(props) + "\n}\n" if props else ""
    return Markup(css + page_size_css(style))


def page_size_css(style: Style) -> str:
    """@page rules for the house page size (they must come after every other @page rule)."""
    if not style.page_size:
        return ""
    size = style.page_size
    return f"@page {{ size: {size}; }}\n@page landscape {{ size: {size} landscape; }}\n"


def logo_uri(project: Project) -> str | None:
    """The house-style logo as a data URI (checked to be an image inside the project)."""
    if not project.config.style.logo:
        return None
    path = project.resolve(project.config.style.logo)
    data = base64.b64encode(path.read_bytes()).decode()
    return f"data:{IMAGE_TYPES[path.suffix.lower()]};base64,{data}"


def palette(project: Project) -> list[str]:
    """Chart series colours: the style's palette, else the theme's led by the style's accent."""
    from .charts import PALETTES

    style = project.config.style
    if style.palette:
        return list(style.palette)
    colours = PALETTES.get(project.config.theme, PALETTES["default"])
    return [style.accent, *colours[1:]] if style.accent else list(colours)


def source_reference(source: Source) -> Markup:
    """A source as a bibliography line: author, title, publisher, date, address."""
    parts: list[Markup] = []
    if source.author:
        parts.append(escape(source.author))
    parts.append(Markup("<cite>{}</cite>").format(source.title))
    if source.publisher:
        parts.append(escape(source.publisher))
    if source.date:
        parts.append(escape(format_date(source.date)))
    else:
        parts.append(Markup("undated"))
    text = Markup(", ").join(parts) + Markup(".")
    if source.url:
        text += Markup(' <a class="url" href="{0}">{0}</a>').format(source.url)
        if source.accessed:
            text += Markup(" (accessed {})").format(format_date(source.accessed))
        text += Markup(".")
    if source.note:
        text += Markup(' <span class="source-note">{}</span>').format(source.note)
    return text
