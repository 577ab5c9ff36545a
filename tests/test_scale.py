"""Builds at scale: variants, incremental no-ops, parallel workers, shards, the manifest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ALPHA, CONFIG, REPO, MakeProject, outputs
from reportgen.builder import BuildOptions, build, build_project
from reportgen.builder.manifest import merge
from reportgen.cli import main
from reportgen.validate import load_project

FOUR = CONFIG.replace(
    "outputs:\n  full:\n    template: brief.html.j2\n",
    "outputs:\n  full:\n    template: brief.html.j2\n"
    "  alpha:\n    sections: [alpha]\n"
    "  draft:\n    draft: true\n    formats: [pdf]\n"
    "  restricted:\n    marking: RESTRICTED\n",
)


@pytest.fixture
def four(make_project: MakeProject) -> Path:
    return make_project({"reportgen.yaml": FOUR})


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}


def test_default_project_ships_full_summary_and_draft(
    default_project: object, tmp_path: Path
) -> None:
    result = build_project(REPO, BuildOptions(out_dir=tmp_path, jobs=2))
    assert outputs(tmp_path) == [
        "taiwan-defense-brief-draft.pdf",
        "taiwan-defense-brief-full.html",
        "taiwan-defense-brief-full.pdf",
        "taiwan-defense-brief-summary.html",
        "taiwan-defense-brief-summary.pdf",
    ]
    assert result.problems == [] and result.warnings == []
    summary = PdfReader(tmp_path / "taiwan-defense-brief-summary.pdf")
    assert len(summary.pages) == 2
    text = " ".join(p.extract_text() for p in summary.pages)
    assert "Key judgments" in text and "KEY FIGURES" in text and "Notes and sources" in text
    draft = PdfReader(tmp_path / "taiwan-defense-brief-draft.pdf")
    assert all("DRAFT" in p.extract_text() for p in draft.pages)


def test_rebuild_with_nothing_changed_writes_nothing(four: Path) -> None:
    first = build_project(four, BuildOptions(jobs=1))
    assert sorted({f.path.stem for f in first.files}) == [
        "mini-alpha",
        "mini-draft",
        "mini-full",
        "mini-restricted",
    ]
    before = mtimes(four / "build")
    again = build_project(four, BuildOptions(jobs=1))
    assert again.files == [] and sorted(again.skipped) == ["alpha", "draft", "full", "restricted"]
    assert mtimes(four / "build") == before
    forced = build_project(four, BuildOptions(jobs=1, force=True, only=["alpha"]))
    assert [f.path.name for f in forced.files] == ["mini-alpha.html", "mini-alpha.pdf"]


@pytest.mark.parametrize(
    "change",
    ["data", "template", "new-template", "config", "deleted-output", "epoch", "setting"],
)
def test_what_makes_an_output_rebuild(
    four: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_project(four, BuildOptions(jobs=1, only=["full"]))
    settings: dict[str, str] = {}
    if change == "data":
        (four / "data/figures.csv").write_text("name,count,source\nFirst,7,src-a\n")
    elif change == "template":
        (four / "templates/brief.html.j2").write_text(
            '{% extends "default:base.html.j2" %}{% block colophon %}x{% endblock %}'
        )
    elif change == "new-template":
        (four / "templates/sections").mkdir()
        (four / "templates/sections/alpha.html.j2").write_text(
            '{% extends "default:section.html.j2" %}'
        )
    elif change == "config":
        (four / "reportgen.yaml").write_text(FOUR + "stale_after_days: 400\n")
    elif change == "deleted-output":
        (four / "build/mini-full.pdf").unlink()
    elif change == "epoch":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    elif change == "setting":
        settings = {"draft": "true"}
    again = build_project(four, BuildOptions(jobs=1, only=["full"], settings=settings))
    assert again.skipped == [] and {f.path.name for f in again.files} == {
        "mini-full.html",
        "mini-full.pdf",
    }


def test_a_no_op_imports_no_rendering_library(four: Path) -> None:
    build_project(four, BuildOptions(jobs=1))
    probe = (
        "import sys, json\nfrom reportgen.builder import BuildOptions, build_project\n"
        f"r = build_project({str(four)!r})\n"
        "heavy = ['weasyprint', 'numpy', 'matplotlib', 'pydantic', 'jinja2']\n"
        "print(json.dumps([len(r.skipped), [m for m in heavy if m in sys.modules]]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [4, []]


def test_parallel_build_matches_serial_byte_for_byte(four: Path, tmp_path: Path) -> None:
    project = load_project(four)
    build(project, BuildOptions(out_dir=tmp_path / "serial", jobs=1))
    result = build_project(four, BuildOptions(out_dir=tmp_path / "parallel", jobs=2))
    assert len(result.files) == 7
    for name in outputs(tmp_path / "serial"):
        assert (tmp_path / "serial" / name).read_bytes() == (
            tmp_path / "parallel" / name
        ).read_bytes(), name


def test_workers_each_render_many_documents(tmp_path: Path) -> None:
    from reportgen.builder.pool import Workers
    from reportgen.pdf import PrintDocument

    with Workers(2) as workers:
        for n in range(6):
            workers.submit(f"doc{n}", PrintDocument(f"<p>Document {n}</p>", tmp_path, (tmp_path,)))
        results = dict(workers.results())
        assert workers.pool is not None
        pids = set(workers.pool._processes)  # type: ignore[attr-defined]
    assert sorted(results) == [f"doc{n}" for n in range(6)]
    assert all(r.data.startswith(b"%PDF") for r in results.values())
    assert len(pids) == 2  # six documents from two processes


def test_shards_build_every_output_exactly_once(four: Path, tmp_path: Path) -> None:
    built: list[str] = []
    for index in (1, 2, 3):
        out = tmp_path / f"shard{index}"
        result = build_project(four, BuildOptions(out_dir=out, shard=(index, 3), jobs=1))
        built += sorted({f.path.stem.removeprefix("mini-") for f in result.files})
    assert sorted(built) == ["alpha", "draft", "full", "restricted"]
    assert len(built) == len(set(built))
    merged = merge(sorted(tmp_path.glob("shard*/manifest.json")))
    assert sorted(merged["outputs"]) == ["alpha", "draft", "full", "restricted"]
    code = main(
        [
            "manifest",
            "merge",
            *map(str, sorted(tmp_path.glob("shard*/manifest.json"))),
            "-o",
            str(tmp_path / "all.json"),
        ]
    )
    assert code == 0 and json.loads((tmp_path / "all.json").read_text()) == merged


def test_manifest_records_each_output(four: Path) -> None:
    build_project(four, BuildOptions(jobs=2))
    data = json.loads((four / "build/manifest.json").read_text())
    entry = data["outputs"]["full"]
    assert set(entry) >= {"input_hash", "inputs", "files", "versions", "build_seconds"}
    assert "reportgen.yaml" in entry["inputs"] and "data/figures.csv" in entry["inputs"]
    pdf = next(f for f in entry["files"] if f["format"] == "pdf")
    assert pdf["name"] == "mini-full.pdf" and pdf["pages"] == len(
        PdfReader(four / "build/mini-full.pdf").pages
    )
    assert len(pdf["sha256"]) == 64 and pdf["size"] == (four / "build/mini-full.pdf").stat().st_size
    assert {"reportgen", "weasyprint", "python"} <= set(entry["versions"])


def test_plain_progress_lines_under_ci(
    four: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    assert main(["build", str(four), "--jobs", "1", "--only", "alpha"]) == 0
    err = capsys.readouterr().err
    assert "alpha: built in " in err and "1 output(s) built, 0 up to date" in err
    assert main(["build", str(four), "--only", "alpha"]) == 0
    assert "alpha: up to date" in capsys.readouterr().err


def test_github_annotations(
    make_project: MakeProject,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project({"data/sections/alpha.yaml": ALPHA.replace("key_points:", "keypoints:")})
    monkeypatch.chdir(root)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["validate"]) == 1
    captured = capsys.readouterr()
    assert (
        "::error file=data/sections/alpha.yaml,line=2,col=1::unknown key 'keypoints' "
        "(did you mean 'key_points'?)"
    ) in captured.out.splitlines()


@pytest.mark.parametrize("shard", ["0/2", "3/2", "x", "1/"])
def test_bad_shard_is_a_usage_error(four: Path, shard: str) -> None:
    assert main(["build", str(four), "--shard", shard]) == 2


def test_builds_leave_no_temporary_folders(
    four: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # workers fork with it
    assert main(["build", str(four), "--out", str(tmp_path / "out"), "--jobs", "2"]) == 0
    assert len(outputs(tmp_path / "out")) == 7
    assert list(scratch.iterdir()) == []  # WeasyPrint's font copies went with the workers


@pytest.mark.parametrize("first", [True, False], ids=["first-output", "last-output"])
def test_a_template_error_in_one_output_writes_nothing(
    make_project: MakeProject,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    first: bool,
) -> None:
    """Regression: an error in one output's template used to leave the others built and
    the manifest rewritten. Every output renders before anything is written."""
    name = "broken"
    entry = f"  {name}:\n    template: broken.html.j2\n"  # outputs go in config order
    config = FOUR.replace("outputs:\n", "outputs:\n" + entry) if first else FOUR + entry
    broken = '{% extends "default:base.html.j2" %}\n{% block cover_extra %}{{ nope }}{% endblock %}'
    root = make_project({"reportgen.yaml": config, "templates/broken.html.j2": broken})
    out = tmp_path / "out"
    assert main(["build", str(root), "--out", str(out), "--jobs", "2"]) == 1
    assert "broken.html.j2:2:" in capsys.readouterr().err
    assert not out.exists()


def test_a_documents_own_fonts_never_reach_another_document(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """A worker shares the theme's fonts between documents, but not fonts a document
    declares itself: `plain` names a family that only `custom` declares."""
    from reportgen.themes import font_dir

    folder = font_dir("fontpkg_fira_sans")
    assert folder is not None
    declares = (
        '{% extends "default:base.html.j2" %}{% block styles %}{{ super() }}'
        '@font-face { font-family: "Odd Face"; src: url("fonts/odd.ttf") }'
        '* { font-family: "Odd Face" !important }{% endblock %}'
    )
    names = (
        '{% extends "default:base.html.j2" %}{% block styles %}{{ super() }}'
        '* { font-family: "Odd Face" !important }{% endblock %}'
    )
    config = CONFIG.replace(
        "outputs:\n  full:\n    template: brief.html.j2\n",
        "outputs:\n  custom:\n    template: custom.html.j2\n    formats: [pdf]\n"
        "  plain:\n    template: plain.html.j2\n    formats: [pdf]\n",
    )
    root = make_project(
        {
            "reportgen.yaml": config,
            "templates/custom.html.j2": declares,
            "templates/plain.html.j2": names,
        }
    )
    (root / "fonts").mkdir()
    (root / "fonts/odd.ttf").write_bytes((folder / "FiraSans-BlackItalic.ttf").read_bytes())
    assert main(["build", str(root), "--out", str(tmp_path / "both"), "--jobs", "1"]) == 0
    assert main(["build", str(root), "--out", str(tmp_path / "alone"), "--only", "plain"]) == 0
    fonts = {
        str(font.get("/BaseFont"))
        for page in PdfReader(tmp_path / "both" / "mini-custom.pdf").pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Odd-Face" in f for f in fonts)  # the declared face is used there
    assert (tmp_path / "both" / "mini-plain.pdf").read_bytes() == (
        tmp_path / "alone" / "mini-plain.pdf"
    ).read_bytes()


def test_a_no_op_stops_the_worker_it_started_and_leaves_nothing(
    four: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert main(["build", str(four), "--out", str(tmp_path / "out")]) == 0
    assert main(["build", str(four), "--out", str(tmp_path / "out")]) == 0  # a no-op
    assert multiprocessing.active_children() == []
    assert list(scratch.iterdir()) == []


@pytest.mark.slow
def test_the_cold_build_timeline_marks_both_processes_in_order() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "timeline.py"), "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [line.strip("|").split("|") for line in done.stdout.splitlines()[2:]]
    moment = {name.strip(): float(value) for name, value in rows}
    assert moment["worker forked"] < moment["worker ready"]
    assert moment["validated"] < moment["HTML rendered"] < moment["charts drawn"]
    assert moment["charts drawn"] < moment["PDF laid out"] <= moment["command done"]
    assert 0 <= moment["worker waits for charts"] < moment["PDF laid out"]
