"""The generated data reference stays in step with the models and the template context."""

from __future__ import annotations

from conftest import REPO, MakeProject
from reportgen.context import build_context
from reportgen.model import BriefMeta, Column, Section, TableBlock
from reportgen.reference import TEMPLATE_VARIABLES, render_reference
from reportgen.validate import load_project


def test_committed_reference_is_up_to_date() -> None:
    committed = (REPO / "docs" / "data-model.md").read_text(encoding="utf-8")
    assert committed == render_reference(), "docs/data-model.md is stale: run `make docs`"


def test_every_field_is_documented_with_an_example() -> None:
    text = render_reference()
    for model in (BriefMeta, Section, TableBlock, Column):
        for name, field in model.model_fields.items():
            assert f"| `{name}` |" in text
            assert field.examples, f"{model.__name__}.{name} has no example"


def test_template_variables_are_exactly_the_context(make_project: MakeProject) -> None:
    context = build_context(load_project(make_project()), "full")
    assert set(TEMPLATE_VARIABLES) == set(context)
