"""Handling markings checked against the project's marking scheme: every marking names a
level, no portion stands above the banner declared for it, and with portion marks on,
no section is left unmarked among marked ones; an output's `max_marking` leaves no
cross-reference pointing at what it withholds."""

from __future__ import annotations

from ..errors import Problem
from ..load import Document, Loc
from ..markup import KINDS, xrefs_in
from ..model import BriefMeta, BriefSection, Project, ProjectConfig
from ..model.markings import Level, MarkingScheme, resolve_scheme
from ..model.portions import Portion, any_marked, marked, portions
from .data import SectionDoc
from .inline import text_problem, text_sites
from .locate import suggest


def check_markings(
    config: ProjectConfig,
    config_doc: Document,
    meta: tuple[BriefMeta | None, Document | None],
    sections: list[SectionDoc],
) -> list[Problem]:
    """Every problem with the project's handling markings, each where it is written."""
    scheme = resolve_scheme(config.marking_scheme)
    if scheme is None:
        return _without_scheme(config, config_doc, sections)
    problems: list[Problem] = []
    brief, brief_doc = meta
    checks = _Checks(scheme, problems)
    if brief is not None and brief_doc is not None:
        checks.banner(brief.marking, brief_doc, ("marking",))
    for name, output in config.outputs.items():
        checks.banner(output.marking, config_doc, ("outputs", name, "marking"))
        checks.level(output.max_marking, config_doc, ("outputs", name, "max_marking"))
        if output.banner == "per_page" and not output.portion_marks:
            message = "`banner: per_page` needs `portion_marks: true`"
            hint = "a page's banner is computed from the portion marks on it"
            problems.append(config_doc.problem(("outputs", name, "banner"), message, hint=hint))
    for section, doc in sections:
        for portion in portions(section, scheme):
            if portion.written and not portion.level:
                checks.unknown(portion, doc)
    if problems:
        return problems
    declared = brief.marking if brief else None
    models = [s for s, _ in sections]
    # Portion marks print every portion's marking, and `max_marking` decides by it.
    needed = any(o.portion_marks or o.max_marking for o in config.outputs.values())
    if needed and any_marked(models):
        problems += [
            _unmarked(section.id, doc)
            for section, doc in sections
            if any(p.level is None for p in portions(section, scheme))
        ]
    checks.above(declared, sections, None, "the brief's")
    for name, output in config.outputs.items():
        chosen = [s for s in sections if output.sections is None or s[0].id in output.sections]
        if output.marking or output.max_marking:
            whose = f"output {name!r}'s" if output.marking else "the brief's"
            checks.above(output.marking or declared, chosen, output.max_marking, whose)
        if output.max_marking:
            shown = (output.marking or declared, output.max_marking)
            problems += _dangling(scheme, chosen, models, name, shown)
    return problems


class _Checks:
    """The checks of one scheme's markings, adding to `problems`."""

    def __init__(self, scheme: MarkingScheme, problems: list[Problem]) -> None:
        self.scheme, self.problems = scheme, problems
        self.names = sorted({n for lv in scheme.levels for n in lv.names()})

    def level(self, text: str | None, doc: Document, loc: Loc) -> Level | None:
        """The level `text` names; an unknown one is reported at `loc`."""
        if not text:
            return None
        level = self.scheme.find(text)
        if level is None:
            self.problems.append(
                doc.problem(loc, f"unknown marking {text!r}", hint=self.hint(text))
            )
        return level

    def banner(self, text: str | None, doc: Document, loc: Loc) -> None:
        """A declared banner must start with a level of the scheme."""
        if text and self.scheme.declared(text)[0] is None:
            head = text.partition("//")[0].strip()
            message = f"the banner {text!r} does not start with a level of the marking scheme"
            self.problems.append(doc.problem(loc, message, hint=self.hint(head)))

    def unknown(self, portion: Portion, doc: Document) -> None:
        message = f"unknown marking {portion.written!r}"
        loc = (*portion.loc, "marking")
        self.problems.append(doc.problem(loc, message, hint=self.hint(portion.written or "")))

    def hint(self, text: str) -> str:
        near = suggest(text.strip().upper(), self.names)
        return near or f"the levels, least restrictive first: {self.scheme.listed()}"

    def above(
        self, banner: str | None, sections: list[SectionDoc], ceiling: str | None, whose: str
    ) -> None:
        """Each portion marked, where it is written, above the declared `banner` (but for
        those above `ceiling`, which the output withholds); `whose` banner it is."""
        level = self.scheme.declared(banner)[0]
        if level is None:
            return
        top = self.scheme.find(ceiling) if ceiling else None
        for section, doc in sections:
            for portion in portions(section, self.scheme):
                shown = top is None or not _over(self.scheme, portion.level, top)
                if portion.written and shown and portion.level:
                    if not _over(self.scheme, portion.level, level):
                        continue
                    message = (
                        f"portion marked {portion.level.banner} is above the banner {level.banner}"
                    )
                    hint = f"mark the portion lower, or raise {whose} `marking`"
                    self.problems.append(doc.problem((*portion.loc, "marking"), message, hint=hint))


