"""Test helpers for tagged and archival PDFs: a project whose lists, tables and
definition lists are long enough to split across pages, and renders of a project in
each PDF variant made once and kept (validating is cheap, laying out is not)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import BRIEF, SOURCES
from reportgen.builder import BuildOptions, build
from reportgen.render import validate_project

LONG_CONFIG = """\
name: long-lists
sections: [lists, glossary]
style:
  logo: assets/logo.png   # half transparent: PDF/A-1 allows no transparency
outputs:
  full:
    template: brief.html.j2
  footnoted:
    template: brief.html.j2
    notes: footnotes
"""

ITEMS = 70  # tight list items: about two pages of them
LOOSE = 24  # loose items, each two paragraphs and a nested list
ROWS = 90  # table rows: three pages
TERMS = 40  # definition list entries, grouped in div elements


def _lists_section() -> str:
    tight = "\n".join(
        f"- Item {i} of the long list, long enough to fill most of one line of text."
        for i in range(1, ITEMS + 1)
    )
    loose = "\n\n".join(
        f"{i}. Loose item {i}: its first paragraph wraps over more than one line so that "
        f"a page break can fall inside the item as well as between items.\n\n"
        + _indented(i, ["Its second paragraph.", "", *(f"- nested {i}.{j}" for j in (1, 2))])
        for i in range(1, LOOSE + 1)
    )
    long_item = "- One item longer than a page. " + "It goes on with more words. " * 170
    return f"""\
---
title: Lists
key_points:
  - text: Lists split across pages stay one list.
    cite: [src-a]
---

A long list follows [@src-a], and a note.[^one]

[^one]: The note's text.

{tight}

A loose list, whose items are paragraphs:

{loose}

{long_item}
- A short item after it.

```{{table}}
id: tbl-rows
data: data/rows.csv
caption: Rows over three pages
columns:
  - key: name
    heading: Name
  - key: value
    heading: Value
    align: right
```
"""


def _indented(number: int, lines: list[str]) -> str:
    """Lines indented to continue a numbered Markdown item (as wide as its marker)."""
    pad = " " * len(f"{number}. ")
    return "\n".join(pad + line if line else "" for line in lines)


GLOSSARY = """\
title: Glossary
key_points:
  - text: Terms and what they mean.
    cite: [src-b]
"""

GLOSSARY_TEMPLATE = """\
{% extends "default:section.html.j2" %}
{% block body %}
<p aria-hidden="true">A decorative line that assistive technology does not read.</p>
<dl class="glossary">
{% for i in range(1, TERMS + 1) %}
  <div><dt>Term {{ i }}</dt><dd>What term {{ i }} means, in a sentence or two of text
  that takes a line or more.</dd></div>
{% endfor %}
</dl>
{% endblock %}
"""


def write_long_lists(root: Path) -> Path:
    """Write the project with lists, a table and a definition list that split across pages."""
    files = {
        "reportgen.yaml": LONG_CONFIG,
        "data/brief.yaml": BRIEF,
        "data/sources.yaml": SOURCES,
        "data/sections/lists.md": _lists_section(),
        "data/sections/glossary.yaml": GLOSSARY,
        "data/rows.csv": "name,value\n" + "".join(f"Row {i},{i * 3}\n" for i in range(1, ROWS + 1)),
        "templates/brief.html.j2": '{% extends "default:base.html.j2" %}\n',
        "templates/sections/glossary.html.j2": GLOSSARY_TEMPLATE.replace("TERMS", str(TERMS)),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if rel.endswith(".md") else textwrap.dedent(text), encoding="utf-8")
    transparent_png(root / "assets/logo.png")
    return root


def transparent_png(path: Path) -> Path:
    """A small logo: a half-transparent disc on a transparent ground."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (120, 60), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 5, 110, 55), fill=(20, 70, 140, 160))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


class Renders:
    """PDFs of one project's outputs, rendered once per variant, on demand."""

    def __init__(self, root: Path, outputs: tuple[str, ...], scratch: Path) -> None:
        self.project = validate_project(root)
        self.outputs = outputs
        self.scratch = scratch  # one build folder: its chart cache serves every variant
        self.pdfs: dict[str | None, dict[str, Path]] = {}

    def get(self, variant: str | None) -> dict[str, Path]:
        """Each output's PDF in `variant` (None: a plain PDF), by output name."""
        if variant not in self.pdfs:
            settings = {} if variant is None else {"pdf_variant": variant}
            options = BuildOptions(
                out_dir=self.scratch / "out",
                only=self.outputs,
                formats=("pdf",),
                settings=settings,
                jobs=1,
                force=True,
            )
            build(self.project, options)
            kept = self.scratch / (variant or "plain").replace("/", "_").replace("+", "_")
            kept.mkdir(parents=True, exist_ok=True)
            self.pdfs[variant] = {}
            for output in self.outputs:
                name = f"{self.project.config.name}-{output}.pdf"
                target = kept / name
                (self.scratch / "out" / name).replace(target)
                self.pdfs[variant][output] = target
        return self.pdfs[variant]
