"""reportgen: structured data and Jinja templates to briefing documents in HTML and PDF."""

__version__ = "0.1.0"

from .build import BuildResult, build
from .errors import Problem, ReportgenError, ValidationFailed
from .validate import load_project

__all__ = [
    "BuildResult",
    "Problem",
    "ReportgenError",
    "ValidationFailed",
    "__version__",
    "build",
    "load_project",
]
