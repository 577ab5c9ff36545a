"""What validation derives for templates: prepared tables and charts, the whole project."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..errors import Problem
from ..project import resolved
from .blocks import Column
from .charts import ChartBlock
from .config import ProjectConfig
from .content import Block, BriefMeta, Section, Source
from .types import Slug


class RowCells(BaseModel):
    """One table row prepared for a template: cells formatted for display, sources cited."""

    model_config = ConfigDict(frozen=True)
    cells: list[str]
    cite: list[str] = Field(default_factory=list)


class ChartData(BaseModel):
    """A chart's series read from its file, ready to draw."""

    model_config = ConfigDict(frozen=True)
    x: list[str] = Field(description="categories, numbers or ISO dates, as text")
    series: dict[str, list[float | None]] = Field(description="by column name, one per `y`")
    labels: list[str] = Field(
        default_factory=list, description="timeline event labels; scatter point names"
    )
    groups: list[str] = Field(default_factory=list, description="each row's `colour_by` group")
    sizes: list[float | None] = Field(default_factory=list, description="scatter: `size_by`")
    cite: list[str] = Field(default_factory=list, description="sources cited by its rows")


class TableData(BaseModel):
    """A loaded table, ready for a template: shown columns, formatted rows, optional total."""

    model_config = ConfigDict(frozen=True)
    path: Path
    columns: list[Column]
    rows: list[RowCells]
    total: list[str] | None = None
    layout: Literal["normal", "compact", "landscape"] = "normal"


class QuotationCount(BaseModel):
    """How many of the brief's quotations were checked against a snapshot, and how many
    could not be (a cited source has no snapshot, or the quotation cites none)."""

    model_config = ConfigDict(frozen=True)
    checked: int = 0
    unchecked: int = 0
    unchecked_at: list[Problem] = Field(
        default_factory=list, description="each unchecked quotation, located, and why"
    )

    def summary(self) -> str:
        return f"{self.checked} quotations checked, {self.unchecked} unchecked (no snapshot)"


class BriefSection(Section):
    """A section as templates see it: its data plus its id (from the file name)."""

    id: Slug

    @property
    def running_title(self) -> str:
        return self.short_title or self.title

    def all_blocks(self) -> list[Block]:
        """Body blocks then each sub-section's, in reading order."""
        return [*self.body, *(b for sub in self.subsections for b in sub.body)]


class Edition(BaseModel):
    """What one set of parameter values makes of the brief: its text, tables and charts."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    params: dict[str, Any]
    meta: BriefMeta
    sections: list[BriefSection]
    tables: dict[str, TableData]
    charts: dict[str, ChartData]
    block_inputs: dict[str, list[Path]]


class Project(BaseModel):
    """A loaded, validated project: everything the render stage needs."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    root: Path
    config_path: Path
    config: ProjectConfig
    meta: BriefMeta
    sources: dict[str, Source]
    sections: list[BriefSection]
    tables: dict[str, TableData] = Field(description="by table block id")
    charts: dict[str, ChartData] = Field(default_factory=dict, description="by chart block id")
    input_files: list[Path] = Field(description="every data file read, for hashing and watching")
    warnings: list[Problem] = Field(default_factory=list)
    params: dict[str, Any] = Field(default_factory=dict, description="this edition's values")
    editions: dict[str, Edition] = Field(
        default_factory=dict, description="by output name, when the project declares `params`"
    )
    output_inputs: dict[str, list[Path]] = Field(
        default_factory=dict,
        description="by output name, the files it is made from, but for its tables' and "
        "charts' data (see `block_inputs`)",
    )
    block_inputs: dict[str, list[Path]] = Field(
        default_factory=dict, description="the data files each table and chart reads, by id"
    )
    foreach_of: dict[str, str] = Field(
        default_factory=dict, description="each output a `foreach` made: the output it is of"
    )
    overrides: dict[str, str] = Field(
        default_factory=dict, description="`--set params.NAME=VALUE` it was loaded with"
    )
    computed_tables: dict[str, str] = Field(
        default_factory=dict, description="derived tables computed, not cached: file -> JSON"
    )
    csl_items: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="each source as a CSL-JSON item, for CSL styles"
    )
    snapshots: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="by source id: its snapshot's `path` and `sha256`"
    )
    quotations: QuotationCount = Field(default_factory=QuotationCount)

    def resolve(self, relative: str) -> Path:
        """A path from the project's files, resolved against reportgen.yaml's folder."""
        return resolved(self.root / relative)

    def with_config(self, **changes: Any) -> Project:
        """The same project with some reportgen.yaml settings replaced."""
        return self.model_copy(update={"config": self.config.model_copy(update=changes)})

    def for_output(self, name: str) -> Project:
        """The project as one output sees it: its edition's parameters, text and data."""
        edition = self.editions.get(name)
        return self if edition is None else self.model_copy(update=dict(edition))

    def chart_blocks(self) -> dict[str, ChartBlock]:
        """Every chart block in the brief, by id."""
        return {b.id: b for s in self.sections for b in s.all_blocks() if isinstance(b, ChartBlock)}
