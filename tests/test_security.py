"""Hostile projects: each must end in its precise outcome (refused, escaped or a located
error), with no byte of a file outside the project in any output and no network request."""

from __future__ import annotations

import base64
import http.server
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from conftest import ALPHA, BETA, CONFIG, MINI_FILES
from reportgen.cli import main

SECRET = "S3CRET-8b1f0c-OUTSIDE-THE-PROJECT"
BASE = '{% extends "default:base.html.j2" %}\n'


def template(cover: str = "", styles: str = "") -> str:
    """A brief template that puts `cover` on the cover and `styles` after the theme's CSS."""
    text = BASE + "{% block cover_extra %}\n" + cover + "\n{% endblock %}\n"
    if styles:
        text += "{% block styles %}{{ super() }}\n" + styles + "\n{% endblock %}\n"
    return text


@dataclass
class Case:
    """A hostile project: files to change, what must happen, and where it must be reported."""

    name: str
    files: dict[str, str | None] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # project path -> outside target
    exit: int = 0
    expect: list[str] = field(default_factory=list)  # lines (or parts) stderr must contain
    html_has: list[str] = field(default_factory=list)
    html_lacks: list[str] = field(default_factory=list)
    attachments: dict[str, bytes] | None = None  # exactly these PDF attachments
    big_file: str | None = None  # a 1 GB sparse file at this project path


S = "{secret}"  # replaced by the secret file's absolute path
U = "{url}"  # replaced by the secret file's file: URL
H = "{http}"  # replaced by the watched local HTTP server

