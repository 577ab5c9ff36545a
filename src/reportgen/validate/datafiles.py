"""The data a block reads: a file (CSV and JSON with the standard library, Excel and
Parquet through pandas) or a named table, less the rows its `filter` leaves out."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import Problem, ReportgenError
from ..load import Document, Loc, Table, load_table
from ..load.frames import FRAME_SUFFIXES
from ..model import ChartBlock, KeyFigures, TableBlock
from ..model.filters import Condition
from ..model.params import references, show, substitute_all
from .derived import DerivedTables
from .locate import suggest
from .paths import resolved
from .recovery import Withheld

DataBlock = TableBlock | KeyFigures | ChartBlock
KINDS = {TableBlock: "table", KeyFigures: "key figures box", ChartBlock: "chart"}


class DataFiles:
    """The validator's reading of data files (a part of validate.project._Validator)."""

    root: Path
    problems: list[Problem]
    files: list[Path]
    derived: DerivedTables
    loaded: dict[tuple[Path, str | None], Table | None]
    edition: str  # the outputs whose data is being read, for messages ('' if all)
    withheld: Withheld
    referenced: set[Path]  # data files named by what did not validate

    def outside(self, path: Path, doc: Document | None, loc: Loc, what: str) -> bool:
        raise NotImplementedError

    def near_file(self, ref: str) -> str:
        """A "did you mean" of a file in the same folder; that file, likely the one meant,
        is then not also "not used"."""
        folder = (self.root / ref).parent
        try:
            files = sorted(p.name for p in folder.iterdir() if p.is_file())
        except OSError:
            return ""
        head, _, name = ref.rpartition("/")
        close = difflib.get_close_matches(name, files, n=1, cutoff=0.8)
        if not close:
            return ""
        self.referenced.add(resolved(folder / close[0]))
        return suggest(f"{head}/{name}", [f"{head}/{close[0]}"])

    def read_data(
        self, ref: str, doc: Document, loc: Loc, sheet: str | None = None
    ) -> Table | None:
        """A data file named at `loc` of `doc`, read once however many blocks use it."""
        if self.outside(self.root / ref, doc, loc, "table file"):
            return None
        path = resolved(self.root / ref)
        if not path.is_file():
            names = list(self.derived.specs)
            hint = suggest(ref, names) if "/" not in ref else self.near_file(ref)
            if not hint and names and "/" not in ref and "." not in ref:
                hint = "tables: " + ", ".join(names)
            missing = doc.problem(loc, f"table file not found: {ref}", hint=hint)
            # One message however many blocks read the file (another edition's read of
            # the same block is the same message).
            first = self.withheld.roots.get(f"file {path}")
            if first is None:
                self.problems.append(missing)
                self.withheld.blind(f"file {path}", missing, f"{ref} is there")
            elif first[0] != missing:
                self.withheld.hides(f"file {path}", missing)
            return None
        if (path, sheet) not in self.loaded:
            self.files.append(path)
            try:
                if path.suffix.lower() in FRAME_SUFFIXES:
                    from ..load.frames import read_frame_file

                    self.loaded[path, sheet] = read_frame_file(path, sheet)
                else:
                    self.loaded[path, sheet] = load_table(path)
            except ReportgenError as exc:
                problems = exc.problems
                if path.suffix.lower() in FRAME_SUFFIXES and not exc.line:  # where named
                    problems = [doc.problem(loc, exc.message, hint=exc.hint)]
                self.problems.extend(problems)
                self.loaded[path, sheet] = None
        return self.loaded[path, sheet]

    def unknown_params_in(self, block: DataBlock) -> bool:
        """Whether the block's rows were chosen with an unknown parameter's text for its
        value (that parameter's error is the message; this one is withheld)."""
        names = self.derived.params_used(block.data) | _filter_params(block)
        return any(self.withheld.hides(f"param {name}", block.id) for name in sorted(names))

    def block_table(
        self, block: DataBlock, doc: Document, loc: Loc, params: Mapping[str, Any]
    ) -> Table | None:
        """The rows a block shows: its file's or named table's, passed through its filter.
        No rows at all is an error unless the block says what to print instead."""
        if block.data in self.derived.broken:
            return None  # its errors are reported at its spec
        if block.data in self.derived.specs:
            table = self.derived.table(block.data, params)
        else:
            table = self.read_data(block.data, doc, (*loc, "data"))
        if table is None:
            return None
        if block.filter:
            table = self.filtered(table, block, doc, loc, params)
            if table is None:
                return None
        if not table.rows and getattr(block, "empty", None) is None:
            if self.unknown_params_in(block):
                return None
            where = (*loc, "filter") if block.filter else (*loc, "data")
            kind = KINDS[type(block)]
            self.problems.append(
                doc.problem(
                    where,
                    f"{kind} {block.id!r} has no rows{self.edition}",
                    hint="check the data and the filter"
                    + (
                        ", or give the block `empty:` with what to print instead"
                        if not isinstance(block, ChartBlock)
                        else ""
                    ),
                )
            )
            return None
        return table

    def filtered(
        self, table: Table, block: DataBlock, doc: Document, loc: Loc, params: Mapping[str, Any]
    ) -> Table | None:
        """The rows of `table` whose cells pass the block's filter (lines kept)."""
        assert block.filter is not None
        conditions: dict[str, Condition] = {}
        for key, condition in block.filter.items():
            if key not in table.columns:
                hint = suggest(key, table.columns) or "the data has: " + ", ".join(table.columns)
                where = (*loc, "filter", key)
                message = f"column {key!r} not found in {block.data}"
                self.problems.append(doc.problem(where, message, hint=hint, key=True))
                continue
            raw = condition.model_dump(exclude_none=True)
            conditions[key] = Condition.model_validate(substitute_all(raw, params))
        if len(conditions) < len(block.filter):
            return None
        keep = [
            n
            for n, row in enumerate(table.rows)
            if all(c.test(row.get(k, "")) for k, c in conditions.items())
        ]
        return Table(
            table.path,
            table.columns,
            [table.rows[n] for n in keep],
            table.raw_columns,
            table.header_line,
            [table.line_of(n) for n in keep],
        )


def _filter_params(block: DataBlock) -> set[str]:
    """The parameters a block's own filter names."""
    if not block.filter:
        return set()
    written = str({k: c.model_dump(mode="json") for k, c in block.filter.items()})
    return {name for _, name in references(written)}


def edition_note(names: list[str], params: Mapping[str, Any]) -> str:
    """' in output asia-brief (continent='Asia')': which outputs a problem is in."""
    if not params:
        return ""
    values = ", ".join(f"{k}={show(v)!r}" for k, v in params.items())
    plural = "s" if len(names) > 1 else ""
    return f" in output{plural} {', '.join(names)} ({values})"