def _over(scheme: MarkingScheme, level: Level | None, top: Level) -> bool:
    return level is not None and scheme.rank(level) > scheme.rank(top)


def _unmarked(section_id: str, doc: Document) -> Problem:
    message = f"section {section_id!r} is not marked, while other portions are"
    hint = (
        "with `portion_marks` or `max_marking` every portion is marked: add `marking:` to "
        "the section (what it holds inherits it), or mark each of its portions"
    )
    return doc.problem(("title",), message, key=True, hint=hint)


def _without_scheme(
    config: ProjectConfig, config_doc: Document, sections: list[SectionDoc]
) -> list[Problem]:
    """Without a scheme, portion markings and the options that need one are errors."""
    hint = "name a scheme in reportgen.yaml: `marking_scheme: us` (or tlp, or your own levels)"
    problems = []
    for name, output in config.outputs.items():
        for key in ("portion_marks", "max_marking", "banner"):
            if getattr(output, key) not in (False, None, "document"):
                message = f"`{key}` needs a `marking_scheme`"
                problems.append(config_doc.problem(("outputs", name, key), message, hint=hint))
    for section, doc in sections:
        for portion in portions(section, MarkingScheme.model_construct(levels=[])):
            if portion.written:
                message = "a portion's `marking` needs a `marking_scheme`"
                problems.append(doc.problem((*portion.loc, "marking"), message, hint=hint))
                return problems  # one mistake: the scheme is missing
    return problems


def _dangling(
    scheme: MarkingScheme,
    sections: list[SectionDoc],
    brief: list[BriefSection],
    output: str,
    shown: tuple[str | None, str],
) -> list[Problem]:
    """Cross-references, in what an output keeps, to portions it withholds (`shown`: its
    declared banner and its `max_marking`)."""
    banner, ceiling = shown
    view = marked([s for s, _ in sections], scheme, banner, ceiling, brief)
    gone = {p.label: p for p in view.withheld if p.label}
    problems = []
    for section, doc in sections:
        out = [p.loc for p in view.withheld if p.section == section.id]
        if () in out:
            continue
        for loc, text in text_sites(section):
            if any(loc[: len(w)] == w for w in out):
                continue
            for offset, kind, label in xrefs_in(text):
                portion = gone.get(f"{kind}:{kind}-{label}") or gone.get(f"{kind}:{label}")
                if portion is None or portion.level is None:
                    continue
                why = (
                    f"marked {portion.level.banner}, above its max_marking {ceiling}"
                    if _over(scheme, portion.level, scheme.find(ceiling) or portion.level)
                    else f"all it holds is marked above its max_marking {ceiling}"
                )
                what = KINDS[kind].lower()
                message = (
                    f"@{kind}-{label} refers to a {what} that output {output!r} withholds ({why})"
                )
                hint = "leave the reference out of this output, or mark what it refers to lower"
                problems.append(text_problem(doc, loc, text, offset, message, hint))
    return problems


MARKING_OPTIONS = ("marking", "portion_marks", "max_marking", "banner")


def settings_problem(project: Project, name: str) -> str:
    """What is wrong with an output's marking options once `--set` changed them ('' if
    nothing): the checks of reportgen.yaml's, without a file to locate them in."""
    output = project.config.outputs[name]
    scheme = resolve_scheme(project.config.marking_scheme)
    if scheme is None:
        used = [
            k for k in MARKING_OPTIONS[1:] if getattr(output, k) not in (False, None, "document")
        ]
        return f"`{used[0]}` needs a `marking_scheme`" if used else ""
    declared = output.marking or project.meta.marking
    level = scheme.declared(declared)[0]
    if declared and level is None:
        return f"the banner {declared!r} does not start with a level ({scheme.listed()})"
    if output.max_marking and scheme.find(output.max_marking) is None:
        return f"unknown marking {output.max_marking!r} ({scheme.listed()})"
    if output.banner == "per_page" and not output.portion_marks:
        return "`banner: per_page` needs `portion_marks: true`"
    chosen = [s for s in project.sections if output.sections is None or s.id in output.sections]
    shown = marked(chosen, scheme, declared, output.max_marking, project.sections).highest
    if level and shown and scheme.rank(shown) > scheme.rank(level):
        return f"the output shows portions marked {shown.banner}, above the banner {level.banner}"
    return ""
