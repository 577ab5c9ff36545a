"""Sources and citations: the bibliography's ids, what the sections cite, what nothing does."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..errors import Problem, display_path
from ..load import Document, salvage_file
from ..model import SourcesFile
from .data import SectionDoc, cite_sites
from .inline import check_images, check_inline
from .locate import suggest
from .recovery import Known, Withheld, first_error


class CitationChecks:
    """The validator's checks of sources and citations (a part of validate.project._Validator)."""

    root: Path
    problems: list[Problem]
    cited: set[str]
    withheld: Withheld
    targets: dict[str, set[str]]  # the labels each kind of cross-reference can name
    unread_section: bool  # a section file did not validate: what it cites is not known

    def never_cited(self, source_id: str, known: Collection[str]) -> bool:
        """Whether to warn that a source is never cited: not when it is cited, nor when
        its id is near an id cited that is not `known` (the error about that id names it
        already), nor when a section could not be read (what it cites is not known)."""
        if source_id in self.cited or self.unread_section:
            return False
        return not suggest(source_id, [c for c in self.cited if c not in known])

    def source_ids(
        self, sources: SourcesFile | None, doc: Document | None, path: Path, since: int
    ) -> Known:
        """A YAML bibliography's ids; duplicates are errors. When the file has other errors
        (a bad date, say, or a syntax error) the ids written in it still count, so citing
        them is no error, and errors about other ids wait until it is fixed (`since`: the
        number of problems before it was read)."""
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
        root = first_error(self.problems, since)
        if root is not None:  # it did not validate: ids not read from it wait until it does
            self.withheld.blind("sources", root, f"{display_path(path)} is fixed")
        return Known(ids, self.withheld, "sources")

    def citations(self, sections: list[SectionDoc], known: Known) -> None:
        """Every id a section cites must be in the bibliography, every label
        cross-referenced must exist, and every image shown from the project must be there."""
        self.problems += check_inline(sections, known, self.cited, self.targets, self.withheld)
        self.problems += check_images(sections, self.root)
        for section, doc in sections:
            for loc, source_id in cite_sites(section):
                self.cited.add(source_id)
                if source_id not in known:
                    self.problems.append(
                        doc.problem(
                            loc, f"unknown source id {source_id!r}", hint=suggest(source_id, known)
                        )
                    )


def _salvaged_ids(path: Path) -> set[str]:
    """The source ids written in a YAML bibliography, read line by line from its text."""
    return {item["id"] for item in salvage_file(path) or []}
