"""A named table as a project computes it, for a reader to see (`reportgen table`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import UsageError, ValidationFailed
from ..load import Table
from ..project import find_config
from .locate import suggest
from .project import _Validator


def named_table(
    path: Path | str, name: str, params: Mapping[str, str] | None = None, output: str | None = None
) -> Table:
    """The table `name` of `tables:` (or a data file) with one output's parameter values
    (`output`), else the defaults and `params` (`--set params.NAME=VALUE`)."""
    validator = _Validator(find_config(path), {})
    project = validator.run()  # every problem of the project first
    validator.overrides = dict(params or {})  # for this table, not for every output
    if output is not None and output not in project.config.outputs:
        hint = suggest(output, project.config.outputs) or "outputs: " + ", ".join(
            project.config.outputs
        )
        raise UsageError(f"no output named {output!r}", hint=hint)
    declared = project.config.params
    values = {k: s.default for k, s in declared.items() if s.default is not None}
    values |= validator.forced(declared)
    if output is not None:
        values = project.for_output(output).params or values
    derived = validator.derived
    if name in derived.specs:
        missing = sorted(derived.params_used(name) - set(values))
        if missing:
            raise UsageError(
                f"table {name!r} needs a value of parameter {missing[0]!r}",
                hint=f"--set params.{missing[0]}=VALUE, or --output NAME",
            )
        table = derived.table(name, values)
    elif (project.root / name).is_file():
        table = validator.read_data(name, validator.derived.doc, ())
    else:
        hint = suggest(name, derived.specs) or "tables: " + ", ".join(derived.specs)
        raise UsageError(f"no table named {name!r}", hint=hint)
    if table is None:
        raise ValidationFailed([*validator.problems, *derived.problems])
    return table
