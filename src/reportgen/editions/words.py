"""Words: texts split into words, word-level diffs, how alike two texts are, and the
best pairing of old items with new ones (an optimal assignment)."""

from __future__ import annotations

import bisect
import difflib
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..markup import render_inline

T = TypeVar("T")

# A word diff, as git's --word-diff shows it: ("=", kept), ("-", deleted), ("+", inserted).
WordOp = tuple[str, str]

_CITATION = re.compile(r"\[@[^\]]*\]")
_PUNCTUATION = ".,;:!?\"'()[]*_`\u201c\u201d\u2018\u2019"
_GLUE = "\x00"  # stands for a space inside a citation while the text is split


@dataclass(frozen=True)
class Word:
    """One word of a text as written, and the white space after it."""

    text: str
    space: str = ""


def words(text: str) -> list[Word]:
    """A text's words with the white space after each; a citation (`[@a; @b]`) is one word."""
    glued = _CITATION.sub(lambda m: m.group(0).replace(" ", _GLUE), text)
    return [
        Word(m.group(1).replace(_GLUE, " "), m.group(2)) for m in re.finditer(r"(\S+)(\s*)", glued)
    ]


def normal(text: str | None) -> str:
    """A text with its white space collapsed: reflowed or re-indented text is the same text."""
    return " ".join((text or "").split())


def word_diff(old: str, new: str) -> list[WordOp]:
    """The word-level difference of two texts, runs of one kind joined by single spaces."""
    a = [w.text for w in words(old)]
    b = [w.text for w in words(new)]
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            _add(ops, "=", b[j1:j2])
            continue
        _add(ops, "-", a[i1:i2])
        _add(ops, "+", b[j1:j2])
    return ops


def _add(ops: list[WordOp], kind: str, items: list[str]) -> None:
    if items:
        ops.append((kind, " ".join(items)))


def _key(text: str) -> list[str]:
    """The words two texts are compared by: lower case, without punctuation at their ends."""
    found = (w.strip(_PUNCTUATION).lower() for w in normal(text).split())
    return [w for w in found if w]


def similarity(old: str, new: str) -> float:
    """How alike two texts are, from 0 (no word in common) to 1 (the same words)."""
    a, b = _key(old), _key(new)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def plain(text: str) -> str:
    """Inline Markdown as the plain words a reader sees: no markup, no citation markers."""
    rendered = str(render_inline(_CITATION.sub("", text)))
    return normal(html.unescape(re.sub(r"<[^>]+>", "", rendered)))


def excerpt(text: str, limit: int = 24) -> str:
    """The first `limit` words of a plain text, with an ellipsis when there is more."""
    found = text.split()
    return " ".join(found[:limit]) + (" \u2026" if len(found) > limit else "")


# -- pairing old items with new ones ---------------------------------------------------

Pair = tuple[int | None, int | None]  # (old index, new index); None: added or removed
ASSIGN_LIMIT = 120  # more unpaired items than this on either side: no pairing by likeness


def pair(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], str],
    likeness: Callable[[T, T], float] | None = None,
    threshold: float = 0.5,
) -> list[Pair]:
    """Pair old items with new: equal keys first (in order), then the remaining items by
    likeness (an optimal assignment, pairs below `threshold` left apart). The pairs come in
    reading order: new items in order, each removed one after the item it followed."""
    a, b = [key(x) for x in old], [key(x) for x in new]
    pairs: dict[int, int] = {}
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    unpaired: dict[str, list[int]] = {}  # new indexes by key, for items that moved
    taken = set(pairs.values())
    for j in range(len(b)):
        if j not in taken:
            unpaired.setdefault(b[j], []).append(j)
    for i in range(len(a)):
        if i not in pairs and unpaired.get(a[i]):
            pairs[i] = unpaired[a[i]].pop(0)
            taken.add(pairs[i])
    left = [i for i in range(len(a)) if i not in pairs]
    right = [j for j in range(len(b)) if j not in taken]
    if likeness and left and right and max(len(left), len(right)) <= ASSIGN_LIMIT:
        scores = [[likeness(old[i], new[j]) for j in right] for i in left]
        for r, c in assign(scores, threshold):
            pairs[left[r]] = right[c]
    return reading_order(len(old), len(new), pairs)


def reading_order(n_old: int, n_new: int, pairs: dict[int, int]) -> list[Pair]:
    """Every old and new index as pairs: new items in order, each removed item placed
    after the kept item that preceded it in the old order."""
    entries: list[tuple[tuple[int, int, int], Pair]] = []
    paired_new = {j: i for i, j in pairs.items()}
    for j in range(n_new):
        entries.append(((j, 1, 0), (paired_new.get(j), j)))
    for i in range(n_old):
        if i in pairs:
            continue
        before = [pairs[p] for p in range(i) if p in pairs]
        entries.append(((max(before) if before else -1, 2, i), (i, None)))
    return [p for _, p in sorted(entries)]


def moved(pairs: Sequence[Pair]) -> set[int]:
    """The new indexes of kept items that changed place relative to the others (those
    outside the longest run kept in order): shifts after an insertion are not moves."""
    kept = sorted(((j, i) for i, j in pairs if i is not None and j is not None))
    stay = _increasing([i for _, i in kept])
    return {j for j, i in kept if i not in stay}


def _increasing(values: list[int]) -> set[int]:
    """The values of a longest increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []  # index into values of the last item of each run length
    before = [-1] * len(values)
    for k, value in enumerate(values):
        at = bisect.bisect_left([values[t] for t in tails], value)
        before[k] = tails[at - 1] if at else -1
        tails[at : at + 1] = [k]
    found, k = set(), tails[-1] if tails else -1
    while k >= 0:
        found.add(values[k])
        k = before[k]
    return found


def assign(scores: list[list[float]], threshold: float) -> list[tuple[int, int]]:
    """The pairs (row, column) that maximise the total score, each row and column used at
    most once and no pair scoring below `threshold` (the Hungarian method, O(n^3))."""
    rows, cols = len(scores), len(scores[0]) if scores else 0
    size = rows + cols  # each row may stay single (a dummy column), each column too
    forbidden = float(size + 1)
    cost = [[0.0] * size for _ in range(size)]
    for r in range(rows):
        for c in range(cols):
            s = scores[r][c]
            # A tie goes to the nearer position: reworded items rarely move far.
            near = abs(r / max(rows, 1) - c / max(cols, 1)) * 1e-6
            cost[r][c] = -s + near if s >= threshold else forbidden
    column_of = _hungarian(cost)
    return [(r, c) for r, c in enumerate(column_of[:rows]) if c < cols and cost[r][c] < 0]


def _hungarian(cost: list[list[float]]) -> list[int]:
    """For a square cost matrix, the column given to each row in a least-cost assignment."""
    n = len(cost)
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    row_of = [0] * (n + 1)  # row_of[column], 1-based; 0: none
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        row_of[0] = i
        j0 = 0
        least = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = row_of[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < least[j]:
                        least[j], way[j] = reduced, j0
                    if least[j] < delta:
                        delta, j1 = least[j], j
            for j in range(n + 1):
                if used[j]:
                    u[row_of[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            j0 = j1
            if row_of[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            row_of[j0] = row_of[j1]
            j0 = j1
    column_of = [0] * n
    for j in range(1, n + 1):
        if row_of[j]:
            column_of[row_of[j] - 1] = j - 1
    return column_of
