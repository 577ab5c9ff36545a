"""What one output shows of its brief's handling markings: the sections it keeps under its
`max_marking`, its banner (declared, or computed under a marking scheme), and the
portion marks templates print ("(U) ")."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..model import BriefSection, OutputConfig, Project
from ..model.markings import MarkingScheme, resolve_scheme
from ..model.portions import Marked, marked


def selected_sections(project: Project, config: OutputConfig) -> list[BriefSection]:
    """The sections an output includes, in the output's order (default: all)."""
    if config.sections is None:
        return list(project.sections)
    by_id = {s.id: s for s in project.sections}
    return [by_id[sid] for sid in config.sections]


def declared_marking(project: Project, output_name: str | None = None) -> str:
    """The marking an output declares: its own, else the brief's; empty when none."""
    config = project.config.outputs.get(output_name or "")
    return (config.marking if config else None) or project.meta.marking or ""


def output_view(project: Project, output_name: str) -> Marked | None:
    """What the output shows under the project's marking scheme (None: no scheme)."""
    scheme = resolve_scheme(project.config.marking_scheme)
    if scheme is None:
        return None
    config = project.config.outputs[output_name]
    sections = selected_sections(project, config)
    banner = declared_marking(project, output_name)
    return marked(sections, scheme, banner, config.max_marking, project.sections)


def portion_marks(project: Project, output_name: str, view: Marked | None) -> PortionMarks:
    """The portion marks one output's templates print."""
    config = project.config.outputs[output_name]
    if view is None:
        return PortionMarks(None, False)
    controls = view.scheme.declared(declared_marking(project, output_name))[1]
    return PortionMarks(view.scheme, config.portion_marks, controls, config.banner == "per_page")


def marking(project: Project, output_name: str | None = None) -> str:
    """The handling marking an output prints on every page: under a marking scheme, the
    highest level of the portions it shows with the declared dissemination controls;
    else the output's own marking, else the brief's; empty when there is none. The one
    source of the running banner."""
    if output_name in project.config.outputs:
        view = output_view(project.for_output(output_name), output_name)
        if view is not None:
            return view.banner
    return declared_marking(project, output_name)


def withheld(project: Project, output_name: str) -> str:
    """What an output's `max_marking` leaves out, for the build's summary ('' if nothing):
    "public: 2 portions withheld (above its max_marking U)" (with a sub-section or a
    section that goes whole, what it holds counts too)."""
    view = output_view(project.for_output(output_name), output_name)
    if view is None or not view.withheld:
        return ""
    count = len(view.withheld)
    ceiling = project.config.outputs[output_name].max_marking
    noun = "portion" if count == 1 else "portions"
    return f"{output_name}: {count} {noun} withheld (above its max_marking {ceiling})"


class PortionMarks:
    """What templates print before each portion: `markings.mark(block)` gives "(U) "
    when the output has `portion_marks` (nothing otherwise); `markings.contents` says
    whether the contents list headings with their marks too."""

    def __init__(
        self, scheme: MarkingScheme | None, on: bool, controls: str = "", per_page: bool = False
    ) -> None:
        self.scheme, self.on = scheme, on and scheme is not None
        # With `banner: per_page`, each mark says its level's rank and banner, from which
        # the PDF stage sets each page's banner.
        self.controls, self.per_page = controls, per_page

    @property
    def contents(self) -> bool:
        return self.on and self.scheme is not None and self.scheme.contents

    def abbreviation(self, portion: Any) -> str:
        """A portion's mark, "(U)", or "" when portions are not marked."""
        if not self.on or self.scheme is None:
            return ""
        level = self.scheme.find(getattr(portion, "marking", None))
        return f"({level.portion})" if level else ""

    def mark(self, portion: Any) -> Markup:
        """The mark that starts a portion, as HTML: `<span class="portion-mark">(U)</span> `."""
        text = self.abbreviation(portion)
        if not text or self.scheme is None:
            return Markup("")
        level = self.scheme.find(getattr(portion, "marking", None))
        if self.per_page and level is not None:
            rank, banner = self.scheme.rank(level), level.banner + self.controls
            return Markup(
                '<span class="portion-mark" data-rank="{}" data-banner="{}">{}</span> '
            ).format(rank, banner, text)
        return Markup('<span class="portion-mark">{}</span> ').format(text)
