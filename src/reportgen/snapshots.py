"""`reportgen sources lock` and `reportgen sources check`: a project's snapshots hashed into
its bibliography, and its quotations counted.

Locking reads only the bibliography files (not the whole project), so a snapshot that
changed, which makes validation fail, can be locked again. In sources.yaml each
hash is written as `snapshot_sha256:` just below the entry's `snapshot:` line (or in
place of the old hash), leaving every other line as it was; CSL-JSON and BibTeX
files, which a reference manager rewrites on each export, keep theirs in
`sources.lock` beside reportgen.yaml.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .builder.files import atomic_write
from .errors import Problem, ValidationFailed, display_path
from .load import Document, load_yaml
from .load.bibliography import BIBTEX_SUFFIXES, CSL_JSON_SUFFIXES, YAML_SUFFIXES, load_bibliography
from .model import Project
from .project import find_config, raw_config, resolved
from .validate.sources import LOCK_NAME

LOCK_HEADER = (
    "# Written by `reportgen sources lock`: the sha256 of each snapshot named by a CSL-JSON\n"
    "# or BibTeX source, when it was locked. A snapshot that no longer matches is an error.\n"
)


@dataclass
class Locked:
    """What `sources lock` did: the snapshots hashed, by source id, and the files written."""

    digests: dict[str, str] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)  # ids whose recorded hash was new
    written: list[Path] = field(default_factory=list)


def lock_sources(path: Path | str = ".") -> Locked:
    """Record the sha256 of every source's snapshot in the bibliography (or sources.lock)."""
    config = find_config(path)
    root = config.parent
    raw = raw_config(config) or {}
    names = raw.get("sources", "data/sources.yaml")
    files = [names] if isinstance(names, str) else [str(n) for n in names or []]
    result, problems = Locked(), []
    lock: dict[str, dict[str, str]] = {}
    for name in files:
        file = root / name
        suffix = file.suffix.lower()
        if suffix in YAML_SUFFIXES:
            problems += _lock_yaml(root, file, result)
        elif suffix in CSL_JSON_SUFFIXES + BIBTEX_SUFFIXES:
            for entry in load_bibliography(file).entries:
                snapshot = entry.fields.get("snapshot")
                if snapshot:
                    digest = _digest(root, snapshot, file, entry.line, problems)
                    if digest:
                        lock[entry.id] = {"snapshot": snapshot, "sha256": digest}
    if problems:
        raise ValidationFailed(problems)
    if lock or (root / LOCK_NAME).exists():
        _write_lock(root / LOCK_NAME, lock, result)
    for key, locked in lock.items():
        result.digests[key] = locked["sha256"]
    return result


def _digest(root: Path, snapshot: str, file: Path, line: int, problems: list[Problem]) -> str:
    """A snapshot's sha256 ('' with a problem when it is missing or outside the project)."""
    path = resolved(root / snapshot)
    if not path.is_relative_to(root) or not path.is_file():
        why = "outside the project" if not path.is_relative_to(root) else "not found"
        problems.append(Problem(str(file), line, 1, "error", f"snapshot {why}: {snapshot}"))
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lock_yaml(root: Path, file: Path, result: Locked) -> list[Problem]:
    """Write each entry's hash into a sources.yaml, changing only those lines."""
    doc = load_yaml(file)
    entries = doc.value.get("sources") if isinstance(doc.value, dict) else None
    problems: list[Problem] = []
    edits: list[Edit] = []
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict) or not isinstance(entry.get("snapshot"), str):
            continue
        line = doc.where(("sources", i, "snapshot"))[0]
        digest = _digest(root, entry["snapshot"], file, line, problems)
        if not digest:
            continue
        key = str(entry.get("id"))
        result.digests[key] = digest
        if entry.get("snapshot_sha256") == digest:
            continue
        result.changed.append(key)
        edit = _yaml_edit(doc, i, lines, digest)
        if edit is None:
            message = f"cannot write the hash of {key!r}: its entry is not in block style"
            problems.append(doc.problem(("sources", i), message, hint="write one key per line"))
        else:
            edits.append(edit)
    if edits and not problems:
        for row, old, text in sorted(edits, reverse=True):
            if old is None:
                lines.insert(row, text)
            else:
                lines[row] = text
        atomic_write(file, "".join(lines).encode("utf-8"))
        result.written.append(file)
    return problems


Edit = tuple[int, str | None, str]  # (0-based line, the line it replaces or None, new text)


def _yaml_edit(doc: Document, i: int, lines: list[str], digest: str) -> Edit | None:
    """The one-line edit that records `digest` for entry `i`: its old hash's line
    rewritten, or a line added below `snapshot:` at the same indent."""
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if ("sources", i, "snapshot_sha256") in doc.key_marks:
        row = doc.key_marks[("sources", i, "snapshot_sha256")][0] - 1
        old = lines[row]
        new = re.sub(r"(snapshot_sha256\s*:\s*)(['\"]?)[^\s'\"#]*\2", rf"\g<1>{digest}", old)
        return (row, old, new) if new != old else None
    row, col = doc.key_marks[("sources", i, "snapshot")]
    value_row = doc.value_marks[("sources", i, "snapshot")][0]
    text = lines[row - 1]
    if not re.match(r"^\s*(- )?snapshot\s*:", text) or value_row != row:
        return None
    return (row, None, " " * (col - 1) + f"snapshot_sha256: {digest}{newline}")


def _write_lock(path: Path, lock: dict[str, dict[str, str]], result: Locked) -> None:
    """Write sources.lock (sorted by source id) if what it records changed."""
    old: Any = {}
    if path.is_file():
        try:
            old = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            old = {}
    result.changed += [k for k, v in lock.items() if not isinstance(old, dict) or old.get(k) != v]
    if old == lock and path.is_file():
        return
    body = yaml.safe_dump(dict(sorted(lock.items())), sort_keys=True, allow_unicode=True)
    atomic_write(path, (LOCK_HEADER + (body if lock else "{}\n")).encode("utf-8"))
    result.written.append(path)


def describe(result: Locked) -> str:
    """One line saying what `sources lock` did."""
    if not result.digests:
        return "no source names a snapshot: nothing to lock"
    files = ", ".join(display_path(p) for p in result.written) or "nothing written"
    return f"{len(result.digests)} snapshot(s) locked, {len(result.changed)} changed ({files})"


def unlocked(project: Project) -> list[str]:
    """The sources whose snapshot has no recorded hash, as lines to show."""
    return [
        f"source {s.id!r}: snapshot {s.snapshot} is not locked (run `reportgen sources lock`)"
        for s in project.sources.values()
        if s.snapshot and not s.snapshot_sha256
    ]
