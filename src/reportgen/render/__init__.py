"""Render stage: Jinja (StrictUndefined, autoescape) over a loader chain, to HTML strings."""

from .check import check_syntax, check_templates, validate_project
from .environment import (
    FILTERS,
    TemplateInfo,
    list_templates,
    make_environment,
    project_environment,
    template_loader,
)
from .html import for_print, render_html, template_errors
from .images import embed_images
from .outputs import render_outputs

__all__ = [
    "FILTERS",
    "TemplateInfo",
    "check_syntax",
    "check_templates",
    "embed_images",
    "for_print",
    "list_templates",
    "make_environment",
    "project_environment",
    "render_html",
    "render_outputs",
    "template_errors",
    "template_loader",
    "validate_project",
]
