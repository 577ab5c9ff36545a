"""Parameters: the names a project declares (`params:`), their types, and `{params.NAME}`.

A parameter's value comes from its default, the output's own `params`, one value of
the output's `foreach`, or `--set params.NAME=VALUE`. Text in the brief's data files
names a value as `{params.NAME}` (a backslash before the brace keeps it as written);
a text that is only `{params.NAME}` takes the value itself, typed, so a data step can
compare numbers and dates with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, ValidationInfo, field_validator

from .types import Model, Text

PARAM_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
ParamName = Annotated[
    str,
    StringConstraints(pattern=PARAM_NAME),
    Field(description="letters, digits and '_', not starting with a digit"),
]
Scalar = bool | int | float | dt.date | str
ParamType = Literal["string", "integer", "number", "boolean", "date"]
PARAM_TYPES: tuple[str, ...] = ("string", "integer", "number", "boolean", "date")
REFERENCE = re.compile(r"(\\?)\{params\.([A-Za-z_][A-Za-z0-9_]*)\}")
_TRUE, _FALSE = ("true", "yes", "on"), ("false", "no", "off")


def coerce(kind: str, value: Any) -> Scalar:
    """`value` as a parameter of type `kind`; a ValueError says why it is not one."""
    if isinstance(value, str) and kind != "string":
        value = value.strip()
    if kind == "string":
        if isinstance(value, bool) or value is None:
            raise ValueError(f"{value!r} is not text (put it in quotes)")
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in (*_TRUE, *_FALSE):
            return value.lower() in _TRUE
        raise ValueError(f"{value!r} is not true or false")
    if kind == "date":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{value!r} is not a date (write YYYY-MM-DD)") from None
    number = _number(value)
    if number is None:
        raise ValueError(
            f"{value!r} is not {'a whole number' if kind == 'integer' else 'a number'}"
        )
    if kind == "integer":
        if not float(number).is_integer():
            raise ValueError(f"{value!r} is not a whole number")
        return int(number)
    return number


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        for kind in (int, float):
            try:
                return kind(value)
            except ValueError:
                continue
    return None


def type_of(value: Any) -> str:
    """The parameter type a default written alone implies (`year: 2007` is an integer)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    return "string"


def _shorthand(value: Any) -> Any:
    """`continent: Africa` declares a string parameter with that default."""
    if isinstance(value, dict) or value is None:
        return value
    return {"type": type_of(value), "default": value}


class ParamSpec(Model):
    """One parameter: its type, its default and, if it has them, the values it may take."""

    type: ParamType = Field(
        "string",
        description="string, integer, number, boolean or date",
        examples=["string"],
    )
    default: Scalar | None = Field(
        None,
        description="the value when an output sets none; without one, every output must set it",
        examples=["Africa"],
    )
    choices: list[Scalar] | None = Field(
        None,
        min_length=1,
        description="the only values allowed",
        examples=[["Africa", "Americas", "Asia", "Europe", "Oceania"]],
    )
    description: Text | None = Field(
        None, description="what the parameter selects", examples=["The region the brief covers"]
    )

    @field_validator("choices")
    @classmethod
    def _typed_choices(cls, value: list[Any] | None, info: ValidationInfo) -> list[Scalar] | None:
        kind = info.data.get("type", "string")
        return None if value is None else [coerce(kind, v) for v in value]

    @field_validator("default")
    @classmethod
    def _typed_default(cls, value: Any, info: ValidationInfo) -> Scalar | None:
        return None if value is None else coerce(info.data.get("type", "string"), value)

    def check(self, value: Any) -> Scalar:
        """`value` typed as this parameter, or a ValueError (not its type, not a choice)."""
        typed = coerce(self.type, value)
        if self.choices is not None and typed not in self.choices:
            shown = ", ".join(show(c) for c in self.choices)
            raise ValueError(f"{show(typed)!r} is not one of the choices: {shown}")
        return typed


Params = Annotated[ParamSpec, BeforeValidator(_shorthand)]


def show(value: Any) -> str:
    """A parameter's value as it is written into text (dates ISO, booleans lower-case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def references(text: str) -> Iterator[tuple[int, str]]:
    """Each `{params.NAME}` in `text` (not escaped): its offset and NAME."""
    for match in REFERENCE.finditer(text):
        if not match.group(1):
            yield match.start(), match.group(2)


def substitute(text: str, values: Mapping[str, Any]) -> Any:
    """`text` with each `{params.NAME}` replaced by its value (`\\{params.NAME}` kept as
    written, less the backslash); a text that is one reference alone is the typed value."""
    whole = REFERENCE.fullmatch(text)
    if whole and not whole.group(1) and whole.group(2) in values:
        return values[whole.group(2)]

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(0)[1:]
        name = match.group(2)
        return show(values[name]) if name in values else match.group(0)

    return REFERENCE.sub(replace, text)


def substitute_all(value: Any, values: Mapping[str, Any]) -> Any:
    """A plain YAML value with every text in it substituted (see `substitute`)."""
    if isinstance(value, str):
        return substitute(value, values) if "{params." in value else value
    if isinstance(value, dict):
        return {k: substitute_all(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute_all(v, values) for v in value]
    return value


def mentions_params(value: Any) -> bool:
    """Whether any text in a plain YAML value holds `{params.`."""
    if isinstance(value, str):
        return "{params." in value
    if isinstance(value, dict):
        return any(mentions_params(v) for v in value.values())
    if isinstance(value, list):
        return any(mentions_params(v) for v in value)
    return False
