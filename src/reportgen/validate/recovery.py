"""One mistake, one message: what a file that does not validate still tells (its ids,
labels and the sources it cites), and the errors that depend on a file nothing could be
read from, withheld and counted on that file's own error."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

from ..errors import Problem, display_path
from ..markup import citations_in

LABEL_KINDS = {"chart": ("fig",), "table": ("tbl",)}
UNTYPED = ("fig", "tbl")  # a block whose type is missing or misspelt may be either
NOT_TARGETS = ("paragraph", "callout", "key_figures")


def first_error(problems: list[Problem], since: int) -> Problem | None:
    """The first error reported after the first `since` problems: the one others wait on."""
    return next((p for p in problems[since:] if p.severity == "error"), None)


class Withheld:
    """Errors withheld until a file is fixed: per kind (labels, sources), the error of the
    file they depend on and how many were withheld."""

    def __init__(self) -> None:
        self.roots: dict[str, tuple[Problem, str]] = {}
        self.hidden: dict[str, set[Hashable]] = {}

    def blind(self, kind: str, root: Problem, until: str) -> None:
        """From now on, errors of `kind` are withheld until `root` is fixed."""
        self.roots.setdefault(kind, (root, until))

    def hides(self, kind: str, what: Hashable) -> bool:
        """True (and counted) when an error of `kind` about `what` (an id, a place) is to be
        withheld; `what` counts once however often it is met (in each edition, say)."""
        if kind in self.roots:
            self.hidden.setdefault(kind, set()).add(what)
            return True
        return False

    def notes(self, problems: list[Problem]) -> list[Problem]:
        """`problems` with each root error saying how many errors wait on its fix."""
        waiting: dict[Problem, tuple[int, str]] = {}
        for kind, (root, until) in self.roots.items():
            if self.hidden.get(kind):
                count = waiting.get(root, (0, until))[0] + len(self.hidden[kind])
                waiting[root] = (count, until)
        result = []
        for problem in problems:
            if problem in waiting:
                count, until = waiting.pop(problem)
                errors = "error" if count == 1 else "errors"
                problem = _noted(problem, f"{count} further {errors} hidden until {until}")
            result.append(problem)
        return result


# Errors that are one mistake however many places show it: an unknown source id or label
# used in many places; columns a file lacks (its header changed); the cells of one CSV
# row (the row shifted, or a header repeated). The key says what they share; `detail`
# what tells the places apart.
REPEATS = [
    (re.compile(r"^(?:row \d+, column '[^']*': )?unknown source id '(?P<key>[^']*)'$"), ""),
    (re.compile(r"^no \w+ has the label (?P<key>\S+)$"), ""),
    (re.compile(r"^template not found: (?P<key>.+)$"), ""),
    (
        re.compile(r"^section '(?P<detail>[^']*)' has no data file \(looked for (?P<key>\S+)/"),
        "detail",
    ),
    (re.compile(r"^column '(?P<detail>[^']*)' not found in (?P<key>\S+)$"), "detail"),
    (re.compile(r"^row (?P<key>\d+), column '(?P<detail>[^']*)': "), "detail"),
]
ROW = len(REPEATS) - 1  # the cells of one row: one mistake when SHIFTED or more fail
SHIFTED = 3


def repeats(problems: list[Problem]) -> list[Problem]:
    """`problems` with the errors that are one mistake (an unknown source id cited in
    twelve places) reported once, at the first place, the others in its note."""
    groups: dict[tuple[int, str, str], list[Problem]] = {}
    for problem in problems:
        if key := _repeated(problem):
            groups.setdefault(key[:3], []).append(problem)
    for shared, group in list(groups.items()):
        if shared[0] == ROW and len(group) < SHIFTED:  # two bad cells may be two typos
            del groups[shared]
    result = []
    for problem in problems:
        key = _repeated(problem)
        group = groups.get(key[:3], [problem]) if key else [problem]
        if group[0] is not problem:
            continue
        if len(group) > 1:
            places = ", ".join(_where(p) for p in group[1:4])
            more = f" and {len(group) - 4} more" if len(group) > 4 else ""
            problem = _noted(problem, f"also at {places}{more}")
        result.append(problem)
    return result


def _repeated(problem: Problem) -> tuple[int, str, str, str] | None:
    """Which kind of repeated error a problem is, what it shares with the others of its
    group (a file for a row's cells), and its detail; None for other problems."""
    if problem.severity != "error":
        return None
    for kind, (pattern, detail) in enumerate(REPEATS):
        found = pattern.match(problem.message)
        if found:
            shared = problem.path if found["key"].isdigit() else ""
            return kind, found["key"], shared, found[detail] if detail else ""
    return None


def _where(problem: Problem) -> str:
    """A problem's place, and what tells it apart ('countries' for a column)."""
    place = f"{display_path(problem.path)}:{problem.line}:{problem.col}"
    key = _repeated(problem)
    return f"{place} ({key[3]!r})" if key and key[3] else place


def _noted(problem: Problem, note: str) -> Problem:
    """The problem with `note` added to its note."""
    return dataclasses.replace(problem, note=f"{problem.note}; {note}" if problem.note else note)


class Known:
    """The ids a kind of reference may name. An id that is not known is taken as known
    (and counted as withheld) while the file that would say is unreadable."""

    def __init__(self, ids: Iterable[str], withheld: Withheld, kind: str) -> None:
        self.ids = set(ids)
        self.withheld = withheld
        self.kind = kind

    def __contains__(self, item: object) -> bool:
        return item in self.ids or self.withheld.hides(self.kind, item)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.ids))

    def __len__(self) -> int:
        return len(self.ids)

    def __bool__(self) -> bool:
        return bool(self.ids) or self.kind in self.withheld.roots


def raw_labels(items: Iterable[Any]) -> dict[str, set[str]]:
    """The cross-reference labels of raw blocks (YAML that did not validate): charts are
    figures, tables are tables, and a block of unknown type either."""
    found: dict[str, set[str]] = {"fig": set(), "tbl": set()}
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        kind = item.get("type")
        if kind in NOT_TARGETS:
            continue
        for label in LABEL_KINDS.get(str(kind), UNTYPED):
            found[label].add(item["id"])
    return found


def raw_blocks(value: Any) -> list[Any]:
    """The blocks of a raw section value, in its body and its sub-sections' bodies."""
    if not isinstance(value, dict):
        return []
    found = list(value.get("body") or []) if isinstance(value.get("body"), list) else []
    subsections = value.get("subsections")
    for sub in subsections if isinstance(subsections, list) else []:
        if isinstance(sub, dict) and isinstance(sub.get("body"), list):
            found += sub["body"]
    return found


def raw_cites(value: Any) -> set[str]:
    """Every source id a raw value cites: in `cite` lists and `[@id]` in its texts."""
    found: set[str] = set()
    if isinstance(value, dict):
        cite = value.get("cite")
        found |= {cite} if isinstance(cite, str) else set()
        found |= {c for c in cite if isinstance(c, str)} if isinstance(cite, list) else set()
        for item in value.values():
            found |= raw_cites(item)
    elif isinstance(value, list):
        for item in value:
            found |= raw_cites(item)
    elif isinstance(value, str) and "[@" in value:
        found |= {c.id for _, items in citations_in(value) for c in items}
    return found
