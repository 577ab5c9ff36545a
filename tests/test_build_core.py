"""The build core: output folders, process lifetimes, signals, faults; one regression test per
bug the rewrite fixed (each failed before it)."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest

from conftest import ALPHA, CONFIG, REPO, MakeProject, outputs, snapshot
from reportgen.builder import BuildOptions, build, build_project
from reportgen.cli import main
from reportgen.errors import Problem, ReportgenError, UsageError, ValidationFailed
from reportgen.validate import load_project

REPORTGEN = str(Path(sys.executable).parent / "reportgen")


def children() -> list[int]:
    """This process's live child processes, from /proc (not only multiprocessing's)."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            stat = Path(f"/proc/{pid}/stat")
            if stat.exists() and stat.read_text().split()[2] != "Z":
                found.append(int(pid))
    return found


@pytest.fixture
def no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a build starts a process pool."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a render worker was started")

    monkeypatch.setattr("reportgen.builder.pool.ProcessPoolExecutor", refuse)


@pytest.mark.parametrize("where", ["inside", "outside"])
def test_relative_out_is_relative_to_the_current_folder(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Regression: a relative --out stopped with "relative path can't be expressed as a file
    URI", exit 3."""
    root = make_project()
    cwd = root if where == "inside" else tmp_path / "elsewhere"
    cwd.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    assert main(["build", str(root), "--out", "out", "--jobs", "2"]) == 0
    assert outputs(cwd / "out") == ["mini-full.html", "mini-full.pdf"]
    assert not (root / "build").exists()
    assert main(["build", str(root), "--out", "out"]) == 0  # and it is up to date there


def test_out_that_is_a_file_is_a_usage_error(
    make_project: MakeProject, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: `--out FILE` exited 3 and left a worker holding the command's pipes."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["build", str(make_project()), "--out", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert "error: the output folder is a file, not a folder" in err
    assert blocker.read_text() == "not a folder" and children() == []


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("a-file/sub", "the output folder cannot be made: {tmp}/a-file is a file"),
        ("/proc/reportgen-out", "the output folder is not writable"),  # even for root
    ],
)
def test_out_that_can_never_be_written_is_a_usage_error_before_any_work(
    make_project: MakeProject,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    out: str,
    message: str,
) -> None:
    """Regression: as root, `--out /proc/out` passed the check and failed late (exit 1),
    and a folder under a file was called "not writable"."""
    (tmp_path / "a-file").write_text("not a folder")
    assert main(["build", str(make_project()), "--out", str(tmp_path / out)]) == 2
    assert f"error: {message.format(tmp=tmp_path)}" in capsys.readouterr().err
    assert children() == []


