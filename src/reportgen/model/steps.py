"""Derived tables: a table made from another by data steps (`tables:` in reportgen.yaml).

Each step is a mapping with one key, the step's name: `filter`, `select`, `rename`,
`drop`, `drop_missing`, `group`, `pivot`, `melt`, `sort`, `top`, `growth`, `share` or
`join`. Steps name columns; validation checks every name before anything is computed.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from .filters import Filter
from .params import Scalar
from .types import Model, Text

AGGREGATES = ("sum", "mean", "median", "min", "max", "count", "first", "last")
Aggregate = Literal["sum", "mean", "median", "min", "max", "count", "first", "last"]


def _listed(value: Any) -> Any:
    """Let one column be written without list brackets."""
    return [value] if isinstance(value, str) else value


Columns = Annotated[list[Text], BeforeValidator(_listed)]


class AggregateSpec(Model):
    """One function of one column of each group, e.g. `{mean: lifeExp, weight: pop}`.

    Give one of the functions, its value the column it is of.
    """

    sum: Text | None = Field(None, description="the total", examples=["pop"])
    mean: Text | None = Field(None, description="the average", examples=["lifeExp"])
    median: Text | None = Field(None, description="the middle value", examples=["lifeExp"])
    min: Text | None = Field(None, description="the smallest value", examples=["year"])
    max: Text | None = Field(None, description="the largest value", examples=["year"])
    count: Text | None = Field(None, description="how many cells are filled", examples=["country"])
    first: Text | None = Field(None, description="the first filled cell", examples=["country"])
    last: Text | None = Field(None, description="the last filled cell", examples=["country"])
    weight: Text | None = Field(
        None, description="with `mean`: the column that weights it", examples=["pop"]
    )

    @model_validator(mode="after")
    def _one_function(self) -> AggregateSpec:
        given = [name for name in AGGREGATES if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give one function of: {', '.join(AGGREGATES)}")
        if self.weight is not None and given != ["mean"]:
            raise ValueError("`weight` goes with `mean` only")
        return self

    @property
    def function(self) -> str:
        return next(name for name in AGGREGATES if getattr(self, name) is not None)

    @property
    def column(self) -> str:
        return str(getattr(self, self.function))


class Group(Model):
    """Rows grouped by the `by` columns, one row a group, with aggregated columns."""

    by: Columns = Field(
        description="the columns whose values make a group", examples=[["continent"]]
    )
    aggregate: dict[Text, Aggregate | AggregateSpec] = Field(
        description="new column: a function of the column of the same name (`pop: sum`), "
        "or a function of another column (`{mean: lifeExp, weight: pop}`)",
        examples=[{"pop": "sum", "lifeExp": {"mean": "lifeExp", "weight": "pop"}}],
    )


class Pivot(Model):
    """A long table made wide: one row per `index`, one column per value of `columns`."""

    index: Columns = Field(description="the columns that name a row", examples=[["country"]])
    columns: Text = Field(description="the column whose values become columns", examples=["year"])
    values: Text = Field(description="the column whose cells fill them", examples=["lifeExp"])
    aggregate: Aggregate | None = Field(
        None,
        description="how to combine rows that fall in one cell; default: an error",
        examples=["mean"],
    )


class Melt(Model):
    """A wide table made long: the `columns` (default: all but `id`) become rows."""

    id: Columns = Field(description="the columns kept on every row", examples=[["country"]])
    columns: Columns | None = Field(
        None, description="the columns made rows; default: all others", examples=[["1952", "2007"]]
    )
    name: Text = Field(
        "variable", description="the new column of former headers", examples=["year"]
    )
    value: Text = Field("value", description="the new column of their cells", examples=["lifeExp"])


class Sort(Model):
    """Rows in the order of the `by` columns (empty cells last)."""

    by: Columns = Field(description="the columns to sort by, first first", examples=[["pop"]])
    descending: bool = Field(False, description="largest first", examples=[True])


class Top(Model):
    """The `n` rows with the largest values of `by` (smallest with `smallest: true`)."""

    n: int = Field(ge=1, description="how many rows", examples=[20])
    by: Text = Field(description="the column ranked", examples=["pop"])
    per: Columns | None = Field(
        None, description="the top `n` in each group", examples=[["continent"]]
    )
    smallest: bool = Field(False, description="the smallest values instead", examples=[True])


class Growth(Model):
    """The change between two periods of a long table, one row for each `by` group.

    For each of `values` it makes the columns `<value>_<start>`, `<value>_<end>`,
    `<value>_change` and `<value>_growth` (per cent), and with `annual: true`
    `<value>_annual` (per cent a period unit, compounded).
    """

    period: Text = Field(description="the column of periods", examples=["year"])
    between: list[Scalar] = Field(
        min_length=2,
        max_length=2,
        description="the two periods: from, to",
        examples=[[1952, 2007]],
    )
    values: Columns = Field(description="the columns compared", examples=[["lifeExp", "pop"]])
    by: Columns = Field(
        description="the columns that name one row a period", examples=[["country"]]
    )
    annual: bool = Field(
        False, description="add the compound growth a period unit", examples=[True]
    )


class Share(Model):
    """A column of each row's share (per cent) of the column's total, or of its group's."""

    of: Text = Field(description="the column shared out", examples=["pop"])
    name: Text | None = Field(
        None, description="the new column; default: `<of>_share`", examples=["pop_share"]
    )
    within: Columns = Field(
        default_factory=list,
        description="shares of each group's total, not the whole column's",
        examples=[["year"]],
    )


