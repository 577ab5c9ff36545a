"""Validate stage: turn loaded files into the typed model, reporting every problem located."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem, ReportgenError, UsageError, ValidationFailed
from .load import Document, Loc, Table, load_table, load_yaml
from .model import (
    KEY_FIGURE_COLUMNS,
    BriefMeta,
    BriefSection,
    Column,
    KeyFigures,
    Project,
    ProjectConfig,
    RowCells,
    Section,
    SourcesFile,
    TableBlock,
    TableData,
)

CONFIG_NAME = "reportgen.yaml"
M = TypeVar("M", bound=BaseModel)


def find_config(path: Path | str = ".") -> Path:
    """The project's reportgen.yaml, given the project folder or the file itself."""
    path = Path(path)
    config = path / CONFIG_NAME if path.is_dir() else path
    if not config.is_file():
        raise UsageError(
            f"no {CONFIG_NAME} found",
            path,
            hint="give the project folder, or run `reportgen init DIR` to make one",
        )
    return config.resolve()


def load_project(path: Path | str = ".") -> Project:
    """Load and validate a project; raise ValidationFailed listing every error found."""
    return _Validator(find_config(path)).run()


class _Validator:
    """Collects problems across all of a project's files before giving up."""

    def __init__(self, config_path: Path) -> None:
        self.config_path = config_path
        self.root = config_path.parent
        self.problems: list[Problem] = []
        self.files: list[Path] = [config_path]
        self.table_citations: set[str] = set()

    def run(self) -> Project:
        config_doc = self.read(self.config_path)
        config = self.check(config_doc, ProjectConfig) if config_doc else None
        if config_doc is None or config is None:
            raise ValidationFailed(self.problems)
        meta_doc = self.read(self.root / config.brief, config_doc, ("brief",))
        meta = self.check(meta_doc, BriefMeta) if meta_doc else None
        sources_doc = self.read(self.root / config.sources, config_doc, ("sources",))
        sources = self.check(sources_doc, SourcesFile) if sources_doc else None
        sections = self.sections(config, config_doc)
        known = self.source_ids(sources, sources_doc)
        tables = self.tables(sections, known)
        self.citations(sections, known, sources, sources_doc)
        self.unlisted_sections(config, config_doc)
        if meta is None or sources is None or any(p.severity == "error" for p in self.problems):
            raise ValidationFailed(_unique(self.problems))
        return Project(
            root=self.root,
            config_path=self.config_path,
            config=config,
            meta=meta,
            sources={s.id: s for s in sources.sources},
            sections=[s for s, _ in sections if s is not None],
            tables=tables,
            input_files=sorted(set(self.files)),
            warnings=_unique(self.problems),
        )

    # -- reading and model checks --------------------------------------------

    def read(self, path: Path, referrer: Document | None = None, loc: Loc = ()) -> Document | None:
        """Parse a YAML file; a missing file is reported where it was named."""
        path = path.resolve()
        if not path.is_file() and referrer is not None:
            self.problems.append(referrer.problem(loc, f"file not found: {path}"))
            return None
        self.files.append(path)
        try:
            doc = load_yaml(path)
        except ReportgenError as exc:
            self.problems.extend(exc.problems)
            return None
        self.problems.extend(doc.problems)
        if doc.value is None:
            self.problems.append(Problem(str(path), 1, 1, "error", "file is empty"))
            return None
        return doc

    def check(self, doc: Document, model: type[M]) -> M | None:
        """Validate a document against a model, turning each error into a located Problem."""
        value = doc.value
        if not isinstance(value, dict):
            self.problems.append(
                doc.problem(
                    (),
                    f"expected a mapping of keys to values at the "
                    f"top of the file, found {_kind(value)}",
                )
            )
            return None
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            for err in exc.errors():
                self.problems.append(_located(doc, model, err))
            return None

    # -- sections ---------------------------------------------------------------

    def sections(
        self, config: ProjectConfig, config_doc: Document
    ) -> list[tuple[BriefSection | None, Document | None]]:
        """Load each listed section file and validate it."""
        result: list[tuple[BriefSection | None, Document | None]] = []
        sections_dir = self.root / config.sections_dir
        seen: set[str] = set()
        for i, section_id in enumerate(config.sections):
            if section_id in seen:
                self.problems.append(
                    config_doc.problem(("sections", i), f"section {section_id!r} is listed twice")
                )
                continue
            seen.add(section_id)
            path = sections_dir / f"{section_id}.yaml"
            if not path.is_file():
                self.problems.append(
                    config_doc.problem(
                        ("sections", i),
                        f"section {section_id!r} has no data file "
                        f"(looked for {path.relative_to(self.root)})",
                    )
                )
                continue
            doc = self.read(path)
            section = self.check(doc, Section) if doc else None
            brief_section = (
                BriefSection.model_validate({**dict(section), "id": section_id})
                if section
                else None
            )
            result.append((brief_section, doc))
        for name, output in config.outputs.items():
            for j, section_id in enumerate(output.sections or []):
                if section_id not in config.sections:
                    self.problems.append(
                        config_doc.problem(
                            ("outputs", name, "sections", j),
                            f"output {name!r} includes section {section_id!r}, which is not in "
                            f"`sections`",
                            hint=_suggest(section_id, config.sections),
                        )
                    )
        return result

    def unlisted_sections(self, config: ProjectConfig, config_doc: Document) -> None:
        """Warn about section files that no configuration lists."""
        sections_dir = self.root / config.sections_dir
        for path in sorted(sections_dir.glob("*.yaml")) if sections_dir.is_dir() else []:
            if path.stem not in config.sections:
                self.problems.append(
                    Problem(
                        str(path),
                        1,
                        1,
                        "warning",
                        f"section file is not listed in {CONFIG_NAME} `sections`, "
                        "so it is not built",
                    )
                )

    # -- sources and citations ----------------------------------------------

    def source_ids(self, sources: SourcesFile | None, doc: Document | None) -> set[str]:
        """The known source ids; duplicates are errors."""
        if sources is None or doc is None:
            return set()
        ids: set[str] = set()
        for i, source in enumerate(sources.sources):
            if source.id in ids:
                self.problems.append(
                    doc.problem(("sources", i, "id"), f"duplicate source id {source.id!r}")
                )
            ids.add(source.id)
        return ids

    def citations(
        self,
        sections: list[tuple[BriefSection | None, Document | None]],
        known: set[str],
        sources: SourcesFile | None,
        sources_doc: Document | None,
    ) -> None:
        """Every cited id must exist; every source should be cited somewhere."""
        cited: set[str] = set()
        for section, doc in sections:
            if section is None or doc is None:
                continue
            for loc, source_id in _cite_sites(section):
                cited.add(source_id)
                if known and source_id not in known:
                    self.problems.append(
                        doc.problem(
                            loc, f"unknown source id {source_id!r}", hint=_suggest(source_id, known)
                        )
                    )
        cited |= self.table_citations
        if sources is None or sources_doc is None:
            return
        for i, source in enumerate(sources.sources):
            if source.id not in cited:
                self.problems.append(
                    sources_doc.problem(
                        ("sources", i, "id"),
                        f"source {source.id!r} is never cited",
                        severity="warning",
                    )
                )

    # -- tables ---------------------------------------------------------------

    def tables(
        self, sections: list[tuple[BriefSection | None, Document | None]], known: set[str]
    ) -> dict[str, TableData]:
        """Read every table a section uses and check the columns it asks for."""
        tables: dict[str, TableData] = {}
        for section, doc in sections:
            if section is None or doc is None:
                continue
            for loc, block in _table_blocks(section):
                if block.data in tables:
                    continue
                data = self.table(block, doc, loc, known)
                if data is not None:
                    tables[block.data] = data
        return tables

    def table(
        self, block: TableBlock | KeyFigures, doc: Document, loc: Loc, known: set[str]
    ) -> TableData | None:
        path = (self.root / block.data).resolve()
        if not path.is_file():
            self.problems.append(doc.problem((*loc, "data"), f"table file not found: {block.data}"))
            return None
        self.files.append(path)
        try:
            table = load_table(path)
        except ReportgenError as exc:
            self.problems.extend(exc.problems)
            return None
        if isinstance(block, KeyFigures):
            columns = [Column(key=k) for k in KEY_FIGURE_COLUMNS]
            wanted = [((*loc, "data"), k) for k in KEY_FIGURE_COLUMNS]
            cite_column: str | None = "source"
        else:
            columns = block.columns or [Column(key=c) for c in table.columns]
            wanted = [((*loc, "columns", i, "key"), c.key) for i, c in enumerate(columns)]
            cite_column = block.cite_column
            if cite_column:
                wanted.append(((*loc, "cite_column"), cite_column))
        missing = [(where, key) for where, key in wanted if key not in table.columns]
        for where, key in missing:
            self.problems.append(
                doc.problem(
                    where,
                    f"column {key!r} not found in {block.data}",
                    hint=f"the file has columns: {', '.join(table.columns)}",
                )
            )
        if missing:
            return None
        rows = self.rows(table, columns, cite_column, known)
        return TableData(path=path, columns=columns, rows=rows)

    def rows(
        self, table: Table, columns: list[Column], cite_column: str | None, known: set[str]
    ) -> list[RowCells]:
        rows = []
        col_index = {c: i + 1 for i, c in enumerate(table.columns)}
        for n, record in enumerate(table.records()):
            cite: list[str] = []
            if cite_column:
                cite = [s.strip() for s in record[cite_column].split(";") if s.strip()]
                for source_id in cite:
                    self.table_citations.add(source_id)
                    if source_id not in known:
                        self.problems.append(
                            Problem(
                                str(table.path),
                                table.line_of(n),
                                col_index[cite_column],
                                "error",
                                f"row {n + 1}, column {cite_column!r}: unknown source id "
                                f"{source_id!r}",
                                _suggest(source_id, known),
                            )
                        )
            rows.append(
                RowCells(cells=[record[c.key] for c in columns if c.key != cite_column], cite=cite)
            )
        return rows


