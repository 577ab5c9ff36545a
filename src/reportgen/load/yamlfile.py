"""YAML files, keeping every node's line and column for located errors."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, ReportgenError, not_a_date
from .places import Loc, place
from .text import MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES, read_text
from .yamlhints import duplicate_hint, explain

__all__ = ["Document", "Loc", "load_yaml", "parse_yaml", "salvage", "salvage_file"]


@dataclass
class Document:
    """A parsed YAML file: its plain value plus where each key and value sits."""

    path: Path
    value: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Some of the file could not be read (reported in `problems`): what is missing from
    # `value` is not a mistake of its own; `salvage` holds what could be read of the parts
    # that could not (a block's type and id), so others can still refer to them.
    partial: bool = False
    salvage: list[dict[str, Any]] = field(default_factory=list)
    doubled: set[Loc] = field(default_factory=set)  # keys written twice in one mapping

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the node at `loc`, or of its nearest parent."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc:
            if loc in self.value_marks:
                return self.value_marks[loc]
            if loc in self.key_marks:
                return self.key_marks[loc]
            loc = loc[:-1]
        return self.value_marks.get((), (1, 1))

    def place(self, loc: Loc) -> str:
        """Where `loc` is, in the author's words ("the chart gdp (line 24)")."""
        return place(self.value, self.where, loc)

    def problem(
        self, loc: Loc, message: str, *, key: bool = False, hint: str = "", severity: str = "error"
    ) -> Problem:
        """A Problem located at `loc` in this file."""
        line, col = self.where(loc, key=key)
        return Problem(str(self.path), line, col, severity, message, hint)  # type: ignore[arg-type]


