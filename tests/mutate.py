"""Mutations of real projects for the fuzz tests: the slips an analyst makes by hand (a
line indented wrongly, deleted or doubled, a character typed in the wrong place, a key
misspelt, a value of the wrong kind, a file emptied or deleted) and some no one makes
on purpose (bytes that are not text, control characters), as Hypothesis strategies."""

from __future__ import annotations

import copy
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from fuzzwords import KEYS, SET_VALUES, SETTINGS, TOKENS, TREE_VALUES, VALUES

REPO = Path(__file__).resolve().parent.parent
PROJECTS = {
    "default": REPO,
    "gapminder": REPO / "tests" / "projects" / "gapminder",
    # real data with every kind of input: params, foreach, derived tables, the newer
    # chart kinds and options, CSL-JSON and BibTeX, a snapshot, an earlier edition
    "atlas": REPO / "tests" / "projects" / "atlas",
}
PROJECT_PARTS = ("reportgen.yaml", "data", "templates", "first")
TEXT_SUFFIXES = (".yaml", ".yml", ".md", ".csv", ".json", ".j2", ".css", ".bib", ".txt")
EARLIER = "first"  # an earlier edition inside a project (changes_since, redline)


@dataclass(frozen=True)
class Mutation:
    """One edit of one file of a project: `op` applied at `where` with `token`."""

    file: int  # index into the project's text files (modulo their number)
    op: str
    where: int  # a position: a line or a character, modulo the file's size
    other: int  # a second position or a count
    token: str

    def apply(self, root: Path, files: list[Path]) -> None:
        path = files[self.file % len(files)]
        if not path.is_file():  # deleted, or made a folder or a link, by an earlier one
            return
        if self.op == "delete-file":
            path.unlink()
            return
        if self.op == "make-folder":  # a folder where the file was
            path.unlink()
            path.mkdir()
            return
        if self.op == "link-loop":  # a symbolic link to itself
            path.unlink()
            path.symlink_to(path.name)
            return
        if self.op == "garbage":  # bytes that are no text at all
            path.write_bytes(bytes((self.where * (k + 1) + self.other) % 256 for k in range(300)))
            return
        text = path.read_bytes().decode("utf-8", errors="replace")
        edited = _json_edit(self, text) if path.suffix == ".json" else _edit(self, text)
        path.write_bytes(edited.encode("utf-8", errors="surrogateescape"))


def _edit(m: Mutation, text: str) -> str:
    lines = text.split("\n")
    row = m.where % max(len(lines), 1)
    line = lines[row] if lines else ""
    at = m.where % (len(text) + 1)
    if m.op == "insert":
        return text[:at] + m.token + text[at:]
    if m.op == "delete-span":
        return text[:at] + text[at + m.other % 40 + 1 :]
    if m.op == "delete-line":
        return "\n".join(lines[:row] + lines[row + 1 :])
    if m.op == "duplicate-line":
        return "\n".join(lines[: row + 1] + lines[row:])
    if m.op == "swap-lines" and len(lines) > 1:
        other = m.other % len(lines)
        lines[row], lines[other] = lines[other], lines[row]
        return "\n".join(lines)
    if m.op == "indent":
        shift = m.other % 9 - 4  # -4 .. +4 spaces
        body = line.lstrip(" ")
        lines[row] = " " * max(len(line) - len(body) + shift, 0) + body
        return "\n".join(lines)
    if m.op == "tab-indent":
        lines[row] = "\t" + line.lstrip(" ")
        return "\n".join(lines)
    if m.op == "misspell":
        words = list(re.finditer(r"[A-Za-z_][\w-]{2,}", text))
        if not words:
            return text
        word = words[m.other % len(words)]
        i = m.where % len(word.group())
        spelt = (
            word.group()[:i] + word.group()[i + 1 :]
            if m.token == ""
            else (word.group()[:i] + m.token[:1] + word.group()[i:])
        )
        return text[: word.start()] + spelt + text[word.end() :]
    if m.op == "set-value":  # `key: value` -> `key: <token>`
        found = list(re.finditer(r"(?m)^(\s*-?\s*[A-Za-z_][\w-]*:)[ \t]*(.*)$", text))
        if not found:
            return text
        pair = found[m.other % len(found)]
        return text[: pair.start()] + pair.group(1) + " " + m.token + text[pair.end() :]
    if m.op == "rename-key":
        found = list(re.finditer(r"(?m)^(\s*-?\s*)([A-Za-z_][\w-]*)(:)", text))
        if not found:
            return text
        pair = found[m.other % len(found)]
        return text[: pair.start(2)] + m.token + text[pair.end(2) :]
    if m.op == "csv-cell":  # a cell of a CSV row replaced
        cells = line.split(",")
        cells[m.other % len(cells)] = m.token
        lines[row] = ",".join(cells)
        return "\n".join(lines)
    if m.op == "truncate":
        return text[:at]
    if m.op == "empty":
        return ""
    if m.op == "bytes":  # what a bad export or another encoding leaves
        return text[:at] + "\udce9" + text[at:]
    if m.op == "tree":
        return _tree_edit(m, text)
    return text


