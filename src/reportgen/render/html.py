"""Render stage: one output's templates to an HTML string, errors located in the template."""

from __future__ import annotations

import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import jinja2

from ..context import build_context, page_size_css
from ..errors import ReportgenError
from ..model import Project
from ..themes import searched
from .environment import project_environment


def for_print(html: str, env: jinja2.Environment, project: Project) -> str:
    """The document WeasyPrint lays out: the HTML edition plus the paged stylesheet.

    The paged rules (margin boxes, running strings, leaders, bookmarks) are CSS
    Paged Media that browsers reject, so they stay out of the HTML edition. The
    house page size follows them, so it wins.
    """
    paged = env.get_template("paged.css").render() + page_size_css(project.config.style)
    head_end = html.index("</head>")
    return f"{html[:head_end]}<style>\n{paged}</style>\n{html[head_end:]}"


def render_html(
    project: Project,
    output_name: str,
    env: jinja2.Environment | None = None,
    charts: Mapping[str, str] | None = None,
) -> str:
    """Render one output of a project to an HTML string (charts: id -> image URI)."""
    env = env or project_environment(project)
    name = project.config.outputs[output_name].template
    with template_errors(project):
        template = env.get_template(name)
        return template.render(build_context(project, output_name, charts))


@contextmanager
def template_errors(project: Project) -> Iterator[None]:
    """Turn Jinja errors into ReportgenErrors located in the template that caused them."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise ReportgenError(
            f"template syntax error: {exc.message}", exc.filename or exc.name, exc.lineno
        ) from None
    except jinja2.TemplateNotFound as exc:  # also TemplatesNotFound
        path, line = _template_frame(exc)  # an extends/include inside a template asked for it
        raise ReportgenError(
            f"template not found: {exc.message or exc.name}",
            path or project.config_path,
            line,
            hint="looked in: " + "; ".join(searched(project.resolve(project.config.templates_dir))),
        ) from None
    except (
        jinja2.TemplateError,
        TypeError,
        ValueError,
        AttributeError,
        KeyError,
        IndexError,
    ) as exc:
        path, line = _template_frame(exc)
        if path is None:
            raise  # not from a template: an internal error
        message = exc.message if isinstance(exc, jinja2.TemplateError) else str(exc)
        raise ReportgenError(f"template error: {message}", path, line) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    """The innermost template file and line in an exception's traceback."""
    found: tuple[str | None, int] = (None, 0)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".html", ".jinja", ".css")):
            found = (frame.filename, frame.lineno or 0)
    return found
