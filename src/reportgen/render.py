"""Render stage: Jinja (StrictUndefined, autoescape) over a loader chain, to an HTML string."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .context import build_context, page_size_css, source_reference
from .errors import Problem, ReportgenError
from .filters import format_date, format_number, format_percent, markdown_inline
from .model import Project, slugify

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
THEMES_DIR = BUILTIN_TEMPLATES / "themes"
PREFIX = "default"

# Filters every template can use (documented in docs/templates.md).
FILTERS = {
    "date": format_date,
    "number": format_number,
    "percent": format_percent,
    "md": markdown_inline,
    "slug": slugify,
    "reference": source_reference,
}


def themes() -> list[str]:
    """The built-in themes' names."""
    return sorted(p.name for p in THEMES_DIR.iterdir() if (p / "theme.css").is_file())


def template_layers(
    project_templates: Path | None, theme: str = "default"
) -> list[tuple[str, Path]]:
    """The folders plain template names are looked up in, first match wins."""
    layers = []
    if project_templates is not None and project_templates.is_dir():
        layers.append(("project", project_templates))
    layers.append((f"theme {theme}", THEMES_DIR / theme))
    layers.append(("built-in", BUILTIN_TEMPLATES))
    return layers


class ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses files resolving outside its folder (symlinks)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        root = Path(self.searchpath[0]).resolve()
        if not Path(filename).resolve().is_relative_to(root):
            raise ReportgenError(
                f"template {template!r} leads outside its folder (a symlink?)",
                filename,
                hint="templates are read only from inside the project's templates folder",
            )
        return source, filename, uptodate


def template_loader(project_templates: Path | None, theme: str = "default") -> jinja2.BaseLoader:
    """Loader chain: `default:NAME` is always built-in; plain names try the project's
    templates, then the theme's, then the built-in ones."""
    builtin = ConfinedLoader(BUILTIN_TEMPLATES)
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({PREFIX: builtin}, delimiter=":")]
    loaders += [ConfinedLoader(path) for _, path in template_layers(project_templates, theme)]
    return jinja2.ChoiceLoader(loaders)


def make_environment(
    project_templates: Path | None, *, theme: str = "default", sandboxed: bool = False
) -> jinja2.Environment:
    """A Jinja environment with the brief filters, strict undefineds and HTML autoescape.

    `sandboxed` renders with Jinja's SandboxedEnvironment, for templates from
    untrusted hands: reaching Python internals is a located error.
    """
    cls = SandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(
        loader=template_loader(project_templates, theme),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def project_environment(project: Project) -> jinja2.Environment:
    """The environment for a project's own templates."""
    config = project.config
    return make_environment(
        project.resolve(config.templates_dir), theme=config.theme, sandboxed=config.sandbox
    )


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


def searched(templates_dir: Path) -> list[str]:
    """Where template names are looked up, in order."""
    return [
        f"{templates_dir}/ (project)",
        f"{BUILTIN_TEMPLATES}/ (built-in, also as '{PREFIX}:NAME')",
    ]


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    """The innermost template file and line in an exception's traceback."""
    found: tuple[str | None, int] = (None, 0)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".html", ".jinja", ".css")):
            found = (frame.filename, frame.lineno or 0)
    return found


TEMPLATE_SUFFIXES = {".j2", ".jinja", ".html", ".css"}


def check_templates(project: Project) -> list[Problem]:
    """Every syntax error in the project's templates, else the first error of each output."""
    env = project_environment(project)
    templates_dir = project.resolve(project.config.templates_dir)
    problems: list[Problem] = []
    files = sorted(templates_dir.rglob("*")) if templates_dir.is_dir() else []
    for path in files:
        if path.is_file() and path.suffix in TEMPLATE_SUFFIXES:
            try:
                env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
            except jinja2.TemplateSyntaxError as exc:
                problems.append(
                    Problem(
                        str(path), exc.lineno, 1, "error", f"template syntax error: {exc.message}"
                    )
                )
            except UnicodeDecodeError:
                problems.append(Problem(str(path), 1, 1, "error", "template is not UTF-8 text"))
    if problems:
        return problems
    for name in project.config.outputs:
        try:
            render_html(project, name, env)
        except ReportgenError as exc:
            problems += exc.problems
    return problems


@dataclass(frozen=True)
class TemplateInfo:
    """A template name, the layer it is used from, and the layers it overrides."""

    name: str
    origin: str
    overrides: tuple[str, ...] = ()


def list_templates(project_templates: Path | None, theme: str = "default") -> list[TemplateInfo]:
    """Every template name a project can use, where it comes from, and what it overrides."""
    found: dict[str, list[str]] = {}
    for origin, folder in template_layers(project_templates, theme):
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if (
                path.is_file()
                and path.suffix in TEMPLATE_SUFFIXES
                and not rel.startswith("themes/")
            ):
                found.setdefault(rel, []).append(origin)
    return [
        TemplateInfo(name, origins[0], tuple(origins[1:]))
        for name, origins in sorted(found.items())
    ]
