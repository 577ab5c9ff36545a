"""Bibliographies as reference managers export them: CSL-JSON (Zotero) and BibTeX files used
as the bibliography, merged with sources.yaml, every entry's problems located at its line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, MakeProject
from reportgen.builder import BuildOptions, build
from reportgen.cli import main
from reportgen.errors import ValidationFailed
from reportgen.load.bibliography import load_bibliography
from reportgen.render import validate_project

FIXTURES = Path(__file__).parent / "fixtures" / "bibliographies"

CONFIG = """\
name: mini
sources: {sources}
sections: [alpha]
outputs:
  full:
    template: brief.html.j2
"""

ALPHA = """\
---
title: Alpha section
key_points:
- text: Chauhan reports on the ministry's plans.
  cite: [{first}]
---

The 1979 communiqué is quoted here. [@{second}]

Background from a general source. [@{third}]
"""


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first occurrence of `text` in a file."""
    return (
        path.read_text(encoding="utf-8")[: path.read_text(encoding="utf-8").index(text)].count("\n")
        + 1
    )


def bib_project(make_project: MakeProject, fixture: str, keys: tuple[str, str, str]) -> Path:
    """A project whose bibliography is one fixture file, citing three of its keys."""
    root = make_project(
        {
            "reportgen.yaml": CONFIG.format(sources=f"data/{fixture}"),
            "data/sources.yaml": None,
            "data/sections/alpha.yaml": None,
            "data/sections/beta.yaml": None,
            "data/figures.csv": None,
            "data/sections/alpha.md": ALPHA.format(first=keys[0], second=keys[1], third=keys[2]),
        }
    )
    shutil.copy(FIXTURES / fixture, root / "data" / fixture)
    shutil.copytree(REPO / "data" / "snapshots", root / "data" / "snapshots")
    return root


ZOTERO = "zotero-better-csl.json"
ZOTERO_KEYS = (
    "chauhanTaiwanAimsStrengthen2025",
    "JointCommuniqueEstablishment1979",
    "jiaReportTaiwanAsiaExchange2025",
)
BIBTEX = "sources.bib"
BIBTEX_KEYS = ("chauhan2025taiwan", "cia1979communique", "dcexplainer")


def test_zotero_csl_json_entries_read_with_their_lines() -> None:
    path = FIXTURES / ZOTERO
    read = load_bibliography(path)
    assert not read.problems
    first = read.entries[0]
    assert first.id == "chauhanTaiwanAimsStrengthen2025"
    assert first.line == 2
    assert first.fields["author"] == "Nikhil Chauhan"
    assert first.fields["publisher"] == "Asia In News"  # the container title
    assert first.fields["date"] == "2025-10-22"  # from date-parts with the year as text
    assert first.fields["snapshot"] == "data/snapshots/chauhan-2025.txt"  # from the Extra field
    assert first.fields["note"] == "News report on the defense ministry\u2019s report."
    assert first.line_of("title") == line_of(path, '"title": "Taiwan aims')
    communique = read.entries[2]
    assert communique.fields["url"].startswith("https://www.cia.gov/")
    assert communique.fields["accessed"] == "2025-12-03"
    assert communique.line == line_of(path, '"id": "JointCommunique') - 1


def test_bibtex_entries_decoded_with_their_lines() -> None:
    path = FIXTURES / BIBTEX
    read = load_bibliography(path)
    assert not read.problems
    by_key = {e.id: e for e in read.entries}
    chauhan = by_key["chauhan2025taiwan"]
    assert chauhan.line == line_of(path, "@article{chauhan2025taiwan")
    assert chauhan.fields["title"].endswith("with the US to enhance its security")  # braces gone
    assert chauhan.fields["author"] == "Nikhil Chauhan"
    assert chauhan.fields["publisher"] == "Asia In News"
    assert chauhan.csl["type"] == "article-journal"
    communique = by_key["cia1979communique"]
    assert communique.fields["title"].startswith("Joint Communiqué on the Establishment")
    assert communique.fields["date"] == "1979-01"  # year and month macro
    assert communique.fields["accessed"] == "2025-12-03"
    assert communique.csl["author"] == [
        {"literal": "Governments of the United States and the People's Republic of China"}
    ]
    assert communique.csl["type"] == "webpage"
    assert by_key["dcexplainer"].fields["note"].startswith("General explainer \u2013 undated")


@pytest.mark.parametrize(("fixture", "keys"), [(ZOTERO, ZOTERO_KEYS), (BIBTEX, BIBTEX_KEYS)])
def test_exported_bibliography_builds_with_titles_shown(
    make_project: MakeProject, tmp_path: Path, fixture: str, keys: tuple[str, str, str]
) -> None:
    root = bib_project(make_project, fixture, keys)
    project = validate_project(root)
    assert not [p for p in project.warnings if p.severity == "error"]
    out = tmp_path / "out"
    build(project, BuildOptions(out_dir=out, formats=("html",)))
    html = (out / "mini-full.html").read_text(encoding="utf-8")
    assert "<cite>Taiwan aims to strengthen its military relationship" in html
    assert "Joint Communiqué on the Establishment of Diplomatic Relations" in html
    assert "Nikhil Chauhan" in html


