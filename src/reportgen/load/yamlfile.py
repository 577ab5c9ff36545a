"""YAML files, keeping every node's line and column for located errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, ReportgenError, not_a_date
from .text import MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES, read_text

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML file: its plain value plus where each key and value sits."""

    path: Path
    value: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

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
    builder = _Builder(doc)
    doc.value = builder.build(node, (), 0)
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
    mark = problem or context
    message = " ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    lines = text.splitlines()
    source = lines[mark.line] if mark and mark.line < len(lines) else ""
    hint = _syntax_hint(message, source, line)
    return ReportgenError(f"YAML syntax error: {message}", path, line, col, hint=hint)


_SPECIAL_START = {
    "*": "'*' starts an alias (a reference to an '&' anchor)",
    "&": "'&' starts an anchor",
    "@": "'@' is reserved",
    "`": "'`' is reserved",
    "!": "'!' starts a tag",
    "%": "'%' starts a directive",
}


def _syntax_hint(message: str, source: str, line: int) -> str:
    """A fix for the classic traps: an unquoted ': ' in a value, a tab, a special first
    character; '' for other errors."""
    key, _, value = source.strip().removeprefix("- ").partition(":")
    value = value.strip()
    shown = value if len(value) <= 40 else value[:37] + "..."
    quoted = shown.replace('"', '\\"')
    if "mapping values are not allowed" in message and value:
        return (
            f"a value holding ': ' must be quoted: write {key}: \"{quoted}\" "
            "(or use '|' and put the text on the next lines)"
        )
    if "'\\t'" in message or "\t" in source[: len(source) - len(source.lstrip())]:
        return f"YAML indents with spaces, not tabs: replace the tab on line {line} with spaces"
    first = value[:1]
    if first in "\"'" and "expected <block end>" in message and not value.endswith(first):
        return (
            f"a value that starts with a quote must end with it: quote the whole value, "
            f"{key}: '{shown.replace(chr(39), chr(39) * 2)}'"
        )
    if first in _SPECIAL_START and value:
        return (
            f"in YAML a value cannot start with {first!r} ({_SPECIAL_START[first]}): "
            f'put it in quotes: {key}: "{quoted}"'
        )
    return ""


class _Builder:
    """Turns a composed YAML node tree into plain values, recording marks."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
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
                if loc:
                    message = f"{_dotted(loc)}: {message}"
            self.doc.problems.append(
                Problem(
                    str(self.doc.path),
                    line,
                    col,
                    "error",
                    message,
                )
            )
            return node.value

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        self.constructor.flatten_mapping(node)  # resolve `<<` merge keys
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, (*loc, "<key>"), depth + 1)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key)
            key_loc = (*loc, key)
            mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = self.doc.key_marks[key_loc]
                self.doc.problems.append(
                    Problem(
                        str(self.doc.path),
                        mark[0],
                        mark[1],
                        "error",
                        f"duplicate key {key!r} (first defined at line {first[0]})",
                        "YAML keeps only the last value; remove or rename one of them",
                    )
                )
                continue
            self.doc.key_marks[key_loc] = mark
            result[key] = self.build(value_node, key_loc, depth + 1)
        self.doc.value_marks.pop((*loc, "<key>"), None)
        return result


def _dotted(loc: tuple[Any, ...]) -> str:
    """A location as it is written in messages: sources[0].date."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