SEGMENT = re.compile(r"(?ms)(?:\A---\n(.*?)^---$)|(?:^```\{[a-z-]+\}\n(.*?)^```$)")


def _tree_edit(m: Mutation, text: str) -> str:
    """An edit of the YAML tree of a file, its front matter or one of its fenced blocks:
    an item duplicated or deleted, a key deleted, a value replaced by one of another
    kind or by another value of the file; the tree written back as YAML."""
    segments = [
        (g.start(1), g.end(1)) if g.group(1) is not None else (g.start(2), g.end(2))
        for g in SEGMENT.finditer(text)
    ]
    if not text.lstrip().startswith("---") and not segments:
        segments = [(0, len(text))]
    if not segments:
        return text
    start, end = segments[m.other % len(segments)]
    try:
        tree = yaml.safe_load(text[start:end])
    except yaml.YAMLError:
        return text
    places = list(_places(tree))
    if not places:
        return text
    parent, key = places[m.where % len(places)]
    action = (m.other // 7) % 5
    if action == 0:
        del parent[key]
    elif action == 1 and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    elif action == 2:
        parent[key] = TREE_VALUES[m.where % len(TREE_VALUES)]
    elif action == 3:
        other_parent, other_key = places[(m.where // 7) % len(places)]
        parent[key] = copy.deepcopy(other_parent[other_key])
    else:
        parent[key] = [parent[key]]
    try:
        dumped = yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=1000)
    except (yaml.YAMLError, RecursionError):
        return text
    return text[:start] + dumped + text[end:]


def _json_edit(m: Mutation, text: str) -> str:
    """A tree edit of a JSON file (a CSL-JSON bibliography) is written back as JSON, as a
    reference manager would; other edits are those of any text."""
    if m.op != "tree":
        return _edit(m, text)
    try:
        tree = json.loads(text)
    except ValueError:
        return text
    places = _places(tree)
    if not places:
        return text
    parent, key = places[m.where % len(places)]
    if (m.other // 7) % 2 and isinstance(parent, list):
        del parent[key]
    else:
        parent[key] = TREE_VALUES[m.where % len(TREE_VALUES)]
    return json.dumps(tree, indent="\t", ensure_ascii=False, default=str)


def _places(tree: object) -> list[tuple[Any, Any]]:
    """Every (container, key) in a YAML tree."""
    found: list[tuple[Any, Any]] = []
    if isinstance(tree, dict):
        for key, value in tree.items():
            found.append((tree, key))
            found += _places(value)
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            found.append((tree, i))
            found += _places(value)
    return found


# fmt: off
OPS = [
    "insert", "delete-span", "delete-line", "duplicate-line", "swap-lines", "indent",
    "tab-indent", "misspell", "set-value", "rename-key", "csv-cell", "truncate", "empty",
    "delete-file", "bytes", "tree", "make-folder", "link-loop", "garbage",
]
# fmt: on
WEIGHTS = {"delete-file": 1, "empty": 1, "truncate": 2, "bytes": 1, "tree": 12}
WEIGHTS |= {"make-folder": 1, "link-loop": 1, "garbage": 1}


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    """One mutation; frequent slips more often than rare ones."""
    op = draw(st.sampled_from([op for op in OPS for _ in range(WEIGHTS.get(op, 4))]))
    token_pool = {
        "rename-key": st.sampled_from(KEYS) | st.from_regex(r"[a-z_]{1,10}", fullmatch=True),
        "set-value": st.sampled_from(VALUES + TOKENS),
        "misspell": st.sampled_from(["", "x", "_", "-", "s"]),
        "csv-cell": st.sampled_from(VALUES + TOKENS + ['"a,b"', "1,000", " "]),
    }.get(op, st.sampled_from(TOKENS) | st.text(max_size=3))
    return Mutation(
        file=draw(st.integers(0, 10_000)),
        op=op,
        where=draw(st.integers(0, 1_000_000)),
        other=draw(st.integers(0, 1_000)),
        token=draw(token_pool),
    )


@st.composite
def settings(draw: st.DrawFn) -> list[str]:
    """`--set` arguments, mostly none."""
    if draw(st.integers(0, 4)):
        return []
    key = draw(st.sampled_from(SETTINGS))
    value = draw(st.sampled_from(SET_VALUES + VALUES + TOKENS) | st.text(max_size=8))
    return ["--set", f"{key}={value}"]


def copy_project(name: str, dest: Path) -> list[Path]:
    """Copy a project's files (not its build folder) to `dest`; return its text files in
    a fixed order, the project's own twice, so that an earlier edition's (first/) are
    mutated a third as often."""
    source = PROJECTS[name]
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, dest / part)
        elif (source / part).is_file():
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / part, dest / part)
    files = sorted(
        p
        for p in dest.rglob("*")
        if p.is_file() and p.suffix in TEXT_SUFFIXES and "build" not in p.parts
    )
    own = [p for p in files if p.relative_to(dest).parts[0] != EARLIER]
    return own + [p for p in files if p not in own] + own
