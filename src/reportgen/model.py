"""The typed contract between a project's data and its templates (pydantic models).

Templates receive these validated objects, never raw dicts. Every field is
documented here; the field descriptions are what template authors read.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from .errors import Problem

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$"),
    Field(description="lower-case letters, digits, '-' and '_'"),
]
SourceId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"),
    Field(description="the id of an entry in sources.yaml"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _partial_date(value: Any) -> Any:
    """Accept a date, or a 'YYYY' / 'YYYY-MM' / 'YYYY-MM-DD' string, as ISO text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        if _PARTIAL_DATE.match(value):
            if len(value) == 10:
                dt.date.fromisoformat(value)  # rejects 2025-02-30
            return value
        raise ValueError(f"date {value!r} does not parse; write YYYY, YYYY-MM or YYYY-MM-DD")
    return value


PartialDate = Annotated[str, BeforeValidator(_partial_date)]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise ValueError("must be an http:// or https:// address")
    return value


Url = Annotated[str, AfterValidator(_http_url)]


class Model(BaseModel):
    """Base for every data model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- reportgen.yaml ---------------------------------------------------------

Format = Literal["html", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "pdf")


class OutputConfig(Model):
    """One named output of a project (e.g. `full`), built from one template."""

    template: str = Field("brief.html.j2", description="the template that lays out this output")
    formats: list[Format] = Field(
        default_factory=lambda: list(FORMATS), min_length=1, description="which files to write"
    )
    filename: Slug | None = Field(
        None, description="file name stem; default '<project name>-<output name>'"
    )
    sections: list[Slug] | None = Field(
        None, description="the sections to include, in order; default all"
    )
    marking: Text | None = Field(None, description="overrides the brief's handling marking")
    draft: bool = Field(False, description="print a DRAFT watermark on every page")


class ProjectConfig(Model):
    """`reportgen.yaml`: what the project is made of and what it builds."""

    name: Slug = Field(description="the project's short name, used in output file names")
    brief: str = Field("data/brief.yaml", description="the brief's metadata file")
    sources: str = Field("data/sources.yaml", description="the bibliography file")
    sections_dir: str = Field("data/sections", description="folder of one YAML file per section")
    sections: list[Slug] = Field(
        min_length=1, description="section ids in reading order; each is <sections_dir>/<id>.yaml"
    )
    templates_dir: str = Field("templates", description="the project's own templates")
    theme: Slug = Field("default", description="the built-in theme to use")
    build_dir: str = Field("build", description="where outputs are written")
    outputs: dict[Slug, OutputConfig] = Field(
        default_factory=lambda: {"full": OutputConfig()},
        min_length=1,
        description="the outputs to build, by name",
    )


# --- data/brief.yaml --------------------------------------------------------


class BriefMeta(Model):
    """The brief's front matter: what goes on the cover and into the PDF metadata."""

    title: Text
    subtitle: Text | None = None
    edition: Text = Field(description="e.g. 'First edition'")
    date: dt.date = Field(description="publication date; also the build's timestamp")
    as_of: dt.date = Field(description="the date the information is current to")
    organisation: Text = Field(description="the authoring organisation")
    author: Text | None = Field(None, description="named author(s), if any")
    marking: Text = Field(description="handling marking, e.g. 'UNCLASSIFIED // FOR PUBLIC RELEASE'")
    audience: Text = Field(description="who the brief is written for")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] = "en"
    keywords: list[Text] = Field(default_factory=list)
    summary: Text | None = Field(None, description="one-paragraph abstract for the metadata")
    contact: Text | None = Field(None, description="where readers send questions")


# --- data/sources.yaml ------------------------------------------------------


class Source(Model):
    """One bibliography entry."""

    id: SourceId
    title: Text
    publisher: Text | None = None
    author: Text | None = None
    date: PartialDate | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    url: Url | None = None
    accessed: dt.date | None = None
    note: Text | None = Field(None, description="what the source is, and any caveat")


