"""Reading a project's text files safely: size caps, UTF-8, located errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import ReportgenError

# Caps that keep a hostile or runaway file from hanging the build.
MAX_YAML_BYTES = 5 * 1024 * 1024
MAX_YAML_NODES = 200_000
MAX_YAML_DEPTH = 64
MAX_TABLE_BYTES = 50 * 1024 * 1024

# Control characters no text can show, which XML (and so a chart's SVG) refuses:
# all of C0 but tab and line ends, and DEL.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_text(path: Path, limit: int) -> str:
    """Read a UTF-8 text file, refusing oversized or undecodable ones with a located error."""
    try:
        if path.is_dir():
            raise ReportgenError("expected a file, but this is a folder", path)
        if not path.is_file():
            raise ReportgenError("file not found", path)
        size = path.stat().st_size
        if size > limit:
            raise ReportgenError(
                f"file is {size:,} bytes, over the {limit:,}-byte limit",
                path,
                hint="split the file, or check that it is the file you meant",
            )
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)  # never more than the limit, even if the file grows
    except OSError as exc:
        raise ReportgenError(f"cannot read file: {exc.strerror or exc}", path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start, b"\n")
        raise ReportgenError(
            "file is not valid UTF-8 text", path, line, col, hint="save the file as UTF-8"
        ) from None
    control = CONTROL.search(text)
    if control:
        line, col = _line_col(text, control.start(), "\n")
        code = f"U+{ord(control.group()):04X}"
        raise ReportgenError(
            f"file holds a control character ({code}), which no text can show",
            path,
            line,
            col,
            hint="delete it: it often comes from a bad export or a copy and paste",
        )
    return text


def _line_col(data: Any, index: int, newline: Any) -> tuple[int, int]:
    """The 1-based line and column of `index` in text or bytes."""
    return data.count(newline, 0, index) + 1, index - (data.rfind(newline, 0, index) + 1) + 1
