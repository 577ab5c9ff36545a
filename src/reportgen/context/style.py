"""House style: the `style` settings of reportgen.yaml as CSS after the theme's, and the logo."""

from __future__ import annotations

import base64

from markupsafe import Markup

from ..model import LOGO_TYPES, Project, Style

# Where each house-style setting goes among the theme's CSS custom properties.
STYLE_PROPERTIES = {
    "accent": "--rg-accent",
    "accent_soft": "--rg-accent-soft",
    "text": "--rg-text",
    "muted": "--rg-muted",
    "marking": "--rg-marking",
}
FONT_FALLBACKS = {
    "body_font": ("--rg-font-body", "Georgia, serif"),
    "heading_font": ("--rg-font-head", "Helvetica, Arial, sans-serif"),
}


def house_style(style: Style) -> Markup:
    """The house style as CSS that follows the theme's (values are checked by the model)."""
    props = [
        f"  {prop}: {getattr(style, key)};"
        for key, prop in STYLE_PROPERTIES.items()
        if getattr(style, key)
    ]
    for key, (prop, fallback) in FONT_FALLBACKS.items():
        if getattr(style, key):
            props.append(f'  {prop}: "{getattr(style, key)}", {fallback};')
    css = ":root {\n" + "\n".join(props) + "\n}\n" if props else ""
    return Markup(css + page_size_css(style))


def page_size_css(style: Style) -> str:
    """@page rules for the house page size (they must come after every other @page rule)."""
    if not style.page_size:
        return ""
    size = style.page_size
    return f"@page {{ size: {size}; }}\n@page landscape {{ size: {size} landscape; }}\n"


def logo_uri(project: Project, logo: str | None = None) -> str | None:
    """A house-style logo (default: the project's) as a data URI (checked to be an image
    inside the project)."""
    logo = logo or project.config.style.logo
    if not logo:
        return None
    path = project.resolve(logo)
    data = base64.b64encode(path.read_bytes()).decode()
    return f"data:{LOGO_TYPES[path.suffix.lower()]};base64,{data}"
