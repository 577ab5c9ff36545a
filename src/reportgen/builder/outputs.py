"""Writing one output: its HTML and PDF files, each whole, and its manifest entry."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import atomic_write
from .plan import tool_versions
from .refusals import refusal
from .results import BuildResult, OutputFile, OutputReport

# WeasyPrint's text, once per font and output, when HarfBuzz's subsetter is missing;
# a build says it once, pointing at the command that tells what to install.
FONTTOOLS_FALLBACK = "Using fontTools instead of HarfBuzz-Subset"
NO_SUBSETTER = (
    "HarfBuzz's font subsetter (libharfbuzz-subset) is missing, so fonts are subset "
    "with fontTools; run `reportgen doctor` for the command that installs it"
)

if TYPE_CHECKING:
    from ..model import Project
    from ..pdf import PdfResult


def write_output(
    project: Project,
    out: Path,
    name: str,
    html: str | None,
    pdf: PdfResult | None,
    fields: dict[str, Any],
    result: BuildResult,
    progress: Callable[[OutputReport], None] | None,
) -> dict[str, Any]:
    """Write one output's files, each whole, and return its manifest entry (`fields`:
    what it is made from, see content.record)."""
    stem = project.config.outputs[name].filename or f"{project.config.name}-{name}"
    files: list[tuple[OutputFile, bytes]] = []
    if html is not None:
        data = html.encode("utf-8")
        files.append((OutputFile(out / f"{stem}.html", "html", len(data)), data))
    if pdf is not None:
        said = [w for w in pdf.warnings if FONTTOOLS_FALLBACK not in w]
        if len(said) < len(pdf.warnings) and NO_SUBSETTER not in result.warnings:
            result.warnings.append(NO_SUBSETTER)
        result.warnings += [f"{name}: {w}" for w in said]
        result.warnings += [refusal(project, url, why) for url, why in pdf.refused]
        files.append((OutputFile(out / f"{stem}.pdf", "pdf", len(pdf.data), pdf.pages), pdf.data))
    for file, data in files:
        atomic_write(file.path, data)
        result.files.append(file)
    seconds = pdf.seconds if pdf else 0.0
    if progress:
        progress(OutputReport(name, "built", [f for f, _ in files], seconds))
    snapshots = {"snapshots": project.snapshots} if project.snapshots else {}
    return entry(fields, files, seconds, tool_versions()) | snapshots


def entry(
    fields: dict[str, Any],
    files: list[tuple[OutputFile, bytes]],
    seconds: float,
    versions: dict[str, str],
) -> dict[str, Any]:
    """One output's entry: what it was made from and the files written (with their bytes)."""
    return {
        **fields,
        "files": [
            {"name": f.path.name, "format": f.format, "size": f.size}
            | {"sha256": hashlib.sha256(data).hexdigest()}
            | ({"pages": f.pages} if f.pages else {})
            for f, data in files
        ],
        "versions": versions,
        "build_seconds": round(seconds, 3),
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }
