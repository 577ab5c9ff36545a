"""Generate the data and template reference (docs/data-model.md) from the pydantic models.

Run `make docs` (or `python -m reportgen.reference docs/data-model.md`) after
changing a model; a test fails while the committed file is out of date.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import model

# (heading, model, where it lives)
FILES: list[tuple[str, type[BaseModel], str]] = [
    ("reportgen.yaml", model.ProjectConfig, "the project's config file"),
    ("outputs.NAME", model.OutputConfig, "one entry of `outputs` in reportgen.yaml"),
    (
        "foreach over a column",
        model.ForeachColumn,
        "a value of an output's `foreach`: `{table: NAME, column: COLUMN}`",
    ),
    (
        "params.NAME",
        model.ParamSpec,
        "one entry of `params` in reportgen.yaml (or its default alone)",
    ),
    ("tables.NAME", model.TableSpec, "one entry of `tables` in reportgen.yaml"),
    ("a data step", model.Step, "one entry of a table's `steps` (see [data.md](data.md))"),
    ("a filter condition", model.Condition, "a column's test in a `filter` (or its value alone)"),
    *(
        (f"step: {name}", getattr(model.steps, name.title()), f"the value of a `{name}` step")
        for name in ("group", "pivot", "melt", "sort", "top", "growth", "share", "join")
    ),
    ("group: aggregate", model.AggregateSpec, "one entry of a `group` step's `aggregate`"),
    ("style", model.Style, "the `style` section of reportgen.yaml"),
    ("brief.yaml", model.BriefMeta, "the file named by `brief`"),
    ("sources.yaml", model.SourcesFile, "the file named by `sources`"),
    ("a source", model.Source, "one entry of `sources`"),
    (
        "a section file",
        model.Section,
        "`<sections_dir>/<id>.yaml`, or `<sections_dir>/<id>.md`: the same fields in its "
        "front matter, except `body` and `subsections`, which are its Markdown "
        "(see [authoring.md](authoring.md))",
    ),
    ("a key point", model.KeyPoint, "one entry of a section's `key_points`"),
    ("a sub-section", model.Subsection, "one entry of a section's `subsections`"),
    ("block: paragraph", model.Paragraph, "a block in `body`"),
    ("block: callout", model.Callout, "a block in `body`"),
    ("block: table", model.TableBlock, "a block in `body`"),
    ("a table column", model.Column, "one entry of a table's `columns`"),
    ("a weighted total", model.WeightedTotal, "a column's `total: {weight: COLUMN}`"),
    ("block: key_figures", model.KeyFigures, "a block in `body`"),
    ("block: chart", model.ChartBlock, "a block in `body`"),
]

# What every output's templates can use (the keys of context.build_context).
TEMPLATE_VARIABLES: dict[str, str] = {
    "brief": "the brief's front matter (see brief.yaml)",
    "params": "this output's parameter values by name (typed: text, numbers, true/false, "
    "dates), from reportgen.yaml's `params`, the output's own and `--set params.NAME=VALUE`",
    "marking": "the handling marking for this output (the output's `marking`, else the "
    "brief's), or none (print it only `{% if marking %}`); paged.css prints it at the top "
    "and bottom of every page",
    "sections": "the sections this output includes, in order; each has the fields of a section "
    "file plus `id` and `running_title`",
    "sources": "the bibliography, a mapping of source id to source",
    "tables": "prepared tables by block id: `columns`, `rows` (each with `cells` and `cite`), "
    "`total`",
    "charts": "chart images by chart id (an SVG data URI each)",
    "chart_data": "chart series by chart id: `x`, `series`, `labels`, `groups`, `sizes`, "
    "`cite` (row sources)",
    "output": "the output being built: `name`, `config`, `draft`, `section_breaks`",
    "theme": "the theme's name",
    "house_style": "the `style` settings of reportgen.yaml (the output's merged over the "
    "project's) as CSS (custom properties)",
    "logo": "the `style.logo` image (the output's, else the project's) as a data URI, or none",
    "cite": "`cite(ids)` prints a citation marker (with `notes: footnotes`, a footnote); "
    "`cite.endnotes()` lists the cited sources and notes in order of first use, each with "
    "`number`, `source`, `backrefs` and `text`; `cite.footnotes` says whether notes are "
    "footnotes, `cite.bibliography()` lists the sources cited by author or title, and "
    "`cite.notes_title` is the notes list's heading; with a `citation_style`, `cite.style` "
    "is set and `cite.references()` lists the style's bibliography, each entry with "
    "`source`, `text` (as the style sets it), `anchor` and `backrefs`",
    "xref": "`xref(kind, label)` renders a cross-reference (`fig`, `tbl` or `sec`) as "
    "'Figure 2' linked to its target; the `md` filters call it for `@fig-x` in text",
    "timestamp": "the build's fixed timestamp (the brief's date, or SOURCE_DATE_EPOCH)",
    "generator": "'reportgen VERSION'",
    "changes": "with the output option `changes_since`, what changed since that edition "
    "(`title`, `since`, `edition`, `items`, each with `text`, `href` and `quote`, `more`, "
    "`after`; see [editions.md](editions.md)); else none",
    "redline": "with the output option `redline`, the edition compared with (`since`, "
    "`edition`, `label`, `notes`); the brief's texts are then marked; else none",
}


def type_name(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A reader's name for a field's type."""
    for item in metadata or []:
        validator = getattr(getattr(item, "func", None), "__name__", "")
        if validator == "_partial_date":
            return "date (YYYY, YYYY-MM or YYYY-MM-DD)"
        if validator == "_one_or_many":
            return "list of source id (or one source id)"
        pattern = getattr(item, "pattern", None)
        if pattern:
            return model.PATTERNS.get(pattern, ("text", ""))[0]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_name(args[0], list(args[1:]))
    if origin in (typing.Union, types.UnionType):
        if set(args) - {type(None)} == {bool, int, float, dt.date, str}:
            return "a value (text, number, true/false or date)"
        names = [type_name(a) for a in args if a is not type(None)]
        return " or ".join(names)
    if origin is typing.Literal:
        return "one of: " + ", ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {type_name(args[0])}"
    if origin is dict:
        return f"mapping of name to {type_name(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    simple = {str: "text", int: "whole number", bool: "true/false", dt.date: "date (YYYY-MM-DD)"}
    return simple.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _field_type(field: FieldInfo) -> str:
    return type_name(field.annotation, list(field.metadata))


