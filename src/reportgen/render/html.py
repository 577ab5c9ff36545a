"""Render stage: one output's templates to an HTML string, errors located in the template."""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import jinja2

from ..context import Uses, build_context, marking, page_size_css, separate_calls
from ..errors import ReportgenError
from ..model import Project
from ..themes import output_template, searched
from .editions import with_editions
from .environment import project_environment
from .undefined import WORDS, Named, Use, in_scope, message_of, read_line

PAGED_MARK = "/* reportgen: paged.css goes here */"


def for_print(
    html: str, env: jinja2.Environment, project: Project, output: str | None = None
) -> str:
    """The document WeasyPrint lays out: the HTML edition plus the paged stylesheet.

    The paged rules (margin boxes, running strings, leaders, bookmarks) are CSS
    Paged Media that browsers reject, so they stay out of the HTML edition. They go
    where base.html.j2's `styles` block marks, after the theme and house style and
    before whatever a project adds to the block, so a project's rules win without
    being scoped; the house page size follows them, so it wins. It renders with the
    output's `marking`, so the running banner never depends on the layout's blocks.
    """
    style = project.config.style
    if output is not None:
        style = project.config.outputs[output].merged_style(style)
    banner = marking(project, output)
    paged = env.get_template("paged.css").render(marking=banner) + page_size_css(style)
    if PAGED_MARK in html:
        return html.replace(PAGED_MARK, paged, 1)
    # A `styles` block without the mark: paged goes last in the head (first, in a
    # template that writes no head).
    head_end = max(html.find("</head>"), 0)
    return f"{html[:head_end]}<style>\n{paged}</style>\n{html[head_end:]}"


def layout_of(project: Project, output_name: str) -> str:
    """The template an output is laid out with (see themes.output_template)."""
    config = project.config
    template = config.outputs[output_name].template
    return output_template(template, project.resolve(config.templates_dir), config.theme)


def render_html(
    project: Project,
    output_name: str,
    env: jinja2.Environment | None = None,
    charts: Mapping[str, str] | None = None,
    uses: Uses | None = None,
) -> str:
    """Render one output of a project to an HTML string (charts: id -> image URI); `uses`
    notes the tables and charts it reads."""
    env = env or project_environment(project)
    context = build_context(project, output_name, charts, uses)
    html = render_template(project, env, layout_of(project, output_name), context)
    with template_errors(project, in_scope(env.globals, context)):
        return with_editions(separate_calls(html), env, context)


def render_template(
    project: Project, env: jinja2.Environment, name: str, context: dict[str, Any]
) -> str:
    """Render the template `name` with `context`, its errors located in the template."""
    with template_errors(project, in_scope(env.globals, context)):
        return env.get_template(name).render(context)


@contextmanager
def template_errors(project: Project, names: Mapping[str, Any] | None = None) -> Iterator[None]:
    """Turn Jinja errors into ReportgenErrors located in the template that caused them;
    an undefined name or field is said in the project's words, with a "did you mean"
    from `names` (the variables templates see, with their values)."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        path = exc.filename or exc.name
        raise ReportgenError(
            f"template syntax error: {exc.message}",
            path,
            exc.lineno,
            syntax_column(path, exc.lineno, exc.message or ""),
        ) from None
    except jinja2.TemplateNotFound as exc:  # also TemplatesNotFound
        path, line = _template_frame(exc)  # an extends/include inside a template asked for it
        raise ReportgenError(
            f"template not found: {exc.message or exc.name}",
            path or project.config_path,
            line,
            hint="looked in: " + "; ".join(searched(project.resolve(project.config.templates_dir))),
        ) from None
    except ReportgenError:
        raise  # located already (a filter's own error)
    except Exception as exc:  # raised by a template's expression, e.g. {{ 1 / 0 }}
        path, line = _template_frame(exc)
        if path is None:
            raise  # not from a template: an internal error
        message = exc.message if isinstance(exc, jinja2.TemplateError) else str(exc)
        use = (
            _undefined(message or "", path, line)
            if isinstance(exc, jinja2.UndefinedError)
            else None
        )
        if use is not None:
            raise ReportgenError.from_problem(message_of(use, names or {})) from None
        raise ReportgenError(f"template error: {_words(message or '')}", path, line) from None


_UNDEFINED = re.compile(r"^'(?P<name>\w+)' is undefined$")
_ATTRIBUTE = re.compile(r"^'(?P<owner>[^']+) object' has no attribute '(?P<name>\w+)'$")
_CLASS = re.compile(
    r"'(?:reportgen\.model\.)?(?P<name>[A-Z]\w+)(?: object)?'( object)?"
    r"|\b(?P<called>[A-Z]\w+)\.__call__(?=\(\))"
)


def _undefined(message: str, path: str, line: int) -> Use | None:
    """The use of an undefined value that StrictUndefined's message tells of."""
    if found := _UNDEFINED.match(message):
        return Use(path, line, found["name"])
    if found := _ATTRIBUTE.match(message):
        return Use(path, line, found["name"], Named(found["owner"]))
    return None


def _words(message: str) -> str:
    """A Python message with the project's words for its classes ('BriefMeta' object)."""
    return _CLASS.sub(lambda m: WORDS.get(m["name"] or m["called"], m.group(0)), message)


def syntax_column(path: str | None, line: int | None, message: str) -> int:
    """The column of the token a syntax error names ("unexpected '}'"), else 1."""
    found = re.search(r"unexpected '(.+?)'", message)
    source = read_line(path, line or 0)
    if not found or found[1] not in source:
        return 1
    token = found[1]
    places = [i for i in range(len(source)) if source.startswith(token, i)]
    # Skip the token where it is part of a delimiter such as '%}' or '}}'.
    lone = [i for i in places if not {source[i - 1 : i + 1], source[i : i + 2]} & set(_DELIMITERS)]
    return (lone or places)[0] + 1


_DELIMITERS = ("{{", "}}", "{%", "%}", "{#", "#}")


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    """The innermost template file and line in an exception's traceback."""
    found: tuple[str | None, int] = (None, 0)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".html", ".jinja", ".css")):
            found = (frame.filename, frame.lineno or 0)
    return found
