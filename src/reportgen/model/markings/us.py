"""`us`: the markings of the US Controlled Unclassified Information (CUI) program.

Follows 32 CFR Part 2002 (Controlled Unclassified Information), section 2002.20
"Marking", and NARA's CUI Marking Handbook (version 1.1, December 6, 2016):
- the banner starts with the CUI control marking, `CUI` (the rule also allows
  `CONTROLLED`, accepted here as another name of the level); category markings and
  limited dissemination controls follow it, each after `//`, as the brief declares
  them (`marking: CUI//SP-PRVCY//NOFORN`);
- a portion marking is the same control marking in parentheses, `(CUI)`; when
  portions are marked, one holding no CUI is marked `(U)`, and every portion is
  marked;
- information that is neither classified nor CUI is `UNCLASSIFIED`, `(U)`.
The classification levels above CUI (CONFIDENTIAL, SECRET, TOP SECRET) are out of
scope: reportgen is not an accredited system for classified information.
"""

from __future__ import annotations

from .scheme import Level, MarkingScheme

NAME = "us"
SCHEME = MarkingScheme(
    levels=[
        Level(name="UNCLASSIFIED", banner="UNCLASSIFIED", portion="U"),
        Level(name="CUI", banner="CUI", portion="CUI", aliases=["CONTROLLED"]),
    ],
    contents=True,
)
