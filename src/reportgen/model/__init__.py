"""The typed contract between a project's data and its templates (pydantic models).

Templates receive these validated objects, never raw dicts. Every field is
documented, with an example; `docs/data-model.md` is generated from them
(`make docs`). The submodules are the config (`config`), the brief's own files
(`content`, `blocks`), the field types they share (`types`) and what validation
derives from them (`derived`); every name is importable from here.
"""

from .blocks import (
    KEY_FIGURE_COLUMNS,
    NUMERIC_FORMATS,
    TOTAL_FUNCTIONS,
    WIDE_TABLE_COLUMNS,
    Column,
    ColumnFormat,
    KeyFigures,
    TableBlock,
    WeightedTotal,
)
from .chartpage import ChartSize, chart_size, output_pages, text_block
from .charts import (
    CATEGORY_KINDS,
    CHART_KINDS,
    MARKER_LIMIT,
    OPTION_KINDS,
    VALUE_LABEL_LIMIT,
    ChartBlock,
    ChartKind,
)
from .config import (
    FORMATS,
    LOGO_TYPES,
    ForeachColumn,
    Format,
    OutputConfig,
    PdfVariant,
    ProjectConfig,
    Style,
)
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
from .derived import BriefSection, ChartData, Edition, Project, QuotationCount, RowCells, TableData
from .filters import Condition
from .params import ParamSpec
from .steps import AggregateSpec, Step, TableSpec
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
    "CATEGORY_KINDS",
    "CHART_KINDS",
    "FORMATS",
    "KEY_FIGURE_COLUMNS",
    "LOGO_TYPES",
    "MARKER_LIMIT",
    "NUMERIC_FORMATS",
    "OPTION_KINDS",
    "PATTERNS",
    "TOTAL_FUNCTIONS",
    "VALUE_LABEL_LIMIT",
    "WIDE_TABLE_COLUMNS",
    "AggregateSpec",
    "Block",
    "BriefMeta",
    "BriefSection",
    "Callout",
    "ChartBlock",
    "ChartData",
    "ChartKind",
    "ChartSize",
    "Citations",
    "Column",
    "ColumnFormat",
    "Condition",
    "Edition",
    "ForeachColumn",
    "Format",
    "KeyFigures",
    "KeyPoint",
    "Model",
    "OutputConfig",
    "Paragraph",
    "ParamSpec",
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
    "Step",
    "Style",
    "Subsection",
    "TableBlock",
    "TableData",
    "TableSpec",
    "Text",
    "WeightedTotal",
    "chart_size",
    "output_pages",
    "parse_partial_date",
    "partial_date_end",
    "slugify",
    "text_block",
]

# Shown and pickled by their public name (`reportgen.model.BriefMeta`), wherever they
# are defined: messages about a template's data name the module users import.
for _name in __all__:
    if isinstance(globals()[_name], type):
        globals()[_name].__module__ = __name__
