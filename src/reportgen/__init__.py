"""reportgen: structured data and Jinja templates to briefing documents in HTML and PDF."""

__version__ = "0.1.0"

from .build import BuildResult, build  # noqa: E402
from .errors import Problem, ReportgenError, ValidationFailed  # noqa: E402
from .validate import load_project  # noqa: E402

__all__ = [
    "BuildResult",
    "Problem",
    "ReportgenError",
    "ValidationFailed",
    "__version__",
    "build",
    "load_project",
]
