"""Quotations checked against the snapshots of the sources they cite: each wrong one reported
at its file, line and column with the closest passage; each right one passing; the ones no
snapshot can check counted, and errors under --strict; snapshots locked by their hash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import MakeProject
from reportgen.cli import main
from reportgen.errors import Problem, ValidationFailed
from reportgen.render import validate_project
from reportgen.snapshots import lock_sources
from reportgen.validate.quotetext import Snapshot, quote_parts

REPORT = """\
Taiwan aims to strengthen its military relationship with the US. The ministry said it
would "gradually expand and deepen collaboration" with the United States in areas such
as policy dialogues, exercise observations and joint war games.
The US keeps a policy of strategic ambiguity, which neither promises nor rules out
military support — a stance some call self-defense-friendly.
"""

ANALYSIS = """<!doctype html><html><head><title>Analysis</title>
<style>p { color: red }</style><script>var quoted = "not text at all";</script></head>
<body><h1>Deepening ties</h1><p>Taiwan had received 11 of the 29 HIMARS launchers
it ordered and expected the remainder <em>next year</em>.</p>
<p>The defense budget is expected to exceed 3% of GDP.</p></body></html>
"""

SOURCES = """\
sources:
  - id: report
    title: A report
    snapshot: data/snapshots/report.txt
  - id: analysis
    title: An analysis
    snapshot: data/snapshots/analysis.html
  - id: unread
    title: A source with no snapshot
"""

SECTION = """\
title: Alpha section
key_points:
  - text: >-
      The ministry would “gradually expand and deepen collaboration” with the United
      States.
    cite: [report]
  - text: Taiwan “had received 11 of the 29 HIMARS launchers”.
    cite: [analysis, report]
body:
  - type: paragraph
    text: The budget is "expected to exceed 3% of GDP". [@analysis]
"""

FIGURES = """\
name,count,source
"A ""strategic ambiguity"" stance, which “neither promises nor rules out military support”",1,report
Second,2,analysis
"""


def quote_project(
    make_project: MakeProject, files: dict[str, str | None] | None = None, name: str = "proj"
) -> Path:
    root = make_project(
        {
            "data/sources.yaml": SOURCES,
            "data/sections/alpha.yaml": SECTION,
            "data/figures.csv": FIGURES,
            "data/sections/beta.yaml": BETA,
            "data/snapshots/report.txt": REPORT,
            "data/snapshots/analysis.html": ANALYSIS,
            **(files or {}),
        },
        name,
    )
    return root


BETA = """\
title: Beta section
body:
  - type: table
    id: figures
    data: data/figures.csv
    caption: Some figures
    cite_column: source
  - type: paragraph
    text: A source with no snapshot says “this cannot be checked here”. [@unread]
