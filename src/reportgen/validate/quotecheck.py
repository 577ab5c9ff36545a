"""Each quotation checked against the snapshots of the sources it cites.

A quotation of three words or more that cites a source with a snapshot must be in
that snapshot (with several sources, in at least one of them); otherwise it is an
error at the quotation, with the closest passage of the snapshot as a hint. One
that cannot be checked (no cited source has a snapshot, or it cites none) is
counted, and kept as a located problem that `reportgen sources check --strict`
reports as an error. Under `strict`, quoted terms of one or two words are checked
too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, ReportgenError
from ..load.snapshot import read_snapshot
from ..model import QuotationCount, Source
from .data import SectionDoc
from .paths import resolved
from .quotes import Quotation, quotations
from .quotetext import Snapshot, quote_parts
from .sources import Bibliographies, Reader, check_sources

MIN_WORDS = 3  # shorter quoted terms are checked only under --strict
CLOSE_ENOUGH = 0.4  # below this, no passage is shown as the closest


@dataclass
class QuotationCheck:
    """The outcome of checking a brief's quotations."""

    problems: list[Problem] = field(default_factory=list)
    count: QuotationCount = field(default_factory=QuotationCount)


def check_quotations(
    found: list[Quotation], sources: dict[str, Source], root: Path, strict: bool = False
) -> QuotationCheck:
    """Check every quotation against its sources' snapshots."""
    result = QuotationCheck()
    snapshots = _Snapshots(root, result.problems)
    checked = 0
    unchecked: list[Problem] = []
    for quotation in found:
        if quotation.size < (1 if strict else MIN_WORDS):
            continue
        parts = quote_parts(quotation.text)
        cited = [sources[s] for s in quotation.sources if s in sources]
        held = {s.id: snap for s in cited if s.snapshot and (snap := snapshots.get(s))}
        if any(snap.contains(parts) for snap in held.values()):
            checked += 1
            continue
        missing = [s.id for s in cited if s.id not in held]
        if held and not missing:
            checked += 1
            result.problems.append(_not_found(quotation, parts, held))
            continue
        why = f"no snapshot of {_names(missing, 'and')}" if missing else "it cites no source"
        unchecked.append(
            _at(
                quotation,
                f"quotation not checked: {why}",
                "give the source a `snapshot:` (a copy of what was read)",
            )
        )
    result.count = QuotationCount(checked=checked, unchecked=len(unchecked), unchecked_at=unchecked)
    return result


def _not_found(quotation: Quotation, parts: list[list[str]], held: dict[str, Snapshot]) -> Problem:
    """The error for a quotation in none of its snapshots, with the closest passage."""
    ids = list(held)
    noun = "source" if len(ids) == 1 else "sources"
    best = max(((snap.closest(parts), key) for key, snap in held.items()), key=lambda x: x[0][0])
    (ratio, passage), key = best
    if ratio >= CLOSE_ENOUGH and passage:
        where = f" of '{key}'" if len(ids) > 1 else ""
        hint = f"the closest passage{where} ({ratio:.0%} alike) reads: “{passage}”"
    else:
        hint = "no passage of the snapshot comes close; is the right source cited?"
    return _at(quotation, f"quotation not found in {noun} {_names(ids, 'or')}", hint)


def _names(ids: list[str], joiner: str) -> str:
    quoted = [f"'{i}'" for i in ids]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


def _at(quotation: Quotation, message: str, hint: str) -> Problem:
    return Problem(quotation.path, quotation.line, quotation.col, "error", message, hint)


class _Snapshots:
    """Each snapshot read once; one that cannot be read is a problem, and checks nothing."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        self.root = root
        self.problems = problems
        self.read: dict[Path, Snapshot | None] = {}

    def get(self, source: Source) -> Snapshot | None:
        path = resolved(self.root / (source.snapshot or ""))
        if path not in self.read:
            self.read[path] = self._load(path)
        return self.read[path]

    def _load(self, path: Path) -> Snapshot | None:
        if not path.is_file() or not path.is_relative_to(self.root):
            return None  # reported where the source names it
        try:
            return Snapshot(read_snapshot(path))
        except ReportgenError as exc:
            self.problems.extend(exc.problems)
            return None


def check_evidence(
    v: Reader, bib: Bibliographies, sections: list[SectionDoc], strict: bool
) -> QuotationCount:
    """The bibliography's last checks (uncited sources, snapshots), then every quotation;
    problems go to the validator."""
    check_sources(v, bib)
    result = check_quotations(quotations(sections, bib, v.root), bib.sources, v.root, strict)
    v.problems += result.problems
    return result.count
