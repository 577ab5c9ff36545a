"""The Jinja environment: StrictUndefined, autoescape, the brief filters, the loader chain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..context import source_reference
from ..errors import ReportgenError
from ..formatting import format_date, format_number, format_percent
from ..markup import render_block, render_inline
from ..model import Project, slugify
from ..project import resolved
from ..themes import BUILTIN_TEMPLATES, PREFIX, template_layers


@jinja2.pass_context
def md(context: Any, text: str) -> Markup:
    """Inline Markdown, its citations numbered and cross-references resolved for this output."""
    return render_inline(text, _markup_env(context))


@jinja2.pass_context
def md_block(
    context: Any,
    text: str,
    cite: list[str] | None = None,
    id: str | None = None,
    mark: str = "",
) -> Markup:
    """Paragraphs and lists of Markdown; the `cite` ids are cited at the end of the last one;
    `id` anchors the first; `mark` (a portion mark, `markings.mark(block)`) starts each
    paragraph, item and heading."""
    env = _markup_env(context)
    citations = context.get("cite")
    after = (lambda: citations(cite)) if cite and citations else None
    return render_block(text, env, after, anchor=id, mark=mark)


def _markup_env(context: Any) -> dict[str, Any]:
    """What the Markdown in a text renders its citations, notes and cross-references with."""
    cite = context.get("cite")
    note = getattr(cite, "note", None)
    return {"cite": cite, "note": note, "xref": context.get("xref")}


def css_string(text: object) -> Markup:
    """Text as a quoted CSS string (`content: {{ marking | css_string }}`): quotes,
    backslashes, line breaks and `<` escaped, so it can close neither the string nor
    the <style> element it stands in."""
    escaped = "".join(
        f"\\{ord(ch):x} " if ch in '"\\<>\n\r\f' or ord(ch) < 32 else ch for ch in str(text or "")
    )
    return Markup(f'"{escaped}"')


# Filters every template can use (documented in docs/templates.md).
FILTERS = {
    "date": format_date,
    "number": format_number,
    "percent": format_percent,
    "md": md,
    "md_block": md_block,
    "slug": slugify,
    "reference": source_reference,
    "css_string": css_string,
}
TEMPLATE_SUFFIXES = {".j2", ".jinja", ".html", ".css"}


class ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses files resolving outside its folder (symlinks)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        root = resolved(Path(self.searchpath[0]))
        if not resolved(Path(filename)).is_relative_to(root):
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


class RecordingEnvironment(jinja2.Environment):
    """An environment that notes the file of every template it hands out (`loaded`), so a
    build knows which templates each output is made from."""

    loaded: set[str]

    def get_template(self, *args: Any, **kwargs: Any) -> jinja2.Template:
        return self._note(super().get_template(*args, **kwargs))

    def select_template(self, *args: Any, **kwargs: Any) -> jinja2.Template:
        return self._note(super().select_template(*args, **kwargs))

    def _note(self, template: jinja2.Template) -> jinja2.Template:
        if template.filename:
            self.loaded.add(template.filename)
        return template


class RecordingSandbox(RecordingEnvironment, SandboxedEnvironment):
    """The sandbox, noting the templates it hands out."""


def make_environment(
    project_templates: Path | None, *, theme: str = "default", sandboxed: bool = False
) -> jinja2.Environment:
    """A Jinja environment with the brief filters, strict undefineds and HTML autoescape.

    `sandboxed` renders with Jinja's SandboxedEnvironment, for templates from
    untrusted hands: reaching Python internals is a located error.
    """
    cls = RecordingSandbox if sandboxed else RecordingEnvironment
    env = cls(
        loader=template_loader(project_templates, theme),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.loaded = set()
    return env


def project_environment(project: Project) -> jinja2.Environment:
    """The environment for a project's own templates."""
    config = project.config
    return make_environment(
        project.resolve(config.templates_dir), theme=config.theme, sandboxed=config.sandbox
    )


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