"""


def errors(root: Path, strict: bool = False) -> list[Problem]:
    with pytest.raises(ValidationFailed) as failed:
        validate_project(root, strict=strict)
    return [p for p in failed.value.problems if p.severity == "error"]


def position(path: Path, text: str) -> tuple[int, int]:
    """The 1-based line and column of `text` in a file."""
    before = path.read_text(encoding="utf-8").split(text, 1)[0]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


# -- the comparison ------------------------------------------------------------------


@pytest.mark.parametrize(
    "quotation",
    [
        "gradually expand and deepen collaboration",
        "Gradually  expand and\ndeepen collaboration",  # case, spaces, a line break
        "neither promises nor rules out military support",
        "strategic ambiguity, which … rules out military support",  # an ellipsis
        "strategic ambiguity, which ... rules out military support",
        "[T]he US keeps a policy",  # brackets inside a word
        "The [United States] keeps a policy of strategic ambiguity",  # an insertion
        "a stance some call self-defense-friendly",
        "a stance some call self\u2011defense\u2013friendly",  # other hyphens
        "military support \u2014 a stance",  # an em dash
    ],
)
def test_quotations_found_after_normalising(quotation: str) -> None:
    assert Snapshot(REPORT).contains(quote_parts(quotation))


@pytest.mark.parametrize(
    "quotation",
    [
        "gradually expand and widen collaboration",  # one word changed
        "gradually expand collaboration",  # one word left out, no ellipsis
        "rules out military support ... strategic ambiguity",  # parts out of order
    ],
)
def test_altered_quotations_not_found(quotation: str) -> None:
    assert not Snapshot(REPORT).contains(quote_parts(quotation))


def test_hyphenated_line_break_of_a_pdf_text_joins() -> None:
    assert Snapshot("the United States will make available to Taiwan such secu-\nrity").contains(
        quote_parts("make available to Taiwan such security")
    )


def test_closest_passage_and_how_close() -> None:
    ratio, passage = Snapshot(REPORT).closest(
        quote_parts("gradually expand and widen collaboration")
    )
    assert passage == "gradually expand and deepen collaboration"
    assert ratio == pytest.approx(0.8)


# -- in a project -----------------------------------------------------------------------


def test_right_quotations_pass_and_are_counted(make_project: MakeProject) -> None:
    project = validate_project(quote_project(make_project))
    assert not [p for p in project.warnings if p.severity == "error"]
    # key point 1 and 2, the paragraph, the table cell's long quotation (its two-word term is
    # not counted), the unchecked one in beta.
    assert (project.quotations.checked, project.quotations.unchecked) == (4, 1)
    (unchecked,) = project.quotations.unchecked_at
    assert unchecked.message == "quotation not checked: no snapshot of 'unread'"


def test_one_word_altered_in_yaml_reported_at_the_quotation(make_project: MakeProject) -> None:
    section = SECTION.replace("deepen collaboration”", "widen collaboration”")
    root = quote_project(make_project, {"data/sections/alpha.yaml": section})
    (problem,) = errors(root)
    path = root / "data" / "sections" / "alpha.yaml"
    assert (problem.path, (problem.line, problem.col)) == (str(path), position(path, "“gradually"))
    assert problem.message == "quotation not found in source 'report'"
    assert problem.hint == (
        "the closest passage (80% alike) reads: “gradually expand and deepen collaboration”"
    )


def test_misquotation_in_markdown_located_at_its_line(make_project: MakeProject) -> None:
    markdown = """\
    ---
    title: Alpha section
    ---

    The ministry plans cooperation with the United States. It would
    "gradually expand and strengthen
    collaboration" in several areas. [@report]

    Across a line break, “gradually expand and
    deepen collaboration”, correctly. [@report]
    """
    root = quote_project(
        make_project, {"data/sections/alpha.yaml": None, "data/sections/alpha.md": markdown}
    )
    (problem,) = errors(root)
    path = root / "data" / "sections" / "alpha.md"
    assert (problem.line, problem.col) == position(path, '"gradually expand and strengthen')
    assert (problem.line, problem.col) == (6, 1)
    assert problem.message == "quotation not found in source 'report'"
    assert "gradually expand and deepen collaboration" in problem.hint


def test_curly_and_straight_quotes_both_checked(make_project: MakeProject) -> None:
    section = SECTION.replace(
        'The budget is "expected to exceed 3% of GDP".',
        'The budget is "expected to exceed 4% of GDP", “with the remainder next year”.',
    )
    root = quote_project(make_project, {"data/sections/alpha.yaml": section})
    found = errors(root)
    assert [p.message for p in found] == ["quotation not found in source 'analysis'"] * 2
    path = root / "data" / "sections" / "alpha.yaml"
    assert [(p.line, p.col) for p in found] == [
        position(path, '"expected to exceed 4%'),
        position(path, "“with the remainder"),
    ]


def test_quotation_citing_two_sources_needs_one(make_project: MakeProject) -> None:
    # Key point 2 cites [analysis, report]: the analysis holds it, so it passes (above);
    # altered, it is in neither, and the error names both.
    section = SECTION.replace("had received 11 of the 29", "had received 12 of the 29")
    root = quote_project(make_project, {"data/sections/alpha.yaml": section})
    (problem,) = errors(root)
    assert problem.message == "quotation not found in sources 'analysis' or 'report'"
    assert problem.hint.startswith("the closest passage of 'analysis' (")
    assert problem.hint.endswith("reads: “had received 11 of the 29 HIMARS launchers”")


def test_quotation_answers_to_its_sentence_citation(make_project: MakeProject) -> None:
    """A paragraph cites two sources, each in its own sentence: each quotation is checked
    against its own sentence's source only."""
    text = (
        "The report says it would “gradually expand and deepen collaboration”. [@report] "
        "The analysis expects the budget “to exceed 3% of GDP”. [@analysis]"
    )
    section = SECTION.replace(
        'text: The budget is "expected to exceed 3% of GDP". [@analysis]', f"text: '{text}'"
    )
    root = quote_project(make_project, {"data/sections/alpha.yaml": section})
    assert validate_project(root).quotations.checked == 5
    swapped = text.replace("[@report]", "[@x]").replace("[@analysis]", "[@report]")
    section = SECTION.replace(
        'text: The budget is "expected to exceed 3% of GDP". [@analysis]',
        f"text: '{swapped.replace('[@x]', '[@analysis]')}'",
    )
    root = quote_project(make_project, {"data/sections/alpha.yaml": section}, name="swapped")
    assert sorted(p.message for p in errors(root)) == [
        "quotation not found in source 'analysis'",
        "quotation not found in source 'report'",
    ]


