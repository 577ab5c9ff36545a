"""Build stage: outputs, parallel workers, the manifest, atomic files, results.

Importing this package is cheap: the model (pydantic), Jinja,
matplotlib and WeasyPrint are imported only when something must be built.
"""

from .options import BuildOptions, default_jobs
from .results import BuildResult, OutputFile, OutputReport
from .run import build, build_project

__all__ = [
    "BuildOptions",
    "BuildResult",
    "OutputFile",
    "OutputReport",
    "build",
    "build_project",
    "default_jobs",
]
