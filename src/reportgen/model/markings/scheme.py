"""A marking scheme: ordered handling-marking levels, each with its name, the text its
banner prints and the abbreviation that starts a portion, "(CUI)"; and the fields with
which a project names them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from ..types import Model, Text

SEPARATOR = "//"  # between a banner's level and its dissemination controls


class Level(Model):
    """One level of a marking scheme."""

    name: Text = Field(description="what the level is called", examples=["CUI"])
    banner: Text = Field(
        description="what the banner prints at this level (before any dissemination "
        "controls the brief declares after `//`)",
        examples=["CUI"],
    )
    portion: Text = Field(
        description="the abbreviation a portion at this level starts with, in parentheses",
        examples=["CUI"],
    )
    aliases: list[Text] = Field(
        default_factory=list,
        description="other names a marking may give the level",
        examples=[["CONTROLLED"]],
    )

    def names(self) -> list[str]:
        """Every way of naming the level, as written."""
        return [self.name, self.banner, self.portion, *self.aliases]


class MarkingScheme(Model):
    """A marking scheme of your own: its levels, least restrictive first."""

    levels: list[Level] = Field(
        min_length=1,
        description="the levels, least restrictive first",
        examples=[
            [
                {"name": "PUBLIC", "banner": "PUBLIC", "portion": "P"},
                {"name": "INTERNAL", "banner": "INTERNAL USE ONLY", "portion": "I"},
            ]
        ],
    )
    contents: bool = Field(
        True,
        description="with `portion_marks`, the contents list headings with their marks too",
        examples=[False],
    )

    @model_validator(mode="after")
    def _distinct(self) -> MarkingScheme:
        seen: dict[str, str] = {}
        for level in self.levels:
            for name in {_key(n) for n in level.names()}:
                if name in seen and seen[name] != level.name:
                    raise ValueError(f"levels {seen[name]!r} and {level.name!r} share a name")
                seen[name] = level.name
        return self

    def find(self, text: str | None) -> Level | None:
        """The level `text` names (its name, banner, abbreviation or an alias, in any case,
        with or without parentheses); None if none."""
        wanted = _key(text or "")
        return next((lv for lv in self.levels if wanted in {_key(n) for n in lv.names()}), None)

    def rank(self, level: Level) -> int:
        """How restrictive a level is: 0 for the least."""
        return [lv.name for lv in self.levels].index(level.name)

    def declared(self, marking: str | None) -> tuple[Level | None, str]:
        """A declared banner's level (what it says before its first `//`) and the rest of
        it, the dissemination controls as written (" // FOR PUBLIC RELEASE")."""
        text = (marking or "").strip()
        head, sep, _ = text.partition(SEPARATOR)
        return self.find(head), text[len(head.rstrip()) :] if sep else ""

    def listed(self) -> str:
        """The levels for a hint: 'UNCLASSIFIED (U), CUI (CUI)'."""
        return ", ".join(f"{lv.name} ({lv.portion})" for lv in self.levels)


def _key(text: str) -> str:
    return text.strip().strip("()").strip().upper()


def marking_field(default: str) -> Any:
    """The `marking` field of a portion: a section, sub-section, key point or block."""
    return Field(
        None,
        description="its handling marking, a level of the project's `marking_scheme` named "
        f"by its name, banner or abbreviation; default: {default}",
        examples=["CUI"],
    )


def scheme_field() -> Any:
    """reportgen.yaml's `marking_scheme`."""
    return Field(
        None,
        description="the handling markings portions carry and banners are computed from: "
        "`us` (UNCLASSIFIED, CUI) or `tlp` (TLP 2.0), or a scheme of your own; none: the "
        "brief's `marking` is free text, printed as written",
        examples=["us", "tlp"],
    )


def portion_marks_field() -> Any:
    """An output's `portion_marks`."""
    return Field(
        False,
        description="start each portion (heading, key point, paragraph, bullet, box, table, "
        "figure, note) with its marking's abbreviation, e.g. (U); needs `marking_scheme`",
        examples=[True],
    )


def max_marking_field() -> Any:
    """An output's `max_marking`."""
    return Field(
        None,
        description="leave out every portion marked above this level (a section left with "
        "none goes whole); the banner is computed from what remains",
        examples=["U", "TLP:GREEN"],
    )


BannerMode = Literal["document", "per_page"]


def banner_field() -> Any:
    """An output's `banner`."""
    return Field(
        "document",
        description="document: every page's banner is the highest level of any portion "
        "shown; per_page: the PDF's pages after the first each print the highest level of "
        "the portions on them (needs `portion_marks`)",
        examples=["per_page"],
    )