class SourcesFile(Model):
    """`sources.yaml`: the bibliography."""

    sources: list[Source] = Field(min_length=1)


# --- data/sections/*.yaml ---------------------------------------------------


class KeyPoint(Model):
    """A key point: one sentence or two, always with at least one source."""

    text: Text
    cite: list[SourceId] = Field(min_length=1)


class Paragraph(Model):
    """A paragraph of plain text."""

    type: Literal["paragraph"]
    text: Text
    cite: list[SourceId] = Field(default_factory=list)


class Callout(Model):
    """A boxed aside: a note, a warning or a correction of a source."""

    type: Literal["callout"]
    tone: Literal["note", "warning", "correction"] = "note"
    title: Text | None = None
    text: Text
    cite: list[SourceId] = Field(default_factory=list)


class Column(Model):
    """One column of a table: which CSV column, its heading, its alignment."""

    key: Text = Field(description="the column's name in the CSV header")
    heading: Text | None = Field(None, description="default: the key")
    align: Literal["left", "right", "center"] = "left"

    @property
    def label(self) -> str:
        return self.heading or self.key


class TableBlock(Model):
    """A table drawn from a CSV or JSON file."""

    type: Literal["table"]
    id: Slug
    data: str = Field(description="path of the CSV/JSON file, relative to reportgen.yaml")
    caption: Text
    columns: list[Column] | None = Field(None, description="default: every column in file order")
    cite_column: Text | None = Field(
        None, description="a column of source ids (separated by ';') cited per row"
    )
    cite: list[SourceId] = Field(default_factory=list, description="sources of the whole table")
    notes: Text | None = None


class KeyFigures(Model):
    """A key-figures box from a CSV with columns figure, value, as_of, source."""

    type: Literal["key_figures"]
    id: Slug = "key-figures"
    data: str
    caption: Text = "Key figures"
    rows: list[int] | None = Field(None, description="1-based data rows to show; default all")


Block = Annotated[Paragraph | Callout | TableBlock | KeyFigures, Field(discriminator="type")]


class Subsection(Model):
    """A titled part of a section."""

    title: Text
    id: Slug | None = None
    body: list[Block] = Field(default_factory=list)


class Section(Model):
    """One section file: title, key points, body blocks and sub-sections."""

    title: Text
    short_title: Text | None = Field(None, description="for running headers and contents")
    summary: Text | None = Field(None, description="a one-sentence standfirst")
    template: str | None = Field(None, description="template to render this section with")
    key_points: list[KeyPoint] = Field(default_factory=list)
    body: list[Block] = Field(default_factory=list)
    subsections: list[Subsection] = Field(default_factory=list)


KEY_FIGURE_COLUMNS = ("figure", "value", "as_of", "source")


def slugify(text: str) -> str:
    """An id for a heading: lower-case words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


class RowCells(Model):
    """One table row prepared for a template: formatted cells and cited sources."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    cells: list[str]
    cite: list[SourceId] = Field(default_factory=list)


class TableData(Model):
    """A loaded table, ready for a template."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    path: Path
    columns: list[Column]
    rows: list[RowCells]


class BriefSection(Section):
    """A section as templates see it: its data plus its id (from the file name)."""

    id: Slug

    @property
    def running_title(self) -> str:
        return self.short_title or self.title

    def all_blocks(self) -> list[Block]:
        """Body blocks then each sub-section's, in reading order."""
        return [*self.body, *(b for sub in self.subsections for b in sub.body)]


class Project(BaseModel):
    """A loaded, validated project: everything the render stage needs."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    root: Path
    config_path: Path
    config: ProjectConfig
    meta: BriefMeta
    sources: dict[str, Source]
    sections: list[BriefSection]
    tables: dict[str, TableData]
    input_files: list[Path] = Field(description="every data file read, for hashing and watching")
    warnings: list[Problem] = Field(default_factory=list)

    def resolve(self, relative: str) -> Path:
        """A path from the project's files, resolved against reportgen.yaml's folder."""
        return (self.root / relative).resolve()
