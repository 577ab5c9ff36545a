"""Each output's parameter values: its own, `--set params.NAME=VALUE`, or one value of
its `foreach` (a list, or the values of a table's column), checked against `params`."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import Problem, UsageError
from ..load import Document, Loc
from ..model import OutputConfig, ProjectConfig
from ..model.config import ForeachColumn
from ..model.params import ParamSpec
from ..project import edition_name
from .derived import DerivedTables
from .locate import suggest


@dataclass(frozen=True)
class Planned:
    """One output to build: its config, the output it is made from, its parameter values."""

    name: str
    base: str
    config: OutputConfig
    params: dict[str, Any]


class ForeachChecks:
    """The validator's outputs and their parameters (a part of validate.project._Validator)."""

    problems: list[Problem]
    derived: DerivedTables
    overrides: Mapping[str, str]

    def plan_outputs(self, config: ProjectConfig, doc: Document) -> list[Planned]:
        """Every output to build, each `foreach` expanded, with its parameter values."""
        declared = config.params
        forced = self.forced(declared)
        plans: list[Planned] = []
        names: dict[str, Loc] = {}
        for name, output in config.outputs.items():
            where: Loc = ("outputs", name)
            values = {k: s.default for k, s in declared.items() if s.default is not None}
            for key, value in output.params.items():
                typed = self.param_value(declared, key, value, doc, (*where, "params", key))
                if typed is not None:
                    values[key] = typed
            values |= forced
            combos = self.foreach(name, output, declared, values, doc)
            missing = [k for k in declared if k not in values and k not in (output.foreach or {})]
            if missing:
                self.problems.append(
                    doc.problem(
                        where,
                        f"output {name!r} gives no value for parameter {missing[0]!r}, which "
                        "has no default",
                        hint=f"add `params: {{{missing[0]}: ...}}` to the output, or a default",
                        key=True,
                    )
                )
                continue
            for combo in combos:
                made = edition_name(name, combo.values()) if combo else name
                if made.endswith("-") or "--" in made:
                    message = f"foreach: a value of {combo} has no letter or digit to name it by"
                    self.problems.append(doc.problem((*where, "foreach"), message))
                    continue
                if made in names:
                    self.problems.append(
                        doc.problem(
                            (*where, "foreach") if combo else where,
                            f"two outputs are named {made!r}",
                            hint="an output made by `foreach` is named `<output>-<value>`",
                            key=not combo,
                        )
                    )
                    continue
                names[made] = where
                filename = (
                    f"{output.filename}-{made[len(name) + 1 :]}"
                    if combo and output.filename
                    else output.filename
                )
                made_config = output.model_copy(
                    update={"params": {**values, **combo}, "foreach": None, "filename": filename}
                )
                plans.append(Planned(made, name, made_config, {**values, **combo}))
        return plans

    def forced(self, declared: Mapping[str, ParamSpec]) -> dict[str, Any]:
        """`--set params.NAME=VALUE` values, typed; a bad one is a usage error."""
        values = {}
        for key, text in self.overrides.items():
            if key not in declared:
                hint = suggest(key, declared) or (
                    "parameters: " + ", ".join(declared)
                    if declared
                    else "reportgen.yaml declares no `params`"
                )
                raise UsageError(f"--set params.{key}: no such parameter", hint=hint)
            try:
                values[key] = declared[key].check(yaml.safe_load(text) if text.strip() else "")
            except (ValueError, yaml.YAMLError) as exc:
                raise UsageError(f"--set params.{key}={text}: {exc}") from None
        return values

    def param_value(
        self, declared: Mapping[str, ParamSpec], key: str, value: Any, doc: Document, loc: Loc
    ) -> Any:
        """A value an output sets, typed; None (the problem reported) if it is not one."""
        if key not in declared:
            hint = suggest(key, declared) or (
                "parameters: " + ", ".join(declared) if declared else "declare it in `params`"
            )
            self.problems.append(
                doc.problem(loc, f"unknown parameter {key!r}", hint=hint, key=True)
            )
            return None
        try:
            return declared[key].check(value)
        except ValueError as exc:
            self.problems.append(doc.problem(loc, f"parameter {key!r}: {exc}"))
            return None

    def foreach(
        self,
        name: str,
        output: OutputConfig,
        declared: Mapping[str, ParamSpec],
        values: dict[str, Any],
        doc: Document,
    ) -> list[dict[str, Any]]:
        """The parameter values of each output a `foreach` makes ([{}] without one)."""
        if not output.foreach:
            return [{}]
        lists: dict[str, list[Any]] = {}
        for key, spec in output.foreach.items():
            loc: Loc = ("outputs", name, "foreach", key)
            if key in self.overrides:
                raise UsageError(
                    f"--set params.{key}: output {name!r} makes one output per value of {key!r}",
                    hint=f"build one of them with --only {name}-<value>",
                )
            if key not in declared:
                self.param_value(declared, key, None, doc, loc)
                return []
            if isinstance(spec, ForeachColumn):
                found = self.column_values(spec, values, doc, loc)
                if found is None:
                    return []
                raw: list[tuple[Loc, Any]] = [((*loc, "column"), v) for v in found]
            else:
                raw = [((*loc, i), v) for i, v in enumerate(spec)]
            typed = [self.param_value(declared, key, v, doc, where) for where, v in raw]
            if any(t is None for t in typed):
                return []
            if isinstance(spec, ForeachColumn):
                typed = sorted(set(typed), key=lambda v: (str(type(v)), v))
            if not typed:
                self.problems.append(doc.problem(loc, f"foreach {key!r}: the column has no values"))
                return []
            lists[key] = typed
        return [
            dict(zip(lists, combo, strict=True)) for combo in itertools.product(*lists.values())
        ]

    def column_values(
        self, spec: ForeachColumn, values: Mapping[str, Any], doc: Document, loc: Loc
    ) -> list[str] | None:
        """The different filled cells of a table's column (None if it cannot be read)."""
        if spec.table in self.derived.broken:
            return None
        if spec.table in self.derived.specs:
            table = self.derived.table(spec.table, values)
        else:
            table = self.derived.read(spec.table, doc, (*loc, "table"), None)
        if table is None:
            return None
        if spec.column not in table.columns:
            hint = suggest(spec.column, table.columns) or "columns: " + ", ".join(table.columns)
            message = f"column {spec.column!r} not found in {spec.table}"
            self.problems.append(doc.problem((*loc, "column"), message, hint=hint))
            return None
        return list(dict.fromkeys(c for r in table.rows if (c := r[spec.column].strip())))
