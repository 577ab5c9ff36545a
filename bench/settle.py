"""What checking a PDF's footnotes and page references costs (pdf/settle.py).

    .venv/bin/python bench/settle.py [--sections 75] [--runs 2]

Builds the ~160-page brief of bench/run.py with a cross-reference or three in every
part (to its own table and figure, often on the same page, and to the part before),
as its `full` output (endnotes) and its `footnotes` output, `--jobs 1`, and compares
each with the `weasyprint` CLI laying out the very same document once, and with the
plain brief (no cross-references). Counts the layouts each build made. Prints a
Markdown table (best of --runs); the brief has --sections parts.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from run import REPORTGEN, WEASYPRINT, long_project, print_document, print_table, timed


def layouts(project: Path, output: str) -> int:
    """How many times building `output` lays the document out (in this process)."""
    import reportgen.pdf.settle as settle
    from reportgen.builder import BuildOptions, build
    from reportgen.validate import load_project

    reads = 0
    read = settle.Placed.read

    def counted(document: object) -> settle.Placed:
        nonlocal reads
        reads += 1
        return read(document)

    settle.Placed.read = counted
    try:
        out = project / "count"
        build(load_project(project), BuildOptions(out_dir=out, only=[output], jobs=1))
    finally:
        settle.Placed.read = read
    return reads  # each layout is read once


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=75)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-settle-"))
    plain = long_project(work / "plain", args.sections)
    refs = long_project(work / "refs", args.sections, references=True)
    rows = []
    for name, project, output in (
        ("plain brief, endnotes", plain, "full"),
        ("with cross-references, endnotes", refs, "full"),
        ("with cross-references, footnotes", refs, "footnotes"),
    ):
        doc = print_document(project, output, work / f"{project.name}-{output}.html")
        build = [*REPORTGEN, "build", str(project), "--only", output, "--force", "--jobs", "1"]
        cli = [*WEASYPRINT, str(doc), str(work / f"{project.name}-{output}.pdf")]
        times = [(timed(build)[0], timed(cli)[0]) for _ in range(args.runs)]
        build_s, cli_s = (min(t[k] for t in times) for k in range(2))
        rows.append(
            (
                name,
                f"{build_s:.1f} s",
                f"{cli_s:.1f} s",
                f"{build_s / cli_s:.2f}",
                str(layouts(project, output)),
            )
        )
    header = ["brief", "reportgen build", "`weasyprint` CLI, same document", "ratio", "layouts"]
    print_table(header, rows)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
