"""Undefined names in templates, said in the project's words: "brief has no field
'organization'", with a "did you mean" across the names in scope and their fields
(`audience` -> `brief.audience`), never an internal class name. While templates are
checked, an undefined value is recorded where it is used and rendering goes on, so one
run reports every undefined name a template uses."""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from pydantic import BaseModel

from ..errors import Problem

# What templates call the objects they are given, for messages that cannot quote the
# template's own expression.
WORDS = {
    "BriefMeta": "brief",
    "BriefSection": "the section",
    "Subsection": "the sub-section",
    "Source": "the source",
    "TableData": "the table",
    "ChartData": "the chart's data",
    "RowCells": "the table row",
    "Column": "the column",
    "Output": "output",
    "KeyPoint": "the key point",
    "Paragraph": "the paragraph",
    "Callout": "the callout",
    "TableBlock": "the table block",
    "ChartBlock": "the chart block",
    "KeyFigures": "the key-figures block",
    "Citations": "cite",
    "CrossReferences": "xref",
    "Placeholders": "charts",
    "dict": "the mapping",
    "list": "the list",
    "str": "the text",
}
SPECIAL = {"loop", "super", "self", "caller", "varargs", "kwargs"}


@dataclasses.dataclass(frozen=True)
class Use:
    """An undefined value used in a template: where, and what was asked of what."""

    path: str
    line: int
    name: str
    owner: Any = jinja2.utils.missing  # the object that lacks `name`, if any
    hint: str = ""  # Jinja's own words (set for undefined values made by filters)