class Join(Model):
    """Columns of another table added to each row whose key matches."""

    table: Text = Field(description="a table name or file", examples=["data/regions.csv"])
    by: Columns = Field(
        description="the key columns, in both tables (`by`, not `on`: YAML reads `on` as true)",
        examples=[["country"]],
    )
    how: Literal["left", "inner", "outer"] = Field(
        "left", description="left: keep every row; inner: only rows that match", examples=["inner"]
    )
    columns: Columns | None = Field(
        None, description="the other table's columns to add; default: all", examples=[["region"]]
    )


class Step(Model):
    """One data step: a mapping with exactly one key, the step's name."""

    filter: Filter | None = Field(
        None,
        description="keep the rows whose cells pass every condition",
        examples=[{"year": 2007, "continent": "{params.continent}"}],
    )
    select: Columns | dict[Text, Text] | None = Field(
        None,
        description="keep these columns, in this order (a mapping renames them too)",
        examples=[["country", "pop"]],
    )
    rename: dict[Text, Text] | None = Field(
        None, description="new names of columns", examples=[{"lifeExp": "Life expectancy"}]
    )
    drop: Columns | None = Field(None, description="remove these columns", examples=[["iso"]])
    drop_missing: Columns | None = Field(
        None,
        description="remove rows with an empty cell in any of these columns",
        examples=[["gdpPercap"]],
    )
    group: Group | None = Field(None, description="one row for each group, aggregated")
    pivot: Pivot | None = Field(None, description="a long table made wide")
    melt: Melt | None = Field(None, description="a wide table made long")
    sort: Sort | None = Field(None, description="rows in order (`sort: COLUMN`: ascending)")
    top: Top | None = Field(None, description="the rows with the largest values")
    growth: Growth | None = Field(None, description="the change between two periods")
    share: Share | None = Field(None, description="each row's per cent of the total")
    join: Join | None = Field(None, description="columns of another table, matched by key")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        """`sort: pop` sorts by one column, ascending."""
        if isinstance(value, dict) and isinstance(value.get("sort"), str | list):
            return {**value, "sort": {"by": value["sort"]}}
        return value

    @model_validator(mode="after")
    def _one_step(self) -> Step:
        if len(self.model_fields_set) != 1 or self.spec is None:
            raise ValueError(f"a step has exactly one key, one of: {', '.join(STEPS)}")
        return self

    @property
    def kind(self) -> str:
        return next(iter(self.model_fields_set))

    @property
    def spec(self) -> Any:
        return getattr(self, self.kind)


STEPS: tuple[str, ...] = tuple(Step.model_fields)


class TableSpec(Model):
    """A named table: a file, or another table changed by data steps."""

    data: Text = Field(
        description="a file (CSV, JSON, .xlsx or .parquet) or the name of another table",
        examples=["data/gapminder.csv"],
    )
    sheet: Text | None = Field(None, description="the sheet of an .xlsx file", examples=["Data"])
    steps: list[Step] = Field(
        default_factory=list,
        description="applied in order",
        examples=[[{"filter": {"year": 2007}}, {"top": {"n": 20, "by": "pop"}}]],
    )
    description: Text | None = Field(
        None, description="what the table holds", examples=["The 20 most populous countries, 2007"]
    )
