"""Load stage: YAML (with every node's line and column) and CSV/JSON tables."""

from .markdown import load_markdown
from .tables import Table, load_table
from .text import MAX_TABLE_BYTES, MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES, read_text
from .yamlfile import Document, Loc, load_yaml, parse_yaml, salvage, salvage_file

__all__ = [
    "MAX_TABLE_BYTES",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "Document",
    "Loc",
    "Table",
    "load_markdown",
    "load_table",
    "load_yaml",
    "parse_yaml",
    "read_text",
    "salvage",
    "salvage_file",
]