def _example(field: FieldInfo) -> str:
    if not field.examples:
        return ""
    return "`" + json.dumps(field.examples[0], ensure_ascii=False) + "`"


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
        return f"default `{json.dumps(value, default=_plain)}`"
    if field.default is None:
        return "optional"
    return f"default `{json.dumps(field.default, default=str)}`"


def _plain(value: Any) -> Any:
    return value.model_dump() if isinstance(value, BaseModel) else str(value)


def model_section(heading: str, cls: type[BaseModel], where: str) -> str:
    """One model as a Markdown section with a row per field."""
    doc = (cls.__doc__ or "").strip().splitlines()[0]
    lines = [
        f"## {heading}",
        "",
        doc,
        "",
        f"Where: {where}.",
        "",
        "| key | type | required | description | example |",
        "|---|---|---|---|---|",
    ]
    for name, field in cls.model_fields.items():
        description = (field.description or "").replace("|", "\\|")
        lines.append(
            f"| `{name}` | {_field_type(field)} | {_default(field)} | {description} "
            f"| {_example(field)} |"
        )
    return "\n".join(lines)


def render_reference() -> str:
    """The whole reference document."""
    parts = [
        "# reportgen data and template reference",
        "",
        "Generated from the models in `src/reportgen/model/` by `make docs`; do not edit by hand.",
        "Unknown keys are errors. Paths are relative to `reportgen.yaml`.",
        "Numbers are accepted where text is expected; a single source id may be written "
        "without brackets.",
        "",
    ]
    parts += [model_section(*entry) + "\n" for entry in FILES]
    parts += [
        "## Template variables",
        "",
        "What every output's templates receive (all other data comes through these).",
        "",
        "| name | what it is |",
        "|---|---|",
    ]
    parts += [f"| `{name}` | {text} |" for name, text in TEMPLATE_VARIABLES.items()]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the reference to the given file (or stdout)."""
    args = sys.argv[1:] if argv is None else argv
    text = render_reference()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
