"""reportgen: structured data and Jinja templates to briefing documents in HTML and PDF."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public names, imported on first use so that `reportgen --help` loads no pipeline code.
_EXPORTS = {
    "build": "reportgen.builder",
    "build_project": "reportgen.builder",
    "BuildOptions": "reportgen.builder",
    "BuildResult": "reportgen.builder",
    "load_project": "reportgen.validate",
    "validate_project": "reportgen.render",
    "Problem": "reportgen.errors",
    "ReportgenError": "reportgen.errors",
    "ValidationFailed": "reportgen.errors",
}

if TYPE_CHECKING:
    from .builder import BuildOptions, BuildResult, build, build_project
    from .errors import Problem, ReportgenError, ValidationFailed
    from .render import validate_project
    from .validate import load_project

__all__ = [
    "BuildOptions",
    "BuildResult",
    "Problem",
    "ReportgenError",
    "ValidationFailed",
    "__version__",
    "build",
    "build_project",
    "load_project",
    "validate_project",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
