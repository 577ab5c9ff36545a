"""docs/data.md's worked example, built as written from the Gapminder data: five continent
briefs from one `foreach`, their derived tables checked against plain Python."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from markupsafe import escape
from pypdf import PdfReader

from conftest import REPO
from reportgen.builder import BuildOptions, build_project
from reportgen.validate import load_project

GUIDE = (REPO / "docs" / "data.md").read_text()
FILES = {
    m["name"]: m["text"]
    for m in re.finditer(
        r"File `(?P<name>[^`]+)`[^\n]*:\n\n(?P<fence>`{3,4})\w*\n(?P<text>.*?)\n(?P=fence)\n",
        GUIDE,
        re.S,
    )
}
GAPMINDER = Path(__file__).parent / "data" / "gapminder" / "gapminder.csv"
CONTINENTS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]


def write_example(root: Path) -> Path:
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text + "\n", encoding="utf-8")
    (root / "data/gapminder.csv").write_bytes(GAPMINDER.read_bytes())
    return root


def test_the_guide_has_the_whole_example() -> None:
    assert sorted(FILES) == [
        "data/brief.yaml",
        "data/sections/overview.md",
        "data/sources.yaml",
        "reportgen.yaml",
        "templates/brief.html.j2",
    ]


def test_the_guides_example_builds_five_briefs(tmp_path: Path) -> None:
    root = write_example(tmp_path / "guide")
    assert load_project(root).warnings == []
    out = tmp_path / "out"
    result = build_project(root, BuildOptions(out_dir=out, formats=("html",), jobs=1))
    assert sorted(f.path.name for f in result.files) == [
        f"gapminder-continent-{c.lower()}.html" for c in CONTINENTS
    ]
    rows = list(csv.DictReader(GAPMINDER.read_text(encoding="utf-8").splitlines()))
    latest = [r for r in rows if r["year"] == "2007"]
    top = {r["country"] for r in sorted(latest, key=lambda r: -int(r["pop"]))[:20]}
    for continent in CONTINENTS:
        html = (out / f"gapminder-continent-{continent.lower()}.html").read_text()
        assert f"{continent}: life expectancy and population, 1952 to 2007</h1>" in html
        assert f"The {continent} edition: one of five" in html
        assert f">{continent} in 2007</h2>" in html
        mine = [r["country"] for r in latest if r["continent"] == continent]
        populous = [c for c in mine if c in top]
        if populous:
            assert all(f">{escape(country)}</th>" in html for country in populous)
        else:
            assert f"No country of {continent} is among the 20 most populous." in html
        for country in mine:  # the growth table lists every country of its continent
            assert f">{escape(country)}</th>" in html
    weighted: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in latest:
        weighted[r["continent"]][0] += float(r["lifeExp"]) * int(r["pop"])
        weighted[r["continent"]][1] += int(r["pop"])
    html = (out / "gapminder-continent-asia.html").read_text()
    for continent, (total, pop) in weighted.items():
        assert re.search(rf">{continent}</th>\s*<td[^>]*>{total / pop:.1f}</td>", html)
    world = sum(t for t, _ in weighted.values()) / sum(p for _, p in weighted.values())
    assert re.search(rf">World</th>\s*<td[^>]*>{world:.1f}</td>", html)

    # New Zealand's 1952 figure changes: the Oceania brief alone is rebuilt.
    data = root / "data/gapminder.csv"
    data.write_text(
        data.read_text().replace("New Zealand,Oceania,1952,69.39", "New Zealand,Oceania,1952,69.5")
    )
    again = build_project(root, BuildOptions(out_dir=out, formats=("html",), jobs=1))
    assert [f.path.name for f in again.files] == ["gapminder-continent-oceania.html"]
    assert sorted(again.skipped) == [f"continent-{c.lower()}" for c in CONTINENTS[:4]]
    html = (out / "gapminder-continent-oceania.html").read_text()
    assert re.search(r">New Zealand</th>\s*<td[^>]*>69\.5</td>", html)
    # A 2007 figure is in every brief's table of continents: all five are rebuilt.
    data.write_text(
        data.read_text().replace("New Zealand,Oceania,2007,80.204", "New Zealand,Oceania,2007,80.9")
    )
    assert len(build_project(root, BuildOptions(out_dir=out, formats=("html",), jobs=1)).files) == 5


def test_the_guides_example_as_pdf(tmp_path: Path) -> None:
    root = write_example(tmp_path / "guide")
    out = tmp_path / "out"
    build_project(root, BuildOptions(out_dir=out, only=("continent-oceania",), formats=("pdf",)))
    text = " ".join(
        p.extract_text() for p in PdfReader(out / "gapminder-continent-oceania.pdf").pages
    )
    assert "Oceania: life expectancy and population" in text
    assert "The Oceania edition" in text and "New Zealand" in text
    assert "UNCLASSIFIED" not in text and "None" not in text
