from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prolocli.cli import app

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.toml"


@pytest.fixture(autouse=True)
def _pinned_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Same terminal and an empty private cache for every test."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("FORCE_COLOR", "PROLO_CATALOG", "PROLO_NO_CACHE", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def run():
    """Invoke prolo in-process; returns the Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(app, list(args), **kwargs)

    return invoke


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small test catalogue, safe to edit."""
    target = tmp_path / "mini.toml"
    shutil.copy(MINI, target)
    return target


@pytest.fixture
def neck(tmp_path: Path) -> Path:
    """The small schema-2 catalogue of tests/catalogues.py, written to a file."""
    from tests import catalogues

    return catalogues.write(tmp_path)


@pytest.fixture
def prolo(run, neck: Path, monkeypatch: pytest.MonkeyPatch):
    """Run prolo on the neck catalogue, on a fixed day; asserts nothing."""
    monkeypatch.setenv("PROLO_TODAY", "2026-06-01")

    def invoke(*args: str):
        return run("--catalog", str(neck), *args)

    return invoke
