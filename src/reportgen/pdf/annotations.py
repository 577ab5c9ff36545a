"""File attachment annotations in the structure tree, as PDF/UA-1 wants them."""

from __future__ import annotations

from typing import Any

import pydyf

from .structure import Tree, origin


def tag_attachments(tree: Tree) -> None:
    """Tag the file attachment annotations WeasyPrint makes for `<a rel=attachment>`.

    PDF/UA-1 (7.18.1, 7.18.2) wants each annotation inside an Annot structure element
    and described by /Contents; WeasyPrint leaves them out of the tree. The element of
    the link that made them (the links with rel=attachment on the same page, in order)
    becomes that Annot.
    """
    owners: dict[int, list[Any]] = {}  # page -> the attachment links on it, in order
    for element in tree.subtree(tree.document):
        where = origin(element)
        rel = where.attribute("rel").lower().split() if where else []
        if where and "attachment" in rel and element["S"] in ("/Link", "/Annot"):
            owners.setdefault(where.page, []).append(element)
    nums = tree.resolve(tree.root["ParentTree"])["Nums"]
    key = max(nums[::2], default=-1) + 1
    for page, reference in enumerate(tree.pdf.page_references):
        found = [
            (ref, annot)
            for ref in tree.resolve(reference).get("Annots", [])
            if (annot := tree.resolve(ref)).get("Subtype") == "/FileAttachment"
            and "StructParent" not in annot
        ]
        for n, (ref, annot) in enumerate(found):
            links = owners.get(page)
            if links:  # a link split over lines has a region, an annotation, for each
                owner = links[min(n, len(links) - 1)]
            else:
                owner = tree.new("/Annot", tree.document)
                tree.document["K"].append(owner.reference)
            owner["S"] = "/Annot"
            marker = pydyf.Dictionary({"Type": "/OBJR", "Obj": ref, "Pg": reference})
            tree.pdf.add_object(marker)
            owner["K"].append(marker.reference)
            where = origin(owner)
            text = " ".join("".join(where.element.itertext()).split()) if where else ""
            annot["Contents"] = pydyf.String(text or "Attached file")
            annot["StructParent"] = key
            nums.extend([key, owner.reference])
            key += 1
