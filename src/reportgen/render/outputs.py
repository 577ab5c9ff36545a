"""Rendering the outputs of one build: every template checked before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..errors import ReportgenError, ValidationFailed
from ..model import Project
from .check import TemplateCheck, check_syntax
from .environment import project_environment
from .html import for_print, render_html
from .images import embed_images
from .undefined import once


def render_outputs(
    project: Project,
    names: list[str],
    charts: Mapping[str, str],
    rendered: Callable[[str, str, str], None],
) -> None:
    """Render each named output, calling `rendered(name, html_edition, print_document)`
    as each is done, so its PDF can be laid out while the next renders.

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
        try:
            html = render_html(project, name, env, charts)
        except ReportgenError as exc:
            problems += check.output(name) or exc.problems  # all of them, not just the first
            continue
        problems += check.static(name)  # names in branches this data does not reach
        if not problems:  # once one fails, nothing of this build is laid out
            edition = embed_images(html, project.root)
            rendered(name, edition, for_print(html, env, project, name))
    if problems:
        raise ValidationFailed([*once(problems), *project.warnings])
