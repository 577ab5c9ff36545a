"""Cross-references (`@fig-x`, `@tbl-x`, `@sec-x`): the numbers one output gives its
figures, tables and sections, in reading order, as the theme's CSS counters do."""

from __future__ import annotations

from markupsafe import Markup

from ..markup import KINDS
from ..model import BriefSection, ChartBlock, TableBlock


class CrossReferences:
    """Renders a cross-reference as "Figure 2" linked to its target (a page in the PDF)."""

    def __init__(self, sections: list[BriefSection]) -> None:
        self.targets: dict[str, dict[str, tuple[int, str]]] = {"fig": {}, "tbl": {}, "sec": {}}
        for number, section in enumerate(sections, start=1):
            self.targets["sec"][section.id] = (number, section.id)
            for block in section.all_blocks():
                if isinstance(block, ChartBlock):
                    figures = self.targets["fig"]
                    figures[block.id] = (len(figures) + 1, f"figure-{block.id}")
                elif isinstance(block, TableBlock):
                    tables = self.targets["tbl"]
                    tables[block.id] = (len(tables) + 1, f"table-{block.id}")

    def find(self, kind: str, label: str) -> tuple[int, str] | None:
        """The number and anchor of `@kind-label`: the id written with or without its prefix."""
        targets = self.targets[kind]
        return targets.get(f"{kind}-{label}") or targets.get(label)

    def __call__(self, kind: str, label: str) -> Markup:
        found = self.find(kind, label)
        if found is None:  # a target this output leaves out
            return Markup('<span class="xref">{} (not in this edition)</span>').format(KINDS[kind])
        number, anchor = found
        return Markup('<a class="xref" href="#{}">{} {}</a>').format(anchor, KINDS[kind], number)
