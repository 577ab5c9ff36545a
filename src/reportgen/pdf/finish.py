"""The last touches on a PDF before WeasyPrint writes it (its `finisher` hook).

Each fixes what a validator found in WeasyPrint 70's output for a variant:
- the XMP metadata stream is written uncompressed (PDF/A-1 forbids a filter on it,
  page-validation holds PDF/A-2 and -3 to the same rule, and tools that are not PDF
  readers find metadata only as plain text);
- a file that claims PDF/A and PDF/UA-1 together says so in its metadata, with the
  extension schema PDF/A requires for a property outside its predefined schemas
  (`pdfuaid:part`);
- no image asks to be interpolated in a PDF/A file (ISO 19005-1 6.2.4, 19005-2
  6.2.8: its Interpolate key, if any, shall be false);
- a CIDSet stream (PDF/A-1 writes one) lists every glyph of the embedded font
  program, not only the glyphs drawn (ISO 14289-1 7.21.4.2): the subset keeps glyph
  ids, so it holds empty glyphs between the ones drawn, and the parts of composites.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from ..errors import InternalError, ReportgenError
from .variants import Variant

UA_ID = (
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
    b"<pdfuaid:part>1</pdfuaid:part></rdf:Description>"
)
# The PDF/UA identification schema declared as a PDF/A extension schema.
UA_EXTENSION = b"""<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"""


def finisher(claims: Variant) -> Callable[[Any, Any], None]:
    """WeasyPrint's `finisher`: called with the document and the pydyf PDF before writing."""

    def finish(document: Any, pdf: Any) -> None:
        metadata = _metadata_stream(pdf)
        if metadata is not None:
            metadata.compress = False
            if claims.archival and claims.accessible:
                _add_to_rdf(metadata, UA_ID + UA_EXTENSION)
        if claims.archival:
            not_interpolated(pdf)
        if claims.pdfa_part == 1:
            no_transparency(pdf, claims.name)
        complete_cid_sets(pdf)

    return finish


def not_interpolated(pdf: Any) -> None:
    """Set every image's Interpolate key, where there is one, to false."""
    for image in pdf.objects:
        extra = getattr(image, "extra", None)
        if isinstance(extra, dict) and extra.get("Subtype") == "/Image" and "Interpolate" in extra:
            extra["Interpolate"] = "false"


def no_transparency(pdf: Any, name: str) -> None:
    """Refuse what PDF/A-1 cannot hold (ISO 19005-1 6.4): a transparency group, a soft
    mask or a constant alpha below 1 (SVG or CSS opacity; raster images, the fetcher
    lays on white). A clear error beats a file that claims PDF/A-1 and is not."""
    found = []
    for item in pdf.objects:
        entries = getattr(item, "extra", item)
        if not isinstance(entries, dict):
            continue
        group = entries.get("Group")
        if isinstance(group, dict) and group.get("S") == "/Transparency":
            found.append("a transparency group")
        if any(entries.get(key, 1) != 1 for key in ("CA", "ca")):
            found.append("a colour with opacity below 1")
        if entries.get("Type") == "/ExtGState" and entries.get("SMask", "/None") != "/None":
            found.append("a soft mask")
    if found:
        raise ReportgenError(
            f"{name}: the document uses transparency ({', '.join(sorted(set(found)))}), "
            "which PDF/A-1 does not allow",
            hint="use pdf/a-2b or a later level (they allow it), or make the SVG images "
            "and CSS colours opaque",
        )


def _metadata_stream(pdf: Any) -> Any:
    """The catalog's XMP metadata stream, if there is one."""
    reference = pdf.catalog.get("Metadata")
    return None if reference is None else pdf.objects[int(reference.split()[0])]


def _add_to_rdf(stream: Any, descriptions: bytes) -> None:
    """Add rdf:Description elements at the end of an XMP packet's rdf:RDF element."""
    packet = b"".join(part if isinstance(part, bytes) else part.encode() for part in stream.stream)
    end = packet.rfind(b"</rdf:RDF>")
    if end < 0:
        raise InternalError("the XMP metadata WeasyPrint wrote has no rdf:RDF element")
    stream.stream = [packet[:end] + descriptions + packet[end:]]


def complete_cid_sets(pdf: Any) -> None:
    """Make every CIDSet list all the glyphs its embedded font program holds."""
    for descriptor in pdf.objects:
        if not isinstance(descriptor, dict) or "CIDSet" not in descriptor:
            continue
        program = next((descriptor[k] for k in ("FontFile2", "FontFile3") if k in descriptor), None)
        if program is None:
            continue
        cid_set = pdf.objects[int(descriptor["CIDSet"].split()[0])]
        listed = _bits(b"".join(cid_set.stream))
        font = b"".join(pdf.objects[int(program.split()[0])].stream)
        cid_set.stream = [_bytes(listed | glyphs_present(font))]


def glyphs_present(font: bytes) -> set[int]:
    """The glyph ids (CIDs, as WeasyPrint maps them one to one) a font program holds.

    WeasyPrint subsets fonts keeping glyph ids, so a subset holds every id below its
    glyph count, most of them empty: each is a glyph of the program all the same.
    """
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(io.BytesIO(font), lazy=True) as parsed:
        return set(range(parsed["maxp"].numGlyphs))


def _bits(data: bytes) -> set[int]:
    """The set bits of a CIDSet stream (most significant bit first)."""
    return {i * 8 + b for i, byte in enumerate(data) for b in range(8) if byte & (0x80 >> b)}


def _bytes(bits: set[int]) -> bytes:
    """A CIDSet stream with these bits set."""
    data = bytearray((max(bits) // 8 + 1) if bits else 0)
    for bit in bits:
        data[bit // 8] |= 0x80 >> (bit % 8)
    return bytes(data)
