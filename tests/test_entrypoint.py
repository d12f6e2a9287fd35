"""The installed `prolo` command, run as a user runs it: in a subprocess,
from a directory that is not the checkout."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import prolocli

CHECKOUT_SRC = Path(__file__).resolve().parent.parent / "src"
PROLO = shutil.which("prolo", path=str(Path(sys.executable).parent)) or shutil.which("prolo")

pytestmark = pytest.mark.skipif(PROLO is None, reason="the prolo entry point is not installed")


def prolo(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("PROLO_CATALOG", "FORCE_COLOR", "PAGER", "PROLO_PAGER")}
    base.update(env or {})
    return subprocess.run(
        [PROLO, *args], cwd=cwd, env=base, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )


def test_version(tmp_path):
    result = prolo("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"prolo {prolocli.__version__}\n"
    assert result.stderr == ""


def test_show_from_another_directory_uses_the_packaged_catalogue(tmp_path):
    result = prolo("show", "prp", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Platelet-rich plasma" in result.stdout
    assert "Cannot reach" in result.stdout
    assert "\x1b" not in result.stdout  # a pipe is not a terminal


def test_list_json_from_installed_command(tmp_path):
    result = prolo("list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ids = {t["id"] for t in json.loads(result.stdout)}
    assert {"prolotherapy", "prp", "msc"} <= ids


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "nope"], "did you mean"),
        (["show", "prp", "--format", "pdf"], "unknown format 'pdf'"),
        (["show", "prp", "--no-such-option"], "--no-such-option"),
        (["compare", "prp"], "at least two"),
    ],
)
def test_usage_error_exits_2_with_one_stderr_line(tmp_path, args, needle):
    result = prolo(*args, cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("prolo: ")
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_entry_point_imports_this_checkout(tmp_path):
    # The entry point's interpreter, from elsewhere: an editable install must
    # point at src/ in this checkout, not at a stale copy in site-packages.
    python = Path(PROLO).parent / ("python.exe" if os.name == "nt" else "python")
    interpreter = str(python) if python.exists() else sys.executable
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [interpreter, "-c", "import prolocli; print(prolocli.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    loaded = Path(result.stdout.strip()).resolve()
    assert loaded.is_relative_to(CHECKOUT_SRC / "prolocli"), loaded


def test_entry_point_script_runs_a_prolocli_main():
    text = Path(PROLO).read_text(encoding="utf-8", errors="replace")
    assert re.search(r"from prolocli(\.\w+)* import main", text), text


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    shell = f"'{PROLO}' show prp | head -3"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert len(result.stdout.splitlines()) == 3
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert result.returncode == 0