def _unique(problems: list[Problem]) -> list[Problem]:
    """Sorted problems, keeping only the first reported at any one place."""
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for problem in problems:
        where = (problem.path, problem.line, problem.col)
        if where not in seen or not problem.line:
            seen.add(where)
            unique.append(problem)
    return sorted(unique)


def _table_blocks(section: BriefSection) -> list[tuple[Loc, TableBlock | KeyFigures]]:
    found: list[tuple[Loc, TableBlock | KeyFigures]] = []
    for loc, block in _blocks(section):
        if isinstance(block, TableBlock | KeyFigures):
            found.append((loc, block))
    return found


def _blocks(section: BriefSection) -> list[tuple[Loc, Any]]:
    blocks: list[tuple[Loc, Any]] = [(("body", i), b) for i, b in enumerate(section.body)]
    for s, sub in enumerate(section.subsections):
        blocks += [(("subsections", s, "body", i), b) for i, b in enumerate(sub.body)]
    return blocks


def _cite_sites(section: BriefSection) -> list[tuple[Loc, str]]:
    """Every (location, source id) a section cites in its own YAML."""
    sites: list[tuple[Loc, str]] = [
        (("key_points", i, "cite", j), sid)
        for i, point in enumerate(section.key_points)
        for j, sid in enumerate(point.cite)
    ]
    for loc, block in _blocks(section):
        sites += [((*loc, "cite", j), sid) for j, sid in enumerate(getattr(block, "cite", []))]
    return sites


