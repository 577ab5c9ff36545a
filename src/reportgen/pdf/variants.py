"""The PDF variants reportgen writes, and the standards each one claims.

Every variant here is checked in the tests by an independent validator
(page-validation) against each profile it claims, with no failures. A variant
starts from one of WeasyPrint's; reportgen's finisher (pdf.finish) and its
tagging repairs (pdf.tagging) make the file meet what it claims.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """One `pdf_variant` value: what WeasyPrint starts from and what the file claims.

    `profiles` are the validator's names for the standards the file conforms to
    ("2a" is PDF/A-2a, "ua1" PDF/UA-1); `use` says in a few words what it is for.
    """

    name: str
    weasyprint: str
    profiles: tuple[str, ...]
    use: str

    @property
    def archival(self) -> bool:
        """Claims a PDF/A level."""
        return any(p != "ua1" for p in self.profiles)

    @property
    def accessible(self) -> bool:
        """Claims PDF/UA-1 (tagged, and identified as PDF/UA in its metadata)."""
        return "ua1" in self.profiles

    @property
    def pdfa_part(self) -> int | None:
        """The PDF/A part (1, 2 or 3) it claims, if any."""
        return next((int(p[0]) for p in self.profiles if p[0].isdigit()), None)


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant("pdf/a-2a+ua-1", "pdf/a-2a", ("2a", "ua1"), "publication: accessible and archival"),
        Variant("pdf/a-3a+ua-1", "pdf/a-3a", ("3a", "ua1"), "the same, with attached files kept"),
        Variant("pdf/ua-1", "pdf/ua-1", ("ua1",), "accessible (tagged), not archival"),
        Variant("pdf/a-1a", "pdf/a-1a", ("1a",), "archives that accept only PDF/A-1, tagged"),
        Variant("pdf/a-2a", "pdf/a-2a", ("2a",), "archival, tagged"),
        Variant("pdf/a-3a", "pdf/a-3a", ("3a",), "archival, tagged, with attached files"),
        Variant("pdf/a-1b", "pdf/a-1b", ("1b",), "archives that accept only PDF/A-1"),
        Variant("pdf/a-2b", "pdf/a-2b", ("2b",), "archival: looks the same forever"),
        Variant("pdf/a-3b", "pdf/a-3b", ("3b",), "archival, with attached files"),
        Variant("pdf/a-2u", "pdf/a-2u", ("2u",), "archival, text extractable as Unicode"),
        Variant("pdf/a-3u", "pdf/a-3u", ("3u",), "the same, with attached files"),
    )
}

# What reportgen.yaml recommends for a brief that is published.
RECOMMENDED = "pdf/a-2a+ua-1"


def variant(name: str | None) -> Variant | None:
    """The variant of that name (None for a plain PDF); the model only accepts known names."""
    return None if name is None else VARIANTS[name]
