"""Conditions on a column's cells: the `filter` data step, and a block's `filter`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .params import Scalar
from .types import Model, Text


class Condition(Model):
    """A test of a column's cells, which pass when every key given holds.

    A value alone tests equality (`year: 2007`), a list any of its values
    (`continent: [Asia, Europe]`).
    """

    equals: Scalar | None = Field(None, description="this value", examples=["Asia"])
    not_equals: Scalar | None = Field(None, description="any but this value", examples=["Asia"])
    one_of: list[Scalar] | None = Field(
        None, description="any of these values", examples=[["Asia", "Europe"]]
    )
    none_of: list[Scalar] | None = Field(
        None, description="none of these values", examples=[["Asia", "Europe"]]
    )
    min: Scalar | None = Field(None, description="at least this", examples=[1990])
    max: Scalar | None = Field(None, description="at most this", examples=[2007])
    above: Scalar | None = Field(None, description="more than this", examples=[0])
    below: Scalar | None = Field(None, description="less than this", examples=[100])
    missing: bool | None = Field(
        None, description="true: only empty cells; false: only filled ones", examples=[False]
    )

    def test(self, cell: Any) -> bool:
        """Whether a cell passes (a cell is text, a number, or None when empty)."""
        empty = (
            cell is None
            or type(cell).__name__ == "NAType"  # pandas' missing value
            or (isinstance(cell, float) and cell != cell)  # NaN
            or (isinstance(cell, str) and not cell.strip())
        )
        if self.missing is not None and empty != self.missing:
            return False
        checks = {k: v for k, v in self if v is not None and k != "missing"}
        if empty:
            return not checks or set(checks) <= {"not_equals", "none_of"}
        for key, wanted in checks.items():
            if key in ("one_of", "none_of"):
                found = any(_same(cell, w) for w in wanted)
                if found != (key == "one_of"):
                    return False
            elif key in ("equals", "not_equals"):
                if _same(cell, wanted) != (key == "equals"):
                    return False
            elif not _compare(cell, key, wanted):
                return False
        return True


def _condition(value: Any) -> Any:
    if isinstance(value, dict):
        return value
    return {"one_of": value} if isinstance(value, list) else {"equals": value}


Filter = dict[Text, Annotated[Condition, BeforeValidator(_condition)]]


def _typed(cell: Any, like: Any) -> Any:
    """A cell read as the kind of value it is compared with (a number, a date, or text)."""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(like, bool):
        return str(cell).strip().lower()
    if isinstance(like, int | float):
        if isinstance(cell, int | float):
            return cell
        try:
            return float(str(cell).replace(",", "").strip())
        except ValueError:
            return None
    if isinstance(like, dt.date):
        return str(cell)[:10]
    return cell if isinstance(cell, str) else _text(cell)


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _plain(wanted: Any) -> Any:
    if isinstance(wanted, bool):
        return "true" if wanted else "false"
    if isinstance(wanted, dt.date):
        return wanted.isoformat()
    return wanted


def _same(cell: Any, wanted: Any) -> bool:
    value = _typed(cell, wanted)
    if isinstance(value, str):
        return value.strip() == str(_plain(wanted)).strip()
    return bool(value == _plain(wanted))


def _compare(cell: Any, key: str, wanted: Any) -> bool:
    value, bound = _typed(cell, wanted), _plain(wanted)
    if value is None:
        return False
    if isinstance(value, str) != isinstance(bound, str):
        value, bound = str(value), str(bound)
    if key == "min":
        return bool(value >= bound)
    if key == "max":
        return bool(value <= bound)
    if key == "above":
        return bool(value > bound)
    return bool(value < bound)
