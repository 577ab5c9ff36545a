"""What the fuzz tests' mutations (tests/mutate.py) put into a project: tokens typed or
pasted in the wrong place, keys and values of every input reportgen reads (sections,
charts, tables and their data steps, parameters, outputs, bibliographies, editions),
and `--set` options."""

from __future__ import annotations

# What a slip of the keyboard, a paste or a bad export puts in a file.
# fmt: off
TOKENS = [
    ": ", ":", "- ", "-", "*", "&", "@", "!", "%", "|", ">", "#", "`", "?", ",", ";", '"',
    "'", "[", "]", "{", "}", "\t", "\n", "  ", "\r\n", "\r", "\\", ":::",
    "::: {.callout-note}", "::: {.callout-nope}", "```", "```{chart}", "```{table}", "---",
    "## Heading {#h}", "[@", "[@nope]", "[@mnd-2025]", "@fig-", "@fig-nope", "@tbl-x",
    "@sec-nope", "@sec-background", "[^1]", "[^9]: a note", "![img](images/none.png)", "{{",
    "}}", "{%", "%}", "{#", "#}", "{{ nope }}", "{{ brief.nope }}", "{{ brief }}",
    "{% if x %}", "{% endif %}", "{% for s in sections %}", "{% endfor %}", "{{ 1 / 0 }}",
    "{{ sections[99].title }}", "{% include 'nope.html.j2' %}", "{{ brief | nope }}",
    "{{ brief.title | date }}", "{{ brief.date | number }}", "{{ sections | md }}",
    "{% extends 'nope.j2' %}", "{{ cite(['nope']) }}", "{{ xref('fig', 'nope') }}",
    "type: chart", "type: table", "kind: pie", "id: Bad Id", "data: ../outside.csv",
    "data: /etc/passwd", "cite: []", "cite: nope", "y: []", "x: nope", "format: decimal",
    "null", "~", "yes", "no", "0", "-1", "1e999", "nan", "2025-13-45", "2025-02-30",
    "99999999999999999999", "n/a", "..", "é", "\u200b", "\ufeff", "\u00a0", "😀", "\x00",
    "\x1b", "\x7f", "&a", "*a", "<<: *a", "!!python/object:os.system", "!!binary",
    "&a [*a, *a]", "{a: 1}", "[1, 2]", "'unclosed", '"unclosed', "<script>", "&amp;",
    # parameters, derived tables, chart options, editions
    "{params.", "{params.nope}", "{params.continent}", "{params.year}", "\\{params.year}",
    "{{ params.nope }}", "{{ params.continent }}", "kind: scatter", "kind: lollipop",
    "x_scale: log", "y_scale: log", "size_by: nope", "colour_by: nope", "legend: direct",
    "highlight: [nope]", "y_units: millions", "- filter: {nope: 1}", "- sort: {by: nope}",
    "- top: {n: 0, by: pop}", "- group: {by: nope, aggregate: {pop: sum}}",
    "- pivot: {index: country, columns: year, values: pop}", "- share: {of: country}",
    "- join: {table: nope, by: country}", "- growth: {period: year, between: [1, 2]}",
    "foreach: {continent: [Asia, Asia]}", "changes_since: nope", "redline: first",
    "citation_style: nope", "snapshot: data/snapshots/nope.txt", "historical: true",
    # BibTeX and CSL-JSON
    "@article{", "@misc{x,", "@string{a = {b}}", "title = {", "= {", "},", "{\\'e}",
    "month = jan,", "#", '"id": ', '"type": "nope", ', '"issued": {"date-parts": [["x"]]}',
    '{"family": 1}', "null,", "[],", "\u201cquoted\u201d",
]
KEYS = [
    "title", "summary", "key_points", "text", "cite", "body", "type", "id", "data",
    "caption", "columns", "key", "format", "kind", "x", "y", "alt", "label", "sources",
    "date", "as_of", "marking", "outputs", "template", "sections", "theme", "brief",
    "subsections", "cite_column", "sort_by", "na", "rows", "style", "formats", "draft",
    "params", "tables", "steps", "filter", "select", "rename", "drop", "drop_missing",
    "group", "by", "aggregate", "pivot", "melt", "sort", "top", "n", "growth", "share",
    "join", "between", "period", "values", "weight", "mean", "index", "how", "table",
    "foreach", "default", "choices", "changes_since", "redline", "citation_style",
    "snapshot", "snapshot_sha256", "size_by", "colour_by", "x_scale", "y_scale", "legend",
    "highlight", "label_points", "y_units", "x_format", "historical", "author", "issued",
]
VALUES = [
    "", "x", "0", "1.5", "-3", "true", "false", "null", "[]", "{}", "[a, b]", "{a: 1}",
    "2025-10-01", "2025-13", "'quoted'", '"double"', "|", ">-", "*alias", "&anchor x",
    "data/tables/himars.csv", "data/nope.csv", "templates/brief.html.j2", "default",
    "pdf/ua-1", "pdf/a-3b", "footnotes", "page", "html", "[html]", "[pdf, html]",
    "{params.continent}", "{params.nope}", "{params.year}", "scatter", "dot", "lollipop",
    "log", "millions", "right", "direct", "none", "[Asia]", "[nope]", "first", "HEAD~1",
    "../first", "apa", "ieee", "chicago-notes-bibliography", "nope-style", "styles/x.csl",
    "latest", "growth", "wide", "continents", "data/gapminder.csv", "data/refs.bib",
    "data/snapshots/nope.txt", "{n: 3, by: pop}", "{mean: lifeExp, weight: pop}", "sum",
    "[1952, 2007]", "integer", "date", "string", "{continent: [Asia, Europe]}",
    "{continent: []}", "{nope: [a]}", "[data/refs.json, data/refs.json]",
]
# `--set KEY=VALUE`: output options and parameters.
SETTINGS = [
    "draft", "marking", "pdf_variant", "notes", "section_breaks", "sections", "formats",
    "template", "nope", "style", "title", "params.continent", "params.year", "params.nope",
    "params.", "changes_since", "redline", "citation_style", "foreach", "params",
]
SET_VALUES = [
    "Asia", "Oceania", "Atlantis", "asia", "1952", "2007", "1953", "-1", "x", "", "first",
    "nope", "HEAD", ".", "..", "data", "apa", "nope-style", "{continent: [Asia]}", "[a]",
]
# fmt: on

# Values of every kind, for edits of a YAML (or JSON) tree.
# fmt: off
TREE_VALUES: list[object] = [
    None, True, False, 0, -1, 1.5, 10**30, 1e308, float("inf"), float("nan"), "", "x",
    "x" * 3000, "é \u200b 😀", [], {}, ["a"], {"a": 1}, [[]], [{}], "2025-10-01", "1952",
    "<b>bold</b>", "[@nope]", "@fig-nope", "**", "{{ brief }}", "- item", "a: b",
    "{params.continent}", "{params.nope}", "{params.year}", {"filter": {"year": 1}},
    {"top": {"n": 2, "by": "pop"}}, {"date-parts": [[2025, 13]]}, [{"family": "X"}],
]
# fmt: on
