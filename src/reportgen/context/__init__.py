"""Context stage: what one output's templates see (validated model, citations, options)."""

from __future__ import annotations

import base64
import datetime as dt
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .. import __version__
from ..model import BriefSection, OutputConfig, Project
from .citations import Citations, Endnote, separate_calls, source_reference
from .csl import citation_style
from .editions import edition_context
from .style import house_style, logo_uri, page_size_css
from .xrefs import CrossReferences

__all__ = [
    "Citations",
    "CrossReferences",
    "Endnote",
    "Output",
    "Uses",
    "build_context",
    "house_style",
    "logo_uri",
    "marking",
    "page_size_css",
    "separate_calls",
    "source_reference",
    "timestamp",
]


@dataclass(frozen=True)
class Output:
    """The output being built, as templates see it."""

    name: str
    config: OutputConfig

    @property
    def draft(self) -> bool:
        return self.config.draft

    @property
    def section_breaks(self) -> str:
        return self.config.section_breaks


def timestamp(project: Project) -> dt.datetime:
    """The build's fixed timestamp: SOURCE_DATE_EPOCH if set, else the brief's date (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.combine(project.meta.date, dt.time(), dt.UTC)


def marking(project: Project, output_name: str | None = None) -> str:
    """The handling marking an output prints on every page: the output's own, else the
    brief's; empty when there is none. The one source of the running banner."""
    config = project.config.outputs.get(output_name or "")
    return (config.marking if config else None) or project.meta.marking or ""


def selected_sections(project: Project, config: OutputConfig) -> list[BriefSection]:
    """The sections an output includes, in the output's order (default: all)."""
    if config.sections is None:
        return list(project.sections)
    by_id = {s.id: s for s in project.sections}
    return [by_id[sid] for sid in config.sections]


@dataclass
class Uses:
    """What one output's templates read: template files, and tables and charts by id."""

    templates: set[str] = field(default_factory=set)
    tables: set[str] = field(default_factory=set)
    charts: set[str] = field(default_factory=set)


V = TypeVar("V")


class Recorded(Mapping[str, V]):
    """A mapping that notes each key a template reads (all of them, if it iterates)."""

    def __init__(self, data: Mapping[str, V], seen: set[str]) -> None:
        self.data, self.seen = data, seen

    def __getitem__(self, key: str) -> V:
        value = self.data[key]
        self.seen.add(key)
        return value

    def __iter__(self) -> Iterator[str]:
        self.seen.update(self.data)
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def build_context(
    project: Project,
    output_name: str,
    charts: Mapping[str, str] | None = None,
    uses: Uses | None = None,
) -> dict[str, Any]:
    """The variables one output's templates render with (its edition's, if the project
    has parameters); `uses` notes the tables and charts they read.

    `charts` maps chart ids to image URIs; without it (template checks) every
    chart is a placeholder, so nothing is drawn.
    """
    project = project.for_output(output_name)
    config = project.config.outputs[output_name]
    uses = uses or Uses()
    project, editions = edition_context(project, output_name)  # marked, for a redline
    return {
        "brief": project.meta,
        "params": project.params,
        "marking": marking(project, output_name),
        "sections": selected_sections(project, config),
        "sources": project.sources,
        "tables": Recorded(project.tables, uses.tables),
        "charts": Recorded(charts if charts is not None else Placeholders(project), uses.charts),
        "chart_data": Recorded(project.charts, uses.charts),
        "output": Output(output_name, config),
        "theme": project.config.theme,
        "house_style": house_style(config.merged_style(project.config.style)),
        "logo": logo_uri(project, config.merged_style(project.config.style).logo),
        "cite": Citations(
            project.sources,
            footnotes=config.notes == "footnotes",
            style=citation_style(project),
        ),
        "xref": CrossReferences(selected_sections(project, config)),
        "timestamp": timestamp(project),
        "generator": f"reportgen {__version__}",
        **editions,
    }


PLACEHOLDER = (
    "data:image/svg+xml;base64,"
    + base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>').decode()
)


class Placeholders(Mapping[str, str]):
    """Every chart as a 1x1 image: for checking templates without drawing anything."""

    def __init__(self, project: Project) -> None:
        self.ids = list(project.chart_blocks())

    def __getitem__(self, chart_id: str) -> str:
        if chart_id not in self.ids:
            raise KeyError(chart_id)
        return PLACEHOLDER

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)
