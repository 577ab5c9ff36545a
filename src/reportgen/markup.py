"""The Markdown of a brief's text: CommonMark (raw HTML escaped) plus Pandoc's citations
(`[@id]`, `[@a; @b, p. 3]`) and Quarto's cross-references (`@fig-x`, `@tbl-x`, `@sec-x`).

A leaf module: validation finds citations and cross-references with the same
patterns the templates render them by.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import Markup, escape

ID = r"[A-Za-z0-9][A-Za-z0-9._:/-]*[A-Za-z0-9_]|[A-Za-z0-9]"
CITATION = re.compile(r"\[(@(?:" + ID + r")[^\]]*)\]")
CITATION_ITEM = re.compile(r"^\s*@(" + ID + r")\s*(?:,\s*(.*?))?\s*$")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")  # ![alt](target "title")
XREF = re.compile(r"(?<![\w@.])@(fig|tbl|sec)-([a-z0-9][a-z0-9_-]*[a-z0-9]|[a-z0-9])")
KINDS = {"fig": "Figure", "tbl": "Table", "sec": "Section"}


@dataclass(frozen=True)
class Cited:
    """One source cited in the text, with its locator (`p. 3`) if any."""

    id: str
    locator: str = ""


def citations_in(text: str) -> Iterator[tuple[int, list[Cited]]]:
    """Each citation in `text`: its offset and what it cites."""
    for match in CITATION.finditer(text):
        items = _items(match.group(1))
        if items is not None:
            yield match.start(), items


def xrefs_in(text: str) -> Iterator[tuple[int, str, str]]:
    """Each cross-reference in `text`: its offset, kind (fig, tbl, sec) and label."""
    for match in XREF.finditer(text):
        yield match.start(), match.group(1), match.group(2)


def images_in(text: str) -> Iterator[tuple[int, str]]:
    """Each image in `text`: its offset and target as written."""
    for match in IMAGE.finditer(text):
        yield match.start(), match.group(1)


def project_file(target: str) -> str | None:
    """The file path an image's target names (`images/map%20one.png`: 'images/map one.png'),
    or None for a URL (with a scheme, such as chart: or data:, or a host) or an empty one."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path)


def _items(inner: str) -> list[Cited] | None:
    items = []
    for part in inner.split(";"):
        match = CITATION_ITEM.match(part)
        if match is None:
            return None
        items.append(Cited(match.group(1), match.group(2) or ""))
    return items


def _citation_rule(state: Any, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = CITATION.match(state.src, state.pos)
    items = _items(match.group(1)) if match else None
    if match is None or items is None:
        return False
    if not silent:
        state.push("citation", "", 0).meta = {"items": items}
    state.pos = match.end()
    return True


def _xref_rule(state: Any, silent: bool) -> bool:
    if state.src[state.pos] != "@" or (state.pos and state.src[state.pos - 1].isalnum()):
        return False
    match = XREF.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        state.push("xref", "", 0).meta = {"kind": match.group(1), "label": match.group(2)}
    state.pos = match.end()
    return True


def _note_rule(state: Any, silent: bool) -> bool:
    """`^[text]`: a note written where it belongs (Pandoc's inline note)."""
    if not state.src.startswith("^[", state.pos):
        return False
    depth, end = 0, state.pos + 1
    while end < len(state.src):
        depth += {"[": 1, "]": -1}.get(state.src[end], 0)
        if depth == 0:
            break
        end += 1
    if depth:
        return False
    if not silent:
        state.push("note", "", 0).meta = {"text": state.src[state.pos + 2 : end]}
    state.pos = end + 1
    return True


def _render_note(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    note = env.get("note") if isinstance(env, dict) else None
    text = render_inline(tokens[idx].meta["text"], env)
    return str(note(text)) if note else str(Markup(" ({})").format(text))


def _render_citation(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    items: list[Cited] = tokens[idx].meta["items"]
    cite = env.get("cite") if isinstance(env, dict) else None
    if cite is None:  # outside a template: the citation as written
        return str(escape("[" + "; ".join(f"@{c.id}" for c in items) + "]"))
    return str(cite([c.id for c in items], [c.locator for c in items]))


def _render_xref(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    kind, label = tokens[idx].meta["kind"], tokens[idx].meta["label"]
    xref: Callable[[str, str], Markup] | None = env.get("xref") if isinstance(env, dict) else None
    return str(xref(kind, label)) if xref else str(escape(f"@{kind}-{label}"))


def _with_rules(md: Any) -> Any:
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.inline.ruler.before("link", "note", _note_rule)
    md.add_render_rule("note", _render_note)
    md.inline.ruler.before("emphasis", "xref", _xref_rule)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("xref", _render_xref)
    return md


@cache
def _inline() -> Any:
    from markdown_it import MarkdownIt

    # Inline syntax only, raw HTML off (escaped, never passed through), typographic quotes.
    return _with_rules(
        MarkdownIt("zero", {"html": False, "typographer": True}).enable(
            ["emphasis", "link", "backticks", "escape", "entity", "replacements", "smartquotes"]
        )
    )


@cache
def _block() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    return _with_rules(md.enable(["replacements", "smartquotes"]))


# A citation or note marker follows its word directly, as it would set in print: each
# starts with a word joiner (U+2060), and the space before it goes.
_BEFORE_MARKER = re.compile("\\s+(?=\u2060)")


def render_inline(text: str, env: dict[str, Any] | None = None) -> Markup:
    """Inline Markdown as safe HTML; `env` gives `cite` and `xref` to render those with."""
    html = _inline().renderInline(str(text), env if env is not None else {})
    return Markup(_BEFORE_MARKER.sub("", html))


def render_block(
    text: str,
    env: dict[str, Any] | None = None,
    after: Callable[[], Markup] | None = None,
    anchor: str | None = None,
) -> Markup:
    """Paragraphs and lists as safe HTML; what `after()` gives (a citation, rendered after
    the text's own, so numbers follow reading order) ends the last one; `anchor` is the
    first element's id."""
    html = _BEFORE_MARKER.sub("", _block().render(str(text), env if env is not None else {}))
    html = html.rstrip()
    if anchor:
        html = re.sub(r"^<(\w+)", lambda m: f'<{m.group(1)} id="{escape(anchor)}"', html, count=1)
    end = str(after()) if after else ""
    # The last paragraph or list item, followed only by the lists it closes.
    last = re.search(r"(</p>|</li>)(\s*</[ou]l>)*$", html)
    if last:
        return Markup(html[: last.start()] + end + html[last.start() :] + "\n")
    return Markup(html + end)
