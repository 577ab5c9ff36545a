"""Which commit this copy of reportgen was built from, for `reportgen --version`.

A release is built from the commit tagged `v<version>`; anything else is a development
build, and says which commit it is. Running from a checkout, git says; an installed copy
reads `_build_info.py`, which setup.py writes into the wheel and the sdist as they are
built (from git, or from `.git_archival.txt` in an archive `git archive` made, such as
GitHub's tarballs). This module is also loaded by setup.py on its own, so it imports
nothing of reportgen's.
"""

from __future__ import annotations

import importlib
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

TAG_PATTERN = "v[0-9]*"  # release tags: v0.1.0, v1.2.0rc1
ARCHIVAL = ".git_archival.txt"
# `git describe --tags --long --dirty --always --abbrev=40`: TAG-N-gHASH[-dirty], or HASH[-dirty]
DESCRIBE = re.compile(
    r"(?:(?P<tag>.+)-(?P<distance>\d+)-g)?(?P<commit>[0-9a-f]{40})(?P<dirty>-dirty)?"
)
# `%(describe:...)` in an archive: TAG when the commit is tagged, else TAG-N-gHASH (or nothing)
ARCHIVED_TAG = re.compile(r"(?P<tag>v[0-9].*?)(?:-(?P<distance>\d+)-g[0-9a-f]+)?")


@dataclass(frozen=True)
class Build:
    """The commit a copy was built from, its nearest release tag and how far past it."""

    commit: str  # the full hash
    tag: str = ""  # the nearest release tag before it ("" if none)
    distance: int = 0  # commits after that tag
    dirty: bool = False  # built with uncommitted changes

    def is_release(self, version: str) -> bool:
        """Built from exactly the commit tagged for this version, with nothing changed."""
        return self.tag == f"v{version}" and self.distance == 0 and not self.dirty

    def describe(self, version: str) -> str:
        """The version alone for a release; otherwise with which commit this is."""
        if self.is_release(version):
            return version
        where = [f"commit {self.commit[:12]}"]
        if self.tag:
            after = f"{self.distance} commit(s) after" if self.distance else "at"
            where.append(f"{after} {self.tag}")
        if self.dirty:
            where.append("with uncommitted changes")
        return f"{version} (development build: {', '.join(where)})"


def parse_describe(text: str) -> Build | None:
    """A Build from the output of git describe (see DESCRIBE)."""
    found = DESCRIBE.fullmatch(text.strip())
    if found is None:
        return None
    return Build(
        commit=found["commit"],
        tag=found["tag"] or "",
        distance=int(found["distance"] or 0),
        dirty=bool(found["dirty"]),
    )


def from_git(root: Path) -> Build | None:
    """Ask git about the checkout at root (only if root is the top of one: an unpacked
    sdist inside some other repository must not take that repository's commit)."""
    if not (root / ".git").exists():
        return None
    command = ["git", "-C", str(root), "describe", "--tags", f"--match={TAG_PATTERN}"]
    command += ["--long", "--dirty", "--always", "--abbrev=40"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None  # no git, or a repository git refuses (another user's)
    return parse_describe(done.stdout)


def from_archive(root: Path) -> Build | None:
    """Read .git_archival.txt, which `git archive` fills in (see .gitattributes)."""
    try:
        text = (root / ARCHIVAL).read_text(encoding="utf-8")
    except OSError:
        return None
    fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    commit = fields.get("node", "")
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        return None  # not filled in: this is the file in a checkout
    described = ARCHIVED_TAG.fullmatch(fields.get("describe-name", "").strip())
    if described is None:
        return Build(commit)
    return Build(commit, described["tag"], int(described["distance"] or 0))


def from_source(root: Path) -> Build | None:
    """The commit of a source tree: a git checkout, or an archive of one."""
    return from_git(root) or from_archive(root)


def module_text(build: Build) -> str:
    """The text of _build_info.py for a build."""
    return (
        "# Written by setup.py as this copy of reportgen was built: the commit it came from.\n"
        f"BUILD = {asdict(build)!r}\n"
    )


def current() -> Build | None:
    """This copy's build: from git when running from a checkout, else as written at build
    time (None if it was built from a copy of the sources without git)."""
    root = Path(__file__).resolve().parents[2]  # src/reportgen/buildinfo.py -> the checkout
    if (root / "pyproject.toml").is_file() and (root / "src" / "reportgen").is_dir():
        found = from_source(root)
        if found is not None:
            return found
    try:
        written = importlib.import_module("reportgen._build_info")
    except ImportError:
        return None
    return Build(**written.BUILD)


def version_text(version: str) -> str:
    """What `reportgen --version` shows after `reportgen, version `."""
    build = current()
    return build.describe(version) if build else f"{version} (commit unknown)"
