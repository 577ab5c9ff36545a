"""JSON Schemas for editors: generated from the models, the default and a new project pass,
broken files fail; `reportgen init` writes plain YAML that names its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from reportgen.cli import main
from reportgen.scaffold import init_project, project_name
from reportgen.schema import SCHEMAS, schema_for

ROOT = Path(__file__).resolve().parent.parent
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)


class Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as the YAML language server does (1.2 core schema): dates stay strings."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def errors(kind: str, text: str) -> list[str]:
    """What the schema of `kind` finds wrong with a YAML document."""
    if text.startswith("---\n"):  # a Markdown section: its front matter
        text = text.split("\n---\n", 1)[0].removeprefix("---\n")
    validator = jsonschema.Draft202012Validator(schema_for(kind))
    found = validator.iter_errors(yaml.load(text, Loader=Yaml12Loader))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


def project_files(root: Path) -> list[tuple[str, Path]]:
    """Each YAML file of a project laid out as the default one is, with its schema's kind."""
    files = [("reportgen", root / "reportgen.yaml"), ("brief", root / "data/brief.yaml")]
    files.append(("sources", root / "data/sources.yaml"))
    sections = sorted((root / "data/sections").glob("*.*"))
    return files + [("section", p) for p in sections if p.suffix in {".yaml", ".md"}]


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_each_schema_is_valid_and_documents_its_fields(kind: str) -> None:
    schema = schema_for(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    described = [p for p in schema["properties"].values() if "description" in p]
    assert described and all("examples" in p for p in schema["properties"].values())


@pytest.mark.parametrize(
    ("kind", "path"), project_files(ROOT), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_the_default_projects_files_pass_their_schemas(kind: str, path: Path) -> None:
    assert errors(kind, path.read_text(encoding="utf-8")) == []


def test_a_new_projects_files_pass_the_schemas_init_wrote(tmp_path: Path) -> None:
    init_project(tmp_path, "Ports and Shipping")
    for kind, path in project_files(tmp_path):
        text = path.read_text(encoding="utf-8")
        assert errors(kind, text) == [], path
        # The modeline points, relative to the file, at the schema init wrote.
        (target,) = MODELINE.findall(text)
        written = json.loads((path.parent / target).read_text(encoding="utf-8"))
        assert written == schema_for(kind)


def test_init_writes_plain_yaml_without_anchors(tmp_path: Path) -> None:
    init_project(tmp_path, "Ports and Shipping")
    for _, path in project_files(tmp_path):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"[&*]id\d+", text), path
        front = "---\n" if path.suffix == ".md" else ""  # inside a Markdown front matter
        assert text.startswith(front + "# yaml-language-server: $schema="), path
    brief = yaml.safe_load((tmp_path / "data/brief.yaml").read_text(encoding="utf-8"))
    assert brief["date"] == brief["as_of"]


def test_init_derives_a_short_project_name() -> None:
    title = "Ports, Shipping and the Future of Maritime Logistics in the Indo-Pacific Region"
    name = project_name(title)
    assert name == "ports-shipping-and-the-future-of"  # whole words only
    assert len(name) <= 40
    assert project_name("Ports and Shipping") == "ports-and-shipping"
    assert len(project_name("x" * 90)) == 40


BROKEN = {
    "a misspelt key": ("section", "title: T\nkey_pionts: []\n", "key_pionts"),
    "a key point without a source": ("section", "title: T\nkey_points:\n  - text: A\n", "cite"),
    "an unknown block type": ("section", "title: T\nbody:\n  - type: poem\n    text: A\n", "body"),
    "a citation that is a number": (
        "section",
        "title: T\nbody:\n  - type: paragraph\n    text: A\n    cite: [12]\n",
        "12",
    ),
    "a chart without alt text": (
        "section",
        "title: T\nbody:\n  - {type: chart, id: c, kind: bar, data: d.csv, x: a, y: [b],"
        " caption: C}\n",
        "body/0",
    ),
    "no sections": ("reportgen", "name: brief\n", "sections"),
    "a name with capitals": ("reportgen", "name: My Brief\nsections: [a]\n", "name"),
    "an unknown format": (
        "reportgen",
        "name: b\nsections: [a]\noutputs:\n  full: {formats: [docx]}\n",
        "docx",
    ),
    "a source without a title": ("sources", "sources:\n  - id: a\n", "title"),
    "a partial date that is not one": (
        "sources",
        "sources:\n  - {id: a, title: T, date: 2025-13}\n",
        "2025-13",
    ),
    "a brief without its date": (
        "brief",
        "title: T\nedition: E\nas_of: 2025-01-01\norganisation: O\nmarking: M\naudience: A\n",
        "date",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_fails_its_schema(case: str) -> None:
    kind, text, mentioned = BROKEN[case]
    found = errors(kind, text)
    assert found and mentioned in " ".join(found), found


def test_the_shorthands_reportgen_accepts_pass_too() -> None:
    section = "title: T\nkey_points:\n  - {text: A, cite: mnd-2025}\n"
    assert errors("section", section) == []
    assert errors("sources", "sources:\n  - {id: a, title: T, date: 2025}\n") == []
    assert errors("sources", "sources:\n  - {id: a, title: T, date: 2025-10}\n") == []


def test_markdown_front_matter_uses_the_section_schema() -> None:
    markdown = "---\ntitle: Cyber\nkey_points:\n  - {text: A, cite: [a]}\n---\n\nProse.\n"
    assert errors("section", markdown) == []
    assert errors("section", markdown.replace("key_points", "keypoints")) != []


def test_schema_command_writes_every_schema(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path / "schemas")]) == 0
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == sorted(s.filename for s in SCHEMAS.values())
    assert "section.schema.json" in names and "reportgen.schema.json" in names
    (tmp_path / "file").write_text("")
    assert main(["schema", "--out", str(tmp_path / "file")]) == 2
