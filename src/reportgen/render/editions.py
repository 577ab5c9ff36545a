"""The HTML of an output that shows an earlier edition: the redline's marks as <ins> and
<del>, its legend at the start of the content, and the styles of both (editions.css)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import jinja2

from ..editions.marks import to_html

_MAIN = re.compile(r"<main\b[^>]*>")
_BODY = re.compile(r"<body\b[^>]*>")


def with_editions(html: str, env: jinja2.Environment, context: Mapping[str, Any]) -> str:
    """The rendered document with what `changes` and `redline` need; as it is without them."""
    if not context.get("changes") and not context.get("redline"):
        return html
    if context.get("redline"):
        html = to_html(html)
        legend = env.get_template("redline-legend.html.j2").render(context)
        start = _MAIN.search(html) or _BODY.search(html)
        at = start.end() if start else 0
        html = f"{html[:at]}\n{legend}{html[at:]}"
    styles = env.get_template("editions.css").render(context)
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    return f'{html[:head_end]}<style class="editions">\n{styles}</style>\n{html[head_end:]}'
