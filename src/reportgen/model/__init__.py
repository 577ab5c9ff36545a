"""The typed contract between a project's data and its templates (pydantic models).

Templates receive these validated objects, never raw dicts. Every field is
documented, with an example; `docs/data-model.md` is generated from them
(`make docs`). The submodules are the config (`config`), the brief's own files
(`content`, `blocks`), the field types they share (`types`) and what validation
derives from them (`derived`); every name is importable from here.
"""

from .blocks import (
    CHART_KINDS,
    KEY_FIGURE_COLUMNS,
    MARKER_LIMIT,
    NUMERIC_FORMATS,
    VALUE_LABEL_LIMIT,
    WIDE_TABLE_COLUMNS,
    ChartBlock,
    ChartKind,
    Column,
    ColumnFormat,
    KeyFigures,
    TableBlock,
)
from .config import FORMATS, LOGO_TYPES, Format, OutputConfig, PdfVariant, ProjectConfig, Style
from .content import (
    BLOCK_TYPES,
    Block,
    BriefMeta,
    Callout,
    KeyPoint,
    Paragraph,
    Section,
    Source,
    SourcesFile,
    Subsection,
)
from .derived import BriefSection, ChartData, Project, QuotationCount, RowCells, TableData
from .types import (
    PATTERNS,
    Citations,
    Model,
    PartialDate,
    Slug,
    SourceId,
    Text,
    parse_partial_date,
    partial_date_end,
    slugify,
)

__all__ = [
    "BLOCK_TYPES",
    "CHART_KINDS",
    "FORMATS",
    "KEY_FIGURE_COLUMNS",
    "LOGO_TYPES",
    "MARKER_LIMIT",
    "NUMERIC_FORMATS",
    "PATTERNS",
    "VALUE_LABEL_LIMIT",
    "WIDE_TABLE_COLUMNS",
    "Block",
    "BriefMeta",
    "BriefSection",
    "Callout",
    "ChartBlock",
    "ChartData",
    "ChartKind",
    "Citations",
    "Column",
    "ColumnFormat",
    "Format",
    "KeyFigures",
    "KeyPoint",
    "Model",
    "OutputConfig",
    "Paragraph",
    "PartialDate",
    "PdfVariant",
    "Project",
    "ProjectConfig",
    "QuotationCount",
    "RowCells",
    "Section",
    "Slug",
    "Source",
    "SourceId",
    "SourcesFile",
    "Style",
    "Subsection",
    "TableBlock",
    "TableData",
    "Text",
    "parse_partial_date",
    "partial_date_end",
    "slugify",
]

# Shown and pickled by their public name (`reportgen.model.BriefMeta`), wherever they
# are defined: messages about a template's data name the module users import.
for _name in __all__:
    if isinstance(globals()[_name], type):
        globals()[_name].__module__ = __name__
