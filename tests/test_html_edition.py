"""The HTML edition through real checkers: the Nu HTML Checker (vnu.jar on Java) and
axe-core in headless Chromium at phone and desktop widths, light and dark.

The tools are installed by `make test` (npm packages in tests/browser/) and by
.ci/run (Debian's chromium and a Java runtime). Under CI these tests must run;
elsewhere they skip, saying what is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import Built

BROWSER = Path(__file__).parent / "browser"
VNU = BROWSER / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("REPORTGEN_CHROMIUM", "/usr/bin/chromium")


def need(*tools: tuple[bool, str]) -> None:
    """Skip (or, under CI, fail) when a checker is missing."""
    missing = [what for present, what in tools if not present]
    if missing:
        message = "missing " + ", ".join(missing) + " (run `make test`; see .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message + ": in CI these checks must run")
        pytest.skip(message)


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    need((shutil.which("java") is not None, "java"), (VNU.is_file(), str(VNU)))
    return ["java", "-jar", str(VNU)]


@pytest.fixture(scope="module")
def browser_check(
    default_builds: dict[str, Built], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    need(
        (shutil.which("node") is not None, "node"),
        ((BROWSER / "node_modules" / "playwright-core").is_dir(), "tests/browser/node_modules"),
        (Path(CHROMIUM).is_file(), CHROMIUM),
    )
    shots = tmp_path_factory.mktemp("screens")
    done = subprocess.run(
        [
            "node",
            str(BROWSER / "check.mjs"),
            str(default_builds["plain"].html),
            str(shots),
            CHROMIUM,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    result["shots"] = shots
    return result


@pytest.mark.parametrize("variant", ["plain", "draft"])
def test_nu_html_checker_finds_nothing(
    vnu: list[str], default_builds: dict[str, Built], variant: str
) -> None:
    done = subprocess.run(
        [*vnu, "--format", "json", "--stdout", str(default_builds[variant].html)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    messages = json.loads(done.stdout)["messages"]
    assert messages == [], messages


@pytest.mark.parametrize("view", ["390", "1280", "1280-dark"])
def test_axe_core_finds_no_violation(browser_check: dict[str, Any], view: str) -> None:
    assert browser_check["widths"][view]["violations"] == []


@pytest.mark.parametrize("view", ["390", "1280", "1280-dark"])
def test_no_horizontal_overflow_and_a_screenshot(browser_check: dict[str, Any], view: str) -> None:
    overflow = browser_check["widths"][view]["overflow"]
    assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow
    assert overflow["wide"] == []
    assert (browser_check["shots"] / f"screen-{view}.png").stat().st_size > 10_000


def test_opened_offline_it_requests_nothing(browser_check: dict[str, Any]) -> None:
    for view in browser_check["widths"].values():
        assert view["requests"] == []


def test_contents_fold_on_phones_and_stay_open_on_desktops(browser_check: dict[str, Any]) -> None:
    assert browser_check["widths"]["390"]["tocOpen"] is False
    assert browser_check["widths"]["1280"]["tocOpen"] is True


def test_footnote_links_round_trip(browser_check: dict[str, Any]) -> None:
    notes = browser_check["footnotes"]
    assert notes["afterCite"] == notes["noteHref"] == "#note-1"
    assert notes["afterBack"] == "#" + notes["citeId"]
    assert notes["citeVisible"] is True


def test_semantics(default_builds: dict[str, Built]) -> None:
    html = default_builds["plain"].html.read_text()
    assert '<html lang="en">' in html
    assert html.count("<main") == 1 and html.count("<h1") == 1
    assert '<nav class="toc" aria-labelledby="toc-title">' in html
    assert html.count('<th scope="col"') >= 8 and "<caption>" in html
    assert html.count("<figcaption>") == 2  # the two charts
