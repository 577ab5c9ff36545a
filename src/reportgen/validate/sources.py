"""The bibliography: every file `sources:` names (YAML, CSL-JSON, BibTeX) read, checked and
merged, with each entry's place kept for located errors; and each source's snapshot.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem, ReportgenError, display_path
from ..load import Document, Loc, load_yaml
from ..load.bibentry import BibEntry
from ..load.bibliography import (
    BIBTEX_SUFFIXES,
    CSL_JSON_SUFFIXES,
    YAML_SUFFIXES,
    load_bibliography,
    salvage_keys,
    source_item,
)
from ..load.snapshot import SNAPSHOT_SUFFIXES
from ..model import ProjectConfig, Source, SourcesFile
from .citestyle import check_style
from .locate import located_all
from .paths import resolved, unusable
from .recovery import Withheld

M = TypeVar("M", bound=BaseModel)
LOCK_NAME = "sources.lock"  # snapshot hashes of CSL-JSON and BibTeX sources, by source id


class Reader(Protocol):
    """What the bibliography needs of the project's validator (validate.project)."""

    root: Path
    problems: list[Problem]
    files: list[Path]
    cited: set[str]
    withheld: Withheld

    def read(self, path: Path, referrer: Document | None = ..., loc: Loc = ...) -> Document | None:
        """Parse a YAML file (reporting a missing one where it is named)."""

    def check(self, doc: Document, model: type[M]) -> M | None:
        """Validate a document against a model."""

    def source_ids(
        self, sources: SourcesFile | None, doc: Document | None, path: Path, since: int
    ) -> Collection[str]:
        """A YAML bibliography's ids (duplicates reported), those of a broken one salvaged."""

    def never_cited(self, source_id: str, known: Collection[str]) -> bool:
        """Whether to warn that a source nothing cites is never cited."""

    def outside(self, path: Path, doc: Document | None, loc: Loc, what: str) -> bool:
        """Report (and return True) when a path leads outside the project."""


@dataclass
class Placed:
    """A source with the place it is written: its file, line, and each field's place."""

    source: Source
    doc: Document  # the file (for CSL-JSON and BibTeX, the entry's fields with their lines)
    loc: Loc  # the entry in `doc`
    csl: dict[str, Any]

    @property
    def path(self) -> Path:
        return self.doc.path

    @property
    def line(self) -> int:
        return self.doc.where(self.loc)[0]

    def problem(self, name: str, message: str, hint: str = "", severity: str = "error") -> Problem:
        """A problem at one of the entry's fields (or at the entry)."""
        return self.doc.problem((*self.loc, name), message, hint=hint, severity=severity)


@dataclass
class Bibliographies:
    """Every bibliography file of a project, merged: its sources by id, where each is
    written, and its snapshots' current hashes."""

    placed: dict[str, Placed] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)
    failed: bool = False  # a file did not read or validate: no project can be made
    snapshots: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def sources(self) -> dict[str, Source]:
        return {key: p.source for key, p in self.placed.items()}

    def project_fields(self) -> dict[str, Any]:
        """What a Project takes from the bibliography: sources, CSL items and snapshots."""
        csl_items = {key: p.csl for key, p in self.placed.items()}
        return {"sources": self.sources, "csl_items": csl_items, "snapshots": self.snapshots}


def read_bibliographies(v: Reader, config: ProjectConfig, config_doc: Document) -> Bibliographies:
    """Read, check and merge every bibliography file; problems go to the validator."""
    bib = Bibliographies()
    problems, style_file = check_style(config, config_doc, v.root)
    v.problems += problems
    v.files += [style_file] if style_file else []
    lock = _read_lock(v)
    for i, name in enumerate(config.source_files()):
        loc: Loc = ("sources",) if isinstance(config.sources, str) else ("sources", i)
        path = v.root / name
        suffix = path.suffix.lower()
        if suffix in YAML_SUFFIXES:
            _yaml_file(v, bib, path, config_doc, loc)
        elif suffix in CSL_JSON_SUFFIXES + BIBTEX_SUFFIXES:
            _exported_file(v, bib, path, config_doc, loc, lock)
        else:
            bib.failed = True
            v.problems.append(
                config_doc.problem(
                    loc,
                    f"cannot read {name!r} as a bibliography",
                    hint="a bibliography is YAML (.yaml), CSL-JSON (.json) or BibTeX (.bib)",
                )
            )
    return bib


def _yaml_file(v: Reader, bib: Bibliographies, path: Path, config_doc: Document, loc: Loc) -> None:
    """A sources.yaml: read and checked as it always was, then merged."""
    since = len(v.problems)
    doc = v.read(path, config_doc, loc)
    sources = v.check(doc, SourcesFile) if doc else None
    bib.known |= set(v.source_ids(sources, doc, path, since))
    if doc is None or sources is None:
        bib.failed = True
        return
    for i, source in enumerate(sources.sources):
        item = source_item(source.model_dump(mode="json"))
        _merge(v, bib, Placed(source, doc, ("sources", i), item))


