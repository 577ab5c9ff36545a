"""A static pass over a template's syntax tree: names that nothing defines, and fields the
project's objects lack (`brief.organization`, `section.titel` in a loop over sections),
found in every branch, whether or not this build's data reaches it. Only what does not
depend on the data is checked: names, and the fields of the models."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping
from typing import Any

import jinja2
from jinja2 import nodes

from .undefined import SPECIAL, Use

UNKNOWN = object()  # a name whose value the static pass cannot know
GUARDS = ("defined", "undefined")  # tests that make an undefined name no error
DEFAULTS = ("default", "d")  # filters that do


def assigned(trees: Iterable[nodes.Template]) -> set[str]:
    """Every name any template defines: set, for, macro and its parameters, import, with."""
    found: set[str] = set()
    for tree in trees:
        for name in tree.find_all(nodes.Name):
            if name.ctx in ("store", "param"):
                found.add(name.name)
        for macro in tree.find_all(nodes.Macro):
            found.add(macro.name)
        for imported in tree.find_all(nodes.Import):
            found.add(imported.target)
        for each in tree.find_all(nodes.FromImport):
            found |= {n if isinstance(n, str) else n[-1] for n in each.names}
        for ns in tree.find_all(nodes.NSRef):
            found.add(ns.name)
    return found


def static_uses(
    env: jinja2.Environment,
    tree: nodes.Template,
    path: str,
    context: Mapping[str, Any],
    defined: set[str],
) -> list[Use]:
    """The undefined names and missing fields in one template's tree."""
    guarded = _guarded(tree)
    known = set(context) | set(env.globals) | defined | SPECIAL | guarded
    uses = [
        Use(path, node.lineno, node.name)
        for node in tree.find_all(nodes.Name)
        if node.ctx == "load" and node.name not in known
    ]
    scope = {k: v for k, v in context.items() if k not in defined and k not in guarded}
    _Fields(env, path, uses, guarded).visit(tree, scope)
    return uses


def _guarded(tree: nodes.Template) -> set[str]:
    """Names a template checks before use (`x is defined`, `x | default(...)`)."""
    found: set[str] = set()
    for node in tree.find_all((nodes.Test, nodes.Filter)):
        if node.name in (GUARDS if isinstance(node, nodes.Test) else DEFAULTS):
            found |= {n.name for n in node.find_all(nodes.Name)}
            if isinstance(node.node, nodes.Name):
                found.add(node.node.name)
    return found


class _Fields:
    """Walks a tree with the values of the names in scope, checking each `a.b` against
    the real object `a` names (a loop variable stands for its list's first item)."""

    def __init__(self, env: jinja2.Environment, path: str, uses: list[Use], guarded: set[str]):
        self.env, self.path, self.uses, self.guarded = env, path, uses, guarded

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            inner = dict(scope)
            if isinstance(node.target, nodes.Name):
                name = node.target.name
                stores = [n.name for n in node.find_all(nodes.Name) if n.ctx == "store"]
                items = self.value(node.iter, scope)
                first = _representative(items) if self.uniform(node.iter, scope) else UNKNOWN
                inner[name] = first if stores.count(name) == 1 else UNKNOWN  # not set again
            for child in [*node.body, *node.else_]:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = {k: v for k, v in scope.items() if k not in _params(node)}
            for child in node.body:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Test | nodes.Filter) and node.name in (*GUARDS, *DEFAULTS):
            return  # what it guards may be missing
        if isinstance(node, nodes.Getattr):
            self.check(node, scope)
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def value(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """The value an expression of names and `.field`s has, or UNKNOWN (an item of a
        list or mapping, `x[0]`, depends on the data)."""
        if isinstance(node, nodes.Name):
            return scope.get(node.name, UNKNOWN)
        if isinstance(node, nodes.Getattr) and not node.attr.startswith("_"):
            base = self.value(node.node, scope)
            if base is UNKNOWN or isinstance(base, Mapping):
                return UNKNOWN
            found = self.env.getattr(base, node.attr)
            return UNKNOWN if isinstance(found, jinja2.Undefined) else found
        return UNKNOWN

    def uniform(self, node: nodes.Node, scope: dict[str, Any]) -> bool:
        """Whether a list's items are declared to be of one kind (a section's `body` is a
        list of blocks of several kinds, whatever one brief's data holds)."""
        if not isinstance(node, nodes.Getattr):
            return True
        base = self.value(node.node, scope)
        field = getattr(type(base), "model_fields", {}).get(node.attr)
        if field is None:
            return True
        args = typing.get_args(field.annotation)
        item = args[0] if args else None
        while typing.get_origin(item) is typing.Annotated:
            item = typing.get_args(item)[0]
        return typing.get_origin(item) not in (typing.Union, types.UnionType)

    def check(self, node: nodes.Getattr, scope: dict[str, Any]) -> None:
        """A field asked of one of the project's objects that its model does not have.
        Keys of mappings (`tables['gdp']`) depend on the data, which a template may test
        first (`'gdp' in tables`): rendering reports those it meets."""
        if node.attr.startswith("_"):
            return
        base = self.value(node.node, scope)
        if base is UNKNOWN or isinstance(base, Mapping | list | tuple | str):
            return
        if isinstance(self.env.getattr(base, node.attr), jinja2.Undefined):
            self.uses.append(Use(self.path, node.lineno, node.attr, base))


def _representative(items: Any) -> Any:
    """What a loop variable stands for: the first item of a list whose items are all of
    one kind (a list of blocks of several kinds has no one set of fields)."""
    if not isinstance(items, list | tuple) or not items:
        return UNKNOWN
    kinds = {type(item) for item in items}
    return items[0] if len(kinds) == 1 else UNKNOWN


def _params(node: nodes.Macro | nodes.CallBlock) -> set[str]:
    return {a.name for a in node.args} | {"caller", "varargs", "kwargs"}