def _compose(text: str) -> yaml.Node | None:
    """Compose a YAML document, with libyaml when PyYAML has it (about ten times faster).

    libyaml composes recursively in C and would crash on a hostile nesting depth, so
    its event stream (no recursion) is checked first; a document that is too deep or
    that it rejects is parsed in Python, whose errors and messages are the ones shown.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            if _depth(yaml.parse(text, Loader=fast)) <= MAX_YAML_DEPTH:
                return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _depth(events: Iterable[yaml.Event]) -> int:
    """The deepest nesting of collections in a YAML event stream (stopping past the limit)."""
    depth = deepest = 0
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_YAML_DEPTH:
                break
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return deepest


def load_yaml(path: Path) -> Document:
    """Parse one YAML file into a Document, reporting duplicate keys as problems."""
    return parse_yaml(path, read_text(path, MAX_YAML_BYTES))


def parse_yaml(path: Path, text: str, first_line: int = 1) -> Document:
    """Parse YAML text found at `first_line` of `path` (front matter, a fenced block)."""
    text = "\n" * (first_line - 1) + text  # so every mark is a line of the file
    try:
        node = _compose(text)
    except RecursionError:
        raise ReportgenError(
            f"YAML document nested too deeply (more than {MAX_YAML_DEPTH} levels)", path, 1, 1
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, exc, text) from None
    except yaml.YAMLError as exc:
        raise ReportgenError(f"YAML error: {exc}", path) from None
    doc = Document(path=path, value=None)
    if node is None:
        return doc
    builder = _Builder(doc, text)
    doc.value = builder.build(node, (), 0)
    for loc, problem in builder.pending:
        where = f"{doc.place(loc)}: " if loc else ""
        doc.problems.append(dataclasses.replace(problem, message=where + problem.message))
    return doc


# An unclosed bracket or quote is noticed lines later; the fix belongs at the opener.
_OPENERS = {
    "flow sequence": "'[' list",
    "flow mapping": "'{' mapping",
    "quoted scalar": "quoted text",
}


def _syntax_error(path: Path, exc: yaml.MarkedYAMLError, text: str) -> ReportgenError:
    """A YAML syntax error located where the user should look."""
    problem, context = exc.problem_mark, exc.context_mark
    opener = next((name for key, name in _OPENERS.items() if key in (exc.context or "")), None)
    if opener and context and problem and context.line < problem.line:
        return ReportgenError(
            f"YAML syntax error: this {opener} is not closed ({exc.problem} at line "
            f"{problem.line + 1}, column {problem.column + 1})",
            path,
            context.line + 1,
            context.column + 1,
        )
    explained = explain(exc, text)
    if explained is not None:
        return ReportgenError(
            explained.message, path, explained.line, explained.col, hint=explained.hint
        )
    mark = problem or context
    message = " ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return ReportgenError(f"YAML syntax error: {message}", path, line, col)


class _Builder:
    """Turns a composed YAML node tree into plain values, recording marks."""

    def __init__(self, doc: Document, text: str) -> None:
        self.doc = doc
        self.text = text
        self.pending: list[tuple[Loc, Problem]] = []  # named once the whole value is built
        self.constructor = yaml.SafeLoader("")
        self.count = 0

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_YAML_NODES or depth > MAX_YAML_DEPTH:
            what = "nodes" if self.count > MAX_YAML_NODES else "levels of nesting"
            raise ReportgenError(
                f"YAML document too large: more than "
                f"{MAX_YAML_NODES if self.count > MAX_YAML_NODES else MAX_YAML_DEPTH} {what}",
                self.doc.path,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                hint="aliases that expand recursively ('billion laughs') are refused",
            )
        self.doc.value_marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            # Report it and carry on with the raw text, so later problems are found too.
            line, col = self.doc.value_marks[loc]
            message = f"cannot read value {node.value!r}: {exc}"
            if node.tag == "tag:yaml.org,2002:timestamp":
                message = not_a_date(node.value, str(exc))
            self.pending.append((loc, Problem(str(self.doc.path), line, col, "error", message)))
            return node.value

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        self.constructor.flatten_mapping(node)  # resolve `<<` merge keys
        result: dict[Any, Any] = {}
        new_item = False
        for key_node, value_node in node.value:
            key = self.build(key_node, (*loc, "<key>"), depth + 1)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key)
            key_loc = (*loc, key)
            mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result and new_item:
                continue  # a key of the item that lacks its '- ', reported once
            if key in result:
                first = self.doc.key_marks[key_loc]
                in_list = bool(loc) and isinstance(loc[-1], int)
                first_col = node.value[0][0].start_mark.column
                hint, new_item = duplicate_hint(self.text, mark[0] - 1, first_col, in_list)
                self.doc.doubled.add(key_loc)
                self.doc.problems.append(
                    Problem(
                        str(self.doc.path),
                        mark[0],
                        mark[1],
                        "error",
                        f"duplicate key {key!r} (first defined at line {first[0]})",
                        hint,
                    )
                )
                continue
            self.doc.key_marks[key_loc] = mark
            result[key] = self.build(value_node, key_loc, depth + 1)
        self.doc.value_marks.pop((*loc, "<key>"), None)
        return result


def salvage_file(path: Path) -> list[dict[str, str]] | None:
    """What `salvage` reads from a file's text; None when the text cannot be read."""
    try:
        return salvage(read_text(path, MAX_YAML_BYTES))
    except ReportgenError:
        return None


_ITEM = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*) *: *(?P<value>[^#]*)")


def salvage(text: str) -> list[dict[str, str]]:
    """The mappings in YAML text that does not parse which have an `id`, with their
    one-line text values (the `type` and `id` of blocks, the ids of sources): read line
    by line, as far as the lines look like YAML."""
    found: list[dict[str, str]] = []
    open_items: dict[int, dict[str, str]] = {}
    for line in text.splitlines():
        match = _ITEM.match(line)
        if match is None:
            continue
        col = len(match["indent"]) + len(match["dash"] or "")
        for deeper in [c for c in open_items if c > col or (c == col and match["dash"])]:
            del open_items[deeper]
        item = open_items.setdefault(col, {})
        if match["key"] in item:  # a key twice: a new item that lacks its '- '
            item = open_items[col] = {}
        if not item:
            found.append(item)
        value = match["value"].strip().strip("\"'")
        item.setdefault(match["key"], value)
    return [item for item in found if re.fullmatch(r"[\w.-]+", item.get("id", ""))]
