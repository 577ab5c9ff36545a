"""PDF stage: WeasyPrint through the confined fetcher, with the theme's fonts.

Importing this package imports no WeasyPrint; laying out a document does.
"""

from .layout import (
    Fonts,
    PdfResult,
    PrintDocument,
    collect_warnings,
    prepare_fonts,
    print_document,
    render_pdf,
)

__all__ = [
    "Fonts",
    "PdfResult",
    "PrintDocument",
    "collect_warnings",
    "prepare_fonts",
    "print_document",
    "render_pdf",
]
