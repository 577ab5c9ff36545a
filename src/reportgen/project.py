"""Finding a project: its reportgen.yaml, given a folder or the file (no heavy imports)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import UsageError

CONFIG_NAME = "reportgen.yaml"
DATA_SUFFIXES = frozenset({".yaml", ".yml", ".md", ".csv", ".json"})


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


def output_names(raw: dict[str, Any]) -> list[str]:
    """The outputs a raw config names (its default when none)."""
    outputs = raw.get("outputs")
    return [str(n) for n in outputs] if isinstance(outputs, dict) and outputs else ["full"]


def output_formats(raw: dict[str, Any], name: str) -> list[str]:
    """The formats a raw config gives an output (both when it says none or is malformed)."""
    outputs = raw.get("outputs")
    entry = outputs.get(name) if isinstance(outputs, dict) else None
    formats = entry.get("formats") if isinstance(entry, dict) else None
    return [str(f) for f in formats] if isinstance(formats, list) else ["html", "pdf"]


EDITION_OPTIONS = ("changes_since", "redline")  # output options naming an earlier edition


def edition_setting(raw: str) -> str | None:
    """An earlier edition given with --set: a folder (made absolute, since command-line
    paths resolve against the current folder) or a revision as written; empty for none."""
    raw = raw.strip()
    if raw and Path(raw).exists():
        return str(Path(raw).absolute())
    return raw or None