@pytest.mark.parametrize(("fixture", "keys"), [(ZOTERO, ZOTERO_KEYS), (BIBTEX, BIBTEX_KEYS)])
def test_unknown_key_located_at_its_use(
    make_project: MakeProject,
    capsys: pytest.CaptureFixture[str],
    fixture: str,
    keys: tuple[str, ...],
) -> None:
    misspelt = keys[1][:-2] + keys[1][-1]  # one character dropped
    root = bib_project(make_project, fixture, (keys[0], misspelt, keys[2]))
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    md = root / "data" / "sections" / "alpha.md"
    line = line_of(md, f"[@{misspelt}]")
    col = md.read_text().splitlines()[line - 1].index("[@") + 1
    assert f"alpha.md:{line}:{col}: error: unknown source id {misspelt!r}" in err
    assert f"did you mean {keys[1]!r}?" in err


def test_unknown_key_in_a_key_point_located(make_project: MakeProject) -> None:
    root = bib_project(make_project, BIBTEX, ("chauhan2025", *BIBTEX_KEYS[1:]))
    with pytest.raises(ValidationFailed) as failed:
        validate_project(root)
    (problem,) = [p for p in failed.value.problems if p.severity == "error"]
    assert problem.path.endswith("alpha.md")
    assert (problem.line, problem.message) == (5, "unknown source id 'chauhan2025'")
    assert problem.hint == "did you mean 'chauhan2025taiwan'?"


def test_uncited_entry_warned_at_its_line(make_project: MakeProject) -> None:
    root = bib_project(make_project, ZOTERO, ZOTERO_KEYS)
    project = validate_project(root)
    path = root / "data" / ZOTERO
    (warning,) = [p for p in project.warnings if "never cited" in p.message]
    assert warning.message == "source 'usNoticeTermination1978' is never cited"
    assert (warning.path, warning.line) == (str(path), line_of(path, '"id": "usNotice'))


def test_bad_date_in_bibtex_located_at_its_field(make_project: MakeProject) -> None:
    root = bib_project(make_project, BIBTEX, BIBTEX_KEYS)
    bib = root / "data" / BIBTEX
    bib.write_text(bib.read_text().replace("{2025-10-22}", "{2025-13-22}"))
    with pytest.raises(ValidationFailed) as failed:
        validate_project(root)
    (problem,) = failed.value.problems
    assert (problem.path, problem.line) == (str(bib), line_of(bib, "2025-13-22"))
    assert "'2025-13-22' is not a date" in problem.message


def test_bad_date_in_csl_json_located_at_its_key(make_project: MakeProject) -> None:
    root = bib_project(make_project, ZOTERO, ZOTERO_KEYS)
    path = root / "data" / ZOTERO
    items = json.loads(path.read_text())
    items[1]["issued"] = {"date-parts": [["2025", 14]]}
    path.write_text(json.dumps(items, indent="\t", ensure_ascii=False))
    with pytest.raises(ValidationFailed) as failed:
        validate_project(root)
    (problem,) = [p for p in failed.value.problems if p.severity == "error"]
    issued = [i for i, t in enumerate(path.read_text().splitlines(), 1) if '"issued"' in t]
    assert (problem.line, problem.message.split(": ", 1)[0]) == (issued[1], "date")
    assert "'2025-14' is not a date" in problem.message


def test_missing_title_is_located_at_the_entry(make_project: MakeProject) -> None:
    root = bib_project(make_project, BIBTEX, BIBTEX_KEYS)
    bib = root / "data" / BIBTEX
    bib.write_text(
        bib.read_text().replace("  title        = {Defense Cooperation ({Taiwan})},\n", "")
    )
    with pytest.raises(ValidationFailed) as failed:
        validate_project(root)
    (problem,) = failed.value.problems
    assert problem.line == line_of(bib, "@misc{dcexplainer")
    assert problem.message == "missing required key 'title'"


def test_duplicate_key_across_files_names_both_places(make_project: MakeProject) -> None:
    root = bib_project(make_project, BIBTEX, BIBTEX_KEYS)
    (root / "reportgen.yaml").write_text(
        CONFIG.format(sources="[data/sources.bib, data/extra.yaml]")
    )
    (root / "data" / "extra.yaml").write_text(
        "sources:\n  - id: dcexplainer\n    title: Another explainer\n"
    )
    with pytest.raises(ValidationFailed) as failed:
        validate_project(root)
    (problem,) = [p for p in failed.value.problems if p.severity == "error"]
    assert problem.path == str(root / "data" / "extra.yaml")
    assert problem.line == 2
    assert f"also in {root / 'data' / 'sources.bib'}:" in problem.message or (
        "also in data/sources.bib:" in problem.message
    )
    assert f":{line_of(root / 'data' / BIBTEX, '@misc{dcexplainer')})" in problem.message