def test_table_cell_quotation_located_in_the_csv(make_project: MakeProject) -> None:
    figures = FIGURES.replace("neither promises nor rules out", "neither promises nor excludes")
    root = quote_project(make_project, {"data/figures.csv": figures})
    (problem,) = errors(root)
    path = root / "data" / "figures.csv"
    assert (problem.path, problem.line) == (str(path), 2)
    assert problem.col == position(path, "“neither")[1]
    assert problem.message == "quotation not found in source 'report'"


def test_short_terms_checked_only_under_strict(make_project: MakeProject) -> None:
    figures = FIGURES.replace('""strategic ambiguity""', '""strategic vagueness""')
    root = quote_project(make_project, {"data/figures.csv": figures})
    assert validate_project(root).quotations.checked == 4  # not counted, not checked
    strict = errors(root, strict=True)
    assert "quotation not found in source 'report'" in [p.message for p in strict]


def test_unchecked_quotations_are_counted_and_errors_under_strict(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    root = quote_project(make_project)
    assert main(["validate", str(root)]) == 0
    err = capsys.readouterr().err
    assert err.rstrip().endswith("4 quotations checked, 1 unchecked (no snapshot)")
    # `validate --strict` fails on warnings (there are none here): the count is shown.
    assert main(["validate", "--strict", str(root)]) == 0
    assert main(["sources", "check", "--strict", str(root)]) == 1
    err = capsys.readouterr().err
    beta = root / "data" / "sections" / "beta.yaml"
    line, col = position(beta, "“this cannot")
    assert f"beta.yaml:{line}:{col}: error: quotation not checked: no snapshot of 'unread'" in err


def test_sources_check_lists_what_was_not_checked(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    root = quote_project(make_project)
    assert main(["sources", "check", str(root)]) == 0
    err = capsys.readouterr().err
    assert re.search(
        r"beta\.yaml:\d+:\d+: note: quotation not checked: no snapshot of 'unread'", err
    )
    assert "snapshot data/snapshots/report.txt is not locked" in err
    assert err.rstrip().endswith("4 quotations checked, 1 unchecked (no snapshot)")


def test_quotation_citing_nothing_is_unchecked(make_project: MakeProject) -> None:
    section = SECTION.replace(" [@analysis]", "")
    root = quote_project(make_project, {"data/sections/alpha.yaml": section})
    project = validate_project(root)
    assert "it cites no source" in [
        p.message.split(": ")[-1] for p in project.quotations.unchecked_at
    ]


# -- snapshots, locked ---------------------------------------------------------------------


def test_lock_writes_hashes_and_leaves_the_rest_of_the_file(make_project: MakeProject) -> None:
    root = quote_project(make_project)
    path = root / "data" / "sources.yaml"
    before = path.read_text()
    locked = lock_sources(root)
    after = path.read_text()
    assert sorted(locked.digests) == ["analysis", "report"]
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert [a.split(":")[0] for a in added] == ["    snapshot_sha256"] * 2
    assert re.sub(r"\n    snapshot_sha256: [0-9a-f]{64}", "", after) == before
    assert lock_sources(root).changed == []  # a second lock changes nothing
    assert path.read_text() == after


def test_snapshot_edited_after_locking_is_an_error_at_its_entry(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    root = quote_project(make_project)
    assert main(["sources", "lock", str(root)]) == 0
    snapshot = root / "data" / "snapshots" / "report.txt"
    snapshot.write_text(REPORT.replace("joint war games", "joint exercises"))
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    sources = root / "data" / "sources.yaml"
    line, col = position(sources, "id: report")
    assert (
        f"sources.yaml:{line}:{col}: error: snapshot of 'report' has changed since it was "
        "locked: data/snapshots/report.txt"
    ) in err
    assert main(["sources", "lock", str(root)]) == 0
    assert main(["validate", str(root)]) == 0


def test_csl_json_snapshots_locked_in_a_side_file(make_project: MakeProject) -> None:
    items = """[
  {"id": "report2025", "type": "report", "title": "A report",
   "note": "snapshot: data/snapshots/report.txt"}
]
"""
    config = "name: mini\nsources: data/refs.json\nsections: [alpha]\n"
    section = (
        "title: Alpha\nkey_points:\n"
        "  - text: It would “gradually expand and deepen collaboration”.\n"
        "    cite: [report2025]\n"
    )
    root = quote_project(
        make_project,
        {
            "reportgen.yaml": config,
            "data/refs.json": items,
            "data/sources.yaml": None,
            "data/sections/alpha.yaml": section,
            "data/sections/beta.yaml": None,
            "data/figures.csv": None,
        },
    )
    lock_sources(root)
    lock = (root / "sources.lock").read_text()
    assert "report2025:" in lock and "snapshot: data/snapshots/report.txt" in lock
    assert (root / "data" / "refs.json").read_text() == items  # the export is not touched
    assert validate_project(root).quotations.checked == 1
    (root / "data" / "snapshots" / "report.txt").write_text("another text")
    changed, misquoted = errors(root)
    assert (changed.path, changed.line) == (str(root / "data" / "refs.json"), 2)
    assert "has changed since it was locked" in changed.message
    assert misquoted.message == "quotation not found in source 'report2025'"


def test_missing_snapshot_is_an_error_at_its_field(make_project: MakeProject) -> None:
    root = quote_project(make_project, {"data/snapshots/report.txt": None})
    found = errors(root)
    path = root / "data" / "sources.yaml"
    assert [(p.message, p.line) for p in found] == [
        (
            "snapshot not found: data/snapshots/report.txt",
            position(path, "snapshot: data/snapshots/report")[0],
        )
    ]


def test_pdf_snapshot_read_with_pypdf(make_project: MakeProject, tmp_path: Path) -> None:
    from weasyprint import HTML

    pdf = tmp_path / "report.pdf"
    HTML(string=f"<p style='width: 8em'>{REPORT}</p>").write_pdf(pdf)
    sources = SOURCES.replace("data/snapshots/report.txt", "data/snapshots/report.pdf")
    root = quote_project(make_project, {"data/sources.yaml": sources})
    (root / "data" / "snapshots" / "report.pdf").write_bytes(pdf.read_bytes())
    project = validate_project(root)
    assert project.quotations.checked == 4
    assert project.snapshots["report"]["path"] == "data/snapshots/report.pdf"


def test_misquotation_after_a_note_located_at_its_line(make_project: MakeProject) -> None:
    """A note reference ([^1]) is replaced by its text in the paragraph; the quotation
    after it is still found at its own line and column."""
    markdown = """\
    ---
    title: Alpha section
    ---

    The ministry plans cooperation with the United States.[^1] It would
    "gradually expand and widen collaboration" in several areas. [@report]

    [^1]: As reported in October.
    """
    root = quote_project(
        make_project, {"data/sections/alpha.yaml": None, "data/sections/alpha.md": markdown}
    )
    (problem,) = errors(root)
    path = root / "data" / "sections" / "alpha.md"
    assert (problem.line, problem.col) == position(path, '"gradually expand and widen')
