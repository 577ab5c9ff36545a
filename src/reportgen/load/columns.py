"""The columns each data step needs and makes, known from the step alone: so every
column a derived table's steps name is checked before anything is computed.

Only a `pivot` makes columns that depend on the data (one per value); the steps after
it are checked the same way when the table is computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..model.params import show
from ..model.steps import Growth, Join, Share, Step

# The columns of another table by its name or file, None when they cannot be known.
Lookup = Callable[[str], list[str] | None]


class StepError(Exception):
    """A problem in one data step, at `loc` inside it (e.g. ("group", "by", 0))."""

    def __init__(
        self,
        loc: tuple[str | int, ...],
        message: str,
        *,
        word: str = "",
        choices: Sequence[str] = (),
        key: bool = False,
    ) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message
        self.word = word
        self.choices = list(choices)
        self.key = key


def growth_names(spec: Growth, value: str) -> dict[str, str]:
    """The columns a `growth` step makes for one of its values, by what each holds."""
    start, end = (show(v) for v in spec.between)
    names = {
        "start": f"{value}_{start}",
        "end": f"{value}_{end}",
        "change": f"{value}_change",
        "growth": f"{value}_growth",
    }
    return names | ({"annual": f"{value}_annual"} if spec.annual else {})


def share_name(spec: Share) -> str:
    return spec.name or f"{spec.of}_share"


def columns_after(
    step: Step, columns: list[str], lookup: Lookup
) -> tuple[list[str] | None, list[StepError]]:
    """The columns after `step` (None when they depend on the data) and its problems."""
    kind, spec = step.kind, step.spec
    errors: list[StepError] = []

    def need(name: str, *loc: str | int, key: bool = False, within: list[str] = columns) -> None:
        if name not in within:
            errors.append(
                StepError(
                    (kind, *loc), f"column {name!r} not found", word=name, choices=within, key=key
                )
            )

    def each(names: list[str], *loc: str | int) -> None:
        for i, name in enumerate(names):
            need(name, *loc, i)

    out: list[str] | None = list(columns)
    if kind in ("filter", "rename"):
        for name in spec:
            need(name, name, key=True)
        if kind == "rename":
            out = [spec.get(c, c) for c in columns]
    elif kind == "select":
        if isinstance(spec, dict):
            for name in spec:
                need(name, name, key=True)
            out = list(spec.values())
        else:
            each(spec)
            out = list(spec)
    elif kind in ("drop", "drop_missing"):
        each(spec)
        out = [c for c in columns if c not in spec] if kind == "drop" else out
    elif kind == "group":
        each(spec.by, "by")
        for name, how in spec.aggregate.items():
            if isinstance(how, str):
                need(name, "aggregate", name, key=True)
            else:
                need(how.column, "aggregate", name, how.function)
                if how.weight:
                    need(how.weight, "aggregate", name, "weight")
        out = [*spec.by, *spec.aggregate]
    elif kind == "pivot":
        each(spec.index, "index")
        need(spec.columns, "columns")
        need(spec.values, "values")
        out = None
    elif kind == "melt":
        each(spec.id, "id")
        each(spec.columns or [], "columns")
        out = [*spec.id, spec.name, spec.value]
    elif kind == "sort":
        each(spec.by, "by")
    elif kind == "top":
        need(spec.by, "by")
        each(spec.per or [], "per")
    elif kind == "growth":
        need(spec.period, "period")
        each(spec.values, "values")
        each(spec.by, "by")
        out = [*spec.by, *(n for v in spec.values for n in growth_names(spec, v).values())]
    elif kind == "share":
        need(spec.of, "of")
        each(spec.within, "within")
        out = [*columns, share_name(spec)]
    elif kind == "join":
        out = _join(spec, columns, lookup, need)
    return out, errors + _duplicates(kind, out)


def _join(spec: Join, columns: list[str], lookup: Lookup, need: Any) -> list[str] | None:
    """The columns after a join: this table's, then the other's it adds (renamed
    `<name>_<table>` where this table has a column of that name); None when the other's
    are not known before it is computed (made by a pivot) or it is broken."""
    for i, name in enumerate(spec.by):
        need(name, "by", i)
    other = lookup(spec.table)
    if other is None:
        return None
    for i, name in enumerate(spec.by):
        need(name, "by", i, within=other)
    for i, name in enumerate(spec.columns or []):
        need(name, "columns", i, within=other)
    added = [c for c in (spec.columns or other) if c not in spec.by]
    return [*columns, *(f"{c}_{join_suffix(spec)}" if c in columns else c for c in added)]


def join_suffix(spec: Join) -> str:
    """What a joined column is renamed with when this table has one of its name: the
    other table's name (or its file's stem)."""
    return spec.table.rsplit("/", 1)[-1].split(".")[0]


def _duplicates(kind: str, out: list[str] | None) -> list[StepError]:
    twice = sorted({c for c in out or [] if (out or []).count(c) > 1})
    return [
        StepError((kind,), f"the step makes two columns named {name!r}", word=name)
        for name in twice
    ]
