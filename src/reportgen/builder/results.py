"""What a build reports: the files it wrote, each output's progress, the whole result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem


@dataclass
class OutputFile:
    """One file a build wrote."""

    path: Path
    format: str
    size: int
    pages: int | None = None


@dataclass
class OutputReport:
    """Progress of one output: built, up to date or failed."""

    name: str
    status: str
    files: list[OutputFile] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class BuildResult:
    """What a build wrote, skipped and met along the way."""

    files: list[OutputFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    charts_drawn: list[str] = field(default_factory=list)  # cache files drawn in this build
    skipped: list[str] = field(default_factory=list)  # outputs already up to date
    problems: list[Problem] = field(default_factory=list)  # validation warnings
    quotations: str = ""  # "N quotations checked, M unchecked (no snapshot)"
