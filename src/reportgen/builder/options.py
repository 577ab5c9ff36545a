"""What a build is asked to do: one frozen options object, and the default number of jobs."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError

# Memory one render worker may need: a whole layout of a long brief (bench/run.py
# measures about 400 MB for 160 pages), with room to spare.
WORKER_MEMORY = 600 * 1024 * 1024


@dataclass(frozen=True)
class BuildOptions:
    """How to build a project; paths given here resolve against the current directory.

    `out_dir`: where outputs go (default: the project's `build_dir`);
    `formats`: only these formats (default: each output's own);
    `only`: only these outputs; `settings`: `--set` overrides of output options;
    `jobs`: render workers (default: default_jobs(); 1 lays out in this process);
    `force`: rebuild what is up to date; `shard`: (I, N), the I-th of N slices;
    `sandbox`: render templates in Jinja's sandbox whatever the project says.
    """

    out_dir: Path | None = None
    formats: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    settings: Mapping[str, str] = field(default_factory=dict)
    jobs: int | None = None
    force: bool = False
    shard: tuple[int, int] | None = None
    sandbox: bool = False

    def __post_init__(self) -> None:
        if self.out_dir is not None:
            object.__setattr__(self, "out_dir", Path(self.out_dir).absolute())
        object.__setattr__(self, "formats", tuple(self.formats))
        object.__setattr__(self, "only", tuple(self.only))
        object.__setattr__(self, "settings", dict(self.settings))

    def job_count(self) -> int:
        """The number of render workers asked for, or the default."""
        return self.jobs or default_jobs()


def default_jobs() -> int:
    """One render worker per CPU this process may use, as many as memory allows."""
    return max(1, min(usable_cpus(), available_memory() // WORKER_MEMORY))


def usable_cpus() -> int:
    """The CPUs this process may run on (affinity), less any container CPU quota."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        cpus = counter() or 1
    elif hasattr(os, "sched_getaffinity"):
        cpus = len(os.sched_getaffinity(0))
    else:
        cpus = os.cpu_count() or 1
    try:  # cgroup v2: "max 100000" or "200000 100000" (quota and period)
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            cpus = min(cpus, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cpus


def available_memory() -> int:
    """Bytes of memory available now (MemAvailable, or a container's limit if lower)."""
    available = WORKER_MEMORY * (os.cpu_count() or 1)  # unknown: do not limit
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                available = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = int(Path("/sys/fs/cgroup/memory.current").read_text())
        if limit != "max":
            available = min(available, int(limit) - used)
    except (OSError, ValueError):
        pass
    return available


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """`I/N` (1 <= I <= N) as (I, N); anything else is a usage error."""
    if text is None:
        return None
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise UsageError(f"--shard {text!r} is not I/N with 1 <= I <= N", hint="e.g. --shard 1/2")
    return int(index), int(count)


def parse_settings(pairs: Iterable[str]) -> dict[str, str]:
    """`KEY=VALUE` pairs (`--set`) as a mapping; a pair without '=' is a usage error."""
    settings = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set {pair!r} is not KEY=VALUE", hint="e.g. --set draft=true")
        settings[key.strip()] = value
    return settings
