"""Undefined names in templates: all of them in one run, each at its line and column, in
the project's words, with a "did you mean" across the names in scope and their fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MakeProject
from reportgen.cli import main
from reportgen.errors import ValidationFailed
from reportgen.render import validate_project


def template(body: str) -> dict[str, str]:
    return {
        "templates/brief.html.j2": '{% extends "default:base.html.j2" %}\n'
        "{% block cover_extra %}\n" + body + "{% endblock %}\n"
    }


def found(make_project: MakeProject, body: str) -> list[tuple[int, int, str, str]]:
    with pytest.raises(ValidationFailed) as info:
        validate_project(make_project(template(body)))
    return [(p.line, p.col, p.message, p.hint) for p in info.value.problems]


def test_every_undefined_name_is_reported_in_one_run(make_project: MakeProject) -> None:
    body = "<p>{{ brief.organization }} and {{ audince }}</p>\n<p>{{ audience }}</p>\n"
    assert found(make_project, body) == [
        (
            3,
            13,
            "template error: brief has no field 'organization'",
            "did you mean 'organisation'?",
        ),
        (3, 36, "template error: 'audince' is undefined", "did you mean 'brief.audience'?"),
        (4, 7, "template error: 'audience' is undefined", "did you mean 'brief.audience'?"),
    ]


def test_names_in_a_branch_not_taken_are_found_too(make_project: MakeProject) -> None:
    body = "{% if brief.contact %}<p>{{ brief.contcat }}</p>{% endif %}\n"
    assert found(make_project, body) == [
        (3, 35, "template error: brief has no field 'contcat'", "did you mean 'contact'?")
    ]


def test_a_loop_variable_is_checked_against_its_items_fields(make_project: MakeProject) -> None:
    body = "{% for section in sections %}<p>{{ section.titel }}</p>{% endfor %}\n"
    assert found(make_project, body) == [
        (3, 44, "template error: section has no field 'titel'", "did you mean 'title'?")
    ]


def test_no_message_names_an_internal_class(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "<p>{{ brief.titel }} {{ brief() }}</p>\n"
    root = make_project(template(body))
    for command in (["validate", str(root)], ["build", str(root), "--out", str(root / "o")]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert "reportgen.model" not in err and "BriefMeta" not in err, err
        assert "brief has no field 'titel'" in err


@pytest.mark.parametrize(
    "body",
    [
        "{% if nope is defined %}{{ nope }}{% endif %}",
        "{{ nope | default('x') }}",
        "{% set shown = brief.title %}{{ shown }}",
        "{% macro m(arg) %}{{ arg }}{% endmacro %}{{ m(1) }}",
        "{% for block in sections[0].body %}{% if block.type == 'chart' %}"
        "{{ block.kind }}{% endif %}{% endfor %}",
        "{{ brief.contact or '' }}{{ output.draft }}{{ sources | length }}",
    ],
    ids=["defined-test", "default-filter", "set", "macro-parameter", "mixed-blocks", "fields"],
)
def test_valid_templates_are_not_flagged(make_project: MakeProject, body: str) -> None:
    validate_project(make_project(template(body + "\n")))


def test_a_build_reports_every_undefined_name_too(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = make_project(template("{{ brief.titel }}\n{{ secton }}\n"))
    assert main(["build", str(root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "brief has no field 'titel'" in err and "'secton' is undefined" in err
    assert "2 error(s)" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_keys_a_template_tests_first_are_not_flagged(make_project: MakeProject) -> None:
    """Which tables a brief has depends on its data: a template may test for one."""
    body = "{% if 'gdp' in tables %}{{ tables['gdp'].caption }}{{ tables.gdp }}{% endif %}\n"
    validate_project(make_project(template(body)))


def test_an_item_of_a_list_is_not_judged_by_this_briefs_data(make_project: MakeProject) -> None:
    """The first block of a section may be a paragraph here and a chart elsewhere."""
    body = "{% if sections[0].body[0].type == 'chart' %}{{ sections[0].body[0].kind }}{% endif %}\n"
    validate_project(make_project(template(body)))
