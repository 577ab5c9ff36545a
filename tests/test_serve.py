"""Live preview: `reportgen serve` rebuilds the HTML on change and reloads the browser."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ALPHA, MakeProject
from test_html_edition import BROWSER, CHROMIUM, need


@pytest.fixture
def served(make_project: MakeProject) -> Iterator[tuple[str, Path]]:
    """A throwaway project served on a free port; yields its address and folder."""
    root = make_project()
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "serve", str(root), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    line = ""
    deadline = time.monotonic() + 60
    while "serving http" not in line and time.monotonic() < deadline:
        line = proc.stderr.readline()
    url = line.split("serving ", 1)[1].split(" ", 1)[0]
    try:
        yield url, root
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stderr.close()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


def wait_for(url: str, text: str, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    page = get(url)
    while text not in page and time.monotonic() < deadline:
        time.sleep(0.2)
        page = get(url)
    return page


def test_edits_rebuild_and_errors_show_in_the_page(served: tuple[str, Path]) -> None:
    url, root = served
    page = get(url)
    assert "Alpha paragraph." in page and 'new EventSource("/__reportgen/events")' in page
    section = root / "data/sections/alpha.yaml"
    section.write_text(ALPHA.replace("Alpha paragraph.", "Edited paragraph."))
    assert "Edited paragraph." in wait_for(url, "Edited paragraph.")
    section.write_text(ALPHA.replace("key_points:", "key_pionts:"))
    broken = wait_for(url, "did not build")
    assert "data/sections/alpha.yaml:2:1: error: unknown key &#x27;key_pionts&#x27;" in broken
    (root / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    section.write_text(ALPHA.replace("Alpha paragraph.", "Alpha paragraph. ![A dot](dot.svg)"))
    shown = wait_for(url, 'alt="A dot"')  # the image embedded, as in the HTML edition
    assert 'src="data:image/svg+xml;base64,' in shown and 'src="dot.svg"' not in shown
    section.write_text(ALPHA)
    assert "Alpha paragraph." in wait_for(url, "Alpha paragraph.")
    with urllib.request.urlopen(url + "pdf", timeout=60) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read().startswith(b"%PDF-")


def test_the_browser_reloads_after_a_data_edit(served: tuple[str, Path]) -> None:
    need(
        ((BROWSER / "node_modules" / "playwright-core").is_dir(), "tests/browser/node_modules"),
        (Path(CHROMIUM).is_file(), CHROMIUM),
    )
    url, root = served
    done = subprocess.run(
        [
            "node",
            str(BROWSER / "serve.mjs"),
            url,
            str(root / "data/sections/alpha.yaml"),
            "Alpha paragraph.",
            "Paragraph seen after a reload.",
            CHROMIUM,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    result = json.loads(done.stdout)
    assert result == {"before": True, "after": True, "reloads": 1}, (result, done.stderr)
