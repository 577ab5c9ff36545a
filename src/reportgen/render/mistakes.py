"""Template problems grouped as mistakes: one message per `{{ }}` tag or undefined name,
and one per problem that several outputs met."""

from __future__ import annotations

import dataclasses

from ..errors import Problem
from .undefined import TAG, read_line


def one_per_tag(problems: list[Problem]) -> list[Problem]:
    """One message per mistake: the undefined names of one `{{ }}` or `{% %}` tag (a typo
    such as `brief.aud- ience` makes two), and one name undefined wherever a template
    uses it (its `set` deleted), each as one message, the others in its note."""
    groups: list[list[Problem]] = []
    by_name: dict[tuple[str, str], int] = {}
    by_tag: dict[tuple[str, int, int], int] = {}
    for problem in sorted(set(problems)):
        tags = list(TAG.finditer(read_line(problem.path, problem.line)))
        tag = next((i for i, t in enumerate(tags) if t.start() < problem.col <= t.end()), None)
        name = (problem.path, problem.message)
        place = (problem.path, problem.line, -problem.col if tag is None else tag)
        group = by_name.get(name, by_tag.get(place))
        if group is None:
            group = len(groups)
            groups.append([])
        groups[group].append(problem)
        by_name.setdefault(name, group)
        by_tag.setdefault(place, group)
    result = []
    for first, *rest in groups:
        if rest:
            also = ", ".join(
                f"line {p.line}, column {p.col}"
                if p.message == first.message
                else f"{p.message.removeprefix('template error: ')} (column {p.col})"
                for p in rest
            )
            first = dataclasses.replace(first, note=f"also: {also}")
        result.append(first)
    return result


def once(problems: list[Problem]) -> list[Problem]:
    """Each problem once though several outputs met it (with the longest note any gave)."""
    found: dict[tuple[str, int, int, str], Problem] = {}
    for problem in problems:
        key = (problem.path, problem.line, problem.col, problem.message)
        if key not in found or len(problem.note) > len(found[key].note):
            found[key] = problem
    return list(found.values())
