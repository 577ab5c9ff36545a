"""Portions under a marking scheme: each heading, key point and block of a section with
the level it is marked at (its own `marking`, else its sub-section's, else its
section's), and what one output keeps of them under its `max_marking`, with the banner
computed from what it keeps."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .derived import BriefSection
from .markings import Level, MarkingScheme

Loc = tuple[str | int, ...]  # where a portion stands in its section's file


@dataclass(frozen=True)
class Portion:
    """One portion of a section: where it is, what it is, and its marking."""

    section: str
    loc: Loc  # () for the section's own heading
    kind: str  # "section", "sub-section", "key point" or a block's type
    written: str | None  # its own `marking`, as written
    level: Level | None  # the level it is marked at, own or inherited; None: unmarked
    label: str = ""  # what a cross-reference names it by: "sec:x", "tbl:x", "fig:x"


def _label(block: Any) -> str:
    kinds = {"table": "tbl", "chart": "fig"}
    kind = kinds.get(getattr(block, "type", ""))
    return f"{kind}:{block.id}" if kind else ""


def portions(
    section: BriefSection, scheme: MarkingScheme, default: Level | None = None
) -> list[Portion]:
    """Every portion of a section in reading order, marked (`default`: the level of a
    section that sets none). A heading that sets no marking over portions that all do is
    marked at the highest of them."""

    def one(
        loc: Loc, kind: str, written: str | None, outer: Level | None, label: str = ""
    ) -> Portion:
        level = scheme.find(written) if written else outer
        return Portion(section.id, loc, kind, written, level, label)

    def lifted(top: Portion, inner: list[Portion]) -> Portion:
        if top.level is not None or not inner or any(p.level is None for p in inner):
            return top
        return replace(top, level=max((p.level for p in inner if p.level), key=scheme.rank))

    head = one((), "section", section.marking, default, f"sec:{section.id}")
    found = [
        one(("key_points", i), "key point", p.marking, head.level)
        for i, p in enumerate(section.key_points)
    ]
    found += [
        one(("body", i), b.type, b.marking, head.level, _label(b))
        for i, b in enumerate(section.body)
    ]
    for s, sub in enumerate(section.subsections):
        top = one(("subsections", s), "sub-section", sub.marking, head.level)
        blocks = [
            one(("subsections", s, "body", i), b.type, b.marking, top.level, _label(b))
            for i, b in enumerate(sub.body)
        ]
        found += [lifted(top, blocks), *blocks]
    return [lifted(head, found), *found]


def any_marked(sections: list[BriefSection]) -> bool:
    """Whether any portion of the brief sets a `marking`."""
    for section in sections:
        items: list[Any] = [section, *section.key_points, *section.subsections]
        items += section.all_blocks()
        if any(getattr(item, "marking", None) for item in items):
            return True
    return False


@dataclass
class Marked:
    """What one output shows of a brief under a scheme: the sections it keeps (every
    portion's `marking` the name of its level), the portions it withholds, the banner."""

    scheme: MarkingScheme
    sections: list[BriefSection]
    withheld: list[Portion] = field(default_factory=list)
    banner: str = ""
    highest: Level | None = None


def marked(
    sections: list[BriefSection],
    scheme: MarkingScheme,
    banner: str | None,
    max_marking: str | None = None,
    brief: list[BriefSection] | None = None,
) -> Marked:
    """The sections an output with this declared `banner` and `max_marking` shows: the
    portions above `max_marking` left out (with a sub-section, what it holds; a section
    left with none goes whole), each kept portion's `marking` set to its level's name;
    the banner computed from them. When no portion of the `brief` (default: `sections`)
    is marked, every portion is at the declared banner's level."""
    level, controls = scheme.declared(banner)
    default = None if any_marked(sections if brief is None else brief) else level
    ceiling = scheme.find(max_marking) if max_marking else None
    kept: list[BriefSection] = []
    withheld: list[Portion] = []
    levels: list[Level] = []
    for section in sections:
        found = portions(section, scheme, default)
        above = [p.loc for p in found if _above(scheme, p.level, ceiling)]
        out = [p for p in found if any(p.loc[: len(a)] == a for a in above)]
        inner = [p for p in found if p.loc and p not in out]
        if () in above or (len(found) > 1 and not inner):
            withheld += found  # the whole section goes
            continue
        withheld += out
        levels += [p.level for p in found if p.level is not None and p not in out]
        kept.append(_keep(section, found, out))
    highest = max(levels, key=scheme.rank, default=level)
    text = (highest.banner + controls) if highest else ""
    return Marked(scheme, kept, withheld, text, highest)


def _above(scheme: MarkingScheme, level: Level | None, ceiling: Level | None) -> bool:
    return ceiling is not None and level is not None and scheme.rank(level) > scheme.rank(ceiling)


def _keep(section: BriefSection, found: list[Portion], out: list[Portion]) -> BriefSection:
    """The section without the portions `out`, every portion's `marking` its level's name."""
    at = {p.loc: p for p in found}
    gone = {p.loc for p in out}

    def name(loc: Loc) -> str | None:
        level = at[loc].level
        return level.name if level else None

    points = [
        p.model_copy(update={"marking": name(("key_points", i))})
        for i, p in enumerate(section.key_points)
        if ("key_points", i) not in gone
    ]
    body = [
        b.model_copy(update={"marking": name(("body", i))})
        for i, b in enumerate(section.body)
        if ("body", i) not in gone
    ]
    subs = []
    for s, sub in enumerate(section.subsections):
        if ("subsections", s) in gone:
            continue
        sub_body = [
            b.model_copy(update={"marking": name(("subsections", s, "body", i))})
            for i, b in enumerate(sub.body)
            if ("subsections", s, "body", i) not in gone
        ]
        subs.append(sub.model_copy(update={"marking": name(("subsections", s)), "body": sub_body}))
    return section.model_copy(
        update={"marking": name(()), "key_points": points, "body": body, "subsections": subs}
    )
