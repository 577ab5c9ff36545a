"""House fonts: a `body_font` or `heading_font` is shipped with reportgen or installed.

Otherwise the brief is set in whatever the machine substitutes, which is worth a
warning at the font's line in reportgen.yaml, saying what is used instead. The
machine's fonts are fontconfig's (what WeasyPrint lays text out with), asked once.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from ..errors import Problem
from ..load import Document, Loc
from ..model import ProjectConfig, Style
from ..themes import FAMILIES

# The families the house style names after each font (context.style), in CSS order.
FALLBACKS = {
    "body_font": ("Georgia", "serif"),
    "heading_font": ("Helvetica", "Arial", "sans-serif"),
}
CHART_FONT = "Fira Sans"  # charts are drawn in the heading font, else this


def font_problems(config: ProjectConfig, doc: Document) -> list[Problem]:
    """A warning for each house font (the project's and each output's) that is neither
    shipped with reportgen nor installed."""
    sites: list[tuple[Loc, str, str]] = []
    styles: list[tuple[Loc, Style]] = [(("style",), config.style)]
    styles += [(("outputs", n, "style"), o.style) for n, o in config.outputs.items() if o.style]
    for where, style in styles:
        for key in FALLBACKS:
            family = getattr(style, key)
            if family:
                sites.append(((*where, key), key, family))
    problems = []
    for loc, key, family in sites:
        if font_available(family) is not False:
            continue
        instead = substitute(family, FALLBACKS[key])
        charts = f", and charts {CHART_FONT}" if key == "heading_font" else ""
        problems.append(
            doc.problem(
                loc,
                f"{key} {family!r} is neither shipped with reportgen nor installed on this "
                f"machine: the PDF uses {instead} instead{charts}",
                hint="install the font (`fc-list : family` lists what is installed), or use "
                f"one reportgen ships: {', '.join(sorted(FAMILIES))}",
                severity="warning",
            )
        )
    return problems


def font_available(family: str) -> bool | None:
    """Whether a family is shipped or installed (None: this machine cannot say)."""
    if family in FAMILIES:
        return True
    installed = installed_families()
    return None if installed is None else family.lower() in installed


@functools.cache
def installed_families() -> frozenset[str] | None:
    """The families fontconfig knows, in lower case; None without fontconfig."""
    out = _fontconfig("fc-list", ":", "family")
    if out is None:
        return None
    return frozenset(n.strip().lower() for line in out.splitlines() for n in line.split(","))


def substitute(family: str, fallbacks: tuple[str, ...]) -> str:
    """The family text asked for as `family` and its fallbacks is set in: the first
    shipped or installed fallback, else fontconfig's choice for the generic family."""
    for name in fallbacks[:-1]:
        if font_available(name):
            return name
    pattern = ",".join(n.replace("-", "\\-") for n in (family, *fallbacks))
    chosen = _fontconfig("fc-match", "-f", "%{family[0]}", pattern)
    return chosen.strip() if chosen and chosen.strip() else fallbacks[-1]


def _fontconfig(command: str, *args: str) -> str | None:
    """A fontconfig tool's output, or None where it is not installed or fails."""
    tool = shutil.which(command)
    if tool is None:
        return None
    try:
        done = subprocess.run([tool, *args], capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout
