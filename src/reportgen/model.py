"""The typed contract between a project's data and its templates (pydantic models).

Templates receive these validated objects, never raw dicts. Every field is
documented here, with an example; `docs/data-model.md` is generated from them
(`make docs`).
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

SLUG = r"^[a-z0-9][a-z0-9_-]*$"
SOURCE_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
COLOR = r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-z]{3,20})$"
FONT_NAME = r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,60}$"
LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$"
# What each pattern checks, for error messages: (what it is, the rule).
PATTERNS = {
    SLUG: ("id", "an id uses lower-case letters, digits, '-' and '_'"),
    SOURCE_ID: ("source id", "a source id uses letters, digits, '.', '-' and '_'"),
    COLOR: ("colour", "write #rgb, #rrggbb or a CSS colour name such as navy"),
    FONT_NAME: ("font name", "a font family name: letters, digits, spaces, '-' and '_'"),
    LANGUAGE: ("language tag", "a BCP 47 tag such as en or en-GB"),
}

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG),
    Field(description="lower-case letters, digits, '-' and '_'"),
]
SourceId = Annotated[
    str,
    StringConstraints(pattern=SOURCE_ID),
    Field(description="the id of an entry in sources.yaml"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def parse_partial_date(value: str) -> str:
    """Check a 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' date and return it stripped."""
    value = value.strip()
    if not _PARTIAL_DATE.match(value):
        raise ValueError(f"date {value!r} does not parse; write YYYY, YYYY-MM or YYYY-MM-DD")
    if len(value) == 10:
        dt.date.fromisoformat(value)  # rejects 2025-02-30
    return value


def partial_date_end(value: str) -> dt.date:
    """The last day a partial date covers ('2025-10' -> 2025-10-31)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def _partial_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        return parse_partial_date(value)
    return value


def _one_or_many(value: Any) -> Any:
    """Let a single source id be written without list brackets."""
    return [value] if isinstance(value, str) else value


PartialDate = Annotated[str, BeforeValidator(_partial_date)]
Citations = Annotated[list[SourceId], BeforeValidator(_one_or_many)]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise ValueError("must be an http:// or https:// address")
    return value


Url = Annotated[str, AfterValidator(_http_url)]


class Model(BaseModel):
    """Base for every data model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


# --- reportgen.yaml ---------------------------------------------------------

Format = Literal["html", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "pdf")
PdfVariant = Literal[
    "pdf/ua-1",
    "pdf/ua-2",
    "pdf/a-1b",
    "pdf/a-2b",
    "pdf/a-3b",
    "pdf/a-2u",
    "pdf/a-3u",
    "pdf/a-4u",
    "pdf/a-1a",
    "pdf/a-2a",
    "pdf/a-3a",
]


class OutputConfig(Model):
    """One named output of a project (e.g. `full`), built from one template."""

    template: str = Field(
        "brief.html.j2",
        description="the template that lays out this output",
        examples=["brief.html.j2"],
    )
    formats: list[Format] = Field(
        default_factory=lambda: list(FORMATS),
        min_length=1,
        description="which files to write",
        examples=[["html", "pdf"]],
    )
    filename: Slug | None = Field(
        None,
        description="file name stem; default '<project name>-<output name>'",
        examples=["taiwan-defense-brief"],
    )
    sections: list[Slug] | None = Field(
        None,
        description="the sections to include, in order; default all",
        examples=[["key-judgments", "us-partnership"]],
    )
    marking: Text | None = Field(
        None,
        description="overrides the brief's handling marking",
        examples=["UNCLASSIFIED // FOR OFFICIAL USE ONLY"],
    )
    draft: bool = Field(False, description="print a DRAFT watermark on every page", examples=[True])
    attachments: bool = Field(
        False,
        description="embed files linked with rel=attachment (only from inside the project)",
        examples=[True],
    )
    pdf_variant: PdfVariant | None = Field(
        None,
        description="tagged PDF/UA for accessibility, or PDF/A for archiving",
        examples=["pdf/ua-1"],
    )


