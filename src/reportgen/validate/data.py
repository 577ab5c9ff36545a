"""Checks across a project's files: tables and charts against their data, dates, stray files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..load import Document, Loc
from ..model import (
    LOGO_TYPES,
    BriefMeta,
    BriefSection,
    ChartBlock,
    ChartData,
    ProjectConfig,
    TableBlock,
    TableData,
    output_pages,
    partial_date_end,
)
from ..project import CONFIG_NAME, DATA_SUFFIXES
from .charts import prepare_chart
from .datafiles import DataBlock, DataFiles
from .paths import resolved
from .tables import prepare_table

SectionDoc = tuple[BriefSection, Document]


class DataChecks(DataFiles):
    """The validator's checks of data files (a part of validate.project._Validator)."""

    cited: set[str]
    referenced: set[Path]  # data files named by sections that did not validate
    uses: dict[tuple[Any, str], set[Path]]  # files each block reads, by edition and block id
    edition_key: Any = ()  # the parameter values whose edition is being read
    section_notes: dict[str, str]  # by section id: the outputs of the edition that show it
    unread_section: bool = False  # a section file did not parse at all
    missing_section: bool = False  # a listed section has no file

    def tables(
        self,
        sections: list[SectionDoc],
        known: Collection[str],
        config: ProjectConfig,
        meta: BriefMeta | None,
        params: Mapping[str, Any],
    ) -> tuple[dict[str, TableData], dict[str, ChartData]]:
        """Read every table and chart a section uses, checking columns, cells and sources."""
        tables: dict[str, TableData] = {}
        charts: dict[str, ChartData] = {}
        seen: dict[str, str] = {}
        for section, doc in sections:
            self.edition = self.section_notes.get(section.id, self.edition)
            for loc, block in _data_blocks(section):
                if block.id in seen:
                    self.problems.append(
                        doc.problem(
                            (*loc, "id"),
                            f"id {block.id!r} is already used by a table or chart in section "
                            f"{seen[block.id]!r}",
                            hint="give each table and chart its own id",
                        )
                    )
                    continue
                seen[block.id] = section.id
                used = self.uses.setdefault((self.edition_key, block.id), set())
                used.update(self.block_files(block))
                table = self.block_table(block, doc, loc, params)
                if table is None:
                    continue
                if isinstance(block, ChartBlock):
                    chart = prepare_chart(block, table, doc, loc, known, output_pages(config))
                    self.problems += chart.problems
                    self.cited |= set(chart.cited)
                    if chart.data:
                        charts[block.id] = chart.data
                    continue
                prepared = prepare_table(block, table, doc, loc, known)
                self.problems += prepared.problems
                self.cited |= set(prepared.cited)
                if meta and not (block.historical or section.historical):
                    limit = block.stale_after_days or section.stale_after_days
                    dates = [(v, table.path, line, col) for v, line, col in prepared.dates]
                    if isinstance(block, TableBlock) and block.as_of:
                        dates.append((block.as_of, doc.path, *doc.where((*loc, "as_of"))))
                    for value, path, line, col in dates:
                        self.stale(value, meta.date, config, path, line, col, "figure", limit)
                if prepared.data:
                    tables[block.id] = prepared.data
        return tables, charts

    def block_files(self, block: DataBlock) -> list[Path]:
        """The files a block's data is read from (a named table's, through its steps)."""
        if block.data in self.derived.specs:
            return self.derived.files(block.data)
        return [resolved(self.root / block.data)]

    def logo(self, logo: str, where: Loc, config_doc: Document) -> None:
        """A logo (the project's or an output's) must be an image inside the project."""
        path = resolved(self.root / logo)
        if self.outside(self.root / logo, config_doc, where, f"logo {logo!r}"):
            return
        if not path.is_file():
            self.problems.append(config_doc.problem(where, f"logo file not found: {logo}"))
        elif path.suffix.lower() not in LOGO_TYPES:
            self.problems.append(
                config_doc.problem(where, f"logo {logo!r} is not a PNG, JPEG or SVG image")
            )
        else:
            self.files.append(path)

    # -- dates and stray files -------------------------------------------------------

    def dates(self, config: ProjectConfig, meta: BriefMeta, doc: Document) -> None:
        """The as-of date must not follow the brief's date, nor lag it too far."""
        line, col = doc.where(("as_of",))
        if meta.as_of > meta.date:
            self.problems.append(
                Problem(
                    str(doc.path),
                    line,
                    col,
                    "error",
                    f"as_of {meta.as_of} is after the brief's date {meta.date}",
                )
            )
        self.stale(meta.as_of.isoformat(), meta.date, config, doc.path, line, col, "brief")

    def stale(
        self,
        as_of: str,
        date: dt.date,
        config: ProjectConfig,
        path: Path,
        line: int,
        col: int,
        what: str,
        limit: int | None = None,
    ) -> None:
        """Warn when figures as of `as_of` are older than the limit (the project's unless
        what holds them sets its own `stale_after_days`)."""
        limit = limit or config.stale_after_days
        age = (date - partial_date_end(as_of)).days
        if age > limit:
            self.problems.append(
                Problem(
                    str(path),
                    line,
                    col,
                    "warning",
                    f"{what} data as of {as_of} is {age} days older than the brief's date {date} "
                    f"(limit: stale_after_days = {limit})",
                    "update the figure; if it is historical on purpose, give its table, key "
                    "figures or section `historical: true` (or its own `stale_after_days`)"
                    if what == "figure"
                    else "update the figure, or raise stale_after_days in reportgen.yaml",
                )
            )

    def failed_section(self, doc: Document | None) -> None:
        """A section that did not validate still names its data files: count them as used,
        so its errors bring no false "not used" warnings (none at all when it did not parse)."""
        if doc is None:
            self.unread_section = True
            return
        for value in _data_values(doc.value):
            path = resolved(self.root / value)
            if path.is_relative_to(self.root):
                self.referenced.add(path)

    def unused_files(self, config: ProjectConfig) -> None:
        """Warn about data files that nothing in the project reads."""
        sections_dir = resolved(self.root / config.sections_dir)
        data_files = (config.brief, *config.source_files())
        data_dirs = {resolved(self.root / p).parent for p in data_files}
        used = set(self.files) | self.referenced
        for data_dir in sorted(data_dirs):
            for path in sorted(data_dir.rglob("*")) if data_dir.is_dir() else []:
                if path.suffix.lower() not in DATA_SUFFIXES or path in used or not path.is_file():
                    continue
                if path.stem.upper() == "README":
                    continue  # a folder's notes (where its files come from), not data
                if path.parent == sections_dir:
                    if self.missing_section:
                        continue  # most likely the file of the section listed wrongly
                    message = (
                        f"section file is not listed in {CONFIG_NAME} `sections`, "
                        "so it is not built"
                    )
                elif self.unread_section:
                    continue  # a section that could not be read may be what uses it
                else:
                    message = "data file is not used by any section or setting"
                self.problems.append(Problem(str(path), 1, 1, "warning", message))


