"""Render stage: one output's templates to an HTML string, errors located in the template."""

from __future__ import annotations

import difflib
import importlib
import re
import traceback
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import jinja2

from ..context import Uses, build_context, marking, page_size_css, separate_calls
from ..errors import ReportgenError
from ..model import Project
from ..themes import searched
from .editions import with_editions
from .environment import project_environment

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
    head_end = html.index("</head>")  # a `styles` block without the mark: paged goes last
    return f"{html[:head_end]}<style>\n{paged}</style>\n{html[head_end:]}"


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
    name = project.config.outputs[output_name].template
    context = build_context(project, output_name, charts, uses)
    with template_errors(project, names=[*context, *env.globals]):
        template = env.get_template(name)
        return with_editions(separate_calls(template.render(context)), env, context)


@contextmanager
def template_errors(project: Project, names: Iterable[str] = ()) -> Iterator[None]:
    """Turn Jinja errors into ReportgenErrors located in the template that caused them;
    an undefined name or attribute gets its column and a "did you mean" from `names`
    (the variables templates see), the names the template uses and the object's fields."""
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
        col, hint = 0, ""
        if isinstance(exc, jinja2.UndefinedError) and message:
            col, hint = undefined_hint(message, path, line, names)
        raise ReportgenError(f"template error: {message}", path, line, col, hint=hint) from None


_UNDEFINED = re.compile(r"^'(?P<name>\w+)' is undefined$")
_ATTRIBUTE = re.compile(r"^'(?P<owner>[^']+) object' has no attribute '(?P<name>\w+)'$")
_TAGS = re.compile(r"\{[{%](.*?)[%}]\}", re.S)


def _line(path: str | None, line: int) -> tuple[str, str]:
    """The template's whole text and its line `line` (1-based), or empty strings."""
    try:
        text = Path(path or "").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "", ""
    lines = text.splitlines()
    return text, lines[line - 1] if 0 < line <= len(lines) else ""


def syntax_column(path: str | None, line: int | None, message: str) -> int:
    """The column of the token a syntax error names ("unexpected '}'"), else 1."""
    found = re.search(r"unexpected '(.+?)'", message)
    _, source = _line(path, line or 0)
    if not found or found[1] not in source:
        return 1
    token = found[1]
    places = [i for i in range(len(source)) if source.startswith(token, i)]
    # Skip the token where it is part of a delimiter such as '%}' or '}}'.
    lone = [i for i in places if not {source[i - 1 : i + 1], source[i : i + 2]} & set(_DELIMITERS)]
    return (lone or places)[0] + 1


_DELIMITERS = ("{{", "}}", "{%", "%}", "{#", "#}")


def undefined_hint(message: str, path: str, line: int, names: Iterable[str]) -> tuple[int, str]:
    """The column of an undefined name or attribute in its line, and a "did you mean"."""
    text, source = _line(path, line)
    if found := _UNDEFINED.match(message):
        name = found["name"]
        where = re.search(rf"(?<![\w.]){name}\b", source)
        used = {w for tag in _TAGS.findall(text) for w in re.findall(r"[A-Za-z_]\w*", tag)}
        choices = (set(names) | used) - {name}
    elif found := _ATTRIBUTE.match(message):
        name = found["name"]
        where = re.search(rf"\.{name}\b|\[[\'\"]{name}[\'\"]\]", source)
        choices = set(_fields(found["owner"]))
    else:
        return 0, ""
    col = (where.start() + (1 if where.group(0)[0] in ".[" else 0) + 1) if where else 0
    close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.6)
    return col, f"did you mean {close[0]!r}?" if close else ""


def _fields(owner: str) -> list[str]:
    """The fields and public attributes of a class named as Jinja names it
    ('reportgen.model.BriefMeta'); none for a class it cannot find."""
    module_name, _, class_name = owner.rpartition(".")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError, ValueError):
        return []
    fields = list(getattr(cls, "model_fields", {}))
    return fields + [a for a in dir(cls) if not a.startswith("_") and not a.startswith("model_")]


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    """The innermost template file and line in an exception's traceback."""
    found: tuple[str | None, int] = (None, 0)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".html", ".jinja", ".css")):
            found = (frame.filename, frame.lineno or 0)
    return found