CASES = [
    Case(
        "img-absolute-file-url",
        {"templates/brief.html.j2": template(f'<img src="{U}" alt="x">')},
        expect=["templates/brief.html.j2:3:11: warning: refused to load", "outside the project"],
    ),
    Case(
        "img-relative-traversal",
        {"templates/brief.html.j2": template('<img src="../outside/secret.txt" alt="x">')},
        expect=["templates/brief.html.j2:3:", "outside the project folder"],
    ),
    Case(
        "img-symlink-out-of-project",
        {"templates/brief.html.j2": template('<img src="data/link.png" alt="x">')},
        links={"data/link.png": "secret.txt"},
        expect=["outside the project folder"],
    ),
    Case(
        "base-href-to-root",
        {
            "templates/brief.html.j2": BASE.replace(
                "%}\n", "%}\n{% block title %}x{% endblock %}\n"
            )
            + '{% block cover_extra %}<base href="file:///"><img src="etc/passwd" alt="x">'
            "{% endblock %}\n"
        },
        expect=["refused to load file:///etc/passwd"],
    ),
    Case(
        "link-attachment-absolute",
        {"templates/brief.html.j2": template(f'<link rel="attachment" href="{U}">')},
        expect=["does not allow attachments"],
        attachments={},
    ),
    Case(
        "link-attachment-uppercase-rel",
        {"templates/brief.html.j2": template(f'<link REL="Stylesheet ATTACHMENT" href="{U}">')},
        expect=["does not allow attachments"],
        attachments={},
    ),
    Case(
        "a-attachment-link",
        {"templates/brief.html.j2": template(f'<a rel="attachment" href="{U}">file</a>')},
        expect=["does not allow attachments"],
        attachments={},
    ),
    Case(
        "attachment-allowed-but-outside",
        {
            "reportgen.yaml": CONFIG + "    attachments: true\n",
            "templates/brief.html.j2": template(
                '<link rel="attachment" href="../outside/secret.txt">'
                '<link rel="attachment" href="data/notes.txt">'
            ),
            "data/notes.txt": "INSIDE-NOTES",
        },
        expect=["outside the project folder"],
        attachments={"notes.txt": b"INSIDE-NOTES"},
    ),
    Case(
        "attachment-allowed-symlink-out",
        {
            "reportgen.yaml": CONFIG + "    attachments: true\n",
            "templates/brief.html.j2": template('<link rel="attachment" href="data/a.txt">'),
        },
        links={"data/a.txt": "secret.txt"},
        expect=["outside the project folder"],
        attachments={},
    ),
    Case(
        "css-import",
        {"templates/brief.html.j2": template(f'<style>@import url("{U}");</style>')},
        expect=["refused to load"],
    ),
    Case(
        "css-background",
        {"templates/brief.html.j2": template(styles=f'body {{ background: url("{U}"); }}')},
        expect=["refused to load"],
    ),
    Case(
        "css-font-face",
        {
            "templates/brief.html.j2": template(
                styles=f'@font-face {{ font-family: X; src: url("{U}"); }}'
                "body { font-family: X; }"
            )
        },
        expect=["refused to load"],
    ),
    Case(
        "style-attribute-url",
        {"templates/brief.html.j2": template(f"<div style=\"background: url('{U}')\">x</div>")},
        expect=["refused to load"],
    ),
    Case(
        "object-data",
        {"templates/brief.html.j2": template(f'<object data="{U}"></object>')},
        expect=["refused to load"],
    ),
    Case(
        "svg-logo-with-outside-image",
        {
            "reportgen.yaml": CONFIG + "style:\n  logo: assets/logo.svg\n",
            "assets/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
            f'<image xlink:href="{U}" width="10" height="10"/></svg>',
        },
        expect=["refused to load", "outside the project folder"],
    ),
    Case(
        "http-image",
        {"templates/brief.html.j2": template(f'<img src="{H}/x.png" alt="x">')},
        expect=["scheme 'http' is not allowed"],
    ),
    Case(
        "https-stylesheet",
        {
            "templates/brief.html.j2": template(
                '<style>@import url("https://example.org/x.css");</style>'
            )
        },
        expect=["scheme 'https' is not allowed"],
    ),
    Case(
        "http-in-svg-logo",
        {
            "reportgen.yaml": CONFIG + "style:\n  logo: assets/logo.svg\n",
            "assets/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            f'<image href="{H}/y.png" width="10" height="10"/></svg>',
        },
        expect=["scheme 'http' is not allowed"],
    ),
    Case(
        "ssti-globals",
        {
            "templates/brief.html.j2": template(
                "{{ cycler.__init__.__globals__.os.popen('cat " + S + "').read() }}"
            )
        },
        exit=1,
        expect=[
            "templates/brief.html.j2:3:1: error: template error: access to "
            "attribute '__init__' of 'type' object is unsafe."
        ],
    ),
    Case(
        "ssti-subclasses",
        {"templates/brief.html.j2": template("{{ ''.__class__.__mro__[1].__subclasses__() }}")},
        exit=1,
        expect=[
            "templates/brief.html.j2:3:1: error: template error: access to "
            "attribute '__class__' of 'str' object is unsafe."
        ],
    ),
    Case(
        "include-traversal",
        {"templates/brief.html.j2": template('{% include "../../outside/secret.txt" %}')},
        exit=1,
        expect=["error: template not found: ../../outside/secret.txt"],
    ),
    Case(
        "template-symlink-out",
        {"templates/brief.html.j2": template('{% include "leak.html.j2" %}')},
        links={"templates/leak.html.j2": "secret.txt"},
        exit=1,
        expect=["error: template 'leak.html.j2' leads outside its folder (a symlink?)"],
    ),
    Case(
        "output-template-traversal",
        {
            "reportgen.yaml": CONFIG.replace(
                "template: brief.html.j2", "template: ../outside/secret.txt"
            )
        },
        exit=1,
        expect=["reportgen.yaml:5:15: error: template not found: ../outside/secret.txt"],
    ),
    Case(
        "templates-dir-outside",
        {"reportgen.yaml": CONFIG + "templates_dir: ../outside\n"},
        exit=1,
        expect=["reportgen.yaml:6:16: error: templates_dir is outside the project folder"],
    ),
    Case(
        "brief-file-outside",
        {"reportgen.yaml": CONFIG + "brief: ../outside/secret.txt\n"},
        exit=1,
        expect=["reportgen.yaml:6:8: error: file is outside the project folder"],
    ),
    Case(
        "table-data-traversal",
        {"data/sections/beta.yaml": BETA.replace("data/figures.csv", "../outside/secret.csv")},
        exit=1,
        expect=["data/sections/beta.yaml:8:11: error: table file is outside the project"],
    ),
    Case(
        "table-data-symlink",
        links={"data/figures.csv": "secret.csv"},
        exit=1,
        expect=["data/sections/beta.yaml:8:11: error: table file is outside the project"],
    ),
    Case(
        "section-symlink",
        links={"data/sections/alpha.yaml": "secret.yaml"},
        exit=1,
        expect=["reportgen.yaml:2:12: error: section file is outside the project folder"],
    ),
    Case(
        "logo-outside",
        {"reportgen.yaml": CONFIG + "style:\n  logo: ../outside/secret.png\n"},
        exit=1,
        expect=["reportgen.yaml:7:9: error: logo '../outside/secret.png' is outside"],
    ),
    Case(
        "script-in-data",
        {
            "data/sections/alpha.yaml": ALPHA.replace(
                "Alpha paragraph.", "'<script>alert(1)</script><img src=x onerror=alert(2)>'"
            )
        },
        html_has=["&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"],
        html_lacks=["<script>alert", "<img src=x"],
    ),
    Case(
        "javascript-link-in-markdown",
        {
            "data/sections/alpha.yaml": ALPHA.replace(
                "Alpha paragraph.", "'[click](javascript:alert(1)) and [ok](https://example.org)'"
            )
        },
        html_has=['<a href="https://example.org">ok</a>', "[click](javascript:alert(1))"],
        html_lacks=['href="javascript'],
    ),
    Case(
        "javascript-source-url",
        {
            "data/sources.yaml": MINI_FILES["data/sources.yaml"].replace(
                "    date: 2025-10\n", "    date: 2025-10\n    url: javascript:alert(1)\n"
            )
        },
        exit=1,
        expect=[
            "data/sources.yaml:5:10: error: url of source 'src-a': must be an http:// or "
            "https:// address (got 'javascript:alert(1)')"
        ],
    ),
    Case(
        "marking-breaks-out-of-css",
        {
            "data/brief.yaml": MINI_FILES["data/brief.yaml"].replace(
                "marking: UNCLASSIFIED", "marking: '</style><script>x()</script>'"
            )
        },
        html_lacks=["<script>x()"],
        html_has=["&lt;/style&gt;&lt;script&gt;x()"],
    ),
    Case(
        "billion-laughs",
        {
            "data/brief.yaml": "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
                for i in range(8)
            )
        },
        exit=1,
        expect=["data/brief.yaml:", "error: YAML document too large"],
    ),
    Case(
        "deep-yaml-nesting",
        {"data/brief.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n"},
        exit=1,
        expect=["data/brief.yaml:1:1: error: YAML document nested too deeply"],
    ),
    Case(  # deep enough to overflow the C stack of libyaml's recursive composer
        "deeper-yaml-nesting",
        {"data/sections/alpha.yaml": "a:\n" + "  - " * 2 + "[" * 1_000_000 + "]" * 1_000_000},
        exit=1,
        expect=["data/sections/alpha.yaml:1:1: error: YAML document nested too deeply"],
    ),
    Case(
        "deep-json-nesting",
        {
            "data/sections/beta.yaml": BETA.replace("data/figures.csv", "data/deep.json"),
            "data/deep.json": "[" * 100000 + "]" * 100000,
        },
        exit=1,
        expect=["data/deep.json:1:1: error: JSON nested too deeply"],
    ),
    Case(
        "one-gigabyte-csv",
        big_file="data/figures.csv",
        exit=1,
        expect=[
            "data/figures.csv: error: file is 1,073,741,824 bytes, over the 52,428,800-byte limit"
        ],
    ),
    Case(
        "mathtext-in-chart-label",
        {
            "data/sections/alpha.yaml": ALPHA + "  - type: chart\n    id: c\n    kind: bar\n"
            "    data: data/c.csv\n    x: k\n    y: [v]\n    caption: c\n    alt: a\n",
            "data/c.csv": "k,v\n$300 to $500,1\n\\frac{1}{0},2\n",
        },
    ),
]


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def http_server() -> Iterator[str]:
    """A local server that records any request reportgen makes (there must be none)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def setup(case: Case, tmp_path: Path, http: str) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("secret.txt", "secret.csv", "secret.yaml", "secret.png"):
        (outside / name).write_text(f"{SECRET}\nname,count,source\n")
    root = tmp_path / "project"
    url = (outside / "secret.txt").as_uri()
    for rel, text in {**MINI_FILES, **case.files}.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = text.replace(U, url).replace(S, str(outside / "secret.txt")).replace(H, http)
        path.write_text(text, encoding="utf-8")
    for rel, target in case.links.items():
        (root / rel).unlink(missing_ok=True)
        (root / rel).symlink_to(outside / target)
    if case.big_file:
        with open(root / case.big_file, "wb") as fh:
            fh.truncate(1024**3)
    return root


def leaked(folder: Path) -> list[str]:
    """Output files holding the secret, in raw bytes, base64 or any decompressed PDF stream."""
    needles = [SECRET.encode(), base64.b64encode(SECRET.encode())[:24]]
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []:
        data = path.read_bytes()
        if any(n in data for n in needles):
            found.append(str(path))
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            for number in range(1, int(reader.trailer["/Size"])):
                try:
                    obj = reader.get_object(number)
                    stream = obj.get_data() if hasattr(obj, "get_data") else b""
                except Exception:  # a free or odd entry: nothing to read
                    continue
                if any(n in stream for n in needles):
                    found.append(f"{path} object {number}")
    return found


@pytest.mark.weasyprint_warnings
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_project(
    case: Case,
    tmp_path: Path,
    http_server: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = setup(case, tmp_path, http_server)
    monkeypatch.chdir(root)
    before = len(Recorder.requests)
    start = time.monotonic()
    code = main(["build"])
    err = capsys.readouterr().err
    assert code == case.exit, err
    assert time.monotonic() - start < 60
    assert "Traceback" not in err and "internal error" not in err
    for part in case.expect:
        assert part in err, f"expected {part!r} in:\n{err}"
    assert Recorder.requests[before:] == [], "reportgen made a network request"
    assert leaked(root / "build") == []
    html = root / "build" / "mini-full.html"
    for part in case.html_has:
        assert part in html.read_text()
    for part in case.html_lacks:
        assert part not in html.read_text()
    if case.attachments is not None:
        assert dict(PdfReader(root / "build" / "mini-full.pdf").attachments) == {
            name: [data] for name, data in case.attachments.items()
        }
    if case.exit:
        assert not (root / "build").exists()


def test_config_symlinked_from_elsewhere_does_not_move_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    for rel, text in MINI_FILES.items():
        (elsewhere / rel).parent.mkdir(parents=True, exist_ok=True)
        (elsewhere / rel).write_text(text)
    (elsewhere / "data" / "brief.yaml").write_text(
        MINI_FILES["data/brief.yaml"].replace("A Mini Brief", SECRET)
    )
    root = tmp_path / "project"
    root.mkdir()
    (root / "reportgen.yaml").symlink_to(elsewhere / "reportgen.yaml")
    assert main(["build", str(root)]) == 2
    assert "reportgen.yaml is a link to a file outside the project folder" in (
        capsys.readouterr().err
    )
    assert not (root / "build").exists() and not (elsewhere / "build").exists()


def test_there_are_at_least_25_hostile_cases() -> None:
    assert len(CASES) >= 25


def test_secret_scanner_finds_a_compressed_attachment(tmp_path: Path) -> None:
    """The leak check itself works: an embedded (Flate-compressed) secret is found."""
    case = Case(
        "control",
        {
            "reportgen.yaml": CONFIG + "    attachments: true\n",
            "templates/brief.html.j2": template('<link rel="attachment" href="data/s.txt">'),
            "data/s.txt": SECRET,
        },
    )
    root = setup(case, tmp_path, "http://127.0.0.1:9")
    assert main(["build", str(root), "--format", "pdf"]) == 0
    assert leaked(root / "build")
    assert os.environ.get("SOURCE_DATE_EPOCH") is None  # builds leave the environment alone
