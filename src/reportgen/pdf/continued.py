"""A table's "(continued)" header only where the table continues.

The header row that repeats a split table's caption with "(continued)" is a row of
its `thead`, which WeasyPrint repeats on every page the table runs onto. On the
table's first page the caption covers it; here its text is also taken out of that
page's layout, so no reader, search or copy finds "(continued)" where a table starts.
"""

from __future__ import annotations

from typing import Any

CONTINUED = "continued"  # the class of the repeated caption row (macros.html.j2)


def drop_first_continued(document: Any) -> None:
    """Empty the "(continued)" row of each table on the page where the table starts."""
    from weasyprint.document import Page
    from weasyprint.formatting_structure.boxes import TableBox, TableRowBox

    seen: set[int] = set()
    for number, page in enumerate(document.pages):
        rows = []
        for table in page._page_box.descendants():
            if isinstance(table, TableBox) and id(table.element) not in seen:
                seen.add(id(table.element))
                rows += [row for row in table.descendants() if isinstance(row, TableRowBox)]
        emptied = [row for row in rows if _continued(row)]
        for row in emptied:
            for cell in row.children:
                cell.children = []
        if emptied:  # a page reads its links and anchors from its boxes when made
            document.pages[number] = Page(page._page_box)


def _continued(row: Any) -> bool:
    element = getattr(row, "element", None)
    return element is not None and CONTINUED in (element.get("class") or "").split()
