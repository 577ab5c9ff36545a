"""The repairs reportgen carries for WeasyPrint's tagging and pydyf's streams, each on a
small document of its own: what WeasyPrint 70 does alone, and what the repairs make
of it. The tests that show WeasyPrint alone still wrong say when a repair can go."""

from __future__ import annotations

import base64
import itertools
import zlib
from pathlib import Path
from urllib.parse import quote

import page
import pydyf
import pytest
from pypdf import PdfReader

import structtree
from reportgen.errors import ReportgenError
from reportgen.pdf import PrintDocument, render_pdf, streams, tagging
from reportgen.pdf.finish import glyphs_present
from tagged import transparent_png

STYLE = "<style>@page { size: A6; margin: 10mm } body { font-size: 10pt }</style>"


def render(folder: Path, body: str, variant: str = "pdf/ua-1") -> Path:
    """A small tagged PDF of `body`, laid out as reportgen lays out a brief."""
    html = f'<!DOCTYPE html><html lang="en"><head><title>Test</title>{STYLE}</head><body>{body}'
    result = render_pdf(PrintDocument(html, folder, (folder,), variant))
    path = folder / f"test-{len(list(folder.glob('*.pdf')))}.pdf"
    path.write_bytes(result.data)
    return path


def rules_failed(pdf: Path, profile: str = "ua1") -> set[str]:
    return {failure.rule_id for failure in page.validate_pdf(pdf, profile=profile).failures}


LONG_LIST = "<ul>" + "".join(f"<li>Item {i}</li>" for i in range(1, 61)) + "</ul>"
GROUPED_DL = "<dl>" + "".join(f"<div><dt>T{i}</dt><dd>D{i}</dd></div>" for i in range(3)) + "</dl>"
LOOSE_LIST = "<ol>" + "".join(f"<li><p>First {i}</p><p>Second {i}</p></li>" for i in range(3))
LOOSE_LIST += "</ol>"


def test_weasyprint_alone_still_splits_a_list_at_page_breaks(tmp_path: Path) -> None:
    # WeasyPrint #2902/#2903. When this fails, WeasyPrint joins split elements itself:
    # structure.merge_fragments can go.
    with tagging.unrepaired():
        alone = structtree.read(render(tmp_path, LONG_LIST))
    assert len(alone.find("L")) > 1
    repaired = structtree.read(render(tmp_path, LONG_LIST))
    (whole,) = repaired.find("L")
    assert len(whole.kids) == 60 and len(whole.pages) > 1


def test_weasyprint_alone_still_tags_grouped_definition_lists_wrongly(tmp_path: Path) -> None:
    with tagging.unrepaired():
        assert "PDFUA1-L-KIDS-001" in rules_failed(render(tmp_path, GROUPED_DL))
    pdf = render(tmp_path, GROUPED_DL)
    assert not rules_failed(pdf)
    (terms,) = structtree.read(pdf).find("L")
    assert [[kid.tag for kid in item.kids] for item in terms.kids] == [["Lbl", "LBody"]] * 3
    assert [item.text for item in terms.kids] == ["T0 D0", "T1 D1", "T2 D2"]


def test_weasyprint_alone_still_puts_paragraphs_straight_under_an_item(tmp_path: Path) -> None:
    with tagging.unrepaired():
        assert "PDFUA1-LI-KIDS-001" in rules_failed(render(tmp_path, LOOSE_LIST))
    pdf = render(tmp_path, LOOSE_LIST)
    assert not rules_failed(pdf)
    for item in structtree.read(pdf).find("LI"):
        assert [kid.tag for kid in item.kids] == ["Lbl", "LBody"]
        assert [kid.tag for kid in item.kids[1].kids] == ["P", "P"]


def test_items_outside_a_list_are_put_in_one(tmp_path: Path) -> None:
    pdf = render(tmp_path, "<menu><li>One</li><li>Two</li></menu><p>After</p>")
    assert not rules_failed(pdf)
    lists = structtree.read(pdf).find("L")
    assert [len(found.kids) for found in lists] == [2]


def test_text_between_inline_block_items_joins_an_item(tmp_path: Path) -> None:
    items = "".join(f'<li style="display: inline-block">I{i}</li> ' for i in range(3))
    pdf = render(tmp_path, f"<ul>{items}</ul>")
    assert not rules_failed(pdf)
    (found,) = structtree.read(pdf).find("L")
    assert [kid.tag for kid in found.kids] == ["LI"] * 3