def test_files_merged_in_order(make_project: MakeProject) -> None:
    root = bib_project(make_project, BIBTEX, (BIBTEX_KEYS[0], ZOTERO_KEYS[1], BIBTEX_KEYS[2]))
    shutil.copy(FIXTURES / ZOTERO, root / "data" / ZOTERO)
    (root / "reportgen.yaml").write_text(
        CONFIG.format(sources=f"[data/{BIBTEX}, data/{ZOTERO}, data/extra.yaml]")
    )
    (root / "data" / "extra.yaml").write_text(
        "sources:\n  - id: extra-1\n    title: A source written in YAML\n"
    )
    project = validate_project(root)
    assert list(project.sources)[:3] == list(BIBTEX_KEYS)
    assert "extra-1" in project.sources and ZOTERO_KEYS[0] in project.sources
    never = sorted(p.message for p in project.warnings if "never cited" in p.message)
    assert len(never) == 5  # cia1979communique, three Zotero entries and extra-1


def test_duplicate_key_in_one_bibtex_file(make_project: MakeProject) -> None:
    root = bib_project(make_project, BIBTEX, BIBTEX_KEYS)
    bib = root / "data" / BIBTEX
    bib.write_text(bib.read_text() + "\n@misc{dcexplainer,\n  title = {Again},\n}\n")
    with pytest.raises(ValidationFailed) as failed:
        validate_project(root)
    (problem,) = failed.value.problems
    first = line_of(bib, "@misc{dcexplainer")
    assert problem.message == f"duplicate key 'dcexplainer' (first used on line {first})"
    assert problem.line == len(bib.read_text().splitlines()) - 2


def test_json_syntax_error_located(make_project: MakeProject) -> None:
    root = bib_project(make_project, ZOTERO, ZOTERO_KEYS)
    path = root / "data" / ZOTERO
    path.write_text(path.read_text().replace('"language": "en",', '"language": "en"', 1))
    with pytest.raises(ValidationFailed) as failed:
        validate_project(root)
    (problem,) = failed.value.problems
    assert problem.message == "JSON syntax error: a comma is missing at the end of this line"
    assert problem.line == line_of(path, '"language": "en"')  # where the comma belongs


def test_zotero_item_uris_and_citation_keys(make_project: MakeProject) -> None:
    """Zotero's own export gives each item its URI as id; a citation key, if set, wins."""
    items = [
        {
            "id": "http://zotero.org/users/local/kQ8x2AbC/items/7XJ4N2PQ",
            "type": "article-newspaper",
            "title": "Taiwan aims to strengthen its military relationship with the US",
            "container-title": "Asia In News",
            "author": [{"family": "Chauhan", "given": "Nikhil"}],
            "issued": {"date-parts": [["2025", 10, 22]]},
        },
        {
            "id": "http://zotero.org/users/local/kQ8x2AbC/items/9KWB4RR5",
            "citation-key": "jia2025",
            "type": "article-newspaper",
            "title": "Report on the summit",
            "author": [{"family": "Jia", "given": "Feimao"}],
            "issued": {"date-parts": [["2025", 10]]},
        },
    ]
    root = bib_project(
        make_project,
        ZOTERO,
        ("http://zotero.org/users/local/kQ8x2AbC/items/7XJ4N2PQ", "jia2025", "jia2025"),
    )
    (root / "data" / ZOTERO).write_text(json.dumps(items, indent="\t"))
    project = validate_project(root)
    assert list(project.sources) == [items[0]["id"], "jia2025"]


def test_bibtex_snapshot_locked_in_sources_lock_and_checked(make_project: MakeProject) -> None:
    from reportgen.snapshots import lock_sources

    root = bib_project(make_project, BIBTEX, BIBTEX_KEYS)
    bib = root / "data" / BIBTEX
    before = bib.read_text()
    locked = lock_sources(root)
    assert sorted(locked.digests) == sorted(BIBTEX_KEYS)
    assert bib.read_text() == before  # the export is left as it was
    project = validate_project(root)
    assert project.sources["chauhan2025taiwan"].snapshot_sha256 == locked.digests[BIBTEX_KEYS[0]]
    (root / "data" / "snapshots" / "dc-explainer.txt").write_text("A different text.\n")
    with pytest.raises(ValidationFailed) as failed:
        validate_project(root)
    (problem,) = [p for p in failed.value.problems if p.severity == "error"]
    assert (problem.path, problem.line) == (str(bib), line_of(bib, "@misc{dcexplainer"))
    assert problem.message.startswith("snapshot of 'dcexplainer' has changed since it was locked")