Color = Annotated[
    str,
    StringConstraints(pattern=COLOR),
    Field(description="a CSS colour: #rgb, #rrggbb or a name such as 'navy'"),
]
FontName = Annotated[
    str,
    StringConstraints(pattern=FONT_NAME),
    Field(description="a font family installed on the machine or shipped with reportgen"),
]


class Style(Model):
    """House style set in reportgen.yaml, without touching CSS (the theme's custom properties)."""

    accent: Color | None = Field(
        None, description="headings, rules, key figures", examples=["#0b5563"]
    )
    accent_soft: Color | None = Field(
        None, description="background of key points and boxes", examples=["#e6f0f1"]
    )
    text: Color | None = Field(None, description="body text", examples=["#1b1b1b"])
    muted: Color | None = Field(
        None, description="captions, notes, running footer", examples=["#555555"]
    )
    marking: Color | None = Field(
        None, description="the handling marking's colour", examples=["#8a1020"]
    )
    body_font: FontName | None = Field(None, examples=["IBM Plex Serif"])
    heading_font: FontName | None = Field(None, examples=["Fira Sans"])
    logo: str | None = Field(
        None,
        description="an image in the project for the cover "
        "(PNG, JPEG or SVG), relative to reportgen.yaml",
        examples=["assets/logo.svg"],
    )
    page_size: Literal["letter", "a4"] | None = Field(None, examples=["a4"])
    palette: list[Color] | None = Field(
        None, description="chart series colours, in order", examples=[["#0b5563", "#9fb8bb"]]
    )


class ProjectConfig(Model):
    """`reportgen.yaml`: what the project is made of and what it builds."""

    name: Slug = Field(
        description="the project's short name, used in output file names",
        examples=["taiwan-defense-brief"],
    )
    brief: str = Field(
        "data/brief.yaml", description="the brief's metadata file", examples=["data/brief.yaml"]
    )
    sources: str = Field(
        "data/sources.yaml", description="the bibliography file", examples=["data/sources.yaml"]
    )
    sections_dir: str = Field(
        "data/sections",
        description="folder of one YAML file per section",
        examples=["data/sections"],
    )
    sections: list[Slug] = Field(
        min_length=1,
        description="section ids in reading order; each is <sections_dir>/<id>.yaml",
        examples=[["key-judgments", "background"]],
    )
    templates_dir: str = Field(
        "templates", description="the project's own templates", examples=["templates"]
    )
    theme: Slug = Field(
        "default", description="the built-in theme: `default` or `civic`", examples=["civic"]
    )
    style: Style = Field(
        default_factory=lambda: Style(),
        description="house style on top of the theme",
        examples=[{"accent": "#0b5563", "page_size": "a4"}],
    )
    sandbox: bool = Field(
        True,
        description="render templates in Jinja's sandbox, so a template cannot reach Python "
        "internals; set false only for templates you trust and that need them",
        examples=[False],
    )
    build_dir: str = Field("build", description="where outputs are written", examples=["build"])
    stale_after_days: int = Field(
        365,
        ge=1,
        le=36500,
        description="warn when an as-of date is more than this many days before the brief's date",
        examples=[365],
    )
    outputs: dict[Slug, OutputConfig] = Field(
        default_factory=lambda: {"full": OutputConfig()},
        min_length=1,
        description="the outputs to build, by name",
        examples=[{"full": {"template": "brief.html.j2"}}],
    )


# --- data/brief.yaml --------------------------------------------------------


