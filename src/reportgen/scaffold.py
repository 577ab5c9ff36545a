"""Project authoring: start a new project, copy a built-in template in for editing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from .errors import ReportgenError, UsageError
from .model import slugify
from .project import CONFIG_NAME, find_config
from .render import list_templates
from .schema import SCHEMA_DIR, modeline, write_schemas
from .themes import PREFIX, template_layers
from .validate import load_project, suggest

PROJECT_README = """\
# {title}

A brief built with reportgen.

    reportgen validate     # check the data and templates
    reportgen build        # write build/{name}-full.html and .pdf, -summary and -south

- `reportgen.yaml`: what the brief is made of, its outputs, theme and house style.
  The `summary` output is a one- or two-page executive summary of the sections it
  lists, laid out by the built-in `default:summary.html.j2` (a masthead instead
  of a cover, no contents, the notes after the text).
- `data/brief.yaml`: title, dates, organisation, handling marking.
- `data/sources.yaml`: the bibliography; every key point cites a source id.
- `data/sections/`: one file per section, YAML or Markdown (both are shown),
  listed in `reportgen.yaml`.
- `data/tables/`: the data tables show. `reportgen.yaml` names a table made from
  one (`tables`: data steps, here a filter by the `region` parameter); the
  `south` output sets `params: {{region: South}}`; text writes `{{params.region}}`.
  `foreach: {{region: [North, South]}}` would make one output per region.
- `schemas/`: JSON Schemas that editors with the YAML language server use to
  complete and check these files (`reportgen schema --out schemas` refreshes them).
- `templates/`: your own templates. A file here overrides the built-in template
  of the same name; `{{% extends "default:NAME" %}}` reaches the built-in one.
  `reportgen templates list` shows them all; `reportgen templates eject NAME`
  copies one here for editing.
"""

SECTION = """\
title: Overview
summary: One sentence that says what this section is about.
key_points:
  - text: >-
      Each key point is a sentence or two, and cites at least one source
      from data/sources.yaml by its id.
    cite: [example-source]
body:
  - type: paragraph
    text: >-
      Paragraphs take *inline Markdown*. Replace this example with your
      own text, and the example source with the documents you use.
    cite: [example-source]
  - type: paragraph
    text: >-
      The table shows the {params.region} region: the *full* output shows the
      parameter's default, the *south* output sets its own value.
  - type: table
    id: offices
    data: offices
    caption: "Example figures, {params.region} region"
    columns:
      - {key: kind, heading: Offices}
      - {key: offices, heading: Number, format: integer}
      - {key: staff, heading: Staff, format: integer}
    total: true
    cite_column: source
"""

OFFICES = """\
region,kind,offices,staff,source
North,City,8,120,example-source
North,Rural,4,20,example-source
South,City,11,210,example-source
South,Rural,7,50,example-source
"""

MARKDOWN_SECTION = """\
---
title: Findings
summary: A section written in Markdown; the overview beside it is YAML.
key_points:
  - text: Key points sit in the front matter, each citing a source.
    cite: [example-source]
---

Write the body as Markdown. Cite a source where it is used [@example-source, p. 1],
and refer to other sections, such as @sec-overview, by their ids.

::: {.callout-note title="How to write this"}
docs/authoring.md in reportgen's repository lists every construct: callouts,
tables and charts in fenced blocks, cross-references and notes.
:::
"""

BRIEF_TEMPLATE = """\
{# The brief's layout: the built-in one. Override a block to change part of it,
   e.g. {% block colophon %}<p>Your colophon</p>{% endblock %} #}
{% extends "default:base.html.j2" %}
"""


def init_project(
    folder: Path | str, title: str = "Untitled brief", today: dt.date | None = None
) -> Path:
    """Write a new project that validates cleanly and builds; return its reportgen.yaml."""
    root = Path(folder)
    if (root / CONFIG_NAME).exists():
        raise UsageError(
            f"{root / CONFIG_NAME} already exists",
            hint="choose an empty folder, or edit the existing project",
        )
    today = today or dt.date.today()
    name = project_name(title)
    files = {
        CONFIG_NAME: {
            "name": name,
            "sections": ["overview", "findings"],
            "theme": "default",
            "params": {
                "region": {
                    "type": "string",
                    "default": "North",
                    "choices": ["North", "South"],
                    "description": "The region the tables show",
                }
            },
            "tables": {
                "offices": {
                    "data": "data/tables/offices.csv",
                    "steps": [{"filter": {"region": "{params.region}"}}],
                }
            },
            "outputs": {
                "full": {"template": "brief.html.j2", "formats": ["html", "pdf"]},
                # The built-in executive summary: a masthead, no contents, one or two pages.
                "summary": {
                    "template": "default:summary.html.j2",
                    "sections": ["overview"],
                    "formats": ["html", "pdf"],
                },
                # The same brief for one region: its tables filtered by the parameter.
                "south": {
                    "template": "brief.html.j2",
                    "formats": ["html", "pdf"],
                    "params": {"region": "South"},
                },
            },
        },
        "data/brief.yaml": {
            "title": title,
            "edition": "First edition",
            "date": today,
            "as_of": today,
            "organisation": "Your organisation",
            "marking": "UNCLASSIFIED",
            "audience": "Who this brief is for",
        },
        "data/sources.yaml": {
            "sources": [
                {
                    "id": "example-source",
                    "title": "An example source: replace it with a document you cite",
                    "publisher": "Example publisher",
                    "date": today.isoformat(),
                }
            ]
        },
    }
    for (rel, data), kind in zip(files.items(), ("reportgen", "brief", "sources"), strict=True):
        _write(root / rel, modeline(rel, kind) + _dump(data))
    section = "data/sections/overview.yaml"
    _write(root / section, modeline(section, "section") + SECTION)
    findings = "data/sections/findings.md"  # the modeline goes inside its front matter
    _write(
        root / findings,
        MARKDOWN_SECTION.replace("---\n", "---\n" + modeline(findings, "section"), 1),
    )
    write_schemas(root / SCHEMA_DIR)
    _write(root / "data/tables/offices.csv", OFFICES)
    _write(root / "templates/brief.html.j2", BRIEF_TEMPLATE)
    _write(root / "README.md", PROJECT_README.format(title=title, name=name))
    _write(root / ".gitignore", "/build/\n")
    return root / CONFIG_NAME


def project_name(title: str, limit: int = 40) -> str:
    """A short id for the project from its title: its first words, at most `limit` characters."""
    words = slugify(title).split("-")
    name = words[0][:limit]
    for word in words[1:]:
        if len(name) + 1 + len(word) > limit:
            break
        name += f"-{word}"
    return name


class _PlainDumper(yaml.SafeDumper):
    """Plain YAML: a value used twice (the brief's two dates) is written twice, not aliased."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def eject_template(project: Path | str, name: str) -> Path:
    """Copy the template a project would use for `name` into its templates folder."""
    config_path = find_config(project)
    loaded = load_project(config_path)
    templates_dir = loaded.resolve(loaded.config.templates_dir)
    name = name.removeprefix(f"{PREFIX}:")
    target = templates_dir / name
    if target.exists():
        raise ReportgenError(
            f"{name} is already in the project; edit it there",
            target,
            hint="remove it first to eject a fresh copy",
        )
    for _, folder in template_layers(None, loaded.config.theme):
        if (folder / name).is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((folder / name).read_bytes())
            return target
    names = [t.name for t in list_templates(None, loaded.config.theme)]
    raise UsageError(
        f"no built-in template named {name!r}",
        hint=suggest(name, names) or "see `reportgen templates list`",
    )
