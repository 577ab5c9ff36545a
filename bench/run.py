"""reportgen's benchmark: side by side in one run, against the bare `weasyprint` CLI.

    .venv/bin/python bench/run.py [--variants 100] [--runs 5]

Measures (wall time, median of --runs unless said otherwise):
  1. `reportgen --help`;
  2. a cold build of the default brief (new build folder, no chart cache: data,
     charts, HTML and PDF) vs the `weasyprint` CLI on the very document reportgen
     hands WeasyPrint (HTML, paged CSS and the same fonts), and vs the CLI on the
     HTML edition file as written, the three run in turn --runs times;
  3. a no-op rebuild;
  4. a batch of generated variants (the two-page summary, one per marking) with
     --jobs 1 and --jobs 2, vs a loop of the `weasyprint` CLI over the same documents;
  5. a generated ~160-page brief: time and peak memory (all processes together),
     vs the CLI on the same document;
  6. `reportgen diff` of the default brief and a copy of it (two validations).
Prints a Markdown table of figures and ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REPORTGEN = [str(BIN / "reportgen")]
WEASYPRINT = [str(BIN / "weasyprint"), "-q"]


def tree_memory_kb(pid: int) -> tuple[int, int]:
    """Memory of a process and its descendants, from /proc (Linux): the sum of their
    proportional set sizes (shared pages split between sharers, so the total is what the
    build really occupies) and the largest single resident set size."""
    pss, largest, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                if line.startswith("Rss:"):
                    largest = max(largest, int(line.split()[1]))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return pss, largest


def timed(command: list[str], memory: bool = False) -> tuple[float, int, int]:
    """Run a command; return its wall time and, if asked, the peaks of its process tree's
    total PSS and largest RSS in KB (sampling costs CPU, so times are taken without it)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, largest = 0, 0
    while memory and proc.poll() is None:
        total, biggest = tree_memory_kb(proc.pid)
        peak, largest = max(peak, total), max(largest, biggest)
        time.sleep(0.05)
    proc.wait()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{proc.stderr.read().decode()}")
    return seconds, peak, largest


def median(command_for_run: object, runs: int) -> float:
    return statistics.median(timed(command_for_run(i))[0] for i in range(runs))  # type: ignore[operator]


def print_document(project_dir: Path, output: str, target: Path) -> Path:
    """Write the exact document reportgen gives WeasyPrint for one output (fonts inline)."""
    from reportgen.charts import Charts
    from reportgen.render import for_print, project_environment, render_html
    from reportgen.themes import font_faces
    from reportgen.validate import load_project

    project = load_project(project_dir)
    env = project_environment(project)
    charts = Charts(project, target.parent / ".cache" / "charts").for_output(output)
    document = for_print(render_html(project, output, env, charts), env, project)
    faces, _ = font_faces()
    target.write_text(document.replace("</head>", f"<style>{faces}</style></head>", 1))
    return target


