"""Checking templates before anything is built: every file's syntax, then each output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from ..context import build_context
from ..errors import Problem, ReportgenError, ValidationFailed
from ..model import Project
from ..themes import template_layers
from ..validate import load_project
from .environment import TEMPLATE_SUFFIXES, project_environment
from .html import layout_of, render_template, syntax_column
from .mistakes import once, one_per_tag
from .names import assigned, static_uses
from .undefined import Use, in_scope, message_of, recorder


def validate_project(
    path: Path | str = ".", *, sandbox: bool = False, strict: bool = False
) -> Project:
    """Check a project's data, then its templates by rendering each output's HTML.

    Raises ValidationFailed with every problem; returns the project (with its
    warnings) when there is no error. `sandbox` renders in Jinja's sandbox
    whatever reportgen.yaml says; `strict` checks quoted terms too (load_project).
    """
    project = load_project(path, strict=strict)
    if sandbox:
        project = project.with_config(sandbox=True)
    problems = check_templates(project)
    if problems:
        raise ValidationFailed([*problems, *project.warnings])
    return project


def check_syntax(project: Project) -> list[Problem]:
    """Every syntax error in the project's template files (parsed, not rendered)."""
    env = project_environment(project)
    templates_dir = project.resolve(project.config.templates_dir)
    problems: list[Problem] = []
    files = sorted(templates_dir.rglob("*")) if templates_dir.is_dir() else []
    for path in files:
        if not (path.is_file() and path.suffix in TEMPLATE_SUFFIXES):
            continue
        try:
            env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            message = f"template syntax error: {exc.message}"
            col = syntax_column(str(path), exc.lineno, exc.message or "")
            problems.append(Problem(str(path), exc.lineno, col, "error", message))
        except UnicodeDecodeError:
            problems.append(Problem(str(path), 1, 1, "error", "template is not UTF-8 text"))
    return problems


def check_templates(project: Project) -> list[Problem]:
    """Every syntax error in the project's templates; else every undefined name and field
    each output's templates use, or an output's first other error."""
    problems = check_syntax(project)
    if problems:
        return problems
    check = TemplateCheck(project)
    for name in project.config.outputs:
        problems += check.output(name)
    return once(problems)


class TemplateCheck:
    """Undefined names and fields in one project's templates, in the project's words: found
    in their syntax trees (every branch), and recorded while an output renders (every
    one it meets, not only the first)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.env = project_environment(project)
        self.recording = recorder()
        self.env.undefined = self.recording
        self.trees = _trees(self.env, project)
        self.defined = assigned(tree for _, tree, _ in self.trees)

    def static(self, name: str) -> list[Problem]:
        """What the syntax trees of the project's own templates show."""
        context = build_context(self.project, name)
        return one_per_tag(self.words(self.static_uses(context), context))

    def static_uses(self, context: dict[str, Any]) -> list[Use]:
        return [
            use
            for path, tree, own in self.trees
            if own
            for use in static_uses(self.env, tree, path, context, self.defined)
        ]

    def output(self, name: str) -> list[Problem]:
        """Every problem of one output's templates."""
        context = build_context(self.project, name)
        uses = self.static_uses(context)
        problems = []
        self.recording.uses.clear()
        try:
            render_template(self.project, self.env, self.template(name), context)
        except ReportgenError as exc:
            if not self.recording.uses:  # else most likely a consequence of one
                problems += exc.problems
        return problems + one_per_tag(self.words([*uses, *self.recording.uses], context))

    def template(self, name: str) -> str:
        return layout_of(self.project, name)

    def words(self, uses: list[Use], context: dict[str, Any]) -> list[Problem]:
        names = in_scope([*self.env.globals, *self.defined], context)
        return [message_of(use, names) for use in uses]


def _trees(env: jinja2.Environment, project: Project) -> list[tuple[str, nodes.Template, bool]]:
    """Every template the project can use, parsed: its file, its tree, and whether it is
    the project's own (the built-in and theme ones are reportgen's)."""
    config = project.config
    own_folder = project.resolve(config.templates_dir)
    found = []
    for origin, folder in template_layers(own_folder, config.theme):
        for path in sorted(folder.rglob("*")):
            if not (path.is_file() and path.suffix in TEMPLATE_SUFFIXES):
                continue
            try:
                tree = env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
            except (jinja2.TemplateSyntaxError, UnicodeDecodeError, OSError):
                continue  # the project's own are reported by check_syntax
            found.append((str(path), tree, origin == "project"))
    return found
