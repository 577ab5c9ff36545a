"""What each PDF variant costs: layout time, file size, and the validator's verdict.

    .venv/bin/python bench/variants.py [--runs 3] [--output full]

Builds one output of the default brief (in this process, one render worker, the
chart cache warm) as a plain PDF and in every `pdf_variant`, --runs times each;
prints a Markdown table of the median build time (CPU time, which a busy machine
disturbs less than wall time; both are shown), the PDF's size and pages, and what
page-validation (installed with the test extra) says for each profile the variant
claims.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", default="full", help="which output of the default brief")
    args = parser.parse_args()

    from reportgen.builder import BuildOptions, build
    from reportgen.pdf.variants import VARIANTS
    from reportgen.render import validate_project

    project = validate_project(ROOT)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        for name in [None, *VARIANTS]:
            settings = {} if name is None else {"pdf_variant": name}
            options = BuildOptions(
                out_dir=out, only=(args.output,), formats=("pdf",), settings=settings, jobs=1
            )
            build(project, options)  # warm: charts drawn, fonts loaded
            cpu, wall = [], []
            for _ in range(args.runs):
                start, started = time.process_time(), time.perf_counter()
                result = build(project, BuildOptions(**{**vars(options), "force": True}))
                cpu.append(time.process_time() - start)
                wall.append(time.perf_counter() - started)
            (pdf,) = result.files
            verdict = validate(pdf.path, () if name is None else VARIANTS[name].profiles)
            times = f"{statistics.median(cpu):.2f} s ({statistics.median(wall):.2f} s)"
            rows.append((name or "(none: plain PDF)", times, pdf, verdict))
    python = sys.version.split()[0]
    print(f"Default brief, `{args.output}`, median of {args.runs} builds, Python {python}\n")
    print("| pdf_variant | build CPU (wall) | size | pages | page-validation |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, times, pdf, verdict in rows:
        size = f"{pdf.size / 1024:.0f} KB"
        print(f"| `{name}` | {times} | {size} | {pdf.pages} | {verdict} |")


def validate(pdf: Path, profiles: tuple[str, ...]) -> str:
    """The validator's failures for each profile, e.g. 'PDF/A-2a 0, PDF/UA-1 0'."""
    if not profiles:
        return "(claims nothing)"
    try:
        import page
    except ImportError:
        return "(page-validation not installed)"
    names = {"ua1": "PDF/UA-1"}
    found = []
    for profile in profiles:
        report = page.validate_pdf(pdf, profile=profile)
        found.append(f"{names.get(profile, 'PDF/A-' + profile)}: {len(report.failures)} failures")
    return ", ".join(found)


if __name__ == "__main__":
    main()
