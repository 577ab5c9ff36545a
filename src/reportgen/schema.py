"""JSON Schemas of a project's files, generated from the models, for editors and CI."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .errors import UsageError
from .model import BriefMeta, ProjectConfig, Section, SourcesFile
from .model import filters as model_filters
from .model import params as model_params
from .model import steps as model_steps
from .model import types as model_types

SCALAR = {"type": ["string", "number", "integer", "boolean"]}  # a YAML value written alone

SCHEMA_DIR = "schemas"  # where `reportgen init` puts them, relative to reportgen.yaml
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class SchemaFile:
    """One schema: the file it is written to, the model it describes, what it is for."""

    kind: str
    model: type[BaseModel]
    title: str

    @property
    def filename(self) -> str:
        """The schema's file name, e.g. `section.schema.json`."""
        return f"{self.kind}.schema.json"


SCHEMAS = {
    s.kind: s
    for s in (
        SchemaFile("reportgen", ProjectConfig, "reportgen.yaml: a reportgen project's config"),
        SchemaFile("brief", BriefMeta, "data/brief.yaml: the brief's title, dates and marking"),
        SchemaFile(
            "section",
            Section,
            "A reportgen section: data/sections/<id>.yaml, or a Markdown file's front matter",
        ),
        SchemaFile("sources", SourcesFile, "data/sources.yaml: the bibliography"),
    )
}


class _YamlAware(GenerateJsonSchema):
    """Pydantic's schema, plus the shorthands reportgen's validators accept before the type."""

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        function = schema["function"]["function"]
        if function is model_types._one_or_many:  # `cite: mnd-2025` or `cite: [a, b]`
            return {"anyOf": [inner["items"], inner]}
        if function is model_params._shorthand:  # `year: 2007`: a parameter and its default
            return {"anyOf": [SCALAR, inner]}
        if function is model_steps._listed:  # `by: continent` or `by: [continent, year]`
            return {"anyOf": [inner["items"], inner]}
        if function is model_filters._condition:  # `year: 2007`, `[a, b]` or a condition
            return {"anyOf": [SCALAR, {"type": "array"}, inner]}
        if function is model_types._partial_date:  # `date: 2025`, `2025-10` or `2025-10-31`
            year = {"type": "integer", "minimum": 1000, "maximum": 9999}
            return {"anyOf": [{**inner, "pattern": model_types._PARTIAL_DATE.pattern}, year]}
        return inner


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file: reportgen, brief, section, sources."""
    spec = SCHEMAS[kind]
    body = spec.model.model_json_schema(schema_generator=_YamlAware, mode="validation")
    return {"$schema": DIALECT, **body, "title": spec.title}


def write_schemas(out_dir: Path | str) -> list[Path]:
    """Write every schema into `out_dir` (created if need be); return the files written."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder", hint="--out names a folder for the schemas")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, spec in SCHEMAS.items():
        path = folder / spec.filename
        path.write_text(json.dumps(schema_for(kind), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def modeline(rel: str, kind: str) -> str:
    """The yaml-language-server comment that points the file at `rel` to its schema."""
    schema = Path(SCHEMA_DIR) / SCHEMAS[kind].filename
    target = os.path.relpath(schema, Path(rel).parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={target}\n"
