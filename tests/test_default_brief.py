"""End to end: the default Taiwan brief builds, reads back from its PDF, and cites its sources."""

from __future__ import annotations

import itertools
import re

import pytest
from pypdf import PdfReader

from conftest import Built
from reportgen.model import Project

MISSION_SECTIONS = [
    "The US partnership",
    "Regional initiatives",
    "Cyber cooperation",
    "Humanitarian assistance and disaster relief (HADR)",
    "Future prospects and challenges",
]


@pytest.fixture(scope="module")
def plain(default_builds: dict[str, Built]) -> Built:
    return default_builds["plain"]


@pytest.fixture(scope="module")
def pdf_text(plain: Built) -> str:
    reader = PdfReader(plain.pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"-\n", "", text)  # undo hyphenation at line ends
    return re.sub(r"\s+", " ", text)


def test_default_project_validates_without_warnings(default_project: Project) -> None:
    assert default_project.warnings == []
    assert [s.id for s in default_project.sections] == [
        "key-judgments",
        "background",
        "us-partnership",
        "regional-initiatives",
        "cyber-cooperation",
        "hadr",
        "future-prospects",
    ]


def test_every_variant_builds_html_and_pdf_without_warnings(
    default_builds: dict[str, Built],
) -> None:
    for name, built in default_builds.items():
        assert built.html.is_file() and built.pdf.is_file(), name
        assert built.result.warnings == [], name


@pytest.mark.parametrize("title", MISSION_SECTIONS)
def test_pdf_has_each_mission_section_with_cited_content(pdf_text: str, title: str) -> None:
    # The heading appears after the contents, followed by text with a marker like "[1, 2]".
    start = pdf_text.index(title, pdf_text.index("Key judgments", pdf_text.index("Contents") + 10))
    assert re.search(r"\[\d+(, \d+)*\]", pdf_text[start : start + 1500])


def test_pdf_lists_the_cited_sources(pdf_text: str, default_project: Project) -> None:
    notes = pdf_text[pdf_text.index("Notes and sources", pdf_text.index("Indicators to watch")) :]
    for source in default_project.sources.values():
        assert source.title[:40] in notes


def test_pdf_states_the_corrected_treaty_facts(pdf_text: str) -> None:
    assert "It was terminated on 1 January 1980" in pdf_text
    assert "Taiwan Relations Act (Public Law 96-8, enacted 10 April 1979)" in pdf_text
    assert "ten military exchange objectives" in pdf_text
    assert "Communications and information command and control" in pdf_text


def test_html_is_self_contained(plain: Built) -> None:
    html = plain.html.read_text()
    assert "<style>" in html and "<link" not in html
    assert not re.search(r"<script[^>]*\bsrc=", html)  # only the small inline script
    # The only absolute addresses are links to sources, never loaded resources.
    assert not re.search(r'\b(src|data)="(https?:)?//', html)
    assert re.findall(r'href="(https?://[^"]+)"', html) == [
        "https://history.state.gov/historicaldocuments/frus1977-80v13/d180",
        "https://english.president.gov.tw/News/6417",
        "https://www.cia.gov/readingroom/document/cia-rdp84b00049r001303190013-6",
    ]


def test_headings_are_in_order(plain: Built) -> None:
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", plain.html.read_text())]
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"


# What a reader checks line by line: each test pins a correction to the brief's content.


def _reader_text(html: str) -> tuple[str, list[str]]:
    """The text a reader sees (whitespace collapsed), and the alt, title and aria-label texts."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.attrs: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.hidden += tag in ("style", "script")
            self.attrs += [v for k, v in attrs if k in ("alt", "title", "aria-label") and v]

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("style", "script")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)), parser.attrs


@pytest.fixture(scope="module")
def editions(
    plain: Built, default_project: Project, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The reader's text of the full brief and of the two-page summary."""
    from reportgen.builder import BuildOptions, build

    out = tmp_path_factory.mktemp("summary")
    build(default_project, BuildOptions(out_dir=out, only=["summary"], formats=["html"]))
    return {
        "full": _reader_text(plain.html.read_text())[0],
        "summary": _reader_text((out / "taiwan-defense-brief-summary.html").read_text())[0],
    }


