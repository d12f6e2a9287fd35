"""The installed `prolo` command, run as a user runs it: in a subprocess,
from a directory that is not the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROLO = shutil.which("prolo", path=str(Path(sys.executable).parent)) or shutil.which("prolo")

pytestmark = pytest.mark.skipif(PROLO is None, reason="the prolo entry point is not installed")


def prolo(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("PROLO_CATALOG", "FORCE_COLOR")}
    base.update(env or {})
    return subprocess.run([PROLO, *args], cwd=cwd, env=base, capture_output=True, text=True, timeout=60)


def test_show_from_another_directory_uses_the_packaged_catalogue(tmp_path):
    result = prolo("show", "prp", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Platelet-rich plasma" in result.stdout
    assert "\x1b" not in result.stdout  # a pipe is not a terminal


def test_list_json_from_installed_command(tmp_path):
    result = prolo("list", "--json", cwd=tmp_path)
    ids = {t["id"] for t in json.loads(result.stdout)}
    assert {"prolotherapy", "prp", "msc"} <= ids


def test_unknown_therapy_exits_2_with_one_line(tmp_path):
    result = prolo("show", "nope", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "did you mean" in result.stderr
    assert "Traceback" not in result.stderr


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    shell = f"'{PROLO}' show prp | head -3"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert len(result.stdout.splitlines()) == 3
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert result.returncode == 0
