"""Banners per page (an output's `banner: per_page`): each page after the first prints the
highest level of the portions on it, which only a laid-out document knows.

Each portion mark then carries its level's rank and banner (`data-rank`,
`data-banner`). After a layout, the marks on each page give its banner, set by an
`@page :nth(N)` rule (in a style element of the document's own: WeasyPrint ranks the
page rules of stylesheets given apart below the document's) for the margin boxes that
print the marking; margin boxes take no room from the page's content, so laying out
again with those rules moves nothing. A
page with no portion on it (the cover, the contents of a scheme that marks none, the
notes) keeps the document's banner.
"""

from __future__ import annotations

from typing import Any


def wants_page_banners(root: Any) -> bool:
    """Whether the document's portion marks ask for banners per page."""
    return any(True for _ in root.iterfind(".//*[@data-banner]"))


def page_banners(document: Any) -> dict[int, str]:
    """The banner of each page (0-based) after the first that holds a portion."""
    banners: dict[int, str] = {}
    for number, page in enumerate(document.pages):
        if number == 0:
            continue
        ranked = [
            (int(element.get("data-rank", "0")), element.get("data-banner", ""))
            for element in _elements(page._page_box)
        ]
        if ranked:
            banners[number] = max(ranked)[1]
    return banners


def banner_css(banners: dict[int, str]) -> str:
    """The @page rules that print each page's banner at its top and bottom."""
    from ..render.environment import css_string  # not on a no-op build's imports

    return "\n".join(
        f"@page :nth({n + 1}) {{ @top-center {{ content: {css_string(text)} }} "
        f"@bottom-center {{ content: {css_string(text)} }} }}"
        for n, text in sorted(banners.items())
    )


STYLE_ID = "reportgen-page-banners"


def set_page_banners(root: Any, banners: dict[int, str]) -> None:
    """Put the @page rules of `banners` in the document's head (replacing any before)."""
    head = root[0]
    style = next((e for e in head if e.get("id") == STYLE_ID), None)
    if style is None:
        style = head.makeelement("style", {"id": STYLE_ID})
        head.append(style)
    style.text = banner_css(banners)


def _elements(box: Any) -> list[Any]:
    """The marked elements laid out in a page's boxes, each once."""
    found: dict[int, Any] = {}
    stack = [box]
    while stack:
        current = stack.pop()
        element = getattr(current, "element", None)
        if element is not None and element.get("data-banner") is not None:
            found[id(element)] = element
        stack.extend(getattr(current, "children", ()))
    return list(found.values())
