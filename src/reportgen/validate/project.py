"""Validate stage: turn loaded files into the typed model, reporting every problem located."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem, ReportgenError, ValidationFailed
from ..load import Document, Loc, Table, load_markdown, load_yaml
from ..model import BriefMeta, Project, ProjectConfig
from ..project import find_config
from ..themes import find_template, searched, themes
from .citing import CitationChecks
from .derived import DerivedTables, without_broken_tables
from .editions import EditionChecks
from .fonts import font_problems
from .foreach import ForeachChecks
from .locate import located_all, suggest
from .markings import check_markings
from .paths import config_paths, resolved, unusable
from .quotecheck import check_evidence
from .recovery import Known, Withheld, repeats
from .sections import SectionChecks
from .sources import read_bibliographies

M = TypeVar("M", bound=BaseModel)


def load_project(
    path: Path | str = ".",
    params: Mapping[str, str] | None = None,
    cache: Path | None = None,
    *,
    strict: bool = False,
) -> Project:
    """Load and validate a project's data; raise ValidationFailed listing every problem.

    `params` overrides parameters for every output (`--set params.NAME=VALUE`: values
    read as YAML); a bad one is a UsageError. Derived tables are read from `cache`
    (default: the project's build folder's) when they are there. `strict` checks quoted
    terms of one or two words too.
    """
    return _Validator(find_config(path), params or {}, cache, strict).run()


class _Validator(EditionChecks, SectionChecks, ForeachChecks, CitationChecks):
    """Collects problems across all of a project's files before giving up."""

    def __init__(
        self,
        config_path: Path,
        overrides: Mapping[str, str],
        cache: Path | None = None,
        strict: bool = False,
    ) -> None:
        self.config_path = config_path
        self.strict = strict
        self.root = config_path.parent
        self.problems: list[Problem] = []
        self.files: list[Path] = [config_path]
        self.cited: set[str] = set()
        self.referenced: set[Path] = set()
        self.overrides = dict(overrides)
        self.loaded: dict[tuple[Path, str | None], Table | None] = {}
        self.uses: dict[tuple[Any, str], set[Path]] = {}
        self.edition = ""
        self.section_notes: dict[str, str] = {}
        self.cache = cache
        self.withheld = Withheld()
        self.unread_section = self.missing_section = False

    def run(self) -> Project:
        config_doc = self.read(self.config_path)
        config = self.check(config_doc, ProjectConfig) if config_doc else None
        broken: set[str] = set()
        if config is None and config_doc is not None:
            config, broken = without_broken_tables(config_doc)
        if config_doc is None or config is None:
            raise ValidationFailed(self.problems)
        unusable_paths = config_paths(config, config_doc)
        if unusable_paths:  # nothing below can read these files
            raise ValidationFailed([*self.problems, *unusable_paths])
        self.folders(config, config_doc)
        self.style(config, config_doc)
        self.problems += font_problems(config, config_doc)
        self.templates(config, config_doc)
        meta_doc = self.read(self.root / config.brief, config_doc, ("brief",))
        meta = self.check(meta_doc, BriefMeta) if meta_doc else None
        bib = read_bibliographies(self, config, config_doc)
        known = Known(bib.known, self.withheld, "sources")
        sections = self.sections(config, config_doc)
        self.derived = DerivedTables(config, config_doc, self.read_data, broken, self.cache)
        self.derived.check()
        plans = self.plan_outputs(config, config_doc)
        docs = [d for d in (config_doc, meta_doc, *(doc for _, doc in sections)) if d]
        self.check_references(config.params, docs)
        editions = self.editions(plans, config, (meta, meta_doc), sections, known)
        self.problems += self.derived.problems
        if broken or self.derived.failed or self.derived.problems:
            # a table that could not be made may be what reads a file: no "not used" for it
            tables = self.derived.raw.get("tables")
            named = [str(name) for name in tables] if isinstance(tables, dict) else []
            self.referenced.update(*(self.derived.files(name) for name in named))
        self.citations(sections, known)
        self.problems += check_markings(config, config_doc, (meta, meta_doc), sections)
        quotations = check_evidence(self, bib, sections, self.strict)
        if meta and meta_doc:
            self.dates(config, meta, meta_doc)
        self.unused_files(config)
        problems = repeats(self.withheld.notes(_unique(self.problems)))
        if meta is None or bib.failed or any(p.severity == "error" for p in problems):
            raise ValidationFailed(problems)
        first = editions[plans[0].name]
        return Project(
            root=self.root,
            config_path=self.config_path,
            config=config.model_copy(update={"outputs": {p.name: p.config for p in plans}}),
            **bib.project_fields(),
            quotations=quotations,
            input_files=sorted(set(self.files)),
            warnings=problems,
            **dict(first),
            editions=editions if config.params else {},
            output_inputs=self.output_inputs(plans, config, sections),
            foreach_of={p.name: p.base for p in plans if p.name != p.base},
            overrides=self.overrides,
            computed_tables=self.derived.fresh,
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
        hint = "only files inside the project folder (symlinks resolved) are read"
        if why:
            message, hint = f"{what} cannot be used: {why}", ""
        if doc is None:
            self.problems.append(Problem(str(path), 0, 0, "error", message))
        else:
            self.problems.append(doc.problem(loc, message, hint=hint))
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
            if output.template:  # else brief.html.j2, or the built-in layout without one
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
