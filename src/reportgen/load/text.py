"""Reading a project's text files safely: size caps, UTF-8, located errors."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReportgenError

# Caps that keep a hostile or runaway file from hanging the build.
MAX_YAML_BYTES = 5 * 1024 * 1024
MAX_YAML_NODES = 200_000
MAX_YAML_DEPTH = 64
MAX_TABLE_BYTES = 50 * 1024 * 1024


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
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReportgenError(
            "file is not valid UTF-8 text", path, line, col, hint="save the file as UTF-8"
        ) from None