class Recording(jinja2.Undefined):
    """An undefined value that, when used, records where (once) and then behaves as
    nothing: empty text, an empty loop, false. Subclassed once per check (`recorder`)."""

    __slots__ = ("_told",)
    uses: ClassVar[list[Use]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._told = False

    def _note(self) -> None:
        if self._undefined_exception is not jinja2.UndefinedError:
            super()._fail_with_undefined_error()  # a sandbox refusal is no undefined name
        if not self._told:
            self._told = True
            path, line = _template_line()
            name = self._undefined_name
            self.uses.append(
                Use(path, line, str(name), self._undefined_obj, self._undefined_hint or "")
            )

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        self._note()
        return self

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__" and name[-2:] == "__":
            raise AttributeError(name)
        self._note()
        return self

    def __str__(self) -> str:
        self._note()
        return ""

    def __iter__(self) -> Any:
        self._note()
        return iter(())

    def __len__(self) -> int:
        self._note()
        return 0

    def __bool__(self) -> bool:
        self._note()
        return False

    def __eq__(self, other: object) -> bool:
        self._note()
        return type(self) is type(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        self._note()
        return id(type(self))

    def __contains__(self, item: object) -> bool:
        self._note()
        return False

    __add__ = __radd__ = __sub__ = __rsub__ = _fail_with_undefined_error
    __mul__ = __rmul__ = __div__ = __rdiv__ = _fail_with_undefined_error
    __truediv__ = __rtruediv__ = _fail_with_undefined_error
    __floordiv__ = __rfloordiv__ = _fail_with_undefined_error
    __mod__ = __rmod__ = _fail_with_undefined_error
    __pos__ = __neg__ = _fail_with_undefined_error
    __call__ = __getitem__ = _fail_with_undefined_error
    __lt__ = __le__ = __gt__ = __ge__ = _fail_with_undefined_error
    __pow__ = __rpow__ = _fail_with_undefined_error

    __int__ = __float__ = __complex__ = _fail_with_undefined_error  # noted, then a TypeError


def recorder() -> type[Recording]:
    """A Recording class with its own list of uses."""
    return type("Recording", (Recording,), {"uses": [], "__slots__": ()})


def _template_line() -> tuple[str, int]:
    """The template file and line being rendered, from the innermost template frame."""
    frame = sys._getframe(2)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.filename or "", template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back  # type: ignore[assignment]
    return "", 0


# -- messages ------------------------------------------------------------------------------


def message_of(use: Use, names: Mapping[str, Any]) -> Problem:
    """The located problem of an undefined value, in the project's words; `names` are the
    variables in scope (the context and globals), for the "did you mean"."""
    source = read_line(use.path, use.line)
    if use.owner is jinja2.utils.missing:
        col = _column(source, rf"(?<![\w.]){re.escape(use.name)}\b")
        message = use.hint or f"{use.name!r} is undefined"
        return _problem(use, col, message, suggest_name(use.name, names))
    where = _search(
        source,
        rf"(?P<owner>[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*|\[[^\]]*\])*)\s*"
        rf"(?:\.\s*{re.escape(use.name)}\b|\[\s*['\"]{re.escape(use.name)}['\"]\s*\])",
    )
    owner = where["owner"] if where else _word(use.owner, names)
    col = where.end("owner") + 2 if where else 0
    what = "key" if isinstance(use.owner, Mapping) else "field"
    if not isinstance(use.name, str) or use.name.isdigit():
        what = "item"
    message = f"{owner} has no {what} {use.name!r}"
    close = difflib.get_close_matches(use.name, fields(use.owner), n=1, cutoff=0.6)
    return _problem(use, col, message, f"did you mean {close[0]!r}?" if close else "")


def _search(source: str, pattern: str) -> re.Match[str] | None:
    """The first match of `pattern` inside a `{{ }}` or `{% %}` tag of a template line."""
    for tag in TAG.finditer(source):
        found = re.compile(pattern).search(source, tag.start(1), tag.end(1))
        if found:
            return found
    return None


def _column(source: str, pattern: str) -> int:
    found = _search(source, pattern)
    return found.start() + 1 if found else 0


def _problem(use: Use, col: int, message: str, hint: str) -> Problem:
    return Problem(use.path, use.line, col, "error", f"template error: {message}", hint)


def read_line(path: str | None, line: int) -> str:
    """Line `line` (1-based) of a template file, or ''."""
    try:
        lines = Path(path or "").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return ""
    return lines[line - 1] if 0 < line <= len(lines) else ""


def fields(value: Any) -> list[str]:
    """The names a template can ask of a value: a model's fields and properties, a
    mapping's keys, an object's public attributes."""
    if isinstance(value, Mapping):
        return [str(k) for k in value]
    cls = type(value)
    if isinstance(value, BaseModel):
        names = list(cls.model_fields)
        return names + [a for a in dir(cls) if isinstance(getattr(cls, a, None), property)]
    if isinstance(value, str | int | float | list | tuple | type(None)):
        return []
    return [a for a in dir(value) if not a.startswith("_")]


class Named:
    """Stands for an object known only by its class's name (from a Jinja message)."""

    def __init__(self, owner: str) -> None:
        self.owner = owner

    def __dir__(self) -> list[str]:
        module_name, _, class_name = self.owner.rpartition(".")
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError, ValueError):
            return []
        return [*getattr(cls, "model_fields", {}), *(a for a in dir(cls) if a[:1] != "_")]


def _word(value: Any, names: Mapping[str, Any]) -> str:
    """What templates call a value: the variable that holds it, or its kind in words."""
    for name, held in names.items():
        if held is value:
            return name
    kind = value.owner.rpartition(".")[2] if isinstance(value, Named) else type(value).__name__
    return WORDS.get(kind, "the value")


TAG = re.compile(r"\{[{%](.*?)[%}]\}", re.S)


def suggest_name(name: str, names: Mapping[str, Any]) -> str:
    """A "did you mean" for an undefined name: a name in scope, or a field of one of the
    project's objects (`audience` -> 'brief.audience')."""
    candidates: dict[str, str] = {}  # the name compared -> the name shown
    for var, value in names.items():
        if isinstance(value, BaseModel) or (
            dataclasses.is_dataclass(value) and not isinstance(value, type)
        ):
            for field in fields(value):
                candidates.setdefault(field, f"{var}.{field}")
    candidates |= {plain: plain for plain in set(names) - {name}}
    close = [name] if name in candidates else []
    close = close or difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"did you mean {candidates[close[0]]!r}?" if close else ""


def in_scope(names: Iterable[str], context: Mapping[str, Any]) -> dict[str, Any]:
    """The context's values, and any other names in scope (their values unknown)."""
    return {**dict.fromkeys(names), **context}