def test_repeated_table_headers_are_artifacts_and_headers_still_resolve(tmp_path: Path) -> None:
    rows = "".join(f"<tr><th scope=row>R{i}</th><td>{i}</td></tr>" for i in range(60))
    table = (
        f"<table><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    pdf = render(tmp_path, table)
    assert not rules_failed(pdf)
    (found,) = structtree.read(pdf).find("Table")
    assert len(found.pages) > 1
    assert [th.text for th in found.find("TH") if th.attributes["Scope"] == "/Column"] == [
        "Key",
        "Value",
    ]
    ids = {th.id for th in found.find("TH")}
    assert all(set(td.attributes["Headers"]) <= ids for td in found.find("TD"))
    assert len(found.find("TR")) == 61


def test_aria_hidden_content_is_an_artifact_but_a_link_stays_tagged(tmp_path: Path) -> None:
    body = '<p aria-hidden="true">Hidden</p><p aria-hidden="true"><a href="#x">Link</a></p>'
    pdf = render(tmp_path, body + '<p id="x">Shown</p>')
    assert not rules_failed(pdf)
    text = structtree.read(pdf).text
    assert "Hidden" not in text and "Link" in text and "Shown" in text


def test_footnotes_are_notes_with_unique_ids(tmp_path: Path) -> None:
    notes = "".join(f'<p>Text<span style="float: footnote">Note {i}</span></p>' for i in range(3))
    pdf = render(tmp_path, notes)
    assert not rules_failed(pdf)
    found = structtree.read(pdf).find("Note")
    assert [note.text for note in found] == ["1. Note 0", "2. Note 1", "3. Note 2"]
    assert len({note.id for note in found}) == 3


def test_repairs_are_installed_once_and_only_for_the_versions_they_are_for() -> None:
    import weasyprint.pdf
    from weasyprint.pdf import tags

    assert tagging.needed("70.0") and tagging.needed("70.1") and not tagging.needed("71.0")
    assert tagging.install()
    wrapped = (weasyprint.pdf.add_tags, tags._build_box_tree)
    assert tagging.install()
    assert (weasyprint.pdf.add_tags, tags._build_box_tree) == wrapped
    assert streams.install()
    data = pydyf.Stream.data
    assert streams.install() and pydyf.Stream.data is data


def ending_in_cr() -> bytes:
    """Some content whose Flate encoding ends with a carriage return: its Adler-32
    checksum, whose last byte is one more than the sum of its bytes (mod 256), does."""
    for pad, a, b in itertools.product(range(8), range(33, 127), range(33, 127)):
        content = b" " * pad + b"0 0 m 1 0 l S %" + bytes((a, b))
        if zlib.compress(content, 9)[-1] == 0x0D:
            return content
    raise AssertionError("no such content")


@pytest.mark.parametrize("compress", [True, False])
def test_stream_data_never_ends_with_a_carriage_return(tmp_path: Path, compress: bool) -> None:
    streams.install()
    content = ending_in_cr() if compress else b"0 0 m 1 0 l S % ends with CR\r"
    pdf = pydyf.PDF()
    stream = pydyf.Stream([content], compress=compress)
    pdf.add_object(stream)
    # Data encoded already (an image, say), with its filter and its parameters.
    image = pydyf.Stream([zlib.compress(ending_in_cr(), 9)], {"Filter": "/FlateDecode"})
    image.extra["DecodeParms"] = pydyf.Dictionary({"Predictor": 1})
    pdf.add_page(pydyf.Dictionary({"Type": "/Page", "Contents": stream.reference}))
    for written in (stream.data, image.data):
        assert written.endswith(b">\nendstream"), "an ASCIIHexDecode layer ends it with '>'"
        assert b"/ASCIIHexDecode" in written
    assert b"/DecodeParms [null <</Predictor 1>>]" in image.data
    path = tmp_path / "streams.pdf"
    with path.open("wb") as output:
        pdf.write(output, compress=True)
    assert PdfReader(path).pages[0].get_contents().get_data() == content


def test_cid_sets_list_every_glyph_of_the_font_program(tmp_path: Path) -> None:
    pdf = render(
        tmp_path, "<p>Fjord \u2013 na\u00efve caf\u00e9, \ufb01ne \u0153uvre \u00bd</p>", "pdf/a-1a"
    )
    assert not rules_failed(pdf, "1a")
    assert "PDFUA1-CID-SUBSET-CIDSET-001" not in rules_failed(pdf)  # stricter: every glyph
    reader = PdfReader(pdf)
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        cid_set = descriptor["/CIDSet"].get_data()
        listed = {i for i in range(len(cid_set) * 8) if cid_set[i // 8] & (0x80 >> (i % 8))}
        program = (descriptor.get("/FontFile2") or descriptor["/FontFile3"]).get_data()
        assert glyphs_present(program) <= listed


def test_every_variant_writes_its_metadata_uncompressed(tmp_path: Path) -> None:
    for variant in ("pdf/ua-1", "pdf/a-2b", "pdf/a-3a+ua-1"):
        root = PdfReader(render(tmp_path, "<p>Text</p>", variant)).trailer["/Root"]
        assert "/Filter" not in root["/Metadata"].get_object(), variant


def test_running_headers_and_page_numbers_are_artifacts(tmp_path: Path) -> None:
    margins = "<style>@page { @bottom-center { content: 'Folio ' counter(page) } }</style>"
    pdf = render(tmp_path, margins + LONG_LIST)
    assert not rules_failed(pdf)
    first = PdfReader(pdf).pages[0]
    assert "Folio 1" in first.extract_text()
    assert "Folio" not in " ".join(structtree.mcid_text(first).values())
    with tagging.unrepaired():  # WeasyPrint alone marks it as content, then leaves it out
        alone = PdfReader(render(tmp_path, margins + LONG_LIST)).pages[0]
    assert "Folio 1" in " ".join(structtree.mcid_text(alone).values())


@pytest.mark.parametrize("variant", ["pdf/a-1b", "pdf/a-2b"])
def test_images_in_pdf_a(tmp_path: Path, variant: str) -> None:
    logo = base64.b64encode(transparent_png(tmp_path / "logo.png").read_bytes()).decode()
    pdf = render(tmp_path, f'<img src="data:image/png;base64,{logo}" alt="Logo">', variant)
    assert not rules_failed(pdf, variant[-2:])
    (image,) = PdfReader(pdf).pages[0]["/Resources"]["/XObject"].values()
    image = image.get_object()
    assert image["/Interpolate"].value is False
    # PDF/A-1 allows no transparency: the image is laid on white; later levels keep it.
    assert ("/SMask" in image) == (variant != "pdf/a-1b")


def test_attachment_links_are_tagged_annotations(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b\n1,2\n")
    html = '<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>'
    html += '<p>See <a rel="attachment" href="data.csv">the data</a>.</p>'
    for variant in ("pdf/ua-1", "pdf/a-3a+ua-1"):
        result = render_pdf(PrintDocument(html, tmp_path, (tmp_path,), variant, attachments=True))
        pdf = tmp_path / "attached.pdf"
        pdf.write_bytes(result.data)
        assert not rules_failed(pdf), variant
        (annot,) = structtree.read(pdf).find("Annot")
        assert annot.text == "the data"
        (annotation,) = PdfReader(pdf).pages[0]["/Annots"]
        assert annotation.get_object()["/Contents"] == "the data"
    # PDF/A-1 embeds no files: the link stays a link, and the build says why.
    result = render_pdf(PrintDocument(html, tmp_path, (tmp_path,), "pdf/a-1b", attachments=True))
    assert result.refused == [("data.csv", "PDF/A-1 allows no embedded files")]
    pdf.write_bytes(result.data)
    assert not rules_failed(pdf, "1b")


def test_pdf_a_1_refuses_transparency_it_cannot_hold(tmp_path: Path) -> None:
    svg = "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'><rect width='40' "
    svg += "height='20' fill='navy' opacity='0.5'/></svg>"
    body = f'<img alt="A box" src="data:image/svg+xml,{quote(svg)}">'
    with pytest.raises(ReportgenError, match="PDF/A-1 does not allow") as caught:
        render(tmp_path, body, "pdf/a-1b")
    assert "pdf/a-2b" in caught.value.hint
    assert not rules_failed(render(tmp_path, body, "pdf/a-2b"), "2b")  # later levels allow it