def _exported_file(
    v: Reader,
    bib: Bibliographies,
    path: Path,
    config_doc: Document,
    loc: Loc,
    lock: dict[str, Any],
) -> None:
    """A CSL-JSON or BibTeX file: each entry validated as a Source, at its own line."""
    # A file that cannot be read: the errors citing its keys wait until it can be.
    if v.outside(path, config_doc, loc, "file"):
        bib.failed = True
        v.withheld.blind("sources", v.problems[-1], f"{display_path(path)} can be read")
        return
    if not path.is_file():
        shown = path.relative_to(v.root) if path.is_relative_to(v.root) else path
        missing = config_doc.problem(loc, f"file not found: {shown}")
        v.problems.append(missing)
        bib.failed = True
        v.withheld.blind("sources", missing, f"{display_path(path)} is there")
        return
    path = resolved(path)
    v.files.append(path)
    try:
        read = load_bibliography(path)
    except ReportgenError as exc:
        v.problems.extend(exc.problems)
        _unread(v, bib, path, exc.problems[0])
        return
    v.problems.extend(read.problems)
    errors = [p for p in read.problems if p.severity == "error"]
    if errors:  # an entry did not read: citations of its key wait until it does
        _unread(v, bib, path, errors[0])
    if not read.entries and not read.problems:
        v.problems.append(Problem(str(path), 1, 1, "error", "the bibliography has no entries"))
        bib.failed = True
    for entry in read.entries:
        fields = dict(entry.fields)
        locked = lock.get(entry.id)
        if isinstance(locked, dict) and locked.get("snapshot") == fields.get("snapshot"):
            fields["snapshot_sha256"] = locked.get("sha256")
        doc = _entry_document(path, entry, fields)
        bib.known.add(entry.id)
        try:
            source = Source.model_validate(fields)
        except ValidationError as exc:
            v.problems += located_all(doc, Source, exc.errors())
            bib.failed = True
            continue
        _merge(v, bib, Placed(source, doc, (), dict(entry.csl)))


def _unread(v: Reader, bib: Bibliographies, path: Path, root: Problem) -> None:
    """A bibliography not wholly read: the keys in its text are known, and errors about
    other ids are withheld until `root` is fixed."""
    bib.failed = True
    bib.known |= salvage_keys(path)
    v.withheld.blind("sources", root, f"{display_path(path)} is fixed")


def _entry_document(path: Path, entry: BibEntry, fields: dict[str, Any]) -> Document:
    """An entry as a Document, so a field's error is located (and worded) as in YAML."""
    marks: dict[Loc, tuple[int, int]] = {(name,): (entry.line_of(name), 1) for name in fields}
    return Document(path, fields, {(): (entry.line, 1), **marks}, dict(marks))


def _merge(v: Reader, bib: Bibliographies, place: Placed) -> None:
    """Add a source; an id already taken by another file is an error naming both places."""
    key = place.source.id
    first = bib.placed.get(key)
    if first is not None and first.path != place.path:
        twice = place.problem(
            "id",
            f"duplicate source id {key!r} (also in {display_path(first.path)}:{first.line})",
            hint="each source id (citation key) must be unique across the bibliography files",
        )
        v.problems.append(twice)
        # One of the two was meant to be another id: which cited ids are unknown is not
        # clear until it is fixed.
        v.withheld.blind("sources", twice, f"{display_path(place.path)} is fixed")
        bib.failed = True
        return
    bib.known.add(key)
    bib.placed.setdefault(key, place)


def check_sources(v: Reader, bib: Bibliographies) -> None:
    """After the sections are read: sources nothing cites, and each source's snapshot."""
    for key, place in bib.placed.items():
        if v.never_cited(key, bib.known):
            v.problems.append(place.problem("id", f"source {key!r} is never cited", "", "warning"))
        if place.source.snapshot:
            _snapshot(v, bib, place)


def _snapshot(v: Reader, bib: Bibliographies, place: Placed) -> None:
    """A snapshot must be a text, HTML or PDF file in the project, unchanged since locked."""
    source, name = place.source, place.source.snapshot or ""
    path = v.root / name
    why = unusable(path)
    if why:
        v.problems.append(place.problem("snapshot", f"snapshot cannot be used: {why}"))
        return
    if not resolved(path).is_relative_to(v.root):  # '..' and symlinks resolved first
        v.problems.append(place.problem("snapshot", f"snapshot is outside the project: {name}"))
        return
    if path.suffix.lower() not in SNAPSHOT_SUFFIXES:
        kinds = ", ".join(SNAPSHOT_SUFFIXES)
        v.problems.append(
            place.problem("snapshot", f"snapshot {name!r} is not text, HTML or PDF ({kinds})")
        )
        return
    if not path.is_file():
        v.problems.append(place.problem("snapshot", f"snapshot not found: {name}"))
        return
    v.files.append(resolved(path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    bib.snapshots[source.id] = {"path": name, "sha256": digest}
    if source.snapshot_sha256 and source.snapshot_sha256 != digest:
        v.problems.append(
            place.doc.problem(
                place.loc,
                f"snapshot of {source.id!r} has changed since it was locked: {name}",
                hint=f"locked sha256 {source.snapshot_sha256[:12]}…, now {digest[:12]}…; if "
                "the new copy is the text that was read, run `reportgen sources lock`",
            )
        )


def _read_lock(v: Reader) -> dict[str, Any]:
    """sources.lock (if any): {source id: {snapshot: path, sha256: digest}}."""
    path = v.root / LOCK_NAME
    if not path.is_file():
        return {}
    v.files.append(resolved(path))
    try:
        doc = load_yaml(path)
    except ReportgenError as exc:
        v.problems.extend(exc.problems)
        return {}
    return doc.value if isinstance(doc.value, dict) else {}
