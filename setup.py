"""Build hooks, nothing else (the package is described in pyproject.toml): the wheel and the
sdist record the commit they are built from in reportgen/_build_info.py, so that
`reportgen --version` can name it (see src/reportgen/buildinfo.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "_reportgen_buildinfo", ROOT / "src/reportgen/buildinfo.py"
)
assert _spec is not None and _spec.loader is not None
buildinfo = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = buildinfo  # dataclasses look their module up there
_spec.loader.exec_module(buildinfo)


def write_build_info(package_dir: Path) -> None:
    """Write _build_info.py into a copy of the package, if this source tree knows its
    commit (a tree with neither git nor a filled-in archival file keeps what it has: an
    unpacked sdist already holds the file its own build wrote)."""
    found = buildinfo.from_source(ROOT)
    if found is not None:
        (package_dir / "_build_info.py").write_text(buildinfo.module_text(found), "utf-8")


class BuildPy(build_py):
    """Copies the package as usual, then records the commit in the copy."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:  # an editable install asks git itself (buildinfo.current)
            write_build_info(Path(self.build_lib) / "reportgen")


class Sdist(sdist):
    """Makes the sdist's tree as usual, then records the commit in it, for the wheels
    built from the sdist (where there is no git)."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        write_build_info(Path(base_dir) / "src" / "reportgen")


setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
