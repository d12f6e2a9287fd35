"""What a run imports: JSON, Markdown, completion and --version never load
rich, and no warm run loads pydantic (the speed promises of the README)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def imported(args: list[str], tmp_path: Path, **env: str) -> set[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PROLO_", "_PROLO_", "COMP_"))}
    environment.update(XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(SRC), PROLO_OUTPUT_CACHE="0", **env)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "prolocli", *args],
        env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.fixture
def warm(tmp_path: Path) -> Path:
    imported(["show", "prp"], tmp_path)  # validates once and writes the cache
    return tmp_path


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--version"], {}),
        (["list", "--json"], {}),
        (["show", "prp", "--format", "markdown"], {}),
        ([], {"_PROLO_COMPLETE": "complete_bash", "COMP_WORDS": "prolo show p", "COMP_CWORD": "2"}),
    ],
    ids=["version", "json", "markdown", "completion"],
)
def test_no_rich_and_no_pydantic(warm: Path, args: list[str], env: dict[str, str]) -> None:
    loaded = top(imported(args, warm, **env))
    assert "rich" not in loaded
    assert "pydantic" not in loaded


def test_a_table_loads_rich_but_not_pydantic(warm: Path) -> None:
    loaded = top(imported(["show", "prp"], warm))
    assert "rich" in loaded  # the control: the detector sees what is imported
    assert "pydantic" not in loaded