def _suggest(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def _kind(value: Any) -> str:
    names = {list: "a list", str: "text", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


# -- pydantic errors to located problems ---------------------------------------


def _located(doc: Document, model: type[BaseModel], err: Any) -> Problem:
    """One pydantic error as a Problem at the YAML node it concerns."""
    loc, allowed = _walk(model, doc.value, tuple(err["loc"]))
    kind, name = err["type"], loc[-1] if loc else ""
    where = _dotted(loc)
    if kind == "extra_forbidden":
        hint = _suggest(str(name), allowed) or (
            f"allowed keys: {', '.join(allowed)}" if allowed else ""
        )
        return doc.problem(loc, f"unknown key {name!r}" + _in(loc[:-1]), key=True, hint=hint)
    if kind == "missing":
        return doc.problem(loc[:-1], f"missing required key {name!r}" + _in(loc[:-1]))
    if kind == "string_pattern_mismatch":
        desc = "a source id" if "cite" in loc or name == "id" else "an id"
        return doc.problem(
            loc,
            f"{where}: {err['input']!r} is not valid as {desc}: use "
            "letters, digits, '-', '_' (and '.' in source ids)",
        )
    if kind == "union_tag_invalid":
        return doc.problem((*loc, "type"), f"{where}: {err['msg']}")
    message = err["msg"].removeprefix("Value error, ")
    if "input" in err and not isinstance(err["input"], dict | list) and kind != "missing":
        message += f" (got {err['input']!r})"
    return doc.problem(loc, f"{where}: {message}" if where else message)


def _in(loc: Loc) -> str:
    return f" in {_dotted(loc)}" if loc else ""


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _walk(model: type[BaseModel], raw: Any, loc: Loc) -> tuple[Loc, list[str]]:
    """Strip pydantic's union tags from `loc`; also return the keys allowed at its parent."""
    clean: list[str | int] = []
    tp: Any = model
    value = raw
    for part in loc:
        tp = _resolve(tp, value)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if part not in tp.model_fields:
                if isinstance(part, str) and _is_tag(part, tp, value):
                    continue
                clean.append(part)
                return tuple(clean), sorted(tp.model_fields)
            tp = tp.model_fields[str(part)].annotation
        elif typing.get_origin(tp) is list and isinstance(part, int):
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            tp = None
        clean.append(part)
        value = value[part] if isinstance(value, dict | list) and _has(value, part) else None  # type: ignore[index]
    tp = _resolve(tp, value)
    allowed = sorted(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []
    return tuple(clean), allowed


def _is_tag(part: str, tp: type[BaseModel], value: Any) -> bool:
    return isinstance(value, dict) and value.get("type") == part


def _has(value: dict[Any, Any] | list[Any], part: str | int) -> bool:
    if isinstance(value, dict):
        return part in value
    return isinstance(part, int) and 0 <= part < len(value)


def _resolve(tp: Any, value: Any) -> Any:
    """Unwrap Annotated and Optional; pick a tagged union's member by the value's `type`."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        tag = value.get("type") if isinstance(value, dict) else None
        for member in members:
            fields = getattr(member, "model_fields", {})
            if "type" in fields and tag in typing.get_args(fields["type"].annotation):
                return member
        return _resolve(members[0], value) if len(members) == 1 else None
    return tp


def validate_project(path: Path | str = ".") -> Project:
    """Check a project's data, then its templates by rendering each output's HTML.

    Raises ValidationFailed with every problem; returns the project (with its
    warnings) when there is no error.
    """
    from .render import check_templates

    project = load_project(path)
    problems = check_templates(project)
    if problems:
        raise ValidationFailed([*problems, *project.warnings])
    return project