def test_out_that_is_a_file_closes_the_pipes_at_once(
    make_project: MakeProject, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    start = time.monotonic()
    done = subprocess.run(
        [REPORTGEN, "build", str(make_project()), "--out", str(blocker)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert time.monotonic() - start < 10


def test_a_template_syntax_error_leaves_the_build_folder_byte_identical(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: `{% if %}` in one output's template failed that output while the others
    were written and the manifest rewritten."""
    config = CONFIG + "  summary:\n    template: summary.html.j2\n"
    summary = '{% extends "default:base.html.j2" %}\n'
    root = make_project({"reportgen.yaml": config, "templates/summary.html.j2": summary})
    assert main(["build", str(root)]) == 0
    before = snapshot(root / "build")
    (root / "templates/summary.html.j2").write_text("{% if %}\n")
    (root / "data/figures.csv").write_text("name,count,source\nFirst,7,src-a\n")  # full is stale
    assert main(["build", str(root), "--force"]) == 1
    assert "templates/summary.html.j2:1:1: error: template syntax error" in capsys.readouterr().err
    assert snapshot(root / "build") == before


def test_an_html_only_build_and_one_job_start_no_worker(
    make_project: MakeProject, tmp_path: Path, no_pool: None
) -> None:
    """Regression: `--format html` started WeasyPrint render workers; `--jobs 1` laid out in
    a worker from the CLI (but in-process from build())."""
    root = make_project()
    assert main(["build", str(root), "--format", "html", "--jobs", "2"]) == 0
    assert main(["build", str(root), "--jobs", "1", "--out", str(tmp_path / "cli")]) == 0
    build(load_project(root), BuildOptions(out_dir=tmp_path / "api", jobs=1))
    assert (
        outputs(tmp_path / "cli")
        == outputs(tmp_path / "api")
        == [
            "mini-full.html",
            "mini-full.pdf",
        ]
    )
    assert main(["build", str(root), "--jobs", "2", "--out", str(tmp_path / "cli")]) == 0  # no-op


def test_workers_are_forked_only_where_it_is_safe(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: fork was used on macOS and while rich's refresh thread ran."""
    import threading

    import reportgen.builder.pool

    methods = []

    class Recording(ProcessPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            methods.append(kwargs["mp_context"].get_start_method())
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(reportgen.builder.pool, "ProcessPoolExecutor", Recording)
    root = make_project()
    build_project(root, BuildOptions(out_dir=tmp_path / "alone", jobs=2))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # as rich's progress bar runs one
    other.start()
    try:
        build_project(root, BuildOptions(out_dir=tmp_path / "threads", jobs=2))
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(sys, "platform", "darwin")
    build_project(root, BuildOptions(out_dir=tmp_path / "mac", jobs=2))
    assert methods == ["fork", "spawn", "spawn"] and children() == []
    pdfs = [(tmp_path / d / "mini-full.pdf").read_bytes() for d in ("alone", "threads", "mac")]
    assert pdfs[0] == pdfs[1] == pdfs[2]


def test_layout_restores_the_garbage_collector(make_project: MakeProject, tmp_path: Path) -> None:
    """Regression: a worker's gc.freeze() was undone by its first document."""
    before = gc.get_threshold()
    build(load_project(make_project()), BuildOptions(out_dir=tmp_path, jobs=1))
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_default_jobs_count_the_cpus_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: os.cpu_count() counted the host's cores in a container."""
    import reportgen.builder.options as options

    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert options.usable_cpus() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    monkeypatch.setattr(options, "available_memory", lambda: 2 * options.WORKER_MEMORY)
    assert options.default_jobs() <= 2  # memory allows two layouts at once


def test_the_command_runs_atexit_handlers_before_it_exits() -> None:
    """Regression: os._exit skipped atexit handlers and logging's shutdown."""
    probe = (
        "import atexit, logging, sys\n"
        "handler = logging.FileHandler(sys.argv[1], delay=True)\n"
        "logging.getLogger('probe').addHandler(handler)\n"
        "logging.getLogger('probe').warning('logged')\n"
        "atexit.register(lambda: print('atexit ran', flush=True))\n"
        "sys.argv = ['reportgen', '--version']\n"
        "from reportgen.cli import run\nrun()\n"
    )
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"reportgen-atexit-{os.getpid()}.log"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(log)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0 and "atexit ran" in done.stdout
    assert log.read_text() == "logged\n"
    log.unlink()


def test_errors_cross_the_process_boundary_as_themselves(tmp_path: Path) -> None:
    error = ReportgenError("bad value", tmp_path / "x.yaml", 3, 7, hint="quote it")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ReportgenError and str(again) == str(error)
    assert (again.path, again.line, again.col, again.hint) == (error.path, 3, 7, "quote it")
    failed = ValidationFailed([Problem("a.yaml", 1, 2, "error", "no", "fix it")])
    assert pickle.loads(pickle.dumps(failed)).problems == failed.problems
    assert type(pickle.loads(pickle.dumps(UsageError("u")))) is UsageError
    from reportgen.load import load_yaml

    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1, 2\nb: 3\n")
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        future = pool.submit(load_yaml, broken)
        with pytest.raises(ReportgenError) as info:
            future.result()
    assert (info.value.path, info.value.line) == (str(broken), 1)
    from reportgen.builder.processes import stop_resource_tracker

    stop_resource_tracker()  # started for that pool's queues


def test_a_build_leaves_no_child_process(make_project: MakeProject, tmp_path: Path) -> None:
    build_project(make_project(), BuildOptions(out_dir=tmp_path / "ok", jobs=2))
    assert children() == []
    broken = make_project({"templates/brief.html.j2": "{{ nope }}"}, name="broken")
    with pytest.raises(ValidationFailed):
        build_project(broken, BuildOptions(out_dir=tmp_path / "bad", jobs=2))
    assert children() == [] and not (tmp_path / "bad").exists()


def test_the_next_build_removes_what_a_killed_build_left(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a chart cache's temp files and a killed build's scratch folder (font
    copies in the temporary folder) stayed for good, and a no-op build removed nothing."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    out = tmp_path / "out"
    root = make_project()

    def leave(pid: int) -> list[Path]:
        """What a build of process `pid` leaves when it is killed mid-write."""
        files = [
            out / f".mini-full.pdf.{pid}.0badc0de.tmp",
            out / ".cache" / "charts" / f".{'a' * 32}.svg.{pid}.0badc0de.tmp",
            temp / f"reportgen-scratch-{pid}-x1y2z3" / "font.otf",
        ]
        for path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"half")
        return files

    dead = int(
        subprocess.run(
            [sys.executable, "-c", "print(__import__('os').getpid())"],
            capture_output=True,
            check=True,
        ).stdout
    )
    left, mine = leave(dead), leave(os.getpid())  # a live build's are kept
    build_project(root, BuildOptions(out_dir=out, jobs=1))
    assert [p for p in left if p.exists()] == [] and not left[2].parent.exists()
    assert all(p.exists() for p in mine)
    left = leave(dead)
    assert build_project(root, BuildOptions(out_dir=out, jobs=1)).skipped == ["full"]
    assert [p for p in left if p.exists()] == [] and not left[2].parent.exists()


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found |= {int(child), *descendants(int(child))}
    except OSError:
        pass
    return found


def alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "code"),
    [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGKILL, -9)],
    ids=["sigterm", "ctrl-c", "sigkill"],
)
def test_a_stopped_build_leaves_no_process_and_closes_its_pipes(
    tmp_path: Path, sig: int, code: int
) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [REPORTGEN, "build", str(REPO), "--force", "--jobs", "2", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # A background job inherits Ctrl-C ignored (and Python then keeps ignoring it):
        # give the command the terminal's default, as a person at a terminal has.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    seen: set[int] = set()
    deadline = time.monotonic() + 30
    while len(seen) < 2 and time.monotonic() < deadline:  # the two workers
        seen |= descendants(proc.pid)
        time.sleep(0.01)
    assert len(seen) >= 2, "the workers did not start"
    time.sleep(0.3)  # well into importing WeasyPrint, or laying out
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=15)  # returns only once every pipe is closed
    assert proc.returncode == code
    assert b"Traceback" not in stderr
    time.sleep(0.2)
    assert [pid for pid in seen if alive(pid)] == []
    for path in out.rglob("*") if out.exists() else []:
        assert not path.name.endswith(".tmp")
        if path.suffix == ".pdf":
            assert path.read_bytes().rstrip().endswith(b"%%EOF")  # old or whole, never half


@pytest.mark.slow
def test_builds_racing_into_one_folder_both_succeed(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project({"reportgen.yaml": CONFIG + "  other:\n    marking: RESTRICTED\n"})
    out = tmp_path / "out"
    racers = [
        subprocess.Popen(
            [REPORTGEN, "build", str(root), "--force", "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for racer in racers:
        racer.communicate(timeout=120)
        assert racer.returncode == 0
    assert outputs(out) == ["mini-full.html", "mini-full.pdf", "mini-other.html", "mini-other.pdf"]
    assert not list(out.glob(".*.tmp"))
    again = build_project(root, BuildOptions(out_dir=out))
    assert sorted(again.skipped) == ["full", "other"]


@pytest.mark.slow
def test_builds_of_different_inputs_racing_leave_a_manifest_true_to_the_files(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """Regression: racing builds of different inputs left manifest entries whose sha256
    did not match the files beside them (an entry from one build, the files of another).
    A race: on the old code this failed in about one run in five."""
    variants = "".join(f"  v{i}:\n    marking: V{i}\n    formats: [html]\n" for i in range(6))
    config = CONFIG + variants
    roots = [
        make_project(
            {"reportgen.yaml": config, "data/sections/alpha.yaml": ALPHA.replace("one", word)},
            name=word,
        )
        for word in ("one", "two", "three")
    ]
    out = tmp_path / "out"
    for _ in range(5):
        racers = [
            subprocess.Popen(
                [REPORTGEN, "build", str(root), "--force", "--out", str(out), "--jobs", "1"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for root in roots
        ]
        for racer in racers:
            _, err = racer.communicate(timeout=120)
            assert racer.returncode == 0, err
        listed = json.loads((out / "manifest.json").read_text())["outputs"]
        for entry in listed.values():
            for file in entry["files"]:
                data = (out / file["name"]).read_bytes()
                assert hashlib.sha256(data).hexdigest() == file["sha256"], file["name"]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 300 KB file system (tmpfs, mounted as root), or skip."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("mounting a small file system needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_is_a_clear_error_and_the_next_build_recovers(
    tiny_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tiny_disk / "out"
    assert main(["build", str(REPO), "--out", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "error: cannot write output: No space left on device" in err
    assert "Traceback" not in err and not list(out.rglob(".*.tmp"))
    for pdf in out.glob("*.pdf"):  # what was written is whole
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    built = {f.stem for f in out.glob("*.pdf")}
    assert main(["build", str(REPO), "--out", str(out), "--jobs", "1"]) == 1
    assert {f.stem for f in out.glob("*.pdf")} >= built  # nothing lost


def test_a_full_temporary_folder_is_a_clear_error(
    tiny_disk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Regression: with no room for the fonts' copies, the build stopped as a bug (exit 3)."""
    (tiny_disk / "filler").write_bytes(b"x" * 290_000)
    monkeypatch.setenv("TMPDIR", str(tiny_disk))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert (
            main(["build", str(REPO), "--out", str(out), "--only", "summary", "--jobs", jobs]) == 1
        )
        err = capsys.readouterr().err
        assert "error: cannot lay out the PDF: No space left on device" in err
        assert "Traceback" not in err and "internal error" not in err
        assert not out.exists() or not list(out.glob("*.pdf"))
