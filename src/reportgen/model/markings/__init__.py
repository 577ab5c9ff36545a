"""Handling markings: the schemes (ordered levels), one module each and registered in
SCHEMES (what an output shows of a brief under one is `model.portions`).

A new built-in scheme is a module with NAME and SCHEME, listed below, plus its docs
(docs/markings.md) and a test; a project may also define a scheme in reportgen.yaml.
"""

from __future__ import annotations

import difflib

from . import tlp, us
from .scheme import (
    SEPARATOR,
    BannerMode,
    Level,
    MarkingScheme,
    banner_field,
    marking_field,
    max_marking_field,
    portion_marks_field,
    scheme_field,
)

SCHEMES: dict[str, MarkingScheme] = {module.NAME: module.SCHEME for module in (us, tlp)}


def resolve_scheme(value: str | MarkingScheme | None) -> MarkingScheme | None:
    """The scheme reportgen.yaml's `marking_scheme` names or defines (None: free text)."""
    if isinstance(value, MarkingScheme) or value is None:
        return value
    return SCHEMES.get(value)


def known_scheme(value: str) -> str:
    """A built-in scheme's name (for the config's validation)."""
    if value not in SCHEMES:
        close = difflib.get_close_matches(value, list(SCHEMES), n=1, cutoff=0.6)
        mean = f"did you mean {close[0]!r}? " if close else ""
        raise ValueError(
            f"unknown marking scheme {value!r} ({mean}built in: {', '.join(SCHEMES)}; "
            "or define one with `levels`)"
        )
    return value


__all__ = [
    "SCHEMES",
    "SEPARATOR",
    "BannerMode",
    "Level",
    "MarkingScheme",
    "banner_field",
    "known_scheme",
    "marking_field",
    "max_marking_field",
    "portion_marks_field",
    "resolve_scheme",
    "scheme_field",
]
