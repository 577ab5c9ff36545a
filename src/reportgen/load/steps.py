"""Data steps computed with pandas: each step takes a data frame and returns a new one.

Rows that come from one row of a file keep its line (see frames.ORIGIN); rows a step
makes from many (a group, a pivot, a growth) take the line of that step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from ..model.steps import Step
from .columns import Lookup, StepError, columns_after, growth_names, join_suffix, share_name
from .frames import ORIGIN, cell_text

if TYPE_CHECKING:
    import pandas as pd

NUMERIC = ("sum", "mean", "median")


def run_steps(
    frame: pd.DataFrame,
    steps: Sequence[Step],
    lines: Sequence[int],
    config_path: str,
    other: Callable[[str], pd.DataFrame],
    lookup: Lookup,
) -> pd.DataFrame:
    """Apply `steps` in order (`lines`: the config line of each); `other(name)` is the
    frame of another table a join names. Raises StepErrors with the step's index."""
    checked = True  # the columns are known from the steps alone until a pivot
    for index, step in enumerate(steps):
        if not checked:
            names = [str(c) for c in frame.columns if c != ORIGIN]
            _, errors = columns_after(step, names, lookup)
            if errors:
                raise IndexedError(index, errors)
        try:
            frame = _STEPS[step.kind](frame, step.spec, other)
        except StepError as exc:
            raise IndexedError(index, [exc]) from None
        if step.kind in _MAKES_ROWS:
            frame = frame.assign(**{ORIGIN: lines[index]})
            frame.attrs["path"] = config_path
        elif frame[ORIGIN].isna().any():  # an outer join's rows from the other table
            frame = frame.assign(**{ORIGIN: frame[ORIGIN].fillna(lines[index])})
        checked = checked and step.kind != "pivot"
    return frame


class IndexedError(Exception):
    """The problems of the data step at `index`."""

    def __init__(self, index: int, errors: list[StepError]) -> None:
        super().__init__(errors[0].message)
        self.index = index
        self.errors = errors