def _data_values(value: Any) -> list[str]:
    """Every `data:` text in a raw YAML value, at any depth."""
    found: list[str] = []
    if isinstance(value, dict):
        if isinstance(value.get("data"), str):
            found.append(value["data"])
        for item in value.values():
            found += _data_values(item)
    elif isinstance(value, list):
        for item in value:
            found += _data_values(item)
    return found


def blocks(section: BriefSection) -> list[tuple[Loc, Any]]:
    blocks: list[tuple[Loc, Any]] = [(("body", i), b) for i, b in enumerate(section.body)]
    for s, sub in enumerate(section.subsections):
        blocks += [(("subsections", s, "body", i), b) for i, b in enumerate(sub.body)]
    return blocks


def _data_blocks(section: BriefSection) -> list[tuple[Loc, DataBlock]]:
    """The blocks that read a data file, with their locations."""
    return [(loc, b) for loc, b in blocks(section) if isinstance(b, DataBlock)]


def cite_sites(section: BriefSection) -> list[tuple[Loc, str]]:
    """Every (location, source id) a section cites in its own YAML."""
    sites: list[tuple[Loc, str]] = [
        (("key_points", i, "cite", j), sid)
        for i, point in enumerate(section.key_points)
        for j, sid in enumerate(point.cite)
    ]
    for loc, block in blocks(section):
        sites += [((*loc, "cite", j), sid) for j, sid in enumerate(getattr(block, "cite", []))]
    return sites
