"""Which parts of two editions are the same part: sections, key points, blocks and
sub-sections paired, old with new, in reading order (used by the diff and the redline)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..markup import CITATION, citations_in
from ..model import Block, BriefSection, Callout, Paragraph, Project, Subsection, slugify
from .words import Pair, moved, normal, pair, similarity

KEY_JUDGMENTS = "key-judgments"  # the section whose key points are the brief's key judgments
SECTION_LIKENESS = 0.5  # a section whose id changed is the same section if this alike
# A point or paragraph reworded is the same one if this alike: two distinct key points of
# one section of the default brief are at most 0.22 alike, a point with half of its words
# replaced about 0.5.
TEXT_LIKENESS = 0.35


@dataclass(frozen=True)
class BlockPair:
    """A block in the old edition and the new (None where it is not in one of them)."""

    old: Block | None
    new: Block | None


@dataclass(frozen=True)
class SubsectionPair:
    """A sub-section in the old edition and the new, with its blocks paired."""

    old: Subsection | None
    new: Subsection | None
    blocks: list[BlockPair]

    @property
    def anchor(self) -> str:
        """The sub-section's id (the new one where it is in the new edition)."""
        sub = self.new or self.old
        assert sub is not None
        return sub.id or slugify(sub.title)


@dataclass(frozen=True)
class SectionPair:
    """A section in the old edition and the new, with its parts paired."""

    old: BriefSection | None
    new: BriefSection | None
    old_position: int | None  # 1-based, in each edition's reading order
    new_position: int | None
    moved: bool  # changed place relative to the other sections
    points: list[Pair]  # indexes into old.key_points and new.key_points
    blocks: list[BlockPair]
    subsections: list[SubsectionPair]

    @property
    def current(self) -> BriefSection:
        """The section as it stands: the new one, or the old where it was removed."""
        section = self.new or self.old
        assert section is not None
        return section


def align(old: Project, new: Project) -> list[SectionPair]:
    """Pair the sections of two editions (by id, else by likeness of their text) and,
    within each pair, their key points, blocks and sub-sections."""
    pairs = pair(old.sections, new.sections, lambda s: s.id, _section_likeness, SECTION_LIKENESS)
    shifted = moved(pairs)
    result = []
    for i, j in pairs:
        a = old.sections[i] if i is not None else None
        b = new.sections[j] if j is not None else None
        result.append(
            SectionPair(
                a,
                b,
                None if i is None else i + 1,
                None if j is None else j + 1,
                j in shifted,
                _points(a, b),
                blocks(a.body if a else [], b.body if b else []),
                _subsections(a.subsections if a else [], b.subsections if b else []),
            )
        )
    return result


def _points(old: BriefSection | None, new: BriefSection | None) -> list[Pair]:
    a = old.key_points if old else []
    b = new.key_points if new else []
    return pair(
        a,
        b,
        lambda p: str(reading(p.text, p.cite)),
        lambda x, y: similarity(x.text, y.text),
        TEXT_LIKENESS,
    )


def blocks(old: list[Block], new: list[Block]) -> list[BlockPair]:
    """Pair two lists of blocks: tables, key figures and charts by id, text by likeness."""
    pairs = pair(old, new, block_key, _block_likeness, TEXT_LIKENESS)
    return [
        BlockPair(old[i] if i is not None else None, new[j] if j is not None else None)
        for i, j in pairs
    ]


def _subsections(old: list[Subsection], new: list[Subsection]) -> list[SubsectionPair]:
    pairs = pair(
        old,
        new,
        lambda s: s.id or slugify(s.title),
        lambda x, y: similarity(_subsection_text(x), _subsection_text(y)),
        SECTION_LIKENESS,
    )
    result = []
    for i, j in pairs:
        a = old[i] if i is not None else None
        b = new[j] if j is not None else None
        result.append(SubsectionPair(a, b, blocks(a.body if a else [], b.body if b else [])))
    return result


def block_text(block: Block) -> str:
    """A text block's words (a callout's title and text); empty for data blocks."""
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Callout):
        return f"{block.title or ''} {block.text}".strip()
    return ""


def reading(text: str | None, cite: Iterable[str] = ()) -> tuple[str, tuple[str, ...]]:
    """A text as a reader meets it: its words without citation markers, and the sources it
    cites, in the text or in `cite` (the same in a YAML block and its Markdown form)."""
    inline = [c.id for _, items in citations_in(text or "") for c in items]
    return normal(CITATION.sub("", text or "")), tuple(sorted({*cite, *inline}))


def block_key(block: Block) -> str:
    """What makes two blocks the same block: a data block's id, a text block's text."""
    if isinstance(block, Paragraph | Callout):
        return f"{block.type}\0{reading(block_text(block), block.cite)}"
    return f"{block.type}\0{block.id}"


def _block_likeness(a: Block, b: Block) -> float:
    if a.type != b.type or not isinstance(a, Paragraph | Callout):
        return 0.0
    return similarity(block_text(a), block_text(b))


def _subsection_text(sub: Subsection) -> str:
    return " ".join([sub.title, *(block_text(b) for b in sub.body)])


def _section_text(section: BriefSection) -> str:
    parts = [section.title, section.summary or ""]
    parts += [p.text for p in section.key_points]
    parts += [block_text(b) for b in section.body]
    parts += [_subsection_text(s) for s in section.subsections]
    return " ".join(parts)


def _section_likeness(a: BriefSection, b: BriefSection) -> float:
    return similarity(_section_text(a), _section_text(b))
