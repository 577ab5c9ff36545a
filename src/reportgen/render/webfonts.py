"""The HTML edition's fonts: the theme's families reportgen ships, embedded as subsets.

The PDF embeds its fonts through WeasyPrint; the HTML edition would otherwise fall
back to whatever the reader's system has. Each face of the body and heading
families is cut down (fontTools) to the characters the document uses and embedded
as a WOFF2 data URI in an @font-face rule, so screen and print look alike.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html as html_text
import io
import logging
import os
import re
from functools import lru_cache
from pathlib import Path

from ..themes import FAMILIES, font_dir

_FONT_VARIABLE = re.compile(r"--rg-font-(body|head):\s*\"([^\"]+)\"")
_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]*>", re.S | re.I)
# Latin text and its punctuation always, so most documents share one subset per face
# (cut once, then cached); a document's other characters are added to it.
_ALWAYS = frozenset(
    chr(c)
    for span in ((0x20, 0x7F), (0xA0, 0x180), (0x2010, 0x2045), (0x2190, 0x2194))
    for c in range(*span)
) | {"\u20ac", "\u2122"}


def font_cache() -> Path:
    """Where cut fonts are kept: the user's cache, shared by every project and build folder
    (they depend only on the font files and the characters), like matplotlib's font list."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportgen" / "fonts"


def families_used(html: str) -> list[str]:
    """The shipped families the document's body and heading fonts are (the last value
    of each of --rg-font-body and --rg-font-head wins, as in CSS)."""
    last: dict[str, str] = {}
    for role, family in _FONT_VARIABLE.findall(html):
        last[role] = family
    return sorted({f for f in last.values() if f in FAMILIES})


def with_web_fonts(html: str, cache_dir: Path | None = None) -> str:
    """`html` with @font-face rules embedding subsets of the fonts it uses (WOFF2); the
    subsets are kept in `cache_dir`, so an unchanged edition cuts no font again."""
    families = families_used(html)
    if not families or "</head>" not in html:
        return html
    text = html_text.unescape(_TAG.sub(" ", html))
    chars = "".join(sorted(_ALWAYS | {c for c in text if c.isprintable()}))
    rules = []
    for family in families:
        package, faces = FAMILIES[family]
        folder = font_dir(package)
        if folder is None:
            continue
        for face in faces:
            data = _cached_subset(folder / face.file, chars, cache_dir)
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {face.weight}; '
                f"font-style: {face.style}; font-display: swap; "
                f'src: url("data:font/woff2;base64,{data}") format("woff2"); }}'
            )
    head = html.index("<style") if "<style" in html else html.index("</head>")
    return f"{html[:head]}<style>\n{chr(10).join(rules)}\n</style>\n{html[head:]}"


def _cached_subset(path: Path, chars: str, cache_dir: Path | None) -> str:
    if cache_dir is None:
        return _subset(path, chars)
    key = hashlib.sha256(f"{path.name}:{path.stat().st_size}:{chars}".encode()).hexdigest()
    cached = cache_dir / f"{key[:32]}.woff2.b64"
    try:
        return cached.read_text(encoding="ascii")
    except OSError:
        pass
    data = _subset(path, chars)
    with contextlib.suppress(OSError):  # a cache that cannot be written is no error
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp = cached.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(data, encoding="ascii")
        temp.replace(cached)
    return data


@lru_cache(maxsize=64)
def _subset(path: Path, chars: str) -> str:
    """One font file cut down to `chars`, as base64 WOFF2 (deterministic)."""
    from fontTools import subset  # type: ignore[import-untyped]

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "meta NOT subset" and the like
    options = subset.Options()
    options.hinting = False  # smaller, and screens hint for themselves
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "lnum", "tnum", "onum", "pnum"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep the copyright and licence names
    options.notdef_outline = True
    out = io.BytesIO()
    with open(path, "rb") as file:  # closed here: fontTools reads lazily
        font = subset.load_font(file, options, lazy=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        subset.save_font(font, out, options)
        font.close()
    return base64.b64encode(out.getvalue()).decode()
