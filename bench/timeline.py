"""Where a cold build's time goes: a timeline of the main process and the render worker.

    .venv/bin/python bench/timeline.py [--runs 5] [PROJECT]

Builds PROJECT's `full` output (default: this repository's brief, `--jobs 2`) into a new
folder --runs times, each time marking when the worker is forked and ready, when
the project is validated and its HTML rendered, when the charts are drawn, how
long the worker waits for them and when the PDF is done (seconds from start).
The marks are made by wrapping a few functions as their modules are imported,
so the build runs its own code, forked worker included.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.abc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WRAPPED = {  # module: the functions whose start (>) and end (<) are marked
    "reportgen.pdf.worker": ["start"],
    "reportgen.pdf.layout": ["render_pdf"],
    "reportgen.pdf.fetch": ["ConfinedFetcher.chart"],
    "reportgen.validate": ["load_project"],
    "reportgen.render": ["render_outputs"],
    "reportgen.charts": ["Charts.draw"],
    "matplotlib": [],  # its import only
}


def traced_build(project: str, out: str, log: str) -> None:
    """Run `reportgen build` in this process, writing marks to `log`."""
    t0 = time.perf_counter()
    sink = open(log, "a")  # noqa: SIM115 - written to by the forked worker too

    def mark(what: str) -> None:
        print(f"{time.perf_counter() - t0:.3f} {os.getpid()} {what}", file=sink, flush=True)

    def wrap(owner: Any, name: str) -> None:
        function = getattr(owner, name)

        def marked(*args: Any, **kwargs: Any) -> Any:
            mark(f"> {name}")
            try:
                return function(*args, **kwargs)
            finally:
                mark(f"< {name}")

        setattr(owner, name, marked)

    class Marker(importlib.abc.MetaPathFinder):
        """Finds nothing itself: hands the wrapped modules' specs a loader that marks."""

        def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
            if name not in WRAPPED:
                return None
            others = (f for f in sys.meta_path if f is not self and hasattr(f, "find_spec"))
            spec = next(filter(None, (f.find_spec(name, path, target) for f in others)), None)
            if spec is not None:
                spec.loader = MarkingLoader(spec.loader, name)
            return spec

    class MarkingLoader(importlib.abc.Loader):
        def __init__(self, loader: Any, name: str) -> None:
            self.loader, self.name = loader, name

        def create_module(self, spec: Any) -> Any:
            return self.loader.create_module(spec)

        def exec_module(self, module: Any) -> None:
            mark(f"> import {self.name}")
            self.loader.exec_module(module)
            mark(f"< import {self.name}")
            for dotted in WRAPPED[self.name]:
                *owner, attr = dotted.split(".")
                wrap(getattr(module, owner[0]) if owner else module, attr)

    sys.meta_path.insert(0, Marker())
    from reportgen.cli import main

    with contextlib.suppress(SystemExit):  # the exit code is the build's business
        main(["build", project, "--out", out, "--only", "full", "--jobs", "2"])
    mark("exit")


def summary(log: Path) -> dict[str, float]:
    """The moments of one run, from its marks."""
    marks = [line.split(maxsplit=2) for line in log.read_text().splitlines()]

    def at(what: str, nth: int = 0) -> float:
        return [float(t) for t, _, w in marks if w == what][nth]

    fetches = [float(t) for t, _, w in marks if w.endswith(" chart")]
    return {
        "worker forked": at("> start"),
        "worker ready": at("< start"),
        "validated": at("< load_project"),
        "HTML rendered": at("< render_outputs"),
        "matplotlib imported in": at("< import matplotlib") - at("> import matplotlib"),
        "charts drawn": at("< draw"),
        "worker waits for charts": sum(fetches[1::2]) - sum(fetches[0::2]),
        "PDF laid out": at("< render_pdf"),
        "command done": at("exit"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(ROOT))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)  # OUT LOG
    args = parser.parse_args()
    if args.child:
        traced_build(args.project, *args.child)
        return
    work = Path(tempfile.mkdtemp(prefix="reportgen-timeline-"))
    runs = []
    for i in range(args.runs):
        log = work / f"run{i}.log"
        child = ["--child", str(work / f"out{i}"), str(log)]
        command = [sys.executable, __file__, args.project, *child]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs.append(summary(log))
    heads = " | ".join(f"run {i + 1}" for i in range(args.runs))
    print(f"| moment (s from start) | {heads} |")
    print("|---|" + "---|" * args.runs)
    for key in runs[0]:
        print(f"| {key} | " + " | ".join(f"{r[key]:.2f}" for r in runs) + " |")


if __name__ == "__main__":
    main()
