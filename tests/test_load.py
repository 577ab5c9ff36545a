"""Load stage: YAML with node locations, duplicate keys, limits, CSV and JSON tables."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reportgen.errors import ReportgenError
from reportgen.load import load_table, load_yaml


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_yaml_keeps_line_and_column_of_keys_and_values(tmp_path: Path) -> None:
    text = "title: T\nbody:\n  - type: paragraph\n    text: x\n"
    doc = load_yaml(write(tmp_path, "a.yaml", text))
    assert doc.value == {"title": "T", "body": [{"type": "paragraph", "text": "x"}]}
    assert doc.where(("body", 0, "text")) == (4, 11)
    assert doc.where(("body", 0, "text"), key=True) == (4, 5)
    # A location that does not exist falls back to its nearest parent.
    assert doc.where(("body", 0, "missing")) == (3, 5)


def test_duplicate_key_is_a_problem_at_the_second_occurrence(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "a.yaml", "title: One\nsummary: s\ntitle: Two\n"))
    assert doc.value["title"] == "One"
    [problem] = doc.problems
    assert (problem.line, problem.col) == (3, 1)
    assert problem.message == "duplicate key 'title' (first defined at line 1)"


def test_yaml_syntax_error_keeps_pyyaml_location(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "title: ok\nbody: [a, b\nnext: 1\n")
    with pytest.raises(ReportgenError) as info:
        load_yaml(path)
    err = info.value
    assert err.path == str(path)
    # Reported at the unclosed '[' (line 2), naming where the parser stopped.
    assert (err.line, err.col) == (2, 7)
    assert err.message == (
        "YAML syntax error: this '[' list is not closed "
        "(expected ',' or ']', but got ':' at line 3, column 5)"
    )


def test_unreadable_scalar_is_reported_and_parsing_continues(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "a.yaml", "date: 2025-13-45\ntitle: T\n"))
    assert doc.value == {"date": "2025-13-45", "title": "T"}
    [problem] = doc.problems
    assert (problem.line, problem.col) == (1, 7)
    assert "2025-13-45" in problem.message


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    start = time.monotonic()
    with pytest.raises(ReportgenError, match="YAML document too large"):
        load_yaml(write(tmp_path, "lol.yaml", "\n".join(lines) + "\n"))
    assert time.monotonic() - start < 10


def test_non_utf8_yaml_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", b"title: ok\nsummary: caf\xe9\n")
    with pytest.raises(ReportgenError) as info:
        load_yaml(path)
    assert (info.value.line, info.value.col) == (2, 13)
    assert "UTF-8" in info.value.message


def test_csv_is_read_as_text_with_row_lines(tmp_path: Path) -> None:
    table = load_table(write(tmp_path, "t.csv", "name, count\nA,01\nB,\n"))
    assert table.columns == ["name", "count"]
    assert table.records() == [{"name": "A", "count": "01"}, {"name": "B", "count": ""}]
    assert table.line_of(1) == 3


def test_csv_with_a_ragged_row_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(ReportgenError) as info:
        load_table(write(tmp_path, "t.csv", "a,b\n1,2\n3,4,5\n"))
    assert (info.value.line, info.value.col) == (3, 1)
    assert info.value.message == (
        "CSV error: this row has 3 cells, but the header names 2 columns: "
        "the cell of 'a' seems to hold a comma ('3,4')"
    )
    assert info.value.hint == (
        'a cell that holds a comma must be in quotes (or delete the comma):\n    "3,4",5'
    )


def test_csv_rows_know_their_lines_past_blank_lines_and_multi_line_cells(tmp_path: Path) -> None:
    text = '\n\nname,note\nA,"two\nlines"\n\nB,x\n   \nC,y\n'
    table = load_table(write(tmp_path, "t.csv", text))
    assert table.header_line == 3
    assert [table.line_of(i) for i in range(3)] == [4, 7, 9]
    assert table.records()[0] == {"name": "A", "note": "two\nlines"}


def test_csv_short_rows_are_padded_and_long_ones_located_where_they_start(tmp_path: Path) -> None:
    table = load_table(write(tmp_path, "t.csv", "a,b,c\n1,2\n"))
    assert table.records() == [{"a": "1", "b": "2", "c": ""}]
    with pytest.raises(ReportgenError) as info:
        load_table(write(tmp_path, "u.csv", 'a,b\n\n"x\ny",2,3\n'))
    assert info.value.line == 3
    # No other row to tell which cell it is.
    assert info.value.message == "CSV error: this row has 3 cells, but the header names 2 columns"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('a,b\n1,2\n"open,3\n4,5\n', 3, "never closed"),
        ('a,b\n1,2\n"x"y,3\n', 3, "after the closing quote"),
        ('a,b\n1,2\n"open,3\n4,"x"\n', 3, "closed only on line 4"),
    ],
)
def test_csv_bad_quoting_is_located_with_a_hint(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    with pytest.raises(ReportgenError) as info:
        load_table(write(tmp_path, "t.csv", text))
    assert info.value.line == line
    assert words in info.value.message
    assert info.value.hint


def test_csv_header_after_blank_lines_is_kept_as_written(tmp_path: Path) -> None:
    table = load_table(write(tmp_path, "t.csv", "\n\na,a,b\n1,2,3\n"))
    assert (table.raw_columns, table.header_line) == (["a", "a", "b"], 3)


def test_csv_trailing_empty_columns_of_a_spreadsheet_are_dropped(tmp_path: Path) -> None:
    table = load_table(write(tmp_path, "t.csv", "a,b,,\n1,2,,\n3,,,\n"))
    assert table.columns == ["a", "b"]
    assert table.records() == [{"a": "1", "b": "2"}, {"a": "3", "b": ""}]
    kept = load_table(write(tmp_path, "u.csv", "a,\n1,x\n"))  # an unnamed column with data
    assert kept.columns == ["a", ""]


def test_json_table_and_json_syntax_error(tmp_path: Path) -> None:
    table = load_table(write(tmp_path, "t.json", '[{"a": "x", "b": 2}, {"a": "y", "b": null}]'))
    assert table.records() == [{"a": "x", "b": "2"}, {"a": "y", "b": ""}]
    with pytest.raises(ReportgenError) as info:
        load_table(write(tmp_path, "bad.json", '[\n  {"a": 1,}\n]'))
    assert (info.value.line, info.value.col) == (2, 10)  # the comma, not the `}` after it
    assert info.value.message == "JSON syntax error: a comma before `}`, after the last item"
    assert info.value.hint.endswith('\n      {"a": 1}')  # the line, shown indented


def test_csv_comma_in_prose_is_told_from_the_space_after_it(tmp_path: Path) -> None:
    text = "date,label,source\n1954-12-02,Treaty, signed,s1\n1979-04-10,Act enacted,s2\n"
    with pytest.raises(ReportgenError) as info:
        load_table(write(tmp_path, "t.csv", text))
    assert (info.value.line, info.value.col) == (2, 12)
    assert info.value.message.endswith(
        "the cell of 'label' seems to hold a comma ('Treaty, signed')"
    )
    assert info.value.hint.endswith('\n    1954-12-02,"Treaty, signed",s1')


def test_a_yaml_line_that_is_no_key_says_where_it_could_belong(tmp_path: Path) -> None:
    text = "sources:\n  - id: a\n    title: A report\n   on things\n"
    with pytest.raises(ReportgenError) as info:
        load_yaml(write(tmp_path, "s.yaml", text))
    assert (info.value.line, info.value.col) == (4, 4)
    assert info.value.message == (
        "YAML syntax error: this line is neither `key: value` nor a list item"
    )
    assert info.value.hint.endswith("\n        title: A report\n          on things")
