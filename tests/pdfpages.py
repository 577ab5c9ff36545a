"""Reading a built PDF back page by page, for the print-layout tests."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, runs of white space made single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(pdf).pages]


def pages_with(texts: list[str], pattern: str) -> list[int]:
    """The 0-based numbers of the pages whose text matches `pattern` (a regex)."""
    return [i for i, text in enumerate(texts) if re.search(pattern, text)]


def links_and_anchors(pdf: Path, prefix: str) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Named destinations starting with `prefix` and the page each is on; and for each,
    the pages holding a link to it (0-based)."""
    reader = PdfReader(pdf)
    anchors = {
        name: reader.get_destination_page_number(dest)
        for name, dest in reader.named_destinations.items()
        if name.startswith(prefix)
    }
    links: dict[str, list[int]] = {}
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []) or []:
            target = str(annot.get_object().get("/Dest", ""))
            if target.startswith(prefix):
                links.setdefault(target, []).append(number)
    return anchors, links
