"""The brief's own files: its front matter, bibliography and section files."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .blocks import KeyFigures, TableBlock, historical_field, stale_field
from .charts import ChartBlock
from .types import LANGUAGE, Citations, Model, PartialDate, Sha256, Slug, SourceId, Text, Url

# --- data/brief.yaml --------------------------------------------------------


class BriefMeta(Model):
    """The brief's front matter: what goes on the cover and into the PDF metadata."""

    title: Text = Field(examples=["Taiwan: Defense Cooperation with the United States"])
    subtitle: Text | None = Field(None, examples=["Partnerships and prospects"])
    edition: Text = Field(description="which edition this is", examples=["First edition"])
    date: dt.date = Field(
        description="publication date; also the build's timestamp", examples=["2025-10-31"]
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
    marking: Text | None = Field(
        None,
        description="handling marking printed on every page; none: no marking is printed",
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
    short_title: Text | None = Field(
        None,
        description="what footnotes after the first give; default: the title's first words",
        examples=["Defense Report"],
    )
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
    snapshot: str | None = Field(
        None,
        description="a stored copy of what was read (text, HTML or PDF inside the project), "
        "against which quotations citing this source are checked",
        examples=["data/snapshots/mnd-2025.txt"],
    )
    snapshot_sha256: Sha256 | None = Field(
        None,
        description="the snapshot's sha256 when it was locked (`reportgen sources lock` "
        "writes it); a snapshot that no longer matches is an error",
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
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
    id: Slug | None = Field(
        None, description="an anchor for links (every block has `id`)", examples=["origins"]
    )
    text: Text = Field(
        description="inline Markdown", examples=["Taiwan's search for partners dates from 1949."]
    )
    cite: Citations = Field(
        default_factory=list, description="source ids", examples=[["dc-explainer"]]
    )


class Callout(Model):
    """A boxed aside: a note, a warning or a correction of a source."""

    type: Literal["callout"] = Field(examples=["callout"])
    id: Slug | None = Field(
        None, description="an anchor for links (every block has `id`)", examples=["caveat"]
    )
    tone: Literal["note", "warning", "correction"] = Field("note", examples=["correction"])
    title: Text | None = Field(None, examples=["Correction to a source"])
    text: Text = Field(
        description="inline Markdown", examples=["The 1954 treaty was terminated in 1980."]
    )
    cite: Citations = Field(default_factory=list, examples=[["corrections-note"]])


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
    """One section file: title, key points, body blocks and sub-sections (`historical` and
    `stale_after_days` apply to its tables and key figures that do not set their own)."""

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
    historical: bool = historical_field()
    stale_after_days: int | None = stale_field("the project's")
