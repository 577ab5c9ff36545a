"""`reportgen doctor`: can this machine build? Each missing piece, with its install command."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .errors import ReportgenError, display_path
from .project import CONFIG_NAME, raw_config
from .themes import FAMILIES, font_dir

DISTRIBUTION = "reportgen-briefs"  # the name on PyPI; the package and command are `reportgen`
PIP = f"pip install --upgrade {DISTRIBUTION}  (or: pipx upgrade {DISTRIBUTION})"
MIN_PYTHON = (3, 11)
MIN_PANGO = (1, 44)
MIN_WEASYPRINT = 70
PLATFORMS = ("Debian/Ubuntu", "Fedora", "macOS")
INSTALL = {
    "python": (
        "sudo apt-get install python3 python3-venv",
        "sudo dnf install python3",
        "brew install python",
    ),
    "pango": (
        "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0",
        "sudo dnf install pango",
        "brew install pango",
    ),
    "harfbuzz-subset": (
        "sudo apt-get install libharfbuzz-subset0",
        "sudo dnf install harfbuzz",
        "brew install harfbuzz",
    ),
    "pip": (PIP, PIP, PIP),
}


@dataclass(frozen=True)
class Check:
    """One thing a build needs, whether it is there, and how to install it if not."""

    name: str
    ok: bool
    detail: str
    required: bool = True
    install: tuple[str, ...] = field(default=())  # one command per platform, or one for all

    def format(self) -> str:
        """A line for the report, and the install commands when the piece is missing."""
        status = "ok" if self.ok else ("MISSING" if self.required else "warning")
        lines = [f"{status:<8} {self.name}: {self.detail}"]
        if not self.ok and len(set(self.install)) == 1:
            lines.append(f"         install: {self.install[0]}")
        elif not self.ok:
            lines += [f"         {p}: {c}" for p, c in zip(PLATFORMS, self.install, strict=True)]
        return "\n".join(lines)


def check_python() -> Check:
    """Python 3.11 or newer."""
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info[:2] >= MIN_PYTHON
    return Check("Python", ok, f"{version} ({sys.executable})", install=INSTALL["python"])


@cache  # a failed import leaves WeasyPrint half-imported: a second try is a KeyError
def _weasyprint_ffi() -> tuple[Any, str]:
    """WeasyPrint's bindings to Pango and HarfBuzz (None if they do not load), and why not."""
    try:
        from weasyprint.text import ffi
    except (OSError, ImportError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    return ffi, ""


def check_weasyprint() -> Check:
    """WeasyPrint installed, at the version reportgen is built for."""
    try:
        version = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return Check("WeasyPrint", False, "not installed", install=INSTALL["pip"])
    ok = int(version.split(".")[0]) >= MIN_WEASYPRINT
    return Check("WeasyPrint", ok, f"{version} (needs {MIN_WEASYPRINT}+)", install=INSTALL["pip"])


def check_pango() -> Check:
    """The Pango library WeasyPrint lays text out with, 1.44 or newer."""
    ffi, why = _weasyprint_ffi()
    if ffi is None:
        return Check("Pango", False, f"does not load ({why})", install=INSTALL["pango"])
    number = int(ffi.pango.pango_version())
    version = (number // 10000, number // 100 % 100, number % 100)
    ok = version[:2] >= MIN_PANGO
    detail = f"{'.'.join(map(str, version))} (needs {'.'.join(map(str, MIN_PANGO))}+)"
    return Check("Pango", ok, detail, install=INSTALL["pango"])


def check_subsetter() -> Check:
    """HarfBuzz's font subsetter: without it fonts are subset by fontTools, slowly and noisily."""
    ffi, _ = _weasyprint_ffi()
    found = ffi is not None and ffi.harfbuzz_subset is not None
    if found and ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        return Check("HarfBuzz subsetter", True, "libharfbuzz-subset found", required=False)
    detail = "libharfbuzz-subset 4.1+ not found; PDFs fall back to fontTools (slower, warns)"
    return Check("HarfBuzz subsetter", False, detail, False, INSTALL["harfbuzz-subset"])


def check_fonts() -> list[Check]:
    """The themes' font families, installed with reportgen from PyPI."""
    checks = []
    for family, (package, faces) in FAMILIES.items():
        folder = font_dir(package)
        missing = [f.file for f in faces if folder is None or not (folder / f.file).is_file()]
        detail = f"{len(faces)} faces in {folder}" if not missing else f"missing {missing[0]}"
        install = (f"pip install --upgrade {package.replace('_', '-')}",)
        checks.append(Check(f"font {family}", not missing, detail, install=install))
    return checks


def check_build_folder(project: Path) -> Check:
    """The project's build folder can be written (or created)."""
    config = project / CONFIG_NAME if project.is_dir() else project
    if not config.is_file():
        return Check("build folder", True, f"no {CONFIG_NAME} in {project}; not checked", False)
    build_dir = str((raw_config(config) or {}).get("build_dir", "build"))
    folder = config.parent / build_dir
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    fix = (f"chmod u+w {existing}  (or build elsewhere: reportgen build --out DIR)",)
    try:
        if not existing.is_dir():
            raise NotADirectoryError(f"{existing} is a file")
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        return Check("build folder", False, f"{folder} cannot be written ({exc})", install=fix)
    return Check("build folder", True, f"{display_path(folder)} is writable")


def check_house_fonts(project: Path) -> list[Check]:
    """The project's house fonts (`style.body_font`, `heading_font`): shipped or installed."""
    from .validate.fonts import FALLBACKS, font_available, substitute

    config = project / CONFIG_NAME if project.is_dir() else project
    raw = (raw_config(config) or {}) if config.is_file() else {}
    styles = [raw.get("style")] + [
        o.get("style") for o in (raw.get("outputs") or {}).values() if isinstance(o, dict)
    ]
    families = {
        str(style[key]): key
        for style in styles
        if isinstance(style, dict)
        for key in FALLBACKS
        if style.get(key)
    }
    checks = []
    for family, key in families.items():
        found = font_available(family)
        if found is None:
            detail = "fontconfig (fc-list) is not installed, so it cannot be checked"
        elif found:
            detail = "shipped with reportgen" if family in FAMILIES else "installed"
        else:
            detail = f"not installed: the PDF uses {substitute(family, FALLBACKS[key])} instead"
        install = (f"install the font {family!r}, or set {key} to Fira Sans or IBM Plex Serif",)
        checks.append(Check(f"house font {family}", bool(found), detail, False, install))
    return checks


CHECKS: tuple[Callable[[], Check | list[Check]], ...] = (
    check_python,
    check_weasyprint,
    check_pango,
    check_subsetter,
    check_fonts,
)


def diagnose(project: Path | str = ".") -> list[Check]:
    """Run every check: the machine's libraries, reportgen's fonts, the project's build folder."""
    checks: list[Check] = []
    for check in CHECKS:
        found = check()
        checks += found if isinstance(found, list) else [found]
    return [*checks, *check_house_fonts(Path(project)), check_build_folder(Path(project))]


def doctor(project: Path | str, show: Callable[[str], None], strict: bool = False) -> None:
    """Show every check; raise (exit 1) if something required is missing, or with strict
    if anything is (the Makefile's check: the tests need the optional pieces too)."""
    checks = diagnose(project)
    for check in checks:
        show(check.format())
    hint = "run the install command shown for each, then `reportgen doctor` again"
    missing = [c.name for c in checks if c.required and not c.ok]
    if missing:
        raise ReportgenError(
            f"{len(missing)} required piece(s) missing: {', '.join(missing)}", hint=hint
        )
    warned = [c.name for c in checks if not c.ok]
    if strict and warned:
        names = ", ".join(warned)
        raise ReportgenError(f"missing, and required with --strict: {names}", hint=hint)
    show(f"ready to build{f' ({len(warned)} warning(s))' if warned else ''}")
