"""The HTML edition's images: those it shows from the project's files, embedded as data URIs.

The edition is one file that stands alone (its fonts and charts are embedded
too), so an image the text shows by a path relative to the project would be
lost once the file is copied or mailed. Validation has checked that each exists.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from pathlib import Path

from ..markup import project_file
from ..project import resolved

IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')


def embed_images(page: str, root: Path) -> str:
    """`page` with each image from a file inside `root` given as a data URI."""
    root = resolved(root)

    def data_uri(match: re.Match[str]) -> str:
        name = project_file(html.unescape(match.group(2)))
        if name is None:
            return match.group(0)  # a chart (chart:), a data: URI, or not ours to fetch
        path = resolved(root / name)
        if not path.is_relative_to(root) or not path.is_file():
            return match.group(0)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(path.read_bytes()).decode()
        return f"{match.group(1)}data:{mime};base64,{encoded}{match.group(3)}"

    return IMG_SRC.sub(data_uri, page)
