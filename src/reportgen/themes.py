"""The built-in layer: where templates and themes live, the themes' fonts and chart colours.

A leaf module (no Jinja, no WeasyPrint): validation, rendering, charts and the
PDF all ask it what a theme provides.

The fonts are open families installed from PyPI. The PDF embeds subsets of
them; the HTML edition names them with fallbacks.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "templates"
THEMES_DIR = BUILTIN_TEMPLATES / "themes"
PREFIX = "default"  # `default:NAME` always names the built-in template

# Chart colours per theme: the accent (a single series, highlights), then the colours
# of several series in turn (none of them the accent, so no series looks like another
# chart's only one).
PALETTES: dict[str, list[str]] = {
    "default": ["#1f3a5f", "#5b8db8", "#c9a227", "#6f9a5e", "#b0563a", "#7d6aa8", "#8a939e"],
    "civic": ["#0b5563", "#3d7ea6", "#d4a017", "#b34700", "#6a9a5b", "#8e6bb0", "#8a939e"],
}


def themes() -> list[str]:
    """The built-in themes' names."""
    return sorted(p.name for p in THEMES_DIR.iterdir() if (p / "theme.css").is_file())


def template_layers(
    project_templates: Path | None, theme: str = "default"
) -> list[tuple[str, Path]]:
    """The folders plain template names are looked up in, first match wins."""
    layers = []
    if project_templates is not None and project_templates.is_dir():
        layers.append(("project", project_templates))
    layers.append((f"theme {theme}", THEMES_DIR / theme))
    layers.append(("built-in", BUILTIN_TEMPLATES))
    return layers


def find_template(name: str, project_templates: Path | None, theme: str = "default") -> Path | None:
    """The file a template name resolves to, or None if no layer has it."""
    if name.startswith(f"{PREFIX}:"):
        layers = [BUILTIN_TEMPLATES]
        name = name.removeprefix(f"{PREFIX}:")
    else:
        layers = [folder for _, folder in template_layers(project_templates, theme)]
    return next((folder / name for folder in layers if (folder / name).is_file()), None)


DEFAULT_LAYOUT = "brief.html.j2"


def output_template(template: str | None, project_templates: Path | None, theme: str) -> str:
    """The template an output is laid out with: its own `template`, else the project's
    (or theme's) brief.html.j2, else the built-in layout."""
    if template:
        return template
    if find_template(DEFAULT_LAYOUT, project_templates, theme):
        return DEFAULT_LAYOUT
    return f"{PREFIX}:base.html.j2"


def searched(templates_dir: Path) -> list[str]:
    """Where template names are looked up, in order."""
    return [
        f"{templates_dir}/ (project)",
        f"{BUILTIN_TEMPLATES}/ (built-in, also as '{PREFIX}:NAME')",
    ]


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
