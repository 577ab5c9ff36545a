"""A chart block's spec against its file and kind, before any cell is read.

Every column it names must be in the file, once; each option must apply to the
chart's kind; options that contradict each other are errors, located at their lines.
"""

from __future__ import annotations

from ..errors import Problem
from ..load import Document, Loc, Table
from ..model import CATEGORY_KINDS, OPTION_KINDS, ChartBlock, ChartData, parse_partial_date
from .locate import suggest
from .tables import _NUMBER, has_columns


def spec_problems(block: ChartBlock, table: Table, doc: Document, loc: Loc) -> list[Problem]:
    """Columns missing or named twice, options that do not apply to the kind."""
    problems = _columns(block, table, doc, loc)
    for option in sorted(block.model_fields_set & set(OPTION_KINDS)):
        kinds = OPTION_KINDS[option]
        default = ChartBlock.model_fields[option].get_default(call_default_factory=True)
        if block.kind not in kinds and getattr(block, option) not in (default, None, False):
            names = ", ".join(kinds)
            problems.append(
                doc.problem(
                    (*loc, option),
                    f"`{option}` does not apply to a {block.kind} chart",
                    hint=f"it applies to: {names}",
                )
            )
    problems += _kind_rules(block, doc, loc)
    return problems


def _columns(block: ChartBlock, table: Table, doc: Document, loc: Loc) -> list[Problem]:
    wanted: list[tuple[Loc, str]] = [((*loc, "x"), block.x)]
    wanted += [((*loc, "y", i), key) for i, key in enumerate(block.y)]
    for option in ("label", "colour_by", "size_by", "cite_column"):
        if getattr(block, option):
            wanted.append(((*loc, option), getattr(block, option)))
    problems = [
        doc.problem(
            where,
            f"column {key!r} not found in {block.data}",
            hint=suggest(key, table.columns) or has_columns(table),
        )
        for where, key in wanted
        if key not in table.columns
    ]
    for i, key in enumerate(block.y):
        if key in block.y[:i]:
            problems.append(
                doc.problem(
                    (*loc, "y", i),
                    f"column {key!r} is named twice in `y`",
                    hint="name each series once",
                )
            )
        elif key == block.x:
            problems.append(
                doc.problem(
                    (*loc, "y", i),
                    f"column {key!r} is both `x` and a series in `y`",
                    hint="`x` holds the categories or x values, `y` the values drawn against it",
                )
            )
    header = table.raw_columns
    for key in dict.fromkeys(k for _, k in wanted):
        if header.count(key) > 1:
            problems.append(
                Problem(
                    str(table.path),
                    *table.cell_at(-1, header.index(key, header.index(key) + 1)),
                    "error",
                    f"column {key!r} appears twice in the header, so the chart cannot tell "
                    "which to draw",
                    "give each column its own name",
                )
            )
    return problems


def _kind_rules(block: ChartBlock, doc: Document, loc: Loc) -> list[Problem]:
    problems = []
    if block.kind == "timeline" and not block.label:
        problems.append(
            doc.problem(loc, "a timeline chart needs `label`: the column of event labels")
        )
    if block.kind != "timeline" and not block.y:
        problems.append(
            doc.problem(loc, f"a {block.kind} chart needs `y`: one or more numeric columns")
        )
    if block.kind == "lollipop" and len(block.y) > 1:
        problems.append(
            doc.problem(
                (*loc, "y", 1),
                "a lollipop chart draws one series",
                hint="use `kind: dot` to compare several series on one line per category",
            )
        )
    if block.colour_by and block.kind in ("line", "scatter") and len(block.y) > 1:
        problems.append(
            doc.problem(
                (*loc, "colour_by"),
                f"with `colour_by`, a {block.kind} chart draws one `y` column, split by group",
                hint="name one column in `y`",
            )
        )
    if block.legend == "direct" and block.kind != "line":
        problems.append(
            doc.problem(
                (*loc, "legend"),
                "`legend: direct` (names at the ends of lines) is for line charts",
                hint="use top, right or none",
            )
        )
    if block.label_points and not block.label:
        problems.append(
            doc.problem(
                (*loc, "label_points"),
                "`label_points` names points by their `label`, and this chart has none",
                hint="add `label:` naming the column of point names",
            )
        )
    if block.y_format == "percent" and block.y_units not in ("auto", "none"):
        problems.append(
            doc.problem((*loc, "y_units"), "percentages are not shown in thousands or millions")
        )
    if block.fractions and "percent" not in (block.y_format, block.x_format):
        problems.append(
            doc.problem(
                (*loc, "fractions"),
                "`fractions` says how percentages are written, and this chart shows none",
                hint="add `y_format: percent` (or `x_format: percent`)",
            )
        )
    if block.y_scale == "log" and block.kind == "stacked_bar":
        problems.append(doc.problem((*loc, "y_scale"), "stacked bars cannot use a log scale"))
    if block.kind in CATEGORY_KINDS and block.x_scale == "log":
        problems.append(
            doc.problem((*loc, "x_scale"), f"the x of a {block.kind} chart is categories")
        )
    return problems


