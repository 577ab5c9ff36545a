"""Validate stage: a project's files checked and turned into the typed model, every
problem located (`path:line:col`)."""

from .locate import located, suggest
from .project import load_project
from .settings import with_settings

__all__ = ["load_project", "located", "suggest", "with_settings"]
