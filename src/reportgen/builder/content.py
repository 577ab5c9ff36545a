"""What an output is made from, once the project is loaded: its files, and a hash of the
very data it shows, so that a change to a file one output shares with others (the
config, a table of every region) rebuilds only the outputs whose data changed.

An output's manifest entry records the tables, charts and project templates its
templates read (`uses`); its `content_hash` covers the project's settings, its own
options and parameter values, the brief's front matter and bibliography, its
sections, the data of those tables and charts, and those templates.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..project import foreach_hash, raw_config
from .options import BuildOptions
from .plan import builtin_templates, files_hash, input_hash, template_names

if TYPE_CHECKING:
    from ..context import Uses
    from ..model import Project


def used(uses: Uses, root: Path) -> dict[str, list[str]]:
    """An output's `uses` as its manifest entry records them (project templates only:
    reportgen's own are part of every output)."""
    templates = [Path(t) for t in uses.templates]
    return {
        "tables": sorted(uses.tables),
        "charts": sorted(uses.charts),
        "templates": sorted(
            t.relative_to(root).as_posix() for t in templates if t.is_relative_to(root)
        ),
    }


def inputs_of(project: Project, name: str, uses: Mapping[str, list[str]]) -> list[str]:
    """The files an output is made from (relative to the project), given what it uses."""
    files = set(project.output_inputs.get(name, project.input_files))
    for block in [*uses.get("tables", []), *uses.get("charts", [])]:
        files |= set(project.block_inputs.get(block, []))
    files |= {project.root / t for t in uses.get("templates", [])}
    return sorted(
        p.relative_to(project.root).as_posix() for p in files if p.is_relative_to(project.root)
    )


def content_hash(
    project: Project,
    name: str,
    options: BuildOptions,
    uses: Mapping[str, list[str]],
    editions: Mapping[str, str] | None = None,
) -> str:
    """A hash of the data an output shows (`project` as the output sees it), and of the
    earlier editions it shows (builder.editions)."""
    from ..context import selected_sections

    config = project.config
    output = config.outputs[name]
    tables = {
        t: project.tables[t].model_dump(mode="json", exclude={"path"})
        for t in uses["tables"]
        if t in project.tables
    }
    charts = {
        c: project.charts[c].model_dump(mode="json") for c in uses["charts"] if c in project.charts
    }
    templates = [project.root / t for t in uses["templates"]]
    head = {
        "config": config.model_dump(mode="json", exclude={"outputs", "tables", "params"}),
        "output": output.model_dump(mode="json"),
        "meta": project.meta.model_dump(mode="json"),
        "sources": {k: s.model_dump(mode="json") for k, s in project.sources.items()},
        "sections": [s.model_dump(mode="json") for s in selected_sections(project, output)],
        "tables": tables,
        "charts": charts,
        "missing": sorted(set(uses["tables"]) - set(tables) | set(uses["charts"]) - set(charts)),
    }
    files = files_hash(project.root, [*templates, *builtin_templates()])
    body = hashlib.sha256(json.dumps(head, sort_keys=True).encode()).hexdigest()
    names = template_names(project.resolve(config.templates_dir))
    return input_hash(files + body, name, options, names, editions)


def record(
    project: Project,
    name: str,
    options: BuildOptions,
    uses: Mapping[str, list[str]],
    editions: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The fields of an output's manifest entry that say what it is made from."""
    inputs = inputs_of(project, name, uses)
    files = files_hash(project.root, [*(project.root / i for i in inputs), *builtin_templates()])
    names = template_names(project.resolve(project.config.templates_dir))
    fields: dict[str, Any] = {
        "input_hash": input_hash(files, name, options, names, editions),
        "inputs": inputs,
        "content_hash": content_hash(project, name, options, uses, editions),
        "uses": dict(uses),
    }
    base = project.foreach_of.get(name)
    if base is not None:  # the no-op build reads which outputs a column's values make
        raw = raw_config(project.config_path) or {}
        spec = (raw.get("outputs") or {}).get(base, {}).get("foreach")
        if isinstance(spec, dict) and not all(isinstance(v, list) for v in spec.values()):
            fields["foreach"] = {
                "of": base,
                "names": [n for n, b in project.foreach_of.items() if b == base],
                "hash": foreach_hash(project.root, raw, base),
            }
    return fields


def unchanged(
    project: Project,
    names: Iterable[str],
    entries: Mapping[str, Any],
    options: BuildOptions,
    out: Path,
    editions: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, dict[str, Any]]:
    """The outputs whose files changed but whose content did not, each with its entry
    brought up to date (so the next build finds it up to date from its files alone)."""
    from .plan import files_intact

    found = {}
    for name in names:
        entry = entries.get(name)
        if not isinstance(entry, dict):
            continue
        try:
            uses = {k: list(entry["uses"][k]) for k in ("tables", "charts", "templates")}
            view = project.for_output(name)
            edition = (editions or {}).get(name)
            same = entry["content_hash"] == content_hash(view, name, options, uses, edition)
            if not (same and files_intact(out, entry)):
                continue
        except (OSError, KeyError, TypeError):
            continue
        found[name] = {**entry, **record(view, name, options, uses, edition)}
    return found
