"""Lists in a tagged PDF as ISO 32000-1 (14.8.4.3.3) and PDF/UA-1 want them.

An L holds LI (and L, Caption); an LI holds Lbl and LBody. WeasyPrint 70 tags an
item whose content is blocks (`<li><p>…</p></li>`, as Markdown writes a loose
list) with the blocks straight under the LI, tags a definition list's `<div>`
groups (allowed in HTML) as Div between L and LI, and leaves text between
inline-block items straight under the L. These repairs run after the fragments of
split lists are joined (structure.merge_fragments).
"""

from __future__ import annotations

from typing import Any

from .structure import GROUPS, Tree, origin

ITEM_PARTS = ("/Lbl", "/LBody")


def repair_lists(tree: Tree, element: Any) -> None:
    """Repair every list at or under `element`, from the top down."""
    if element["S"] == "/L":
        where = origin(element)
        if where is not None and where.tag == "dl":
            _definition_list(tree, element)
        else:
            _list_kids(tree, element)
    elif element["S"] == "/LI":
        _item_kids(tree, element)
    _lone_items(tree, element)
    for kid in tree.kids(element):
        repair_lists(tree, kid)


def _list_kids(tree: Tree, lst: Any) -> None:
    """An L's kids are items: groups of items give up their items, other content joins one."""
    kept: list[Any] = []
    stray: list[Any] = []  # content met before the first item
    for item in list(lst["K"]):
        kid = tree.get(item)
        if kid is not None and kid["S"] in ("/LI", "/L", "/Caption"):
            kept.append(item)
            if kid["S"] == "/LI" and stray:
                _give(tree, lst, stray, _part(tree, kid, last=False), first=True)
                stray = []
        elif kid is not None and kid["S"] in GROUPS and _only_items(tree, kid):
            for sub in list(kid["K"]):
                tree.get(sub)["P"] = lst.reference
                kept.append(sub)
            tree.discard(kid, lst)
        elif (last := _last_item(tree, kept)) is not None:
            _give(tree, lst, [item], _part(tree, last, last=True))
        else:
            stray.append(item)
    lst["K"][:] = kept
    if stray:  # no item at all: this is no list
        lst["K"].extend(stray)
        lst["S"] = "/Div"


def _item_kids(tree: Tree, li: Any) -> None:
    """An LI's kids are Lbl and one LBody: all that is not a label goes into the body."""
    body = None
    kept = []
    for item in list(li["K"]):
        kid = tree.get(item)
        if kid is not None and kid["S"] == "/Lbl":
            kept.append(item)
        elif kid is not None and kid["S"] == "/LBody" and body is None:
            body = kid
            kept.append(item)
        elif kid is not None and kid["S"] == "/LBody":
            tree.absorb(body, kid)
        else:
            if body is None:
                body = tree.new("/LBody", li)
                kept.append(body.reference)
            tree.move(item, li, body)
    li["K"][:] = kept


def _definition_list(tree: Tree, lst: Any) -> None:
    """A definition list as ISO 32000-1 describes one: an LI per group, its terms in Lbl
    ("in a dictionary list, it contains the term being defined"), its details in LBody.

    WeasyPrint tags each `dt` and `dd` as an LI holding an LBody; a `div` grouping a
    dt and its dd (HTML allows one) becomes the LI of its group.
    """
    kept: list[Any] = []
    current = None  # the LI being filled
    stray: list[Any] = []
    for item in list(lst["K"]):
        kid = tree.get(item)
        if kid is not None and _is_term_or_details(kid):
            if current is None or (_tag(kid) == "dt" and _has(tree, current, "/LBody")):
                current = tree.new("/LI", lst)
                kept.append(current.reference)
            _adopt_entry(tree, current, kid)
        elif kid is not None and any(_is_term_or_details(k) for k in tree.kids(kid)):
            group = tree.new("/LI", lst)
            kept.append(group.reference)
            for sub in list(kid["K"]):
                entry = tree.get(sub)
                if entry is not None and _is_term_or_details(entry):
                    _adopt_entry(tree, group, entry)
                else:
                    _give(tree, kid, [sub], _part(tree, group, last=True) or group)
            tree.discard(kid, group)
            current = None
        elif kept:
            _give(tree, lst, [item], _part(tree, tree.get(kept[-1]), last=True))
        else:
            stray.append(item)
    lst["K"][:] = kept
    if stray and kept:
        _give(tree, lst, stray, _part(tree, tree.get(kept[0]), last=False), first=True)
    elif stray:
        lst["K"].extend(stray)
        lst["S"] = "/Div"


def _adopt_entry(tree: Tree, li: Any, entry: Any) -> None:
    """Move a dt's or dd's LI (holding one LBody) into `li`: a term as Lbl, details as LBody."""
    for part in tree.kids(entry):
        if _tag(entry) == "dt":
            part["S"] = "/Lbl"
    for item in list(entry["K"]):
        tree.move(item, entry, li)
    tree.discard(entry, li)


def _lone_items(tree: Tree, parent: Any) -> None:
    """Items whose parent is no list are put in one (e.g. `li` outside `ul`, `menu`)."""
    if parent["S"] == "/L":
        return
    kept: list[Any] = []
    wrapper = None
    for item in list(parent["K"]):
        kid = tree.get(item)
        if kid is not None and kid["S"] == "/LI":
            if wrapper is None:
                wrapper = tree.new("/L", parent)
                kept.append(wrapper.reference)
            tree.move(item, parent, wrapper)
        else:
            kept.append(item)
            wrapper = None
    parent["K"][:] = kept


def _give(tree: Tree, source: Any, items: list[Any], target: Any, first: bool = False) -> None:
    """Move K entries of `source` into `target`, keeping their order."""
    for item in reversed(items) if first else items:
        tree.move(item, source, target, first=first)


def _part(tree: Tree, li: Any, last: bool) -> Any:
    """An LI's last (or first) Lbl or LBody, made if it has none, for stray content."""
    parts = [kid for kid in tree.kids(li) if kid["S"] in ITEM_PARTS]
    if parts:
        return parts[-1] if last else parts[0]
    body = tree.new("/LBody", li)
    li["K"].append(body.reference)
    return body


def _last_item(tree: Tree, kept: list[Any]) -> Any:
    items = [kid for item in kept if (kid := tree.get(item)) is not None and kid["S"] == "/LI"]
    return items[-1] if items else None


def _only_items(tree: Tree, element: Any) -> bool:
    kids = tree.kids(element)
    items = all(kid["S"] in ("/LI", "/L") for kid in kids)
    return bool(kids) and len(kids) == len(element["K"]) and items


def _has(tree: Tree, element: Any, tag: str) -> bool:
    return any(kid["S"] == tag for kid in tree.kids(element))


def _tag(element: Any) -> str | None:
    where = origin(element)
    return None if where is None else where.tag


def _is_term_or_details(element: Any) -> bool:
    return element["S"] == "/LI" and _tag(element) in ("dt", "dd")