class BriefMeta(Model):
    """The brief's front matter: what goes on the cover and into the PDF metadata."""

    title: Text = Field(examples=["Taiwan: Defense Cooperation with the United States"])
    subtitle: Text | None = Field(None, examples=["Partnerships and prospects"])
    edition: Text = Field(description="which edition this is", examples=["First edition"])
    date: dt.date = Field(
        description="publication date; also the build's timestamp", examples=["2026-11-21"]
    )
    as_of: dt.date = Field(
        description="the date the information is current to", examples=["2025-10-22"]
    )
    organisation: Text = Field(
        description="the authoring organisation", examples=["Research Office"]
    )
    author: Text | None = Field(
        None, description="named author(s), if any", examples=["A. Analyst"]
    )
    marking: Text = Field(
        description="handling marking printed on every page",
        examples=["UNCLASSIFIED // FOR PUBLIC RELEASE"],
    )
    audience: Text = Field(description="who the brief is written for", examples=["Policy staff"])
    language: Annotated[str, StringConstraints(pattern=LANGUAGE)] = Field(
        "en", description="BCP 47 language tag of the text", examples=["en", "en-GB"]
    )
    keywords: list[Text] = Field(
        default_factory=list, description="for the PDF metadata", examples=[["Taiwan", "defense"]]
    )
    summary: Text | None = Field(
        None,
        description="one-paragraph abstract for the metadata",
        examples=["How Taiwan is deepening defense cooperation."],
    )
    contact: Text | None = Field(
        None, description="where readers send questions", examples=["briefs@example.org"]
    )


# --- data/sources.yaml ------------------------------------------------------


class Source(Model):
    """One bibliography entry."""

    id: SourceId = Field(description="what data files cite", examples=["mnd-2025"])
    title: Text = Field(examples=["National Defense Report"])
    publisher: Text | None = Field(None, examples=["Ministry of National Defense"])
    author: Text | None = Field(None, examples=["Nikhil Chauhan"])
    date: PartialDate | None = Field(
        None, description="YYYY, YYYY-MM or YYYY-MM-DD", examples=["2025-10"]
    )
    url: Url | None = Field(
        None, examples=["https://www.congress.gov/bill/96th-congress/house-bill/2479"]
    )
    accessed: dt.date | None = Field(
        None, description="when the url was read", examples=["2025-11-01"]
    )
    note: Text | None = Field(
        None, description="what the source is, and any caveat", examples=["Primary source."]
    )


class SourcesFile(Model):
    """`sources.yaml`: the bibliography."""

    sources: list[Source] = Field(
        min_length=1,
        description="one entry per source",
        examples=[[{"id": "mnd-2025", "title": "Report"}]],
    )


# --- data/sections/*.yaml ---------------------------------------------------


class KeyPoint(Model):
    """A key point: one sentence or two, always with at least one source."""

    text: Text = Field(
        description="inline Markdown", examples=["MND plans to *widen* cooperation."]
    )
    cite: Citations = Field(
        min_length=1, description="source ids (one or a list)", examples=[["mnd-2025"]]
    )


class Paragraph(Model):
    """A paragraph of plain text."""

    type: Literal["paragraph"] = Field(examples=["paragraph"])
    text: Text = Field(
        description="inline Markdown", examples=["Taiwan's search for partners dates from 1949."]
    )
    cite: Citations = Field(
        default_factory=list, description="source ids", examples=[["dc-explainer"]]
    )


class Callout(Model):
    """A boxed aside: a note, a warning or a correction of a source."""

    type: Literal["callout"] = Field(examples=["callout"])
    tone: Literal["note", "warning", "correction"] = Field("note", examples=["correction"])
    title: Text | None = Field(None, examples=["Correction to a source"])
    text: Text = Field(
        description="inline Markdown", examples=["The 1954 treaty was terminated in 1980."]
    )
    cite: Citations = Field(default_factory=list, examples=[["corrections-note"]])


WIDE_TABLE_COLUMNS = 6
ColumnFormat = Literal["text", "integer", "decimal", "percent", "currency", "date"]
NUMERIC_FORMATS = ("integer", "decimal", "percent", "currency")


