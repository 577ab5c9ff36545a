"""Sources and citations: the bibliography's ids, what the sections cite, what nothing does."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from ..load import Document
from ..model import SourcesFile
from .data import SectionDoc, cite_sites
from .inline import check_images, check_inline
from .locate import suggest


class CitationChecks:
    """The validator's checks of sources and citations (a part of validate.project._Validator)."""

    root: Path
    problems: list[Problem]
    cited: set[str]

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

    def source_ids(self, sources: SourcesFile | None, doc: Document | None) -> set[str]:
        """The known source ids; duplicates are errors. When the file has other errors (a
        bad date, say) the ids written in it still count, so citing them is no error."""
        if doc is not None and sources is None:
            entries = doc.value.get("sources") if isinstance(doc.value, dict) else None
            return (
                {str(e["id"]) for e in entries or [] if isinstance(e, dict) and e.get("id")}
                if isinstance(entries, list)
                else set()
            )
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
        """Every id a section cites must be in sources.yaml, every label cross-referenced
        must exist, and every image shown from the project must be there."""
        self.problems += check_inline(sections, known, self.cited)
        self.problems += check_images(sections, self.root)
        for section, doc in sections:
            for loc, source_id in cite_sites(section):
                self.cited.add(source_id)
                if known and source_id not in known:
                    self.problems.append(
                        doc.problem(
                            loc, f"unknown source id {source_id!r}", hint=suggest(source_id, known)
                        )
                    )
