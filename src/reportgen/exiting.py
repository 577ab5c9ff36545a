"""How the command ends: SIGTERM handled like Ctrl-C, exit codes, and a fast exit.

Tearing down the interpreter frees every object one by one and does no useful
work (bench/run.py measures what skipping it saves). The process ends only after
every child process has exited, the atexit handlers have run (logging's shutdown
among them) and stdout and stderr are flushed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys

EXIT_PROBLEM = 1


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, so that its clean-up runs as on Ctrl-C."""


_terminated: list[int] = []  # set by SIGTERM, in case the exception meets a finalizer


def _terminate(signum: int, frame: object) -> None:
    _terminated.append(signum)
    raise Terminated


def watch_sigterm() -> None:
    """Turn SIGTERM into Terminated in the main thread."""
    signal.signal(signal.SIGTERM, _terminate)


def stopped_code(cause: BaseException | None) -> int:
    """The exit code of a command stopped by Ctrl-C (130), SIGTERM (143) or end of input."""
    if isinstance(cause, Terminated):
        return 128 + signal.SIGTERM
    if isinstance(cause, KeyboardInterrupt):
        return 128 + signal.SIGINT
    return EXIT_PROBLEM


def finish(code: int) -> None:
    """End the process with `code`, once children, atexit handlers and output are done."""
    if _terminated and code != 128 + signal.SIGTERM:  # raised where it was swallowed
        print("terminated", file=sys.stderr)
        code = 128 + signal.SIGTERM
    if "multiprocessing" in sys.modules:
        for child in sys.modules["multiprocessing"].active_children():
            child.join()
    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    if run_exitfuncs is None:  # not CPython: exit the ordinary way
        sys.exit(code)
    run_exitfuncs()
    with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)
