"""Validate stage: turn loaded files into the typed model, reporting every problem located."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem, ReportgenError, ValidationFailed, display_path
from ..load import Document, Loc, load_markdown, load_yaml, salvage_file
from ..model import BriefMeta, Project, ProjectConfig, SourcesFile
from ..project import find_config
from ..themes import find_template, searched, themes
from .locate import located_all, suggest
from .paths import config_paths, resolved, unusable
from .recovery import Known, Withheld, repeats
from .sections import SectionChecks

M = TypeVar("M", bound=BaseModel)


def load_project(path: Path | str = ".") -> Project:
    """Load and validate a project's data; raise ValidationFailed listing every problem."""
    return _Validator(find_config(path)).run()


class _Validator(SectionChecks):
    """Collects problems across all of a project's files before giving up."""

    def __init__(self, config_path: Path) -> None:
        self.config_path = config_path
        self.root = config_path.parent
        self.problems: list[Problem] = []
        self.files: list[Path] = [config_path]
        self.cited: set[str] = set()
        self.referenced: set[Path] = set()
        self.withheld = Withheld()
        self.unread_section = self.missing_section = False

    def run(self) -> Project:
        config_doc = self.read(self.config_path)
        config = self.check(config_doc, ProjectConfig) if config_doc else None
        if config_doc is None or config is None:
            raise ValidationFailed(self.problems)
        self.problems += config_paths(config, config_doc)
        if self.problems:
            raise ValidationFailed(self.problems)
        self.folders(config, config_doc)
        self.style(config, config_doc)
        self.templates(config, config_doc)
        meta_doc = self.read(self.root / config.brief, config_doc, ("brief",))
        meta = self.check(meta_doc, BriefMeta) if meta_doc else None
        since = len(self.problems)
        sources_doc = self.read(self.root / config.sources, config_doc, ("sources",))
        sources = self.check(sources_doc, SourcesFile) if sources_doc else None
        known = self.source_ids(sources, sources_doc, self.root / config.sources, since)
        sections = self.sections(config, config_doc)
        tables, charts = self.tables(sections, known, config, meta)
        self.citations(sections, known)
        if sources and sources_doc and not self.unread_section:
            self.uncited(sources, sources_doc)
        if meta and meta_doc:
            self.dates(config, meta, meta_doc)
        self.unused_files(config)
        problems = repeats(self.withheld.notes(_unique(self.problems)))
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
        why = unusable(path)
        if not why and resolved(path).is_relative_to(self.root):
            return False
        message = f"{what} is outside the project folder: {path}"
        if why:
            message = f"{what} cannot be used: {why}"
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
        """Parse a YAML or Markdown file; a missing or outside one is reported where named."""
        if self.outside(path, referrer, loc, "file"):
            return None
        path = resolved(path)
        if not path.is_file() and referrer is not None:
            shown = (
                referrer.value.get(loc[-1]) if loc and isinstance(referrer.value, dict) else path
            )
            self.problems.append(referrer.problem(loc, f"file not found: {shown}"))
            return None
        self.files.append(path)
        try:
            doc = load_markdown(path) if path.suffix == ".md" else load_yaml(path)
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
            self.problems += located_all(doc, model, exc.errors())
            return None

    def folders(self, config: ProjectConfig, config_doc: Document) -> None:
        """The project's folders must lie inside it."""
        for key in ("sections_dir", "templates_dir", "build_dir"):
            self.outside(self.root / getattr(config, key), config_doc, (key,), key)

    def style(self, config: ProjectConfig, config_doc: Document) -> None:
        """The theme must exist; a logo must be an image inside the project."""
        if config.theme not in themes():
            self.problems.append(
                config_doc.problem(
                    ("theme",),
                    f"unknown theme {config.theme!r}",
                    hint=suggest(config.theme, themes()) or "themes: " + ", ".join(themes()),
                )
            )
        logos = {("style", "logo"): config.style.logo} | {
            ("outputs", n, "style", "logo"): o.style.logo
            for n, o in config.outputs.items()
            if o.style
        }
        for where, logo in logos.items():
            if logo:
                self.logo(logo, where, config_doc)

    def templates(self, config: ProjectConfig, config_doc: Document) -> None:
        """Each output's template must exist (project or built-in)."""
        self.templates_dir = self.root / config.templates_dir
        self.theme = config.theme
        for name, output in config.outputs.items():
            self.template_exists(output.template, config_doc, ("outputs", name, "template"))

    def template_exists(self, name: str, doc: Document, loc: Loc) -> None:
        if unusable(name) or find_template(name, self.templates_dir, self.theme) is None:
            self.problems.append(
                doc.problem(
                    loc,
                    f"template not found: {name}",
                    hint="looked in: " + "; ".join(searched(self.templates_dir)),
                )
            )

    # -- sources and citations ----------------------------------------------

    def source_ids(
        self, sources: SourcesFile | None, doc: Document | None, path: Path, since: int
    ) -> Known:
        """The known source ids; duplicates are errors. When the file has other errors (a
        bad date, say, or a syntax error) the ids written in it still count, so citing
        them is no error, and errors about other ids wait until it is fixed."""
        ids: set[str] = set()
        salvaged: set[str] = set()
        if doc is not None and any(p.severity == "error" for p in doc.problems):
            salvaged = _salvaged_ids(path)  # a YAML mistake (a key twice) may hide an entry
        if sources is not None and doc is not None:
            for i, source in enumerate(sources.sources):
                if source.id in ids:
                    twice = doc.problem(("sources", i, "id"), f"duplicate source id {source.id!r}")
                    self.problems.append(twice)
                    # One of the two was meant to be another id: which ids are cited but
                    # unknown is not clear until it is fixed.
                    self.withheld.blind("sources", twice, f"{display_path(path)} is fixed")
                ids.add(source.id)
            return Known(ids | salvaged, self.withheld, "sources")
        entries = doc.value.get("sources") if doc and isinstance(doc.value, dict) else None
        if isinstance(entries, list):
            ids = {str(e["id"]) for e in entries if isinstance(e, dict) and e.get("id")}
        elif doc is None:  # it did not parse: the ids in its text
            ids = _salvaged_ids(path)
        ids |= salvaged
        root = self.root_error(since)
        if root is not None:  # it did not validate: ids not read from it wait until it does
            self.withheld.blind("sources", root, f"{display_path(path)} is fixed")
        return Known(ids, self.withheld, "sources")


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


def _kind(value: Any) -> str:
    names = {list: "a list", str: "text", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


def _salvaged_ids(path: Path) -> set[str]:
    """The source ids written in a bibliography, read line by line from its text."""
    return {item["id"] for item in salvage_file(path) or []}
