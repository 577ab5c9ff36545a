"""Named and derived tables (`tables:` in reportgen.yaml): their steps checked before
anything is computed, then computed with pandas for each set of parameter values the
outputs use, and cached in the build folder by a hash of everything they are made from
(read here; a build writes what was computed once it is known to be good).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..errors import Problem
from ..load import Document, Loc, Table
from ..load.columns import StepError, columns_after
from ..model import ProjectConfig
from ..model.params import references, show, substitute_all
from ..model.steps import Step, TableSpec
from ..project import TABLE_CACHE, table_files
from .locate import suggest
from .paths import resolved

if TYPE_CHECKING:
    import pandas as pd

# Reads a data file named at `loc` of a document: the table, or None (the problem reported).
ReadFile = Callable[[str, Document, Loc, "str | None"], "Table | None"]


@cache
def engine_hash() -> str:
    """A hash of the code that computes derived tables: a change to it recomputes them."""
    here = Path(__file__).resolve().parent.parent
    names = (
        "load/steps.py",
        "load/frames.py",
        "load/columns.py",
        "model/steps.py",
        "model/filters.py",
    )
    return hashlib.sha256(b"".join((here / n).read_bytes() for n in names)).hexdigest()


def without_broken_tables(doc: Document) -> tuple[ProjectConfig | None, set[str]]:
    """reportgen.yaml validated without what did not validate in its named tables
    (reported already), when that is its only error: a table keeps the steps before
    its first bad one, so they and everything else are still checked; and the names
    of those tables (never computed)."""
    value = doc.value if isinstance(doc.value, dict) else {}
    try:
        return ProjectConfig.model_validate(value), set()
    except ValidationError as exc:
        locs = [tuple(e["loc"]) for e in exc.errors()]
    if not locs or any(loc[:1] != ("tables",) or len(loc) < 2 for loc in locs):
        return None, set()
    tables = dict(value.get("tables") or {})
    broken = {str(loc[1]) for loc in locs}
    for name in broken:
        bad = [loc[3] for loc in locs if loc[1] == name and loc[2:3] == ("steps",) and len(loc) > 3]
        spec = tables.get(name)
        if len(bad) == len([loc for loc in locs if loc[1] == name]) and isinstance(spec, dict):
            tables[name] = {**spec, "steps": spec["steps"][: min(int(i) for i in bad)]}
        else:
            tables.pop(name, None)
    try:
        return ProjectConfig.model_validate({**value, "tables": tables}), broken
    except ValidationError:
        return None, set()


class DerivedTables:
    """The project's named tables, by name (`broken`: those whose spec did not validate)."""

    def __init__(
        self,
        config: ProjectConfig,
        doc: Document,
        read: ReadFile,
        broken: set[str],
        cache_dir: Path | None,
    ) -> None:
        self.specs: dict[str, TableSpec] = dict(config.tables)
        self.broken = broken
        self.doc = doc
        self.root = doc.path.parent
        self.read = read
        self.cache_dir = cache_dir or self.root / config.build_dir / TABLE_CACHE
        self.fresh: dict[str, str] = {}  # computed, not cached yet: by cache file name
        self.problems: list[Problem] = []
        self.known: dict[str, list[str] | None] = {}  # columns after the steps, by name
        self.computed: dict[str, Table | None] = {}  # by cache key
        self.failed: set[str] = set()  # tables whose spec has errors
        self.raw = doc.value if isinstance(doc.value, dict) else {}

    # -- checking -----------------------------------------------------------------

    def check(self) -> None:
        """Check every named table's source and steps (each column a step names)."""
        for name in self.specs:
            self.columns(name)

    def columns(self, name: str, stack: tuple[str, ...] = ()) -> list[str] | None:
        """The columns of a named table after its steps (None if unknown or broken)."""
        if name in self.known:
            return self.known[name]
        spec = self.specs[name]
        if name in stack:
            chain = " -> ".join([*stack[stack.index(name) :], name])
            self.problem((name, "data"), f"tables made from each other in a circle: {chain}")
            self.failed.add(name)
            return None
        columns = self.source_columns(spec.data, (name, "data"), (*stack, name), spec.sheet)
        # No columns: the source is broken (its problem is said there), or a table whose
        # columns only its data tells (a pivot's): then the steps are checked as it is computed.
        errors = 0 if columns is not None or self.knowable_later(spec.data) else 1
        for i, step in enumerate(spec.steps):
            if columns is None:
                break
            lookup = self._lookup((name, "steps", i, "join", "table"), (*stack, name))
            columns, problems = columns_after(step, columns, lookup)
            for error in problems:
                self.step_problem(name, i, error)
            errors += len(problems)
            if step.join is not None and columns is None:  # a broken table, or a pivot's
                errors += not self.knowable_later(step.join.table)
        if errors:
            self.failed.add(name)
        self.known[name] = None if errors else columns
        return self.known[name]

    def knowable_later(self, ref: str) -> bool:
        """Whether a table with no known columns is good, its columns told by its data."""
        return ref in self.specs and ref not in self.failed and ref not in self.broken

    def _lookup(self, loc: Loc, stack: tuple[str, ...]) -> Callable[[str], list[str] | None]:
        return lambda ref: self.source_columns(ref, loc, stack)

    def source_columns(
        self, ref: str, loc: Loc, stack: tuple[str, ...], sheet: str | None = None
    ) -> list[str] | None:
        """The columns of a table a `data:` (or `join`) names: a named table or a file."""
        if ref in self.broken:
            return None
        if ref in self.specs:
            return self.columns(ref, stack)
        table = self.read(ref, self.doc, ("tables", *loc), sheet)
        return table.columns if table is not None else None

    def problem(self, loc: Loc, message: str, hint: str = "", key: bool = False) -> None:
        self.problems.append(self.doc.problem(("tables", *loc), message, hint=hint, key=key))

    def step_problem(self, name: str, index: int, error: StepError, note: str = "") -> None:
        """A step's problem at its place in reportgen.yaml, with a "did you mean"."""
        hint = ""
        if error.word and error.choices:
            hint = suggest(error.word, error.choices) or "the table has: " + ", ".join(
                error.choices
            )
        loc = (name, "steps", index, *error.loc)
        self.problem(loc, f"tables.{name}: {error.message}{note}", hint, key=error.key)

    # -- computing --------------------------------------------------------------------

    def params_used(self, ref: str) -> set[str]:
        """The parameters a table's steps (and the tables it is made from) refer to."""
        if ref not in self.specs:
            return set()
        spec = self.specs[ref]
        raw = self.raw.get("tables")
        texts = _texts(raw.get(ref) if isinstance(raw, dict) else None)
        found = {name for text in texts for _, name in references(text)}
        found |= self.params_used(spec.data)
        for step in spec.steps:
            if step.join is not None:
                found |= self.params_used(step.join.table)
        return found

    def key(self, ref: str, params: Mapping[str, Any], sheet: str | None = None) -> str | None:
        """A hash of everything a table is made from: its files' bytes, steps and values."""
        if ref not in self.specs:
            path = resolved(self.root / ref)
            try:
                data = path.read_bytes()
            except OSError:
                return None
            return hashlib.sha256(data + f"\0{sheet}".encode()).hexdigest()
        if ref in self.failed:  # checked first: a table made from itself has failed
            return None
        spec = self.specs[ref]
        parts = [self.key(spec.data, params, spec.sheet)]
        parts += [self.key(s.join.table, params) for s in spec.steps if s.join is not None]
        if None in parts:
            return None
        used = {n: show(params[n]) for n in sorted(self.params_used(ref)) if n in params}
        head = {"spec": spec.model_dump(mode="json"), "params": used, "inputs": parts}
        head["engine"] = engine_hash()
        return hashlib.sha256(json.dumps(head, sort_keys=True).encode()).hexdigest()

    def table(self, ref: str, params: Mapping[str, Any]) -> Table | None:
        """A named table computed with these parameter values (None if it has problems)."""
        spec = self.specs[ref]
        key = self.key(ref, params)
        if key is None:
            return None
        if key not in self.computed:
            self.computed[key] = self._cached(key) or self._compute(ref, spec, params, key)
        return self.computed[key]

    def source(self, ref: str, params: Mapping[str, Any], sheet: str | None = None) -> Table | None:
        if ref in self.specs:
            return self.table(ref, params)
        return self.read(ref, self.doc, ("tables",), sheet)

    def _compute(
        self, name: str, spec: TableSpec, params: Mapping[str, Any], key: str
    ) -> Table | None:
        from ..load.frames import from_frame, to_frame
        from ..load.steps import IndexedError, run_steps

        base = self.source(spec.data, params, spec.sheet)
        if base is None:
            return None
        steps = [
            Step.model_validate(substitute_all(s.model_dump(exclude_unset=True), params))
            for s in spec.steps
        ]
        lines = [self.doc.where(("tables", name, "steps", i))[0] for i in range(len(steps))]
        frames: dict[str, pd.DataFrame] = {}

        def other(ref: str) -> pd.DataFrame:
            if ref not in frames:
                table = self.source(ref, params)
                assert table is not None  # its key was known, so it was read
                frames[ref] = to_frame(table)
            return frames[ref]

        try:
            frame = run_steps(
                to_frame(base), steps, lines, str(self.doc.path), other, self._lookup((name,), ())
            )
        except IndexedError as exc:
            used = {n: params[n] for n in sorted(self.params_used(name)) if n in params}
            note = (
                (" (with " + ", ".join(f"{k}={show(v)!r}" for k, v in used.items()) + ")")
                if used
                else ""
            )
            for error in exc.errors:
                self.step_problem(name, exc.index, error, note)
            return None
        table = from_frame(frame, self.doc.path)
        if table.path == base.path:  # rows kept from the file: a cell is located in it
            table.text, table.raw_columns = base.text, base.raw_columns
        self._keep(key, table)
        return table

    def _cached(self, key: str) -> Table | None:
        try:
            data = json.loads((self.cache_dir / f"{key}.json").read_text(encoding="utf-8"))
            path = Path(data["path"])
            path = path if path.is_absolute() else self.root / path
            columns, lines = list(data["columns"]), [int(n) for n in data["lines"]]
            rows = [dict(zip(columns, row, strict=True)) for row in data["rows"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return Table(path, columns, rows, list(columns), 0, lines)

    def _keep(self, key: str, table: Table) -> None:
        """Keep a computed table for the cache (a build writes it once it is good)."""
        path = (
            table.path.relative_to(self.root)
            if table.path.is_relative_to(self.root)
            else table.path
        )
        data = {
            "path": path.as_posix(),
            "columns": table.columns,
            "rows": [[r[c] for c in table.columns] for r in table.rows],
            "lines": table.lines,
        }
        self.fresh[f"{key}.json"] = json.dumps(data)

    def files(self, ref: str) -> list[Path]:
        """The files a table (or file) is made from, through every table it names."""
        return [resolved(self.root / f) for f in table_files(self.raw, ref)]


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []
