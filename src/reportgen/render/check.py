"""Checking templates before anything is built: every file's syntax, then each output."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..errors import Problem, ReportgenError, ValidationFailed
from ..model import Project
from ..validate import load_project
from .environment import TEMPLATE_SUFFIXES, project_environment
from .html import render_html, syntax_column


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
    """Every syntax error in the project's templates, else the first error of each output."""
    problems = check_syntax(project)
    if problems:
        return problems
    env = project_environment(project)
    for name in project.config.outputs:
        try:
            render_html(project, name, env)
        except ReportgenError as exc:
            problems += exc.problems
    return problems
