"""Citations and cross-references written in a section's text, checked where they stand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import Problem
from ..load import Document, Loc
from ..markup import KINDS, citations_in, images_in, project_file, xrefs_in
from ..model import BriefSection, ChartBlock, TableBlock
from .data import SectionDoc, blocks
from .locate import suggest
from .paths import unusable
from .recovery import Known, Withheld


def text_sites(section: BriefSection) -> Iterator[tuple[Loc, str]]:
    """Every text field of a section that takes Markdown, with its location."""
    if section.summary:
        yield ("summary",), section.summary
    for i, point in enumerate(section.key_points):
        yield ("key_points", i, "text"), point.text
    for loc, block in blocks(section):
        if isinstance(getattr(block, "text", None), str):
            yield (*loc, "text"), block.text


def labels(sections: list[SectionDoc]) -> dict[str, set[str]]:
    """What each kind of cross-reference can name: chart, table and section ids."""
    found: dict[str, set[str]] = {"fig": set(), "tbl": set(), "sec": set()}
    for section, _ in sections:
        found["sec"].add(section.id)
        for block in section.all_blocks():
            if isinstance(block, ChartBlock):
                found["fig"].add(block.id)
            elif isinstance(block, TableBlock):
                found["tbl"].add(block.id)
    return found


def check_inline(
    sections: list[SectionDoc],
    known: Known,
    cited: set[str],
    targets: dict[str, set[str]],
    withheld: Withheld,
) -> list[Problem]:
    """Unknown source ids in `[@...]` and unknown labels in `@fig-...`; adds to `cited`.
    `targets` are the labels each kind of cross-reference can name."""
    problems: list[Problem] = []
    for section, doc in sections:
        for loc, text in text_sites(section):
            for offset, items in citations_in(text):
                for item in items:
                    cited.add(item.id)
                    if item.id not in known:
                        message = f"unknown source id {item.id!r}"
                        problems.append(
                            text_problem(doc, loc, text, offset, message, suggest(item.id, known))
                        )
            for offset, kind, label in xrefs_in(text):
                names = targets.get(kind, set())
                if f"{kind}-{label}" in names or label in names:
                    continue
                if withheld.hides("sections" if kind == "sec" else "labels", f"{kind}-{label}"):
                    continue
                message = f"no {KINDS[kind].lower()} has the label {kind}-{label}"
                hint = suggest(
                    f"{kind}-{label}", [f"{kind}-{n.removeprefix(kind + '-')}" for n in names]
                )
                problems.append(text_problem(doc, loc, text, offset, message, hint))
    return problems


def check_images(sections: list[SectionDoc], root: Path) -> list[Problem]:
    """Images a section's text shows from the project's files must be there (a PDF would
    be laid out without them); images from elsewhere are refused when the PDF is made."""
    problems = []
    for section, doc in sections:
        for loc, text in text_sites(section):
            for offset, target in images_in(text):
                name = project_file(target)
                if name is not None and (unusable(name) or not (root / name).is_file()):
                    message = f"image not found: {name}"
                    hint = "an image's path is relative to the folder of reportgen.yaml"
                    problems.append(text_problem(doc, loc, text, offset, message, hint))
    return problems


def text_problem(
    doc: Document, loc: Loc, text: str, offset: int, message: str, hint: str
) -> Problem:
    """A problem at `offset` in a text field: exact in a Markdown body (kept as written,
    from column 1 of its first line), else at the field's value (YAML may fold it)."""
    line, col = doc.where(loc)
    if doc.path.suffix == ".md" and loc[0] in ("body", "subsections"):
        line += text.count("\n", 0, offset)
        col = offset - text.rfind("\n", 0, offset)
    return Problem(str(doc.path), line, col, "error", message, hint)
