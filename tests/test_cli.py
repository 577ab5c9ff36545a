"""The CLI: thin commands, `path:line:col: error:` messages, exit codes 0/1/2, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ALPHA, MakeProject
from reportgen import cli
from reportgen.cli import main


def test_validate_ok(make_project: MakeProject, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project()
    assert main(["validate", str(root)]) == 0
    assert "0 errors, 0 warning(s)" in capsys.readouterr().err


def test_validate_reports_located_errors_and_exits_1(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {"data/sections/alpha.yaml": ALPHA.replace("cite: [src-b]", "cite: [src-z]")}
    )
    monkeypatch.chdir(root)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "data/sections/alpha.yaml:8:12: error: unknown source id 'src-z'" in err
    assert "Traceback" not in err


def test_strict_turns_warnings_into_failure(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({"data/sections/extra.yaml": ALPHA})
    assert main(["validate", str(root)]) == 0
    assert main(["validate", "--strict", str(root)]) == 1
    assert "extra.yaml:1:1: warning:" in capsys.readouterr().err


def test_build_writes_outputs(
    make_project: MakeProject, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(make_project()), "--out", str(out), "--format", "html"]) == 0
    assert (out / "mini-full.html").is_file() and not (out / "mini-full.pdf").exists()
    assert "wrote" in capsys.readouterr().err


def test_build_with_broken_data_builds_nothing(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"data/brief.yaml": "title: [unclosed\n"})
    assert main(["build", str(root), "--out", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--format", "docx"],
        ["frobnicate"],
        ["build", "/no/such/project"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_internal_error_is_plain_and_points_to_debug(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr("reportgen.builder.run._build", boom)
    assert main(["build", str(make_project())]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: kaboom" in err and "--debug" in err
    assert "Traceback" not in err
    with pytest.raises(RuntimeError):
        main(["--debug", "build", str(make_project(name="again"))])


def test_python_dash_m_and_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reportgen", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "build" in done.stdout and "validate" in done.stdout


def imported_after(code: str) -> list[str]:
    """Which heavy libraries a fresh interpreter has imported after running `code`."""
    probe = (
        f"import json, sys\n{code}\n"
        "print(json.dumps(sorted(m for m in ('weasyprint', 'numpy', 'matplotlib', 'pydantic',"
        " 'jinja2') if m in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    result: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_help_imports_no_pipeline_library() -> None:
    code = (
        "from reportgen.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert imported_after(code) == []


def test_validate_does_not_import_weasyprint(make_project: MakeProject) -> None:
    root = make_project()
    loaded = imported_after(f"from reportgen.cli import main\nmain(['validate', {str(root)!r}])")
    assert "weasyprint" not in loaded and "matplotlib" not in loaded


def test_debug_is_accepted_after_the_subcommand(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr("reportgen.builder.run._build", boom)
    with pytest.raises(RuntimeError):
        main(["build", str(make_project()), "--debug"])


def test_serve_on_a_busy_port_is_a_usage_error_naming_port(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", str(make_project()), "--port", str(port)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert f"error: port {port} on 127.0.0.1 is in use" in err
    assert "--port" in err.split("is in use", 1)[1] and "Traceback" not in err