def _keep_attrs(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    after.attrs.update(before.attrs)
    return after


def _filter(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    keep = [True] * len(frame)
    for column, condition in spec.items():
        values = frame[column].tolist()
        keep = [k and condition.test(v) for k, v in zip(keep, values, strict=True)]
    return _keep_attrs(frame, frame[keep].reset_index(drop=True))


def _select(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    chosen = frame[[*spec, ORIGIN]]
    return chosen.rename(columns=spec) if isinstance(spec, dict) else chosen


def _rename(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    return frame.rename(columns=spec)


def _drop(frame: pd.DataFrame, spec: list[str], other: Any) -> pd.DataFrame:
    return frame.drop(columns=spec)


def _drop_missing(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    return _keep_attrs(frame, frame.dropna(subset=spec).reset_index(drop=True))


def _numbers(frame: pd.DataFrame, column: str, where: tuple[str | int, ...]) -> pd.Series:
    """A column's cells as numbers; a cell that is not one is a StepError at `where`."""
    import pandas as pd

    series = frame[column]
    if pd.api.types.is_numeric_dtype(series):
        return series
    numbers = pd.to_numeric(series, errors="coerce")
    bad = series[numbers.isna() & series.notna()]
    if len(bad):
        row = int(bad.index[0]) + 1
        raise StepError(
            where, f"column {column!r} is not numeric (row {row}: {bad.iloc[0]!r})", word=column
        )
    return numbers


def _group(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    import pandas as pd

    groups = frame.groupby(spec.by, sort=True, dropna=False)
    result = groups.size().reset_index()[spec.by]
    for name, how in spec.aggregate.items():
        function, column = (how, name) if isinstance(how, str) else (how.function, how.column)
        where = ("group", "aggregate", name)
        if function in NUMERIC or getattr(how, "weight", None):
            frame = frame.assign(**{column: _numbers(frame, column, where)})
            groups = frame.groupby(spec.by, sort=True, dropna=False)
        if getattr(how, "weight", None):
            weight = _numbers(frame, how.weight, (*where, "weight"))
            both = frame[column].notna() & weight.notna()
            parts = pd.DataFrame(
                {"v": (frame[column] * weight).where(both), "w": weight.where(both)}
            )
            parts[spec.by] = frame[spec.by]
            sums = parts.groupby(spec.by, sort=True, dropna=False)[["v", "w"]].sum(min_count=1)
            values = (sums["v"] / sums["w"]).to_numpy()
        elif function in ("first", "last"):
            values = groups[column].agg(lambda s, f=function: _first(s, f)).to_numpy()
        else:
            values = groups[column].agg(function).to_numpy()
        result[name] = values
    return cast("pd.DataFrame", result)


def _first(series: pd.Series, which: str) -> Any:
    filled = series.dropna()
    if not len(filled):
        return None
    return filled.iloc[0] if which == "first" else filled.iloc[-1]


def _pivot(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    keys = [*spec.index, spec.columns]
    if spec.aggregate is None and frame.duplicated(subset=keys).any():
        row = frame[frame.duplicated(subset=keys, keep=False)].iloc[0]
        shown = ", ".join(f"{k}={row[k]!r}" for k in keys)
        raise StepError(
            ("pivot",),
            f"several rows have {shown}: say how to combine them with `aggregate`",
        )
    function = spec.aggregate or "first"
    if function in NUMERIC:
        frame = frame.assign(**{spec.values: _numbers(frame, spec.values, ("pivot", "values"))})
    wide = frame.pivot_table(
        index=spec.index,
        columns=spec.columns,
        values=spec.values,
        aggfunc=cast(Any, function),
        dropna=False,
        sort=True,
    )
    wide.columns = [cell_text(c) for c in wide.columns]
    return wide.reset_index()


def _melt(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    melted = frame.melt(
        id_vars=[*spec.id, ORIGIN],
        value_vars=spec.columns or [c for c in frame.columns if c not in (*spec.id, ORIGIN)],
        var_name=spec.name,
        value_name=spec.value,
    )
    return _keep_attrs(frame, melted[[*spec.id, spec.name, spec.value, ORIGIN]])


def _sort(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    return _keep_attrs(frame, _sorted(frame, spec.by, not spec.descending))


def _sorted(frame: pd.DataFrame, by: list[str], ascending: bool) -> pd.DataFrame:
    import pandas as pd

    def key(series: pd.Series) -> pd.Series:
        if pd.api.types.is_numeric_dtype(series):
            return series
        return series.map(lambda v: v.casefold() if isinstance(v, str) else v)

    ordered = frame.sort_values(by, ascending=ascending, na_position="last", kind="stable", key=key)
    return ordered.reset_index(drop=True)


def _top(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    ordered = _sorted(frame, [spec.by], spec.smallest)
    if spec.per:
        ordered = ordered.groupby(spec.per, sort=False, dropna=False).head(spec.n)
    else:
        ordered = ordered.head(spec.n)
    return _keep_attrs(frame, ordered.reset_index(drop=True))


def _growth(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    import pandas as pd

    from ..model.filters import Condition

    periods = frame[spec.period].tolist()
    ends = []
    for i, value in enumerate(spec.between):
        test = Condition(equals=value).test
        rows = frame[[test(p) for p in periods]]
        twice = rows[rows.duplicated(subset=spec.by, keep=False)]
        if len(twice):
            shown = ", ".join(f"{k}={twice.iloc[0][k]!r}" for k in spec.by)
            raise StepError(
                ("growth", "between", i),
                f"several rows have {shown} in {spec.period} {value}: `by` must name one row "
                "a period",
            )
        if not len(rows):
            raise StepError(("growth", "between", i), f"no row has {spec.period} {value}")
        ends.append(rows.set_index(spec.by))
    result = pd.DataFrame(index=ends[0].index.union(ends[1].index, sort=False))
    for value in spec.values:
        names = growth_names(spec, value)
        start = _numbers(ends[0], value, ("growth", "values")).reindex(result.index)
        end = _numbers(ends[1], value, ("growth", "values")).reindex(result.index)
        result[names["start"]], result[names["end"]] = start, end
        result[names["change"]] = end - start
        base = start.astype("float64").where(start != 0)
        result[names["growth"]] = (end - start) / base * 100
        if "annual" in names:
            span = abs(_span(spec.between)) or float("nan")
            result[names["annual"]] = ((end / base) ** (1 / span) - 1) * 100
    return result.reset_index()


def _span(between: list[Any]) -> float:
    try:
        return float(between[1]) - float(between[0])
    except (TypeError, ValueError):
        raise StepError(("growth", "annual"), "`annual` needs periods that are numbers") from None


def _share(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    values = _numbers(frame, spec.of, ("share", "of")).astype("float64")
    total: Any
    if spec.within:
        total = values.groupby([frame[c] for c in spec.within], dropna=False).transform("sum")
    else:
        total = values.sum()
    return frame.assign(**{share_name(spec): values / total * 100})


def _join(frame: pd.DataFrame, spec: Any, other: Any) -> pd.DataFrame:
    right = other(spec.table).drop(columns=[ORIGIN])
    if spec.columns:
        right = right[[*spec.by, *(c for c in spec.columns if c not in spec.by)]]
    twice = right[right.duplicated(subset=spec.by, keep=False)]
    if len(twice):
        shown = ", ".join(f"{k}={twice.iloc[0][k]!r}" for k in spec.by)
        raise StepError(("join", "table"), f"{spec.table} has several rows with {shown}")
    clash = {
        c: f"{c}_{join_suffix(spec)}" for c in right.columns if c in frame and c not in spec.by
    }
    right = right.rename(columns=clash)
    for key in spec.by:  # 1952 in one file and "1952" in the other are one key
        if str(frame[key].dtype) != str(right[key].dtype):
            frame = frame.assign(**{key: frame[key].map(_key)})
            right = right.assign(**{key: right[key].map(_key)})
    joined = frame.merge(right, how=spec.how, on=spec.by, sort=False)
    return _keep_attrs(frame, joined)


def _key(value: Any) -> Any:
    return cell_text(value) or None


_STEPS: dict[str, Callable[[Any, Any, Any], Any]] = {
    "filter": _filter,
    "select": _select,
    "rename": _rename,
    "drop": _drop,
    "drop_missing": _drop_missing,
    "group": _group,
    "pivot": _pivot,
    "melt": _melt,
    "sort": _sort,
    "top": _top,
    "growth": _growth,
    "share": _share,
    "join": _join,
}
_MAKES_ROWS = ("group", "pivot", "growth")
