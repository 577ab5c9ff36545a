"""`tlp`: the Traffic Light Protocol, version 2.0 (FIRST, "Traffic Light Protocol (TLP):
FIRST Standards Definitions and Usage Guidance - Version 2.0", August 2022,
https://www.first.org/tlp/).

Its labels are `TLP:CLEAR`, `TLP:GREEN`, `TLP:AMBER` (with `TLP:AMBER+STRICT`,
which restricts sharing to the recipient's organization only) and `TLP:RED`,
written without spaces, in capitals; they are ordered here from the widest sharing
to the narrowest, so a banner computed from the portions is the narrowest any of
them allows. A portion is marked with its label in parentheses, `(TLP:AMBER)`; a
marking may name a level by its label or its colour alone (`AMBER`). TLP says nothing
of a list of contents, so the contents (and the PDF's bookmarks) show no marks.
"""

from __future__ import annotations

from .scheme import Level, MarkingScheme

NAME = "tlp"
COLOURS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
SCHEME = MarkingScheme(
    levels=[Level(name=c, banner=f"TLP:{c}", portion=f"TLP:{c}") for c in COLOURS],
    contents=False,
)
