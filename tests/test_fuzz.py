"""Fuzzing: real projects mutated the way analysts break them by hand (tests/mutate.py),
then validated and built as HTML. Every run exits 0 or 1 (2 for a bad `--set` on the
command line) with located messages: never an internal error, never a traceback, never
a file written into build/ when it fails.

`make test` runs a bounded, derandomized run (the same cases every time, about a minute
in all); `make fuzz` (REPORTGEN_FUZZ_EXAMPLES=N) a long random one, for a scheduled CI
job. Each failure found becomes a regression test (tests/test_fuzz_regressions.py).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import snapshot
from mutate import Mutation, copy_project, mutations
from mutate import settings as set_options
from reportgen.cli import main

LONG = int(os.environ.get("REPORTGEN_FUZZ_EXAMPLES", "0"))
BOUNDED = {"default": 45, "gapminder": 15, "atlas": 15}  # examples per project in `make test`
# A third command run on some mutated copies: the commands that read snapshots, an
# earlier edition or one derived table.
EXTRA: dict[str, list[list[str]]] = {
    "default": [["sources", "check", "."]],
    "gapminder": [],
    "atlas": [
        ["sources", "check", "."],
        ["diff", "first", "."],
        ["table", "populous", "."],
        ["table", "long", "."],
    ],
}
# A message names its file (and line and column where known): `path:line:col: error:`;
# only the command line's own mistakes (a bad --set) are `reportgen: error:`.
LOCATED = re.compile(r"^(?P<path>\S[^:]*)(:\d+:\d+)?: (error|warning): ")
# Everything else reportgen prints on stderr: hints, notes and fixes (indented), counts,
# progress; a line of none of these shapes is a library's own output leaking through.
OWN_LINE = re.compile(
    r"^(  |\d+ error\(s\), \d+ warning\(s\)$|\S.*: 0 errors, \d+ warning\(s\)$|"
    r"(\S.*: )?\d+ quotations? checked|\S.*: note: |[\w.-]+: (built|up to date|failed)|"
    r"wrote |\d+ output\(s\) built|reportgen: error: |warning: )"
)


def run(args: list[str]) -> tuple[int, str]:
    """Run the command in this process; its exit code and what it printed on stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    return code, err.getvalue()


def check(root: Path, args: list[str], cli_settings: list[str]) -> None:
    """One command on a mutated project: a clean exit, located messages, and nothing
    written into build/ unless it succeeded."""
    build = root / "build"
    before = snapshot(build) if build.is_dir() else None
    code, err = run([*args, *cli_settings])
    # Exit 2 is for the command line's own mistakes: a bad --set, or no project at all.
    # For `table NAME` and `diff OLD`, a NAME or OLD the mutations took away too.
    usage = code == 2 and (
        (bool(cli_settings) and "--set" in err)
        or "no reportgen.yaml found" in err
        or (args[0] in ("table", "diff") and err.startswith("reportgen: error: "))
    )
    assert code in (0, 1) or usage, f"exit {code}: {args + cli_settings}\n{err}"
    assert "Traceback" not in err and "internal error" not in err, err
    for line in err.splitlines():
        assert LOCATED.match(line) or OWN_LINE.match(line), f"a stray line: {line!r}\n{err}"
        if ": error: " in line and not usage:
            found = LOCATED.match(line)
            assert found and found["path"] != "reportgen", f"not located: {line}\n{err}"
            assert (root / found["path"]).exists() or Path(found["path"]).exists(), line
    if code != 0:
        after = snapshot(build) if build.is_dir() else None
        assert after == before, f"a failed {args[0]} wrote into build/:\n{err}"


def fuzz(
    project: str,
    changes: list[Mutation],
    cli_settings: list[str],
    base: Path,
    extra: list[str] | None = None,
) -> None:
    with tempfile.TemporaryDirectory(dir=base) as folder:
        root = Path(folder) / "proj"
        files = copy_project(project, root)
        for change in changes:
            change.apply(root, files)
        with contextlib.chdir(root):
            check(root, ["validate", "."], [])
            check(root, ["build", ".", "--format", "html", "--jobs", "1"], cli_settings)
            if extra:
                check(root, extra, [])


def examples(project: str) -> settings:
    """The bounded run: fixed cases; the long one: as many random ones as asked for."""
    return settings(
        max_examples=LONG or BOUNDED[project],
        derandomize=not LONG,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
        ],
    )


@pytest.mark.parametrize("project", sorted(BOUNDED))
def test_mutated_projects_fail_cleanly(project: str, tmp_path: Path) -> None:
    @examples(project)
    @given(
        changes=st.lists(mutations(), min_size=1, max_size=3),
        cli_settings=set_options(),
        extra=st.none() | st.sampled_from(EXTRA[project]) if EXTRA[project] else st.none(),
    )
    def mutated(changes: list[Mutation], cli_settings: list[str], extra: list[str] | None) -> None:
        fuzz(project, changes, cli_settings, tmp_path, extra)

    mutated()
