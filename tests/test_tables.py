"""Tables from CSV: typed columns, formatting, sorting, totals, and located cell errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import BETA, MakeProject
from reportgen.builder import BuildOptions, build
from reportgen.errors import ValidationFailed
from reportgen.model import Column
from reportgen.validate import load_project
from reportgen.validate.tables import Cell, CellError, read_cell, show_cell

TABLE = """\
title: Beta section
key_points:
  - text: Beta point.
    cite: [src-b, src-a]
body:
  - type: table
    id: figures
    data: data/figures.csv
    caption: Some figures
    sort_by: amount
    descending: true
    total: true
    columns:
      - {key: name, heading: Name}
      - {key: count, format: integer}
      - {key: share, format: percent}
      - {key: amount, format: currency, total: sum}
      - {key: ratio, format: decimal, decimals: 2, total: mean}
      - {key: when, format: date}
    cite_column: source
"""

CSV = """\
name,count,share,amount,ratio,when,source
Small,"1,200",12.5%,$300,0.5,2025-10,src-a
Large,7,40,"$1,000.50",1.25,2025-09-30,src-b
Blank,,,,,,src-a
"""


@pytest.mark.parametrize(
    ("fmt", "text", "shown"),
    [
        ("integer", "1,200", "1,200"),
        ("integer", "-7", "-7"),
        ("integer", "2762.46", "2,762"),
        ("integer", "2762.5", "2,763"),
        ("decimal", "3.14159", "3.14159"),
        ("percent", "12.5%", "12.5%"),
        ("percent", "40", "40%"),
        ("currency", "$1,000.50", "$1,000.50"),
        ("currency", "-5", "-$5"),
        ("date", "1954-12-02", "2 December 1954"),
        ("date", "2025-10", "October 2025"),
        ("text", "  as written ", "as written"),
    ],
)
def test_cells_read_and_show_by_format(fmt: str, text: str, shown: str) -> None:
    column = Column(key="k", format=fmt)  # type: ignore[arg-type]
    cell = read_cell(text, column)
    assert show_cell(cell, column, cell.decimals) == shown


@pytest.mark.parametrize(
    ("fmt", "text", "message"),
    [
        ("integer", "two", "'two' is not a whole number"),
        ("decimal", "1.2.3", "'1.2.3' is not a number"),
        ("percent", "ten %", "'ten %' is not a percentage such as 12.5 or 12.5%"),
        ("date", "Oct 2025", "'Oct 2025' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)"),
    ],
)
def test_bad_cells_say_what_was_expected(fmt: str, text: str, message: str) -> None:
    with pytest.raises(CellError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        read_cell(text, Column(key="k", format=fmt))  # type: ignore[arg-type]


def test_table_is_formatted_sorted_and_totalled(make_project: MakeProject) -> None:
    project = load_project(
        make_project({"data/sections/beta.yaml": TABLE, "data/figures.csv": CSV})
    )
    table = project.tables["figures"]
    assert [c.label for c in table.columns] == ["Name", "count", "share", "amount", "ratio", "when"]
    assert [c.alignment for c in table.columns] == [
        "left",
        "right",
        "right",
        "right",
        "right",
        "left",
    ]
    assert [r.cells for r in table.rows] == [
        ["Large", "7", "40.0%", "$1,000.50", "1.25", "30 September 2025"],
        ["Small", "1,200", "12.5%", "$300.00", "0.50", "October 2025"],
        ["Blank", "\u2013", "\u2013", "\u2013", "\u2013", ""],
    ]
    assert [r.cite for r in table.rows] == [["src-b"], ["src-a"], ["src-a"]]
    # Integers (counts) sum; other columns total only as they say: the amounts sum, the
    # ratios are averaged (over the rows that have one), the percentages are not totalled.
    assert table.total == ["Total", "1,207", "", "$1,300.50", "0.88", ""]


def test_cell_errors_name_row_and_column_and_all_are_reported(make_project: MakeProject) -> None:
    bad = CSV.replace('Small,"1,200"', "Small,many").replace("0.5,2025-10", "0.5,Oct 2025")
    root = make_project({"data/sections/beta.yaml": TABLE, "data/figures.csv": bad})
    with pytest.raises(ValidationFailed) as info:
        load_project(root)
    found = [(p.line, p.col, p.message) for p in info.value.problems]
    assert found == [
        (2, 7, "row 1, column 'count': 'many' is not a whole number"),
        (
            2,
            27,
            "row 1, column 'when': 'Oct 2025' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
    ]


def test_two_tables_over_one_file_keep_their_own_columns(make_project: MakeProject) -> None:
    second = BETA + (
        "  - type: table\n    id: names\n    data: data/figures.csv\n"
        "    caption: Names only\n    columns: [{key: name}]\n"
    )
    project = load_project(make_project({"data/sections/beta.yaml": second}))
    assert [c.key for c in project.tables["figures"].columns] == ["name", "count"]
    assert [c.key for c in project.tables["names"].columns] == ["name"]


WIDE = "a,b,c,d,e,f,g,h\n" + "".join(f"{i},{i},{i},{i},{i},{i},{i},{i}\n" for i in range(3))


def wide_table(layout: str | None) -> str:
    spec = BETA.replace(
        "    columns:\n      - key: name\n      - key: count\n        align: right\n"
        "    cite_column: source\n",
        "",
    )
    spec = spec.replace("data: data/figures.csv", "data: data/wide.csv")
    return spec + (f"    layout: {layout}\n" if layout else "")


def test_wide_tables_go_compact_or_landscape(make_project: MakeProject, tmp_path: Path) -> None:
    auto = load_project(
        make_project(
            {"data/sections/beta.yaml": wide_table(None), "data/wide.csv": WIDE}, name="auto"
        )
    )
    assert auto.tables["figures"].layout == "compact"
    root = make_project(
        {"data/sections/beta.yaml": wide_table("landscape"), "data/wide.csv": WIDE},
        name="landscape",
    )
    build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["pdf"]))
    pages = PdfReader(tmp_path / "mini-full.pdf").pages
    sideways = [i for i, p in enumerate(pages) if p.mediabox.width > p.mediabox.height]
    assert len(sideways) == 1
    assert "Table 1. Some figures" in pages[sideways[0]].extract_text()


def test_json_table(make_project: MakeProject) -> None:
    spec = BETA.replace("data/figures.csv", "data/figures.json")
    rows = (
        '[{"name": "First", "count": 1, "source": "src-a"},'
        ' {"name": "Second", "count": 2000, "source": "src-b"}]'
    )
    project = load_project(
        make_project(
            {"data/sections/beta.yaml": spec, "data/figures.json": rows, "data/figures.csv": None}
        )
    )
    assert [r.cells for r in project.tables["figures"].rows] == [["First", "1"], ["Second", "2000"]]


def test_long_table_breaks_with_its_header_repeated(
    make_project: MakeProject, tmp_path: Path
) -> None:
    rows = "".join(f"Row {i},{i},src-a\n" for i in range(1, 81))
    root = make_project({"data/figures.csv": "name,count,source\n" + rows})
    build(load_project(root), BuildOptions(out_dir=tmp_path, formats=["pdf"]))
    pages = [p.extract_text() for p in PdfReader(tmp_path / "mini-full.pdf").pages]
    holding = [text for text in pages if "Row " in text]
    assert len(holding) >= 2
    for text in holding:
        assert "name count Source" in text.replace("\n", " ")
    assert "Row 80" in holding[-1]
    # The caption repeats, marked "(continued)", on every page after the first.
    assert "Table 1. Some figures\n" in holding[0] + "\n"
    for text in holding[1:]:
        assert "Table 1. Some figures (continued)" in text


def test_percent_scale_fraction_reads_fractions() -> None:
    column = Column(key="k", format="percent", scale="fraction")
    cell = read_cell("0.0444", column)
    assert show_cell(cell, column, cell.decimals) == "4.44%"
    as_written = Column(key="k", format="percent", scale="points")
    cell = read_cell("4.44", as_written)
    assert show_cell(cell, as_written, cell.decimals) == "4.44%"


def test_percent_column_of_fractions_is_warned_at_its_format(make_project: MakeProject) -> None:
    spec = TABLE
    csv = CSV.replace("12.5%", "0.125").replace(",40,", ",0.4,")
    project = load_project(make_project({"data/sections/beta.yaml": spec, "data/figures.csv": csv}))
    warnings = [p for p in project.warnings if "percent column" in p.message]
    assert [(Path(p.path).name, p.line, p.col, p.message) for p in warnings] == [
        (
            "beta.yaml",
            16,
            30,
            "percent column 'share' holds only values between -1 and 1 (0.125 is shown as 0.125%)",
        )
    ]
    assert "scale: fraction" in warnings[0].hint
    fixed = spec.replace("format: percent}", "format: percent, scale: fraction}")
    root = make_project({"data/sections/beta.yaml": fixed, "data/figures.csv": csv}, name="fixed")
    project = load_project(root)
    assert not [p for p in project.warnings if "percent column" in p.message]
    assert [r.cells[2] for r in project.tables["figures"].rows] == ["40.0%", "12.5%", "\u2013"]


def test_integer_column_rounds_for_display_and_totals_the_values(
    make_project: MakeProject,
) -> None:
    csv = CSV.replace('"1,200"', "2762.46").replace(",7,", ",7.5,")
    project = load_project(
        make_project({"data/sections/beta.yaml": TABLE, "data/figures.csv": csv})
    )
    table = project.tables["figures"]
    assert [r.cells[1] for r in table.rows] == ["8", "2,762", "\u2013"]
    assert table.total is not None and table.total[1] == "2,770"


def _text_boxes(box: object) -> list[object]:
    """Every text box below a WeasyPrint box."""
    found = []
    for child in getattr(box, "children", []) or []:
        if hasattr(child, "text") and isinstance(child.text, str):
            found.append(child)
        found += _text_boxes(child)
    return found


def test_numeric_headings_sit_over_their_numbers_in_print(make_project: MakeProject) -> None:
    import weasyprint

    from reportgen.pdf.layout import prepare_fonts
    from reportgen.render import for_print, project_environment, render_html

    project = load_project(
        make_project({"data/sections/beta.yaml": TABLE, "data/figures.csv": CSV})
    )
    env = project_environment(project)
    html = for_print(render_html(project, "full", env), env, project)
    fonts = prepare_fonts()
    document = weasyprint.HTML(string=html).render(
        font_config=fonts.config, stylesheets=[fonts.css]
    )
    right: dict[str, float] = {}
    left: dict[str, float] = {}
    for page in document.pages:
        for box in _text_boxes(page._page_box):
            text = box.text.strip()  # type: ignore[attr-defined]
            right[text] = box.position_x + box.width  # type: ignore[attr-defined]
            left[text] = box.position_x  # type: ignore[attr-defined]
    # Right-aligned numbers under a right-aligned heading; text under a left one.
    assert abs(right["count"] - right["1,200"]) < 0.5
    assert abs(right["amount"] - right["$1,000.50"]) < 0.5
    assert abs(left["Name"] - left["Large"]) < 0.5


def test_a_currency_column_shows_cents_at_most(make_project: MakeProject) -> None:
    """Regression: amounts written (or computed) with many places printed them all,
    '$2,560.9295702902705' and '$4,959.1148540'."""
    csv = CSV.replace("$300", "4959.114854").replace('"$1,000.50"', "2560.9295702902705")
    project = load_project(
        make_project({"data/sections/beta.yaml": TABLE, "data/figures.csv": csv})
    )
    table = project.tables["figures"]
    assert [r.cells[3] for r in table.rows] == ["$4,959.11", "$2,560.93", "\u2013"]
    assert table.total is not None and table.total[3] == "$7,520.04"


def test_a_number_never_shows_more_digits_than_it_holds() -> None:
    """Regression: '$21,602.7457519542659' (a mean shown with another cell's 13 places)."""
    money, decimal = Column(key="a", format="currency"), Column(key="b", format="decimal")
    assert show_cell(Cell(21602.745751954266, 13), money, 13) == "$21,602.7457519543"
    assert show_cell(Cell(0.1 + 0.2, 17), decimal, 17) == "0.30000000000000"
