"""Validate stage: turn loaded files into the typed model, reporting every problem located."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from pydantic import BaseModel, ValidationError

from .errors import Problem, ReportgenError, ValidationFailed
from .load import Document, Loc, Table, load_table, load_yaml
from .locate import located, suggest
from .model import (
    BriefMeta,
    BriefSection,
    ChartBlock,
    ChartData,
    KeyFigures,
    Project,
    ProjectConfig,
    Section,
    SourcesFile,
    TableBlock,
    TableData,
    partial_date_end,
)
from .project import CONFIG_NAME, DATA_SUFFIXES, find_config
from .tables import prepare_chart, prepare_table

M = TypeVar("M", bound=BaseModel)
SectionDoc = tuple[BriefSection, Document]


def load_project(path: Path | str = ".") -> Project:
    """Load and validate a project's data; raise ValidationFailed listing every problem."""
    return _Validator(find_config(path)).run()


def validate_project(path: Path | str = ".", *, sandbox: bool = False) -> Project:
    """Check a project's data, then its templates by rendering each output's HTML.

    Raises ValidationFailed with every problem; returns the project (with its
    warnings) when there is no error. `sandbox` renders in Jinja's sandbox
    whatever reportgen.yaml says.
    """
    from .render import check_templates

    project = load_project(path)
    if sandbox:
        project = project.with_config(sandbox=True)
    problems = check_templates(project)
    if problems:
        raise ValidationFailed([*problems, *project.warnings])
    return project


