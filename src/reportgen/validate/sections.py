"""Section files: each listed one read and validated; what a broken one still tells (its
labels, sources and data files) kept, so that its mistake is its only message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem, display_path
from ..load import Document, Loc, salvage_file
from ..model import BriefSection, ProjectConfig, Section
from .data import DataChecks, SectionDoc
from .inline import labels
from .locate import suggest
from .recovery import first_error, raw_blocks, raw_cites, raw_labels

SECTION_SUFFIXES = (".yaml", ".md")
UNREAD_TITLE = "(the front matter could not be read)"


class SectionChecks(DataChecks):
    """The validator's checks of section files (a part of validate.project._Validator)."""

    def read(self, path: Path, referrer: Document | None = None, loc: Loc = ()) -> Document | None:
        raise NotImplementedError

    def check(self, doc: Document, model: Any) -> Any:
        raise NotImplementedError

    def template_exists(self, name: str, doc: Document, loc: Loc) -> None:
        raise NotImplementedError

    def sections(self, config: ProjectConfig, config_doc: Document) -> list[SectionDoc]:
        """Load each listed section file and validate it."""
        result: list[SectionDoc] = []
        self.targets: dict[str, set[str]] = {"fig": set(), "tbl": set()}
        self.targets["sec"] = set(config.sections)  # a section's label needs no file
        if not self.sections_dir_found(config, config_doc):
            return result
        for i, section_id in enumerate(config.sections):
            path = self.section_file(config, config_doc, i)
            if path is not None:
                since = len(self.problems)
                doc = self.read(path, config_doc, ("sections", i))
                found = self.section(section_id, path, doc, since)
                result += [found] if found else []
        self.output_sections(config, config_doc)
        self.add_labels(labels(result))
        return result

    def section(
        self, section_id: str, path: Path, doc: Document | None, since: int
    ) -> SectionDoc | None:
        """A section file validated; when it is not valid, what it still tells is kept
        (labels, citations, data files), and what it cannot tell withholds the errors
        that wait on it (`since`: the number of problems before it was read)."""
        root = first_error(self.problems, since)
        if doc is None:
            self.unread(path, root)
            return None
        self.add_labels(raw_labels(doc.salvage))
        if any(p.severity == "error" for p in doc.problems):
            self.unread(path, None)  # a YAML mistake (a key twice) may hide a block
        if doc.partial:  # part of it did not read: what it holds is not all known
            self.unread_section = True
            if isinstance(doc.value, dict):
                doc.value.setdefault("title", UNREAD_TITLE)
            if root is not None:
                self.withheld.blind("labels", root, f"{display_path(path)} is fixed")
        section = self.check(doc, Section)
        if section is None:
            self.failed_section(doc)
            blocks = raw_blocks(doc.value)
            self.add_labels(raw_labels(blocks))
            self.cited |= raw_cites(doc.value)
            self.unread_section = True  # what it cites and reads is not all known
            root = first_error(self.problems, since)
            if not blocks and root is not None:  # emptied: its labels are not known
                self.withheld.blind("labels", root, f"{display_path(path)} is fixed")
            return None
        if section.template:
            self.template_exists(section.template, doc, ("template",))
        return BriefSection(**dict(section), id=section_id), doc

    def sections_dir_found(self, config: ProjectConfig, config_doc: Document) -> bool:
        """Whether the sections folder is there (if not, one error for it, not one for
        each section in it)."""
        folder = self.root / config.sections_dir
        if folder.is_dir() or not config.sections:
            return True
        siblings = [p.name for p in folder.parent.iterdir()] if folder.parent.is_dir() else []
        problem = config_doc.problem(
            ("sections_dir",),
            f"folder not found: {config.sections_dir}",
            hint=suggest(folder.name, siblings),
        )
        self.problems.append(problem)
        self.unread_section = self.missing_section = True
        for kind in ("labels", "sections"):
            self.withheld.blind(kind, problem, f"{config.sections_dir} is found")
        return False

    def section_file(self, config: ProjectConfig, config_doc: Document, i: int) -> Path | None:
        """The file of the i-th listed section, or None (reported) when there is none."""
        section_id = config.sections[i]
        if section_id in config.sections[:i]:
            self.problems.append(
                config_doc.problem(("sections", i), f"section {section_id!r} is listed twice")
            )
            return None
        sections_dir = self.root / config.sections_dir
        found = [sections_dir / f"{section_id}{s}" for s in SECTION_SUFFIXES]
        found = [p for p in found if p.exists()]
        path = found[0] if found else sections_dir / f"{section_id}.yaml"
        if len(found) > 1:
            message = f"section {section_id!r} has two files, {found[0].name} and .md"
            hint = "keep one: the YAML or the Markdown"
            self.problems.append(config_doc.problem(("sections", i), message, hint=hint))
            return None
        if path.exists() and self.outside(path, config_doc, ("sections", i), "section file"):
            return None
        if not path.is_file():
            rel = Path(config.sections_dir) / f"{section_id}.yaml"
            stems = [p.stem for s in SECTION_SUFFIXES for p in sections_dir.glob(f"*{s}")]
            problem = config_doc.problem(
                ("sections", i),
                f"section {section_id!r} has no data file (looked for {rel} and {section_id}.md)",
                hint=suggest(section_id, stems),
            )
            self.problems.append(problem)
            self.unread_section = self.missing_section = True
            for kind in ("labels", "sections"):
                self.withheld.blind(kind, problem, f"section {section_id!r} has its file")
            return None
        return path

    def unread(self, path: Path, root: Problem | None) -> None:
        """A section file that did not parse (`root` its error): its blocks' ids are read
        from its text, line by line, and errors about other labels wait until it is
        fixed (its text may have lost some)."""
        self.unread_section = True  # its citations and data files are not all known
        self.add_labels(self.text_labels(path) or {})
        if root is not None:
            self.withheld.blind("labels", root, f"{display_path(path)} is fixed")

    def text_labels(self, path: Path) -> dict[str, set[str]] | None:
        """The labels of the blocks in a file's text, read line by line; None when the
        text cannot be read."""
        items = salvage_file(path)
        return None if items is None else raw_labels(items)

    def add_labels(self, found: dict[str, set[str]]) -> None:
        for kind, names in found.items():
            self.targets.setdefault(kind, set()).update(names)

    def output_sections(self, config: ProjectConfig, config_doc: Document) -> None:
        """Each output's `sections` must name listed sections."""
        for name, output in config.outputs.items():
            for j, section_id in enumerate(output.sections or []):
                if section_id not in config.sections:
                    self.problems.append(
                        config_doc.problem(
                            ("outputs", name, "sections", j),
                            f"output {name!r} includes section {section_id!r}, which is not in "
                            "`sections`",
                            hint=suggest(section_id, config.sections),
                        )
                    )
