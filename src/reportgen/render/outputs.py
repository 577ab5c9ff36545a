"""Rendering the outputs of one build: every template checked before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..context import Uses
from ..errors import ReportgenError, ValidationFailed
from ..model import Project
from .check import TemplateCheck, check_syntax
from .environment import project_environment
from .html import for_print, render_html
from .images import embed_images
from .mistakes import once


def render_outputs(
    project: Project,
    names: list[str],
    charts: Callable[[str], Mapping[str, str]],
    rendered: Callable[[str, str, str, Uses], None],
) -> None:
    """Render each named output (`charts(name)`: its charts' image URIs), calling
    `rendered(name, html_edition, print_document, uses)` as each is done, so its PDF can
    be laid out while the next renders; `uses` says what the output was made from.

    Every problem (each template file's syntax, then every undefined name or field
    each output's templates use, or its first other error) is raised together as
    ValidationFailed once all are rendered.
    """
    problems = check_syntax(project)
    if problems:
        raise ValidationFailed([*problems, *project.warnings])
    env = project_environment(project)
    check = TemplateCheck(project)
    for name in names:
        uses = Uses()
        env.loaded = uses.templates  # type: ignore[attr-defined]
        try:
            html = render_html(project, name, env, charts(name), uses)
            document = for_print(html, env, project, name)
        except ReportgenError as exc:
            problems += check.output(name) or exc.problems  # all of them, not just the first
            continue
        problems += check.static(name)  # names in branches this data does not reach
        if not problems:  # once one fails, nothing of this build is laid out
            rendered(name, embed_images(html, project.root), document, uses)
    if problems:
        raise ValidationFailed([*once(problems), *project.warnings])