class Column(Model):
    """One column of a table: which CSV column, its heading, how cells are read and shown."""

    key: Text = Field(description="the column's name in the CSV header", examples=["count"])
    heading: Text | None = Field(None, description="default: the key", examples=["Count"])
    format: ColumnFormat = Field(
        "text",
        description="how cells are checked and shown; numbers are right-aligned",
        examples=["integer"],
    )
    decimals: int | None = Field(
        None,
        ge=0,
        le=10,
        description="digits after the point (decimal: 1, percent: 0)",
        examples=[1],
    )
    currency: Text = Field("$", description="symbol for currency columns", examples=["NT$"])
    align: Literal["left", "right", "center"] | None = Field(
        None, description="default: right for numbers, left otherwise", examples=["center"]
    )

    @property
    def label(self) -> str:
        return self.heading or self.key

    @property
    def alignment(self) -> str:
        return self.align or ("right" if self.format in NUMERIC_FORMATS else "left")


class TableBlock(Model):
    """A table drawn from a CSV or JSON file."""

    type: Literal["table"] = Field(examples=["table"])
    id: Slug = Field(description="unique in the project; the table's anchor", examples=["timeline"])
    data: str = Field(
        description="path of the CSV/JSON file, relative to reportgen.yaml",
        examples=["data/tables/timeline.csv"],
    )
    caption: Text = Field(examples=["Timeline of events"])
    columns: list[Column] | None = Field(
        None,
        description="default: every column in file order, as text",
        examples=[[{"key": "date", "format": "date"}, {"key": "event"}]],
    )
    sort_by: Text | None = Field(
        None, description="a column key to sort rows by", examples=["date"]
    )
    descending: bool = Field(False, description="sort largest first", examples=[True])
    total: bool = Field(
        False, description="add a total row summing the numeric columns", examples=[True]
    )
    layout: Literal["auto", "normal", "compact", "landscape"] = Field(
        "auto",
        description="compact: smaller type; landscape: a page of its own turned sideways; "
        f"auto: compact when more than {WIDE_TABLE_COLUMNS} columns",
        examples=["landscape"],
    )
    cite_column: Text | None = Field(
        None,
        description="a column of source ids (separated by ';') cited per row",
        examples=["source"],
    )
    cite: Citations = Field(
        default_factory=list, description="sources of the whole table", examples=[["mnd-2025"]]
    )
    notes: Text | None = Field(None, examples=["Figures as reported."])


class KeyFigures(Model):
    """A key-figures box from a CSV with columns figure, value, as_of, source."""

    type: Literal["key_figures"] = Field(examples=["key_figures"])
    id: Slug = Field("key-figures", description="unique in the project", examples=["key-figures"])
    data: str = Field(description="path of the CSV file", examples=["data/tables/key_figures.csv"])
    caption: Text = Field("Key figures", examples=["Key figures"])
    rows: list[Annotated[int, Field(ge=1)]] | None = Field(
        None, description="1-based data rows to show; default all", examples=[[1, 2, 4]]
    )


ChartKind = Literal["bar", "stacked_bar", "line", "timeline"]
CHART_KINDS: tuple[str, ...] = ("bar", "stacked_bar", "line", "timeline")


class ChartBlock(Model):
    """A chart drawn from CSV series, as vector SVG in both the HTML and the PDF."""

    type: Literal["chart"] = Field(examples=["chart"])
    id: Slug = Field(
        description="unique in the project; the figure's anchor", examples=["himars-deliveries"]
    )
    kind: ChartKind = Field(
        description="bar, stacked_bar and line plot `y` against `x`; timeline places "
        "`label`s at the dates in `x`",
        examples=["stacked_bar"],
    )
    data: str = Field(
        description="path of the CSV/JSON file, relative to reportgen.yaml",
        examples=["data/tables/himars.csv"],
    )
    x: Text = Field(
        description="the column of categories (bar), x values or dates (line), "
        "or event dates (timeline)",
        examples=["item"],
    )
    y: list[Text] = Field(
        default_factory=list,
        description="numeric columns, one series each; the header is "
        "the legend label (not used by timeline)",
        examples=[["Delivered", "Awaiting delivery"]],
    )
    label: Text | None = Field(
        None, description="timeline: the column of event labels", examples=["label"]
    )
    caption: Text = Field(examples=["HIMARS launchers delivered to Taiwan"])
    alt: Text = Field(
        description="required alternative text: what the chart shows, in words",
        examples=["A bar: 11 of 29 launchers delivered, 18 awaited."],
    )
    title: Text | None = Field(None, description="printed above the plot", examples=["Deliveries"])
    x_label: Text | None = Field(None, examples=["Year"])
    y_label: Text | None = Field(None, examples=["Launchers"])
    horizontal: bool = Field(False, description="bars run left to right", examples=[True])
    cite_column: Text | None = Field(
        None, description="a column of source ids cited per row", examples=["source"]
    )
    cite: Citations = Field(default_factory=list, examples=[["us-ties-2025"]])
    notes: Text | None = Field(None, examples=["As reported in October 2025."])


