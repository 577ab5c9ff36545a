"""Numbers as readers read them: a chart's axis and value labels in the table formats.

`number` (thousands separators, decimals as needed), `integer`, `decimal`,
`percent` and `currency`, each optionally in units: "1.2 bn", "$2,561", "45%".
Plain Python (the drawing code's, but no matplotlib here).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

from ..formatting import format_number, format_percent

UNITS = {"thousands": (1e3, "k"), "millions": (1e6, "m"), "billions": (1e9, "bn")}
MINUS = "\u2212"  # a real minus sign, as typeset numbers have


@dataclass(frozen=True)
class Numbers:
    """How one axis, and the value labels along it, show numbers."""

    format: str = "number"  # number, integer, decimal, percent, currency; "plain": as written
    units: str = "auto"  # auto, none, thousands, millions, billions
    currency: str = "$"
    decimals: int | None = None  # value labels: fixed places

    def unit(self, largest: float) -> tuple[float, str]:
        """The divisor and suffix for numbers up to `largest` (in absolute value)."""
        if self.format in ("percent", "plain") or self.units == "none":
            return 1.0, ""
        if self.units != "auto":
            return UNITS[self.units]
        for name, limit in (("billions", 1e9), ("millions", 1e6), ("thousands", 1e5)):
            if largest >= limit:
                return UNITS[name]
        return 1.0, ""

    def text(self, value: float, places: int, unit: tuple[float, str] = (1.0, "")) -> str:
        """One number: `places` decimals, in `unit`, with the format's sign or symbol;
        zero is plain 0 ($0, 0%)."""
        scaled = value / unit[0]
        if round(scaled, places) == 0:
            scaled, places, unit = 0.0, 0, (1.0, "")  # never "-0" or "0.0 bn"
        if self.format == "plain":
            return f"{scaled:.{places}f}".replace("-", MINUS)
        if self.format == "percent":
            body = format_percent(abs(scaled), places)
        else:
            body = format_number(abs(scaled), places)
        if self.format == "currency":
            body = self.currency + body
        suffix = f"\u2009{unit[1]}" if unit[1] else ""
        return (MINUS if scaled < 0 else "") + body + suffix

    def places_for(self, values: list[float], unit: tuple[float, str]) -> int:
        """Decimals value labels need: `decimals` if set, else by format and values."""
        if self.decimals is not None:
            return self.decimals
        if self.format == "integer":
            return 0
        if self.format == "decimal":
            return 1
        scaled = [abs(v) / unit[0] for v in values]
        largest = max(scaled, default=0.0)
        if unit[1]:  # 1.2 bn, 12.3 m, 340 k; 1 bn
            return 1 if largest < 10 and not all(float(v).is_integer() for v in scaled) else 0
        if all(float(v).is_integer() for v in scaled) or (
            self.format == "currency" and largest >= 100
        ):
            return 0
        return 2 if largest < 1 else 1

    def labeller(self, values: list[float]) -> Callable[[float], str]:
        """How a chart's value labels read: with `units: auto`, each in the unit its size
        needs ("1.3 bn", "301 m", "85,000"); else all in one unit, with one number of
        decimals for those without a unit."""
        known = [v for v in values if math.isfinite(v)]
        if self.units != "auto" or self.format in ("percent", "plain"):
            unit = self.unit(max((abs(v) for v in known), default=0.0))
            places = self.places_for(known, unit)
            return lambda v: self.text(v, places, unit)
        plain = [v for v in known if not self.unit(abs(v))[1]]
        places = self.places_for(plain, (1.0, ""))

        def label(value: float) -> str:
            unit = self.unit(abs(value))
            if not unit[1]:
                return self.text(value, places, unit)
            wanted = self.places_for([value], unit)
            return self.text(value, wanted, unit)

        return label

    def ticks(
        self, values: list[float], log: bool = False, view: tuple[float, float] | None = None
    ) -> list[str]:
        """Tick labels: one unit for the axis (by the largest tick within `view`), as few
        decimals as the steps between ticks need (on a log axis, as each tick needs)."""
        finite = [v for v in values if math.isfinite(v)]
        low, high = sorted(view) if view else (-math.inf, math.inf)
        room = (high - low) * 1e-9 if view else 0.0
        shown = [abs(v) for v in finite if low - room <= v <= high + room]
        unit = self.unit(max(shown or [abs(v) for v in finite] or [0.0]))
        if log:  # decades apart: with `auto`, each tick in the unit its size needs
            units = [self.unit(abs(v)) if self.units == "auto" else unit for v in values]
            return [
                self.text(v, _places_of(v / u[0]), u) for v, u in zip(values, units, strict=True)
            ]
        ordered = sorted(set(finite))
        steps = [b - a for a, b in itertools.pairwise(ordered) if b > a]
        step = min(steps, default=1.0) / unit[0]
        places = min(max(0, -math.floor(math.log10(step) + 1e-9)), 6) if step > 0 else 0
        if self.format == "integer":
            places = 0
        return [self.text(v, places, unit) for v in values]


def _places_of(value: float) -> int:
    """The decimals a single tick value needs (0.05 -> 2, 20 -> 0)."""
    if value == 0 or float(value).is_integer():
        return 0
    return min(max(0, -math.floor(math.log10(abs(value)) + 1e-9)), 6)
