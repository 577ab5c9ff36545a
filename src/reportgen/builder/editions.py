"""Outputs that show an earlier edition (`changes_since`, `redline`) are made from it too:
what identifies its content joins their input hash, so they rebuild when it changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..editions.revisions import fingerprint
from ..project import EDITION_OPTIONS, edition_setting


def edition_fingerprints(
    root: Path, outputs: Any, settings: Mapping[str, str], names: Iterable[str]
) -> dict[str, dict[str, str]]:
    """By output name: each earlier edition it shows, identified by its content (a folder's
    files hashed, a revision's tree id). `outputs` is reportgen.yaml's `outputs`, raw or
    dumped from the model; `settings` the --set values, which win."""
    found = {}
    for name in names:
        entry = outputs.get(name) if isinstance(outputs, Mapping) else None
        refs: dict[str, str] = {}
        for option in EDITION_OPTIONS:
            value = entry.get(option) if isinstance(entry, Mapping) else None
            if option in settings:
                value = edition_setting(settings[option])
            if value is not None and str(value).strip():
                refs[option] = str(value).strip()
        if refs:  # a folder is relative to the project, as the build reads it
            found[name] = {o: fingerprint(ref, root, root) for o, ref in refs.items()}
    return found
