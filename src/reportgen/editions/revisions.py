"""Git revisions of a project read with git itself (rev-parse, ls-tree and cat-file: no
checkout, the work tree untouched), and what identifies an earlier edition's content.

A light module: the up-to-date check of a build asks it for fingerprints without
importing the model.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from ..errors import ReportgenError, UsageError, display_path

HINT = "OLD and NEW are project folders or git revisions (a tag, branch or commit)"


def fingerprint(ref: str, base: Path, project_dir: Path) -> str:
    """What identifies an edition's content, cheaply: a folder's files hashed, a revision's
    tree id; an edition that cannot be found gets a value that changes nothing."""
    folder = base / ref
    if folder.is_dir():
        h = hashlib.sha256()
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if path.is_file() and not any(p.startswith(".") or p == "build" for p in rel.parts):
                h.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        return f"folder:{h.hexdigest()}"
    try:
        return f"tree:{revision_tree(ref, project_dir)}"
    except ReportgenError as exc:
        return f"unresolved:{exc.message}"


def git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """Run git; its complaint as a usage error when it fails."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise UsageError("git is not installed, so revisions cannot be read", hint=HINT) from None
    if done.returncode:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(message[0] if message else f"git {args[0]} failed", hint=HINT)
    return done.stdout


def revision_tree(ref: str, project_dir: Path) -> str:
    """The git tree id of the project folder at revision `ref`."""
    if not ref or ref.startswith("-"):
        raise UsageError(f"{ref!r} is not a folder nor a git revision", hint=HINT)
    try:
        git(["rev-parse", "--show-prefix"], project_dir)
    except UsageError:
        raise UsageError(
            f"{ref!r} is not a folder, and {display_path(project_dir)} is not in a git "
            "repository, so it cannot be a revision",
            hint=HINT,
        ) from None
    try:
        git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], project_dir)
    except UsageError:
        raise UsageError(
            f"{ref!r} is not a folder nor a revision of the git repository", hint=HINT
        ) from None
    try:
        tree = git(["rev-parse", "--verify", "--quiet", f"{ref}:./"], project_dir)
    except UsageError:
        raise UsageError(
            f"the project folder {display_path(project_dir)} is not in revision {ref}", hint=HINT
        ) from None
    return tree.decode().strip()


def write_tree(tree: str, cwd: Path, into: Path) -> None:
    """Write the files of a git tree (regular files; no links or submodules) into `into`."""
    # --full-tree: run in a sub-folder, ls-tree would list only the paths under it.
    listing = git(["ls-tree", "-r", "-z", "--full-tree", tree], cwd).split(b"\0")
    entries = []
    for line in filter(None, listing):
        info, _, raw_name = line.partition(b"\t")
        mode, kind, oid = info.split()
        if kind == b"blob" and mode in (b"100644", b"100755"):
            entries.append((oid, raw_name.decode("utf-8", errors="surrogateescape")))
    if not entries:
        return
    out = git(["cat-file", "--batch"], cwd, b"".join(oid + b"\n" for oid, _ in entries))
    at = 0
    for _, name in entries:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        data = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
        path = into / name
        if not path.resolve().is_relative_to(into.resolve()):
            continue  # never outside the folder (git forbids such names; be sure)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
