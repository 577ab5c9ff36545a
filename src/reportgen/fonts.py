"""The theme's fonts: open font families installed from PyPI, declared for the PDF only.

The HTML edition names the same families with fallbacks but does not embed
them (that would add about 1 MB); the PDF embeds subsets of them.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Face:
    """One font file and the weights and style it covers."""

    file: str
    weight: str
    style: str = "normal"


# family -> (the PyPI package's import name, its faces). Static fonts only: a variable
# font would be instantiated by WeasyPrint on every build.
FAMILIES: dict[str, tuple[str, tuple[Face, ...]]] = {
    "IBM Plex Serif": (
        "fontpkg_ibm_plex_serif",
        (
            Face("IBMPlexSerif-Regular.ttf", "400"),
            Face("IBMPlexSerif-Italic.ttf", "400", "italic"),
            Face("IBMPlexSerif-SemiBold.ttf", "600"),
            Face("IBMPlexSerif-Bold.ttf", "700"),
            Face("IBMPlexSerif-BoldItalic.ttf", "700", "italic"),
        ),
    ),
    "Fira Sans": (
        "fontpkg_fira_sans",
        (
            Face("FiraSans-Regular.ttf", "400"),
            Face("FiraSans-Italic.ttf", "400", "italic"),
            Face("FiraSans-SemiBold.ttf", "600"),
            Face("FiraSans-SemiBoldItalic.ttf", "600", "italic"),
            Face("FiraSans-Bold.ttf", "700"),
            Face("FiraSans-BoldItalic.ttf", "700", "italic"),
        ),
    ),
}


def font_dir(package: str) -> Path | None:
    """Where an installed font package keeps its files (without importing it)."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "files"
    return folder if folder.is_dir() else None


def font_faces() -> tuple[str, list[Path]]:
    """@font-face rules for every installed family, and the folders they load from."""
    rules: list[str] = []
    folders: list[Path] = []
    for family, (package, faces) in FAMILIES.items():
        folder = font_dir(package)
        if folder is None:
            continue
        folders.append(folder)
        for face in faces:
            path = folder / face.file
            rules.append(
                f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                f"font-weight: {face.weight}; font-style: {face.style}; }}"
            )
    return "\n".join(rules), sorted(set(folders))