def test_the_communique_is_quoted_exactly(editions: dict[str, str]) -> None:
    # The relations are the American people's, not the US government's.
    text = editions["full"]
    assert (
        "“the people of the United States will maintain cultural, commercial, and other "
        "unofficial relations with the people of Taiwan”" in text
    )
    assert "keeps “cultural, commercial" not in text


@pytest.mark.parametrize("edition", ["full", "summary"])
def test_the_challenges_are_not_counted(editions: dict[str, str], edition: str) -> None:
    text = editions[edition]
    assert not re.search(r"\b(two|three|four|five) challenges\b", text, re.IGNORECASE)
    assert "Among the challenges the sources identify" in text
    for named in ("without fueling tensions with China", "coordination and interoperability"):
        assert named in text


@pytest.mark.parametrize("edition", ["full", "summary"])
def test_the_f16_example_is_of_significant_cooperation(
    editions: dict[str, str], edition: str
) -> None:
    # The news report's example is of cooperation 'already significant', not of low-profile work.
    assert re.search(
        r"“already significant”, giving Taiwanese F-16 pilots training in Arizona as an example",
        editions[edition],
    )
    assert "low-profile, according to one news report, which cites" not in editions[edition]


def test_every_figure_of_the_unsigned_analysis_says_it_has_no_origin(
    default_project: Project,
) -> None:
    assert "no origin for any of its figures" in (
        default_project.sources["us-ties-2025"].note or ""
    )
    rows = default_project.tables["key-figures"].rows
    only_analysis = [row for row in rows if row.cite == ["us-ties-2025"]]
    assert len(only_analysis) >= 4
    for row in only_analysis:
        assert "origin not given" in row.cells[0], row.cells[0]
    (range_row,) = [row for row in rows if "range" in row.cells[0]]
    assert "munition" in range_row.cells[0]


def test_the_launcher_range_says_what_it_depends_on(editions: dict[str, str]) -> None:
    assert "does not say with which munition" in editions["full"]


def test_reported_speech_and_copied_sentences_are_not_quoted_or_reused(
    editions: dict[str, str],
) -> None:
    text = editions["full"]
    # Jia's indirect speech, once set in quotation marks as Lin Fei-fan's own words.
    assert "“regional deterrence would collapse" not in text
    # The longest sentences once reused word for word without quotation marks.
    assert "denounces any country cooperating militarily with Taiwan" not in text
    assert (
        "Taiwan seeks to broaden academic and policy dialogues with various countries" not in text
    )


@pytest.mark.parametrize("edition", ["full", "summary"])
def test_the_text_uses_curly_quotes_and_american_spelling(
    plain: Built, editions: dict[str, str], edition: str
) -> None:
    text = editions[edition]
    assert "'" not in text and '"' not in text, re.findall(r".{30}['\"].{30}", text)[:5]
    if edition == "full":
        attrs = _reader_text(plain.html.read_text())[1]
        assert not [a for a in attrs if "'" in a or '"' in a]
    for british in ("centred", "defence", "fuelling", "organisation", "recognise", "programme"):
        assert british not in text.lower()


def test_the_data_itself_has_curly_quotes(default_project: Project) -> None:
    # In the data, not by a typographic filter that could also touch code or attributes.
    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list | tuple):
            return [s for v in value for s in strings(v)]
        return []

    model = [default_project.meta.model_dump(), [s.model_dump() for s in default_project.sections]]
    model += [s.model_dump() for s in default_project.sources.values()]
    model += [t.model_dump(exclude={"path"}) for t in default_project.tables.values()]
    straight = [s for s in strings(model) if re.search(r"\w'\w|\"|(^|\s)'", s)]
    assert straight == []
