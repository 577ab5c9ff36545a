"""Editions: what each set of parameter values makes of the brief's text and data, and
the files each output is made from."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..load import Document, Loc
from ..model import BriefMeta, BriefSection, Edition, ProjectConfig, Section
from ..model.params import ParamSpec, mentions_params, references, show, substitute_all
from .data import DataChecks, SectionDoc
from .datafiles import edition_note
from .foreach import Planned
from .locate import located_all, suggest

M = TypeVar("M", bound=BaseModel)
JINJA_REFERENCE = re.compile(r"\{\{-?\s*params\.(\w+)[^}]*\}\}")
EditionKey = tuple[tuple[str, str], ...]


class EditionChecks(DataChecks):
    """The validator's editions (a part of validate.project._Validator)."""

    def editions(
        self,
        plans: list[Planned],
        config: ProjectConfig,
        meta: tuple[BriefMeta | None, Document | None],
        sections: list[SectionDoc],
        known: Collection[str],
    ) -> dict[str, Edition]:
        """Each output's edition: the brief's text with its parameter values in it, and
        its tables and charts read with them (once for outputs that share them)."""
        editions: dict[str, Edition] = {}
        for key, group in group_by_params(plans).items():
            params = group[0].params
            self.edition = edition_note([p.name for p in group], params) if config.params else ""
            self.edition_key = key
            brief, brief_doc = meta
            if params and brief and brief_doc and mentions_params(brief_doc.value):
                brief, _ = self.substituted(brief_doc, BriefMeta, params, self.edition)
            made: list[SectionDoc] = []
            for section, doc in sections:
                # A problem in a section is said of the outputs that show it.
                shown = [
                    p.name
                    for p in group
                    if p.config.sections is None or section.id in p.config.sections
                ]
                names = shown or [p.name for p in group]
                self.edition = edition_note(names, params) if config.params else ""
                self.section_notes[section.id] = self.edition
                if params and mentions_params(doc.value):
                    changed, doc = self.substituted(doc, Section, params, self.edition)
                    if changed is None:
                        continue
                    section = BriefSection(**dict(changed), id=section.id)
                made.append((section, doc))
            tables, charts = self.tables(made, known, config, brief, params)
            if brief is not None:
                edition = Edition(
                    params=params,
                    meta=brief,
                    sections=[s for s, _ in made],
                    tables=tables,
                    charts=charts,
                    block_inputs={b: sorted(f) for (k, b), f in self.uses.items() if k == key},
                )
                editions |= {plan.name: edition for plan in group}
        self.edition, self.edition_key = "", ()
        return editions

    def output_inputs(
        self, plans: list[Planned], config: ProjectConfig, sections: list[SectionDoc]
    ) -> dict[str, list[Path]]:
        """The files each output is made from, but for the data its tables and charts read
        (a build knows which it shows): the project's own (config, brief, bibliography,
        logos, tables read by no block) and its sections' files."""
        section_files = {section.id: doc.path for section, doc in sections}
        owned = set(section_files.values()) | {p for ps in self.uses.values() for p in ps}
        common = {p for p in self.files if p not in owned}
        inputs = {}
        for plan in plans:
            ids = plan.config.sections or config.sections
            files = common | {section_files[i] for i in ids if i in section_files}
            for spec in (config.outputs[plan.base].foreach or {}).values():
                if not isinstance(spec, list):
                    files |= set(self.derived.files(spec.table))
            inputs[plan.name] = sorted(p for p in files if p.is_file())
        return inputs

    def check_references(self, declared: Mapping[str, ParamSpec], docs: list[Document]) -> None:
        """Every `{params.NAME}` written in the brief's files must name a parameter (and
        Jinja's `{{ params.NAME }}` is not how data files write one)."""
        for doc in docs:
            for loc, text in _texts(doc.value, ()):
                if jinja := JINJA_REFERENCE.search(text):
                    message = f"{jinja[0]!r}: data files are not templates"
                    hint = (
                        f"write {{params.{jinja[1]}}} (templates write {{{{ params.{jinja[1]} }}}})"
                    )
                    self.problems.append(doc.problem(loc, message, hint=hint))
                    continue
                for _, name in references(text):
                    if name not in declared:
                        hint = suggest(name, declared) or (
                            "parameters: " + ", ".join(declared)
                            if declared
                            else "declare it in reportgen.yaml's `params`"
                        )
                        message = f"unknown parameter {name!r} in {{params.{name}}}"
                        problem = doc.problem(loc, message, hint=hint)
                        self.problems.append(problem)
                        # What is read with the parameter's text for its value is no news.
                        until = f"{{params.{name}}} is fixed"
                        self.withheld.blind(f"param {name}", problem, until)

    def substituted(
        self, doc: Document, model: type[M], params: Mapping[str, Any], note: str
    ) -> tuple[M | None, Document]:
        """A file's model with its `{params.NAME}` replaced by these values (its errors
        located as the file's), and the document it is validated from."""
        value = substitute_all(doc.value, params)
        made = replace(doc, value=value, problems=[])
        try:
            return model.model_validate(value), made
        except ValidationError as exc:
            for problem in located_all(made, model, exc.errors()):
                self.problems.append(replace(problem, message=problem.message + note))
            return None, made


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))


def group_by_params(plans: list[Planned]) -> dict[EditionKey, list[Planned]]:
    """The outputs that share their parameter values (one edition of the data each)."""
    groups: dict[EditionKey, list[Planned]] = {}
    for plan in plans:
        key = tuple(sorted((k, f"{type(v).__name__}:{show(v)}") for k, v in plan.params.items()))
        groups.setdefault(key, []).append(plan)
    return groups
