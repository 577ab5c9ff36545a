"""Stream data that never ends with a carriage return, so its /Length reads one way only.

pydyf writes `stream LF <data> LF endstream`. ISO 32000-1 7.3.8.1 lets the EOL before
`endstream` be LF or CR LF and leaves it out of /Length, so data whose last byte is
CR (0Dh) reads either as /Length bytes then LF, or as one byte fewer then CR LF; a
validator that takes the second reading (page-validation's STREAM-LENGTH rule for
PDF/A, ISO 19005-2 6.1.7.1) finds /Length one too long. Flate data ends with the
Adler-32 checksum of what it compresses, so about one stream in 256 ends so, by
chance: a content stream, a font, an image, or the object and cross-reference
streams pydyf makes as it writes. Such a stream gets an ASCIIHexDecode layer on
top, whose data ends with '>'. The wrap of pydyf.Stream.data is installed once, for
the pydyf versions it was written for.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

LAST_AFFECTED = (0, 13)  # the newest pydyf (major, minor) this was written for (0.13.0 tested)
MARK = "reportgen_unambiguous"


def install() -> bool:
    """Wrap pydyf.Stream.data once per process, if pydyf's version is one it knows."""
    import pydyf

    if getattr(pydyf.Stream.data.fget, MARK, False):
        return True
    major, minor = (int(part) for part in pydyf.__version__.split(".")[:2])
    if (major, minor) > LAST_AFFECTED:
        return False
    pydyf.Stream.data = property(_unambiguous())
    return True


def _unambiguous() -> Callable[[Any], bytes]:
    import pydyf

    def data(self: Any) -> bytes:
        """pydyf's Stream.data (0.13), with a hex layer on data that would end with CR."""
        stream = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
        extra = pydyf.Dictionary(self.extra.copy())
        if self.compress:
            extra["Filter"] = "/FlateDecode"
            compressor = zlib.compressobj(level=9)
            stream = compressor.compress(stream) + compressor.flush()
        if stream.endswith(b"\r"):
            stream = hex_layer(extra, stream)
        extra["Length"] = len(stream)
        return b"\n".join((extra.data, b"stream", stream, b"endstream"))

    setattr(data, MARK, True)
    return data


def hex_layer(extra: dict[str, Any], stream: bytes) -> bytes:
    """Encode stream data once more with ASCIIHexDecode, first in its filter list."""
    import pydyf

    filters = extra.get("Filter")
    if filters is None:
        extra["Filter"] = "/ASCIIHexDecode"
    else:
        before = list(filters) if isinstance(filters, list) else [filters]
        extra["Filter"] = pydyf.Array(["/ASCIIHexDecode", *before])
        if "DecodeParms" in extra:
            parms = extra["DecodeParms"]
            parms = list(parms) if isinstance(parms, list) else [parms]
            extra["DecodeParms"] = pydyf.Array(["null", *parms])
    return stream.hex().encode() + b">"