def batch_project(folder: Path, variants: int) -> Path:
    """The default brief with `variants` summary outputs, one per marking."""
    for name in ("data", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    config = (ROOT / "reportgen.yaml").read_text().split("# Each output")[0]
    lines = ["outputs:"]
    for i in range(1, variants + 1):
        lines += [
            f"  v{i:03d}:",
            "    template: default:summary.html.j2",
            "    sections: [key-judgments]",
            f'    marking: "UNCLASSIFIED // VARIANT {i:03d}"',
            "    formats: [pdf]",
        ]
    (folder / "reportgen.yaml").write_text(config + "\n".join(lines) + "\n")
    return folder


# Cross-references added to each part of the long brief with `references`: to its own
# table and figure (often on the same page), and to the part before.
REFERENCES = [
    "\n\nSee @tbl-exchange-objectives-{i}, @fig-himars-deliveries-{i} and @sec-part-{p}.\n",
    "\n\nSee @sec-part-{p}.\n",
    "\n\nSee @fig-timeline-chart-{i}, @tbl-timeline-{i} and @sec-part-{p}.\n",
]


def long_project(folder: Path, sections: int = 75, references: bool = False) -> Path:
    """A ~160-page brief: the default brief's text and tables, repeated in many sections;
    with `references`, cross-references in every part and a footnotes output too."""
    shutil.copytree(ROOT / "data", folder / "data")
    (folder / "templates").mkdir()
    (folder / "templates/brief.html.j2").write_text('{% extends "default:base.html.j2" %}\n')
    source = (ROOT / "data/sections/us-partnership.md").read_text()
    regional = (ROOT / "data/sections/regional-initiatives.md").read_text()
    background = (ROOT / "data/sections/background.md").read_text()
    ids = []
    for i in range(1, sections + 1):
        text = [source, regional, background][i % 3]
        text = (
            text.replace("id: exchange-objectives", f"id: exchange-objectives-{i}")
            .replace("id: himars-deliveries", f"id: himars-deliveries-{i}")
            .replace("id: timeline-chart", f"id: timeline-chart-{i}")
            .replace("id: timeline\n", f"id: timeline-{i}\n")
        )
        if references:
            text += REFERENCES[i % 3].format(i=i, p=f"{max(i - 1, 1):02d}")
        (folder / f"data/sections/part-{i:02d}.md").write_text(text)
        ids.append(f"part-{i:02d}")
    for old in (ROOT / "data/sections").glob("*.md"):  # the default brief's own sections
        (folder / "data/sections" / old.name).unlink()
    (folder / "reportgen.yaml").write_text(
        "name: long-brief\nmarking_scheme: us\nsections: ["
        + ", ".join(ids)
        + "]\nstale_after_days: 450\n"
        "outputs:\n  full:\n    template: brief.html.j2\n    formats: [pdf]\n"
        + ("  footnotes:\n    notes: footnotes\n    formats: [pdf]\n" if references else "")
    )
    return folder


# The same command with the interpreter's teardown (sys.exit instead of cli.run's fast exit).
WITH_TEARDOWN = [
    sys.executable,
    "-c",
    "import sys; from reportgen.cli import main; sys.exit(main())",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    rows: list[tuple[str, str, str]] = []

    help_s = min(timed([*REPORTGEN, "--help"])[0] for _ in range(5))
    rows.append(("`reportgen --help` (best of 5)", f"{help_s:.3f} s", "target <= 0.1 s"))

    def cold(i: object, command: list[str] = REPORTGEN) -> list[str]:
        return [*command, "build", str(ROOT), "--out", str(work / f"cold{i}"), "--only", "full"]

    # A first build gives the document the CLI lays out (and warms the file cache for both).
    timed(cold("-first"))
    document = print_document(ROOT, "full", work / "cold-first" / "print.html")
    edition = work / "cold-first" / "taiwan-defense-brief-full.html"
    # Interleaved, so that a change in the machine's speed meets every side alike.
    times: list[tuple[float, ...]] = [
        (
            timed(cold(i))[0],
            timed([*WEASYPRINT, str(document), str(work / f"cli{i}.pdf")])[0],
            timed([*WEASYPRINT, str(edition), str(work / f"ed{i}.pdf")])[0],
            timed(cold(f"t{i}", WITH_TEARDOWN))[0],
        )
        for i in range(args.runs)
    ]
    cold_s, cli_s, cli_edition_s, teardown_s = (
        statistics.median(t[k] for t in times) for k in range(4)
    )
    ratios = sorted(t[0] / t[1] for t in times)
    built = json.loads((work / "cold-first" / "manifest.json").read_text())
    pages = next(f["pages"] for f in built["outputs"]["full"]["files"] if f["format"] == "pdf")
    rows.append((f"cold build of the default brief ({pages} pages)", f"{cold_s:.2f} s", ""))
    rows.append(
        (
            "`weasyprint` CLI, same document reportgen lays out",
            f"{cli_s:.2f} s",
            f"ratio {cold_s / cli_s:.2f} (target <= 1.15); pairs "
            + ", ".join(f"{r:.2f}" for r in ratios),
        )
    )
    rows.append(
        (
            "`weasyprint` CLI, the HTML edition file as written",
            f"{cli_edition_s:.2f} s",
            f"ratio {cold_s / cli_edition_s:.2f}",
        )
    )
    rows.append(
        (
            "cold build with the interpreter's teardown",
            f"{teardown_s:.2f} s",
            f"the fast exit saves {teardown_s - cold_s:.2f} s",
        )
    )

    noop_s = median(lambda i: cold(0), 5)
    rows.append(("no-op rebuild", f"{noop_s:.3f} s", "target <= 0.15 s"))

    copy = work / "copy"
    copy.mkdir()
    shutil.copy2(ROOT / "reportgen.yaml", copy / "reportgen.yaml")
    for folder in ("data", "templates"):
        shutil.copytree(ROOT / folder, copy / folder)
    diff_s = median(lambda i: [*REPORTGEN, "diff", str(ROOT), str(copy)], 5)
    rows.append(("`reportgen diff` of the default brief and a copy", f"{diff_s:.2f} s", ""))

    batch = batch_project(work / "batch", args.variants)
    one_s = timed([*REPORTGEN, "build", str(batch), "--jobs", "1", "--force"])[0]
    two_s = timed(
        [*REPORTGEN, "build", str(batch), "--jobs", "2", "--force", "--out", str(work / "batch2")]
    )[0]
    docs = [
        print_document(batch, f"v{i:03d}", work / "batch" / f"v{i:03d}.html")
        for i in range(1, args.variants + 1)
    ]
    start = time.perf_counter()
    for doc in docs:
        timed([*WEASYPRINT, str(doc), str(doc.with_suffix(".pdf"))])
    loop_s = time.perf_counter() - start
    rows.append(
        (
            f"batch of {args.variants} variants, `--jobs 1`",
            f"{one_s:.1f} s",
            f"{loop_s / one_s:.1f}x the CLI loop",
        )
    )
    rows.append(
        (
            f"batch of {args.variants} variants, `--jobs 2`",
            f"{two_s:.1f} s",
            f"{loop_s / two_s:.1f}x the CLI loop (target >= 6), "
            f"{one_s / two_s:.2f}x one job (target >= 1.7)",
        )
    )
    rows.append(
        (f"`weasyprint` CLI loop over the same {args.variants} documents", f"{loop_s:.1f} s", "")
    )

    long = long_project(work / "long")
    long_doc = print_document(long, "full", work / "long" / "print.html")
    long_cli = [*WEASYPRINT, str(long_doc), str(work / "long-cli.pdf")]
    long_build = [*REPORTGEN, "build", str(long), "--force"]
    long_times = [(timed(long_build)[0], timed(long_cli)[0]) for _ in range(2)]
    long_s, long_cli_s = (min(t[k] for t in long_times) for k in range(2))
    _, long_kb, long_rss = timed(long_build, memory=True)
    _, long_cli_kb, _ = timed(long_cli, memory=True)
    from pypdf import PdfReader

    pages = len(PdfReader(long / "build" / "long-brief-full.pdf").pages)
    rows.append(
        (
            f"{pages}-page brief (best of 2)",
            f"{long_s:.1f} s, peak {long_kb / 1024:.0f} MB",
            f"target <= 450 MB (all processes, PSS); largest process {long_rss / 1024:.0f} MB RSS",
        )
    )
    rows.append(
        (
            f"`weasyprint` CLI, same {pages}-page document (best of 2)",
            f"{long_cli_s:.1f} s, peak {long_cli_kb / 1024:.0f} MB",
            f"ratio {long_s / long_cli_s:.2f} (target <= 1.0)",
        )
    )

    print_table(["measure", "figure", "notes"], rows)
    shutil.rmtree(work, ignore_errors=True)


def print_table(header: list[str], rows: Sequence[tuple[str, ...]]) -> None:
    """The machine, then a Markdown table of the figures."""
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
