"""Which colour each series, category, group or point is drawn in.

The palette a chart is given is the accent first, then the series colours: one
series is drawn in the accent, several in the series colours, in order. `colour:`
names colours outright (one for all, or by name), and `highlight:` keeps the
named ones in colour and mutes every other.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import ChartBlock

MUTED = "#c5ccd4"  # what `highlight:` leaves out (the theme's rule colour)
INK = "#1b1b1b"  # chart text
SOFT_INK = "#4f5660"  # axes, ticks


@dataclass(frozen=True)
class Colours:
    """A chart's colours: its palette (accent first) and its spec's `colour` and
    `highlight`."""

    palette: list[str]
    block: ChartBlock

    @property
    def accent(self) -> str:
        return self.palette[0]

    def series(self, names: list[str]) -> dict[str, str]:
        """A colour for each series or group: one alone in the accent, several in turn."""
        colours = self.palette[1:] or self.palette
        chosen = {}
        for i, name in enumerate(names):
            base = self.accent if len(names) == 1 else colours[i % len(colours)]
            chosen[name] = self.named(name, base)
        return chosen

    def named(self, name: str, base: str) -> str:
        """`base`, unless `colour:` names a colour for `name` (or for everything)."""
        colour = self.block.colour
        if isinstance(colour, dict):
            return colour.get(name, base)
        return colour or base

    def shown(self, colour: str, *names: str) -> str:
        """`colour`, or the muted grey when a highlight leaves all of `names` out."""
        highlight = self.block.highlight
        if highlight and not any(n in highlight for n in names):
            return MUTED
        return colour

    def highlighted(self, *names: str) -> bool:
        return any(n in self.block.highlight for n in names)


def text_colour(colour: str) -> str:
    """A colour for text naming a mark of `colour`: the mark's, darkened until it reads on
    white (a contrast of at least 4.5:1); grey for a muted mark."""
    from matplotlib.colors import to_hex, to_rgb

    if colour == MUTED:
        return SOFT_INK
    rgb = to_rgb(colour)
    for _ in range(12):
        if _contrast(rgb) >= 4.5:
            break
        rgb = (rgb[0] * 0.85, rgb[1] * 0.85, rgb[2] * 0.85)
    return str(to_hex(rgb))


def _contrast(rgb: tuple[float, float, float]) -> float:
    """Contrast ratio against white (WCAG)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def dark(colour: str) -> bool:
    """Whether white text reads better than black on `colour`."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5