def name_problems(
    block: ChartBlock, names: dict[str, list[str]], doc: Document, loc: Loc
) -> list[Problem]:
    """`highlight`, `colour` and `label_points` must name what the chart draws (`names`:
    what each may name, by the kind of thing: categories, series, groups, points)."""
    problems = []
    known = [n for values in names.values() for n in values]
    entries: list[tuple[Loc, str, list[str]]] = [
        ((*loc, "highlight", i), name, known) for i, name in enumerate(block.highlight)
    ]
    if isinstance(block.colour, dict):
        entries += [((*loc, "colour", name), name, known) for name in block.colour]
    entries += [
        ((*loc, "label_points", i), name, names.get("points", []))
        for i, name in enumerate(block.label_points)
    ]
    for where, name, choices in entries:
        if name not in choices:
            what = " or ".join(k for k, v in names.items() if v) or "names"
            problems.append(
                doc.problem(
                    where,
                    f"{name!r} is not one of the chart's {what}",
                    hint=suggest(name, choices)
                    or f"the chart's {what}: {', '.join(choices[:8])}"
                    + (", ..." if len(choices) > 8 else ""),
                )
            )
    return problems


def chart_names(block: ChartBlock, data: ChartData) -> dict[str, list[str]]:
    """What `highlight` and `colour` may name in this chart."""
    names = {
        "categories": list(dict.fromkeys(data.x)) if block.kind in CATEGORY_KINDS else [],
        "series": list(data.series) if not (block.colour_by and block.kind == "line") else [],
        "groups": list(dict.fromkeys(data.groups or list(data.series))) if block.colour_by else [],
        "points": list(dict.fromkeys(data.labels)) if block.kind == "scatter" else [],
    }
    return names


def _is_date(value: str) -> bool:
    try:
        parse_partial_date(value)
        return True
    except ValueError:
        return False


def x_format_of(
    block: ChartBlock, values: list[str], doc: Document, loc: Loc
) -> tuple[str, Problem | None]:
    """How a chart reads its x column: dates (timeline, or line over dates), numbers
    (scatter, or line over numbers), or text; for a line chart whose x values are neither
    dates nor numbers, the one problem."""
    if block.kind == "timeline":
        return "date", None
    if block.kind == "scatter" or (
        block.kind == "line" and (block.x_format or block.x_scale == "log")
    ):
        return "number", None
    if block.kind != "line":
        return "text", None
    filled = [v for v in values if v]
    dates = sum(_is_date(v) for v in filled)
    numbers = sum(bool(_NUMBER.match(v.replace(",", ""))) for v in filled)
    if dates and (dates >= numbers or _is_date(values[0])) and dates * 2 >= len(filled):
        return "date", None  # (a chart whose first x is a date is drawn over dates)
    if numbers and numbers * 2 >= len(filled):
        return "number", None
    example = next((v for v in filled if not _is_date(v)), "")
    return "text", doc.problem(
        (*loc, "x"),
        f"a line chart's x values must be dates or numbers, and column {block.x!r} of "
        f"{block.data} holds neither (for example {example!r})",
        hint="write dates as YYYY, YYYY-MM or YYYY-MM-DD (1959Q1 as 1959-01), "
        "or use `kind: bar` for categories",
    )