Block = Annotated[
    Paragraph | Callout | TableBlock | KeyFigures | ChartBlock, Field(discriminator="type")
]
BLOCK_TYPES = ("paragraph", "callout", "table", "key_figures", "chart")


class Subsection(Model):
    """A titled part of a section."""

    title: Text = Field(examples=["Challenges"])
    id: Slug | None = Field(None, description="default: from the title", examples=["challenges"])
    body: list[Block] = Field(
        default_factory=list,
        description="blocks, in reading order",
        examples=[[{"type": "paragraph", "text": "..."}]],
    )


class Section(Model):
    """One section file: title, key points, body blocks and sub-sections."""

    title: Text = Field(examples=["Cyber cooperation"])
    short_title: Text | None = Field(None, description="for running headers", examples=["Cyber"])
    summary: Text | None = Field(
        None,
        description="a one-sentence standfirst (inline Markdown)",
        examples=["Cybersecurity is a stated area of cooperation."],
    )
    template: str | None = Field(
        None,
        description="template to render this section with; "
        "default sections/<id>.html.j2, else section.html.j2",
        examples=["sections/cyber.html.j2"],
    )
    key_points: list[KeyPoint] = Field(
        default_factory=list, examples=[[{"text": "...", "cite": ["mnd-2025"]}]]
    )
    body: list[Block] = Field(
        default_factory=list,
        description="blocks, in reading order",
        examples=[[{"type": "paragraph", "text": "..."}]],
    )
    subsections: list[Subsection] = Field(
        default_factory=list, examples=[[{"title": "Challenges", "body": []}]]
    )


KEY_FIGURE_COLUMNS = ("figure", "value", "as_of", "source")


def slugify(text: str) -> str:
    """An id for a heading: lower-case words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


# --- what templates receive beyond the data files ------------------------------


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
    labels: list[str] = Field(default_factory=list, description="timeline event labels")
    cite: list[str] = Field(default_factory=list, description="sources cited by its rows")


class TableData(BaseModel):
    """A loaded table, ready for a template: shown columns, formatted rows, optional total."""

    model_config = ConfigDict(frozen=True)
    path: Path
    columns: list[Column]
    rows: list[RowCells]
    total: list[str] | None = None
    layout: Literal["normal", "compact", "landscape"] = "normal"


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
    tables: dict[str, TableData] = Field(description="by table block id")
    charts: dict[str, ChartData] = Field(default_factory=dict, description="by chart block id")
    input_files: list[Path] = Field(description="every data file read, for hashing and watching")
    warnings: list[Problem] = Field(default_factory=list)

    def resolve(self, relative: str) -> Path:
        """A path from the project's files, resolved against reportgen.yaml's folder."""
        return (self.root / relative).resolve()

    def with_config(self, **changes: Any) -> Project:
        """The same project with some reportgen.yaml settings replaced."""
        return self.model_copy(update={"config": self.config.model_copy(update=changes)})

    def chart_blocks(self) -> dict[str, ChartBlock]:
        """Every chart block in the brief, by id."""
        return {b.id: b for s in self.sections for b in s.all_blocks() if isinstance(b, ChartBlock)}
