"""Finding a project: its reportgen.yaml, given a folder or the file (no heavy imports)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import UsageError

CONFIG_NAME = "reportgen.yaml"
TABLE_CACHE = Path(".cache") / "tables"  # derived tables, in the build folder
DATA_SUFFIXES = frozenset({".yaml", ".yml", ".md", ".csv", ".json"})


def resolved(path: Path) -> Path:
    """The path with '..' and symlinks resolved; as it is (made absolute) when its links
    go round in a loop or the system refuses it (then no file is found there)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # RuntimeError: a symlink loop (Python 3.11)
        return path.absolute()


def find_config(path: Path | str = ".") -> Path:
    """The project's reportgen.yaml, given the project folder or the file itself.

    The project is the folder that holds the file as named: a reportgen.yaml
    that is a symlink to a file elsewhere does not make that elsewhere the project.
    """
    path = Path(path)
    config = path / CONFIG_NAME if path.is_dir() else path
    if not config.is_file():
        raise UsageError(
            f"no {CONFIG_NAME} found",
            path,
            hint="give the project folder, or run `reportgen init DIR` to make one",
        )
    folder = config.absolute().parent.resolve()
    if config.resolve().parent != folder:
        raise UsageError(
            f"{CONFIG_NAME} is a link to a file outside the project folder",
            config,
            hint="copy the file into the project instead",
        )
    return folder / config.name


def raw_config(config: Path) -> dict[str, Any] | None:
    """reportgen.yaml as plain YAML, unvalidated (None if it does not read as a mapping).

    For the quick paths that must not import the model: the up-to-date check and
    how many render workers to start. The full validation reports any problem.
    """
    import yaml

    try:
        raw = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return raw if isinstance(raw, dict) else None


def output_formats(
    raw: dict[str, Any], name: str, bases: dict[str, str] | None = None
) -> list[str]:
    """The formats a raw config gives an output (both when it says none or is malformed);
    `bases` names the output each made by a `foreach` is made from."""
    outputs = raw.get("outputs")
    name = (bases or {}).get(name, name)
    entry = outputs.get(name) if isinstance(outputs, dict) else None
    formats = entry.get("formats") if isinstance(entry, dict) else None
    return [str(f) for f in formats] if isinstance(formats, list) else ["html", "pdf"]


def table_files(raw: dict[str, Any], ref: str, seen: tuple[str, ...] = ()) -> list[str]:
    """The files a table is read from (relative to the project): `ref` itself if it is a
    file, else the files of the tables named in `tables` that it is made from and joins."""
    tables = raw.get("tables") if isinstance(raw.get("tables"), dict) else {}
    assert isinstance(tables, dict)
    spec = tables.get(ref)
    if ref not in tables:
        return [ref] if ref else []
    if not isinstance(spec, dict) or ref in seen:  # malformed, or made from itself
        return []
    found = table_files(raw, str(spec.get("data", "")), (*seen, ref))
    for step in spec.get("steps") or []:
        if isinstance(step, dict) and isinstance(step.get("join"), dict):
            found += table_files(raw, str(step["join"].get("table", "")), (*seen, ref))
    return sorted(set(found))


def value_slug(value: Any) -> str:
    """A parameter's value as it is written in an output's name: lower-case letters and
    digits (of any script) joined by '-' (accents dropped: 'Côte d'Ivoire' is
    'cote-d-ivoire')."""
    import unicodedata

    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    # Accents go, letters of any script stay: 'Россия' is 'россия', '中国' stays '中国'.
    plain = "".join(
        c if c.isalnum() else "-"
        for c in unicodedata.normalize("NFKD", text.lower())
        if not unicodedata.combining(c)
    )
    return re.sub(r"-+", "-", plain).strip("-")


def edition_name(output: str, values: Iterable[Any]) -> str:
    """The name of the output `foreach` makes for these values: `<output>-<value>...`."""
    return "-".join([output, *(value_slug(v) for v in values)])


def foreach_hash(root: Path, raw: dict[str, Any], output: str) -> str:
    """A hash of what an output's `foreach` over a table's column depends on: its entry
    in reportgen.yaml, the tables and parameters declared, and the files read."""
    outputs = raw.get("outputs") if isinstance(raw.get("outputs"), dict) else {}
    assert isinstance(outputs, dict)
    entry = outputs.get(output)
    foreach = entry.get("foreach") if isinstance(entry, dict) else None
    specs = foreach.values() if isinstance(foreach, dict) else []
    files = {f for s in specs if isinstance(s, dict) for f in table_files(raw, str(s.get("table")))}
    head = [entry, raw.get("tables"), raw.get("params")]
    digest = hashlib.sha256(json.dumps(head, sort_keys=True, default=str).encode())
    for name in sorted(files):
        try:
            digest.update(
                name.encode() + b"\0" + hashlib.sha256((root / name).read_bytes()).digest()
            )
        except OSError:
            return ""
    return digest.hexdigest()


def output_bases(
    raw: dict[str, Any], root: Path | None = None, entries: dict[str, Any] | None = None
) -> dict[str, str] | None:
    """Each output a raw config names, with the output it is made from (itself, or the
    output whose `foreach` makes it). A `foreach` over a table's column is known from
    the manifest's entries (made by the last build from the same files); None if not."""
    outputs = raw.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return {"full": "full"}
    found: dict[str, str] = {}
    for name, entry in outputs.items():
        foreach = entry.get("foreach") if isinstance(entry, dict) else None
        if foreach is None:
            found[str(name)] = str(name)
            continue
        names = _expanded(str(name), foreach, raw, root, entries or {})
        if names is None:
            return None
        found |= {n: str(name) for n in names}
    return found


def _expanded(
    name: str, foreach: Any, raw: dict[str, Any], root: Path | None, entries: dict[str, Any]
) -> list[str] | None:
    if not isinstance(foreach, dict) or not foreach:
        return None
    if all(isinstance(v, list) and v for v in foreach.values()):
        return [edition_name(name, combo) for combo in itertools.product(*foreach.values())]
    if root is None:
        return None
    current = foreach_hash(root, raw, name)
    for entry in entries.values():
        made = entry.get("foreach") if isinstance(entry, dict) else None
        if isinstance(made, dict) and made.get("of") == name and made.get("hash") == current:
            names = made.get("names")
            return [str(n) for n in names] if isinstance(names, list) and current else None
    return None


EDITION_OPTIONS = ("changes_since", "redline")  # output options naming an earlier edition


def edition_setting(raw: str) -> str | None:
    """An earlier edition given with --set: a folder (made absolute, since command-line
    paths resolve against the current folder) or a revision as written; empty for none."""
    raw = raw.strip()
    if raw and Path(raw).exists():
        return str(Path(raw).absolute())
    return raw or None