class _Validator:
    """Collects problems across all of a project's files before giving up."""

    def __init__(self, config_path: Path) -> None:
        self.config_path = config_path
        self.root = config_path.parent
        self.problems: list[Problem] = []
        self.files: list[Path] = [config_path]
        self.cited: set[str] = set()

    def run(self) -> Project:
        config_doc = self.read(self.config_path)
        config = self.check(config_doc, ProjectConfig) if config_doc else None
        if config_doc is None or config is None:
            raise ValidationFailed(self.problems)
        self.folders(config, config_doc)
        self.style(config, config_doc)
        self.templates(config, config_doc)
        meta_doc = self.read(self.root / config.brief, config_doc, ("brief",))
        meta = self.check(meta_doc, BriefMeta) if meta_doc else None
        sources_doc = self.read(self.root / config.sources, config_doc, ("sources",))
        sources = self.check(sources_doc, SourcesFile) if sources_doc else None
        known = self.source_ids(sources, sources_doc)
        sections = self.sections(config, config_doc)
        tables, charts = self.tables(sections, known, config, meta)
        self.citations(sections, known)
        if sources and sources_doc:
            self.uncited(sources, sources_doc)
        if meta and meta_doc:
            self.dates(config, meta, meta_doc)
        self.unused_files(config)
        problems = _unique(self.problems)
        if meta is None or sources is None or any(p.severity == "error" for p in problems):
            raise ValidationFailed(problems)
        return Project(
            root=self.root,
            config_path=self.config_path,
            config=config,
            meta=meta,
            sources={s.id: s for s in sources.sources},
            sections=[s for s, _ in sections],
            tables=tables,
            charts=charts,
            input_files=sorted(set(self.files)),
            warnings=problems,
        )

    # -- reading and model checks --------------------------------------------

    def outside(self, path: Path, doc: Document | None, loc: Loc, what: str) -> bool:
        """Report (and return True) when a path resolves outside the project folder.

        Resolving first means '..' and symlinks cannot lead out of the project.
        """
        if path.resolve().is_relative_to(self.root):
            return False
        message = f"{what} is outside the project folder: {path}"
        if doc is None:
            self.problems.append(Problem(str(path), 0, 0, "error", message))
        else:
            self.problems.append(
                doc.problem(
                    loc,
                    message,
                    hint="only files inside the project folder (symlinks resolved) are read",
                )
            )
        return True

    def read(self, path: Path, referrer: Document | None = None, loc: Loc = ()) -> Document | None:
        """Parse a YAML file; a missing or outside file is reported where it was named."""
        if self.outside(path, referrer, loc, "file"):
            return None
        path = path.resolve()
        if not path.is_file() and referrer is not None:
            shown = (
                referrer.value.get(loc[-1]) if loc and isinstance(referrer.value, dict) else path
            )
            self.problems.append(referrer.problem(loc, f"file not found: {shown}"))
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
        if not isinstance(doc.value, dict):
            self.problems.append(
                doc.problem(
                    (), f"expected keys and values at the top of the file, found {_kind(doc.value)}"
                )
            )
            return None
        try:
            return model.model_validate(doc.value)
        except ValidationError as exc:
            self.problems.extend(located(doc, model, err) for err in exc.errors())
            return None

    def folders(self, config: ProjectConfig, config_doc: Document) -> None:
        """The project's folders must lie inside it."""
        for key in ("sections_dir", "templates_dir", "build_dir"):
            self.outside(self.root / getattr(config, key), config_doc, (key,), key)

    def style(self, config: ProjectConfig, config_doc: Document) -> None:
        """The theme must exist; a logo must be an image inside the project."""
        from .context import IMAGE_TYPES
        from .render import themes

        if config.theme not in themes():
            self.problems.append(
                config_doc.problem(
                    ("theme",),
                    f"unknown theme {config.theme!r}",
                    hint=suggest(config.theme, themes()) or "themes: " + ", ".join(themes()),
                )
            )
        logo = config.style.logo
        if logo:
            path = (self.root / logo).resolve()
            where = ("style", "logo")
            if self.outside(self.root / logo, config_doc, where, f"logo {logo!r}"):
                pass
            elif not path.is_file():
                self.problems.append(config_doc.problem(where, f"logo file not found: {logo}"))
            elif path.suffix.lower() not in IMAGE_TYPES:
                self.problems.append(
                    config_doc.problem(where, f"logo {logo!r} is not a PNG, JPEG or SVG image")
                )
            else:
                self.files.append(path)

    def templates(self, config: ProjectConfig, config_doc: Document) -> None:
        """Each output's template must exist (project or built-in)."""
        from .render import template_loader

        self.templates_dir = self.root / config.templates_dir
        self.loader = template_loader(self.templates_dir, config.theme)
        for name, output in config.outputs.items():
            self.template_exists(output.template, config_doc, ("outputs", name, "template"))

    def template_exists(self, name: str, doc: Document, loc: Loc) -> None:
        from .render import searched

        try:
            self.loader.get_source(jinja2.Environment(), name)
        except jinja2.TemplateNotFound:
            self.problems.append(
                doc.problem(
                    loc,
                    f"template not found: {name}",
                    hint="looked in: " + "; ".join(searched(self.templates_dir)),
                )
            )

    # -- sections ---------------------------------------------------------------

    def sections(self, config: ProjectConfig, config_doc: Document) -> list[SectionDoc]:
        """Load each listed section file and validate it."""
        result: list[SectionDoc] = []
        sections_dir = self.root / config.sections_dir
        for i, section_id in enumerate(config.sections):
            if section_id in config.sections[:i]:
                self.problems.append(
                    config_doc.problem(("sections", i), f"section {section_id!r} is listed twice")
                )
                continue
            path = sections_dir / f"{section_id}.yaml"
            if path.exists() and self.outside(path, config_doc, ("sections", i), "section file"):
                continue
            if not path.is_file():
                rel = Path(config.sections_dir) / path.name
                self.problems.append(
                    config_doc.problem(
                        ("sections", i),
                        f"section {section_id!r} has no data file (looked for {rel})",
                        hint=suggest(section_id, [p.stem for p in sections_dir.glob("*.yaml")]),
                    )
                )
                continue
            doc = self.read(path, config_doc, ("sections", i))
            section = self.check(doc, Section) if doc else None
            if doc and section:
                result.append((BriefSection(**dict(section), id=section_id), doc))
                if section.template:
                    self.template_exists(section.template, doc, ("template",))
        for name, output in config.outputs.items():
            for j, section_id in enumerate(output.sections or []):
                if section_id not in config.sections:
                    self.problems.append(
                        config_doc.problem(
                            ("outputs", name, "sections", j),
                            f"output {name!r} includes section {section_id!r}, which is not in "
                            f"`sections`",
                            hint=suggest(section_id, config.sections),
                        )
                    )
        return result

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

    def citations(self, sections: list[SectionDoc], known: set[str]) -> None:
        """Every id a section cites must be in sources.yaml."""
        for section, doc in sections:
            for loc, source_id in _cite_sites(section):
                self.cited.add(source_id)
                if known and source_id not in known:
                    self.problems.append(
                        doc.problem(
                            loc, f"unknown source id {source_id!r}", hint=suggest(source_id, known)
                        )
                    )

    def uncited(self, sources: SourcesFile, doc: Document) -> None:
        """Warn about sources nothing cites."""
        for i, source in enumerate(sources.sources):
            if source.id not in self.cited:
                self.problems.append(
                    doc.problem(
                        ("sources", i, "id"),
                        f"source {source.id!r} is never cited",
                        severity="warning",
                    )
                )

    # -- tables ---------------------------------------------------------------

    def tables(
        self,
        sections: list[SectionDoc],
        known: set[str],
        config: ProjectConfig,
        meta: BriefMeta | None,
    ) -> tuple[dict[str, TableData], dict[str, ChartData]]:
        """Read every table and chart a section uses, checking columns, cells and sources."""
        tables: dict[str, TableData] = {}
        charts: dict[str, ChartData] = {}
        seen: dict[str, str] = {}
        files: dict[Path, Table | None] = {}
        for section, doc in sections:
            for loc, block in _data_blocks(section):
                if block.id in seen:
                    self.problems.append(
                        doc.problem(
                            (*loc, "id"),
                            f"id {block.id!r} is already used by a table or chart in section "
                            f"{seen[block.id]!r}",
                            hint="give each table and chart its own id",
                        )
                    )
                    continue
                seen[block.id] = section.id
                table = self.table_file(block, doc, loc, files)
                if table is None:
                    continue
                if isinstance(block, ChartBlock):
                    chart = prepare_chart(block, table, doc, loc, known)
                    self.problems += chart.problems
                    self.cited |= set(chart.cited)
                    if chart.data:
                        charts[block.id] = chart.data
                    continue
                prepared = prepare_table(block, table, doc, loc, known)
                self.problems += prepared.problems
                self.cited |= set(prepared.cited)
                if meta:
                    for value, line, col in prepared.dates:
                        self.stale(value, meta.date, config, table.path, line, col, "figure")
                if prepared.data:
                    tables[block.id] = prepared.data
        return tables, charts

    def table_file(
        self,
        block: DataBlock,
        doc: Document,
        loc: Loc,
        files: dict[Path, Table | None],
    ) -> Table | None:
        """Load a block's CSV/JSON once, however many blocks use it."""
        if self.outside(self.root / block.data, doc, (*loc, "data"), "table file"):
            return None
        path = (self.root / block.data).resolve()
        if not path.is_file():
            self.problems.append(doc.problem((*loc, "data"), f"table file not found: {block.data}"))
            return None
        if path not in files:
            self.files.append(path)
            try:
                files[path] = load_table(path)
            except ReportgenError as exc:
                self.problems.extend(exc.problems)
                files[path] = None
        return files[path]

    # -- dates and stray files -------------------------------------------------------

    def dates(self, config: ProjectConfig, meta: BriefMeta, doc: Document) -> None:
        """The as-of date must not follow the brief's date, nor lag it too far."""
        line, col = doc.where(("as_of",))
        if meta.as_of > meta.date:
            self.problems.append(
                Problem(
                    str(doc.path),
                    line,
                    col,
                    "error",
                    f"as_of {meta.as_of} is after the brief's date {meta.date}",
                )
            )
        self.stale(meta.as_of.isoformat(), meta.date, config, doc.path, line, col, "brief")

    def stale(
        self,
        as_of: str,
        date: dt.date,
        config: ProjectConfig,
        path: Path,
        line: int,
        col: int,
        what: str,
    ) -> None:
        age = (date - partial_date_end(as_of)).days
        if age > config.stale_after_days:
            self.problems.append(
                Problem(
                    str(path),
                    line,
                    col,
                    "warning",
                    f"{what} data as of {as_of} is {age} days older than the brief's date {date} "
                    f"(limit: stale_after_days = {config.stale_after_days})",
                    "update the figure, or raise stale_after_days in reportgen.yaml",
                )
            )

    def unused_files(self, config: ProjectConfig) -> None:
        """Warn about data files that nothing in the project reads."""
        sections_dir = (self.root / config.sections_dir).resolve()
        data_dirs = {(self.root / p).resolve().parent for p in (config.brief, config.sources)}
        used = set(self.files)
        for data_dir in sorted(data_dirs):
            for path in sorted(data_dir.rglob("*")) if data_dir.is_dir() else []:
                if path.suffix.lower() not in DATA_SUFFIXES or path in used or not path.is_file():
                    continue
                if path.parent == sections_dir:
                    message = (
                        f"section file is not listed in {CONFIG_NAME} `sections`, "
                        "so it is not built"
                    )
                else:
                    message = "data file is not used by any section or setting"
                self.problems.append(Problem(str(path), 1, 1, "warning", message))


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


def _blocks(section: BriefSection) -> list[tuple[Loc, Any]]:
    blocks: list[tuple[Loc, Any]] = [(("body", i), b) for i, b in enumerate(section.body)]
    for s, sub in enumerate(section.subsections):
        blocks += [(("subsections", s, "body", i), b) for i, b in enumerate(sub.body)]
    return blocks


DataBlock = TableBlock | KeyFigures | ChartBlock


def _data_blocks(section: BriefSection) -> list[tuple[Loc, DataBlock]]:
    """The blocks that read a data file, with their locations."""
    return [(loc, b) for loc, b in _blocks(section) if isinstance(b, DataBlock)]


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


def _kind(value: Any) -> str:
    names = {list: "a list", str: "text", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)
