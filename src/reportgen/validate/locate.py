"""Map pydantic validation errors back to the YAML node (file, line, column) they concern."""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from ..errors import Problem, not_a_date
from ..load import Document, Loc
from ..model import BLOCK_TYPES, PATTERNS


def suggest(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint for a near miss, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def located_all(doc: Document, model: type[BaseModel], errors: list[Any]) -> list[Problem]:
    """Pydantic's errors as located Problems, one per mistake: a key misspelt or renamed
    is reported as unknown (with the required key it may be), not also as missing; a key
    written twice (reported when the YAML was read) brings no more errors of its own."""
    cleaned = _one_per_member(
        [(_walk(model, doc.value, tuple(err["loc"]))[0], err) for err in errors]
    )
    unknown = {loc[:-1] for loc, err in cleaned if err["type"] == "extra_forbidden"}
    absent: dict[Loc, list[str]] = {}
    for loc, err in cleaned:
        if err["type"] == "missing":
            absent.setdefault(loc[:-1], []).append(str(loc[-1]))
    problems = []
    for loc, err in cleaned:
        parent = loc[:-1]
        doubled = any(loc[: len(d)] == d or d[:-1] == parent for d in doc.doubled)
        if err["type"] == "missing" and (parent in unknown or doubled):
            continue
        if err["type"] != "missing" and any(loc[: len(d)] == d for d in doc.doubled):
            continue
        problem = located(doc, model, err)
        missing = absent.get(parent, [])
        if err["type"] == "extra_forbidden" and missing and not problem.hint.startswith("did"):
            keys = " or ".join(repr(k) for k in missing)
            hint = f"is it {keys}? (a required key that is missing)"
            problem = dataclasses.replace(problem, hint=hint)
        problems.append(problem)
    return problems


def _one_per_member(cleaned: list[tuple[Loc, Any]]) -> list[tuple[Loc, Any]]:
    """A value that fits no member of a union gets an error from each: the members of
    another kind than the value ("should be a valid dictionary") say nothing when one of
    its kind says what is wrong."""
    kinds: dict[Loc, set[bool]] = {}
    for loc, err in cleaned:
        kinds.setdefault(loc, set()).add(_of_kind(err))
    return [(loc, err) for loc, err in cleaned if _of_kind(err) or kinds[loc] == {False}]


def _of_kind(err: Any) -> bool:
    """Whether an error is about the value itself, not about its being of another kind."""
    kind = str(err["type"])
    return not (kind.endswith("_type") or kind in ("is_instance_of", "model_attributes_type"))


def located(doc: Document, model: type[BaseModel], err: Any) -> Problem:
    """One pydantic error as a Problem at the YAML node it concerns."""
    loc, allowed = _walk(model, doc.value, tuple(err["loc"]))
    kind, name = err["type"], loc[-1] if loc else ""
    where = doc.place(loc)
    value = err.get("input")
    if kind == "extra_forbidden":
        hint = suggest(str(name), allowed) or (
            f"allowed keys: {', '.join(allowed)}" if allowed else ""
        )
        return doc.problem(loc, f"unknown key {name!r}" + _in(doc, loc[:-1]), key=True, hint=hint)
    if kind == "missing":
        message = f"missing required key {name!r}" + _in(doc, loc[:-1])
        return doc.problem(loc[:-1], message, hint=_swallowed(doc, loc[:-1], str(name)))
    if kind == "string_pattern_mismatch":
        what, rule = PATTERNS.get(str(err.get("ctx", {}).get("pattern", "")), ("value", ""))
        return doc.problem(loc, f"{where}: {value!r} is not a valid {what}", hint=rule)
    block_types = ", ".join(BLOCK_TYPES)
    if kind == "union_tag_invalid":
        tag = str(err.get("ctx", {}).get("tag", ""))
        return doc.problem(
            (*loc, "type"),
            f"unknown block type {tag!r}",
            hint=suggest(tag, BLOCK_TYPES) or f"block types: {block_types}",
        )
    if kind == "union_tag_not_found":
        keys = [str(k) for k in value] if isinstance(value, dict) else []
        near = next((k for k in keys if suggest(k, ["type"])), None)
        if near is not None:
            return doc.problem(
                (*loc, near),
                "block has no 'type'",
                key=True,
                hint=suggest("type", [near]),
            )
        return doc.problem(loc, "block has no 'type'", hint=f"add one of: {block_types}")
    message = err["msg"].removeprefix("Value error, ")
    if kind.startswith("date_") and value is not None and not isinstance(value, dict | list):
        why = str(err.get("ctx", {}).get("error", ""))
        return doc.problem(loc, f"{where}: {not_a_date(value, why)}" if where else message)
    hint = ""
    if isinstance(value, bool) and kind == "string_type":
        hint = "YAML reads yes/no/true/false/on/off as true or false: put the text in quotes"
    if kind in ("literal_error", "enum") and isinstance(value, str):
        hint = suggest(value, re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected"))))
    said = re.search(rf"(?<![\w.]){re.escape(repr(value))}(?![\w.])", message)
    if value is not None and not isinstance(value, dict | list) and not said:
        message += f" (got {value!r})"
    return doc.problem(loc, f"{where}: {message}" if where else message, hint=hint)


def _swallowed(doc: Document, parent: Loc, name: str) -> str:
    """A hint when a missing key is written inside another key's text (indented too deep
    under a `>-` or `|` value, YAML reads `cite: [x]` as more text)."""
    value: Any = doc.value
    for part in parent:
        value = value[part] if isinstance(value, dict | list) and _has(value, part) else None  # type: ignore[index]
    for key, text in value.items() if isinstance(value, dict) else []:
        if isinstance(text, str) and re.search(rf"(?:^|\s){re.escape(name)}:(?:\s|$)", text):
            line = doc.where((*parent, key), key=True)[0]
            return (
                f"`{name}:` is inside the text of `{key}:` (line {line}): it is indented as "
                f"deep as that text; line it up with `{key}:`"
            )
    return ""


def _in(doc: Document, loc: Loc) -> str:
    return f" in {doc.place(loc)}" if loc else ""


def _walk(model: type[BaseModel], raw: Any, loc: Loc) -> tuple[Loc, list[str]]:
    """Strip pydantic's union tags from `loc`; also return the keys allowed at its parent."""
    clean: list[str | int] = []
    tp: Any = model
    value = raw
    for part in loc:
        members = _members(tp)
        tp = _resolve(tp, value)
        written = isinstance(value, dict) and part in value
        if tp is None and len(members) > 1 and isinstance(part, str) and not written:
            # pydantic's name of the union member that failed: no key of the file
            named = [m for m in members if getattr(m, "__name__", "") == part]
            tp = named[0] if named else None
            continue
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if part not in tp.model_fields:
                if isinstance(part, str) and _is_tag(part, tp, value):
                    continue
                clean.append(part)
                return tuple(clean), sorted(tp.model_fields)
            tp = tp.model_fields[str(part)].annotation
        elif typing.get_origin(tp) is list and isinstance(part, int):
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            tp = None
        clean.append(part)
        value = value[part] if isinstance(value, dict | list) and _has(value, part) else None  # type: ignore[index]
    tp = _resolve(tp, value)
    allowed = sorted(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []
    return tuple(clean), allowed


def _is_tag(part: str, tp: type[BaseModel], value: Any) -> bool:
    return isinstance(value, dict) and value.get("type") == part


def _has(value: dict[Any, Any] | list[Any], part: str | int) -> bool:
    if isinstance(value, dict):
        return part in value
    return isinstance(part, int) and 0 <= part < len(value)


def _members(tp: Any) -> list[Any]:
    """The members of a union (Annotated unwrapped, None left out); [] for any other type."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(tp) if a is not type(None)]
    return []


def _resolve(tp: Any, value: Any) -> Any:
    """Unwrap Annotated and Optional; pick a tagged union's member by the value's `type`."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        tag = value.get("type") if isinstance(value, dict) else None
        for member in members:
            fields = getattr(member, "model_fields", {})
            if "type" in fields and tag in typing.get_args(fields["type"].annotation):
                return member
        return _resolve(members[0], value) if len(members) == 1 else None
    return tp
