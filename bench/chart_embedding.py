"""Measure: charts as inline <svg> vs <img src="data:image/svg+xml;base64,...">.

Renders the default brief's HTML both ways with WeasyPrint and reports the
warnings logged, duplicate element ids, and the PDF render time (best of N).
Usage: .venv/bin/python bench/chart_embedding.py [RUNS]
"""

from __future__ import annotations

import base64
import re
import sys
import time
from pathlib import Path

import weasyprint

from reportgen.builder import BuildOptions, build
from reportgen.pdf import collect_warnings
from reportgen.render import validate_project

ROOT = Path(__file__).resolve().parent.parent


def inline(html: str) -> str:
    """Replace each chart <img> by the SVG it encodes (without its XML prolog)."""

    def svg(match: re.Match[str]) -> str:
        text = base64.b64decode(match.group(1)).decode()
        return text[text.index("<svg") :]

    return re.sub(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="[^"]*">', svg, html)


def render(html: str, runs: int) -> tuple[float, list[str]]:
    best = float("inf")
    for _ in range(runs):
        with collect_warnings("weasyprint") as warnings:
            start = time.perf_counter()
            weasyprint.HTML(string=html, base_url=str(ROOT)).write_pdf()
            best = min(best, time.perf_counter() - start)
    return best, list(warnings)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    out = ROOT / "build" / "bench"
    build(validate_project(ROOT), BuildOptions(out_dir=out, formats=["html"]))
    as_img = (out / "taiwan-defense-brief-full.html").read_text()
    as_svg = inline(as_img)
    for name, html in (("img data URI", as_img), ("inline svg", as_svg)):
        ids = re.findall(r'\bid="([^"]+)"', html)
        duplicates = len(ids) - len(set(ids))
        seconds, warnings = render(html, runs)
        print(
            f"{name:13s} render {seconds:.2f} s  warnings {len(warnings) // runs:3d}  "
            f"duplicate ids {duplicates}"
        )


if __name__ == "__main__":
    main()
